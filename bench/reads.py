"""Reads at scale: the lifecycle page and the staff queue at 1,000 and 100,000 items (median ratio)."""

from __future__ import annotations

import random
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from domain.actors import Actor, acting_as
from domain.codes import new_code
from domain.values import AgeBand, Category, Channel
from feedback.bootstrap import bootstrap
from feedback.config import Settings
from projections import build_projector
from tests.conftest import seed

BENCH_DIR = Path("var/bench")


def codes_file(store: Path) -> Path:
    return store.with_suffix(".codes")


def bulk_store(items: int) -> tuple[str, list[str], str]:
    """Return (url, some codes, a moderator's token) of a store with ``items`` items, made once."""
    path = BENCH_DIR / f"items-{items}.sqlite"
    url = f"sqlite:///{path}"
    fresh = not codes_file(path).exists()  # a store made before the bench kept codes is made again
    if fresh:
        for old in path.parent.glob(f"{path.name}*"):
            old.unlink()
    services = bootstrap(Settings(database_url=url))
    app = services.suggestions
    try:
        if fresh:
            seed(services)
            started = time.perf_counter()
            due = date.today() + timedelta(days=30)
            rng = random.Random(items)
            codes: list[str] = []
            for start in range(0, items, 500):
                with acting_as(Actor.child()):
                    batch = [app.draft(new_code(), channel=Channel.WEB, venue_id=None,
                                       category=rng.choice(list(Category)), age_band=rng.choice(list(AgeBand)),
                                       text=f"idea {start + i}: 请在公园加一个遮阳棚", answer_due=due)
                             for i in range(min(500, items - start))]
                app.save(*(part for pair in batch for part in pair))
                codes += [item.code for item, _ in batch[: max(0, 200 - len(codes))] if item.code]
            codes_file(path).write_text("\n".join(codes))  # the store keeps no code: the bench keeps a few
            build_projector(app).catch_up()
            print(f"  made {items:,} items in {time.perf_counter() - started:.0f} s", flush=True)
        codes = codes_file(path).read_text().split()
        _, token = services.accounts.add_staff("bench-moderator", "moderator")
        return url, codes, token
    finally:
        services.close()


def lua_for_codes(codes: list[str]) -> str:
    listed = ", ".join(f'"{code}"' for code in codes)
    return f"""
codes = {{{listed}}}
request = function()
  return wrk.format("GET", "/track/" .. codes[math.random(#codes)])
end
"""


def lua_with_token(token: str) -> str:
    return f'wrk.headers["Authorization"] = "Bearer {token}"\n'


def measure(items: int) -> dict[str, Any]:
    from bench import http

    url, codes, token = bulk_store(items)
    port = http.free_port()
    with http.serve_sqlite(url, port) as base:
        page = http.wrk(base + "/", script=lua_for_codes(codes), seconds=6)
        queue = http.wrk(base + "/api/v1/suggestions?status=submitted&limit=50", script=lua_with_token(token),
                         seconds=6)
    return {"items": items, "page": page, "queue": queue}
