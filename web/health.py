"""``/healthz``: is the store reachable, and how far behind are the projections?"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, current_app, jsonify

bp = Blueprint("health", __name__)


@bp.get("/healthz")
def healthz() -> Any:
    """Report store reachability and projection lag as JSON."""
    projector = current_app.extensions["projector"]
    try:
        positions = projector.status()
    except Exception as error:  # the store is down: say so, with a 503
        current_app.logger.warning("health check failed: %s", error)
        return jsonify({"status": "unavailable", "store": "unreachable"}), 503
    poller = current_app.extensions.get("poller")
    body = {
        "status": "ok",
        "store": "reachable",
        "head": positions[0].head if positions else 0,
        "max_lag": max((p.lag for p in positions), default=0),
        "projections": {
            p.name: {"position": p.position, "lag": p.lag, "current": p.current} for p in positions
        },
        "poller": None if poller is None else {"alive": poller.is_alive(), "error": poller.last_error},
    }
    return jsonify(body)
