"""Running the projections: catch up exactly once, rebuild from zero, report lag."""

from __future__ import annotations

import logging
import multiprocessing
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor, wait
from dataclasses import dataclass
from typing import Any

from domain.suggestion import Suggestion
from projections import facts
from projections.base import Projection, Rows
from projections.decoding import EventDecoder
from projections.store import ViewStore

log = logging.getLogger(__name__)
BATCH = 1000
TRACKING_TABLE = "projection_tracking"  # where each projection's position is kept (named in the SQL below)

Progress = Callable[[int], None]


class ProjectionConflict(RuntimeError):
    """Another worker moved the projection on meanwhile; this batch was rolled back."""


@dataclass(frozen=True)
class Position:
    """Where one projection stands against the log."""

    name: str
    position: int
    head: int
    version: str
    current: bool

    @property
    def lag(self) -> int:
        return max(0, self.head - self.position)


class Projector:
    """Feeds the event log to the projections, each in batches, each with its own position.

    The rows of a batch and the projection's new position are written in one
    transaction, so a crash in the middle of a batch counts nothing twice and
    skips nothing: the next run starts again after the last committed batch.
    """

    def __init__(
        self, app: Any, views: ViewStore, projections: Sequence[type[Projection]], *, decoder: Any = None
    ) -> None:
        self.app = app
        self.views = views
        # The read side's own decoder (projections.decoding); tests pass the domain's mapper to compare.
        self.decode = decoder or EventDecoder(app).decode
        self.projections = {cls.name: cls(app) for cls in projections}
        with views.transaction() as cursor:
            cursor.execute(
                "CREATE TABLE IF NOT EXISTS projection_tracking ("
                "name TEXT PRIMARY KEY, version TEXT NOT NULL, position INTEGER NOT NULL)"
            )
            for name, projection in self.projections.items():
                # The first process to get here creates the tables; the others find them.
                cursor.execute(
                    "INSERT INTO projection_tracking (name, version, position) VALUES (?, ?, 0) "
                    "ON CONFLICT (name) DO NOTHING",
                    (name, projection.version()),
                )
                if cursor.rowcount == 1:
                    projection.create(cursor)

    def names(self) -> list[str]:
        return list(self.projections)

    def _get(self, name: str) -> Projection:
        try:
            return self.projections[name]
        except KeyError:
            raise KeyError(f"no projection named {name!r}; try one of: {', '.join(self.projections)}") from None

    def ensure_current(self) -> list[str]:
        """Reset every projection whose code changed since its rows were built; return their names.

        Only the processes that write the views call this (the poller, the projection
        worker, a rebuild); web workers only read, so a deployment never has several
        processes throwing the same rows away.
        """
        reset = []
        for name, projection in self.projections.items():
            with self.views.transaction() as cursor:
                cursor.execute(
                    "UPDATE projection_tracking SET version = ?, position = 0 WHERE name = ? AND version <> ?",
                    (projection.version(), name, projection.version()),
                )
                if cursor.rowcount == 1:  # this process won the right to rebuild it
                    log.warning("projection %s changed: rebuilding it from the start of the log", name)
                    projection.drop(cursor)
                    projection.create(cursor)
                    reset.append(name)
        return reset

    def reset(self, name: str) -> None:
        """Throw away a projection's rows and position."""
        projection = self._get(name)
        with self.views.transaction() as cursor:
            projection.drop(cursor)
            projection.create(cursor)
            cursor.execute(
                "INSERT INTO projection_tracking (name, version, position) VALUES (?, ?, 0) "
                "ON CONFLICT (name) DO UPDATE SET version = excluded.version, position = 0",
                (name, projection.version()),
            )

    def position(self, name: str) -> int:
        value = self.views.scalar("SELECT position FROM projection_tracking WHERE name = ?", (name,))
        return int(value or 0)

    def head(self) -> int:
        return int(self.app.recorder.max_notification_id() or 0)

    def catch_up(
        self,
        name: str | None = None,
        *,
        batch: int = BATCH,
        progress: Progress | None = None,
        stop_after: int | None = None,
    ) -> int:
        """Process every event up to the current head; return how many events were read.

        Projections that stand at the same position share one read and one
        decoding of each batch, and commit together.
        """
        names = [name] if name else list(self.projections)
        for n in names:
            self._get(n)
        self.ensure_current()
        head = self.head() if stop_after is None else stop_after
        groups: dict[int, list[Projection]] = {}
        for n in names:
            groups.setdefault(self.position(n), []).append(self.projections[n])
        return sum(
            self._catch_up(group, position, head, batch, progress) for position, group in sorted(groups.items())
        )

    def _catch_up(
        self, group: list[Projection], position: int, head: int, batch: int, progress: Progress | None
    ) -> int:
        topics = sorted({topic for projection in group for topic in projection.topics()})
        read = 0
        while position < head:
            notifications = self.app.recorder.select_notifications(
                start=position + 1, limit=batch, stop=head, topics=topics
            )
            new_position = notifications[-1].id if len(notifications) == batch else head
            with self.app.keys.prefetched(n.originator_id for n in notifications):
                events = self.decode(notifications)
                with facts.shared():
                    self._commit(group, events, position, new_position)
            if any(isinstance(e, Suggestion.ContentErased) for e in events):
                self.views.scrub()
            read += len(notifications)
            if progress:
                progress(new_position - position)
            position = new_position
        return read

    def _commit(self, group: list[Projection], events: list[Any], old: int, new: int) -> None:
        # The handlers' work needs no lock (several workers can do theirs at once);
        # the transaction only writes the rows and moves the positions.
        writes = []
        for projection in group:
            rows = Rows(self.views)
            projection.process(rows, events)
            writes.append((projection, rows))
        with self.views.transaction() as cursor:
            for projection, rows in writes:
                cursor.execute(
                    "UPDATE projection_tracking SET position = ? WHERE name = ? AND position = ?",
                    (new, projection.name, old),
                )
                if cursor.rowcount != 1:
                    raise ProjectionConflict(f"{projection.name} was moved on by another worker")
                rows.write(cursor)

    def rebuild(
        self,
        name: str | None = None,
        *,
        batch: int = BATCH,
        progress: Progress | None = None,
        jobs: int = 1,
    ) -> int:
        """Rebuild projections from the first event; return how many events were read.

        With ``jobs`` above 1 (and views on disk or in PostgreSQL), the projections
        are shared out among that many processes by their cost, each reading the
        log once for its share.
        """
        names = [name] if name else list(self.projections)
        for n in names:
            self.reset(n)
        parts = self._split(names, jobs)
        if len(parts) == 1:
            with self.views.rebuilding():
                return self.catch_up(name, batch=batch, progress=progress)
        return self._rebuild_in_processes(parts, batch, progress)

    def _split(self, names: list[str], jobs: int) -> list[list[str]]:
        """Share the projections out among ``jobs`` processes, costliest first, each to the least loaded."""
        if jobs <= 1 or len(names) == 1 or not getattr(self.views, "shared_across_processes", False):
            return [names]
        parts: list[list[str]] = [[] for _ in range(min(jobs, len(names)))]
        loads = [0.0] * len(parts)
        for n in sorted(names, key=lambda n: -self.projections[n].cost):
            least = loads.index(min(loads))
            parts[least].append(n)
            loads[least] += self.projections[n].cost
        return parts

    def _rebuild_in_processes(self, parts: list[list[str]], batch: int, progress: Progress | None) -> int:
        head = self.head()
        done = 0
        context = multiprocessing.get_context("spawn")  # a clean process: no threads or connections copied
        with ProcessPoolExecutor(len(parts), mp_context=context) as pool:
            futures = [
                pool.submit(_catch_up_elsewhere, type(self.app), self.app.settings, self.views,
                            [type(self.projections[n]) for n in part], batch, head)
                for part in parts
            ]
            while wait(futures, timeout=0.5).not_done:
                if progress:  # the workers commit their positions; the slowest says how far the rebuild is
                    reached = min(self.position(n) for part in parts for n in part)
                    if reached > done:
                        progress(reached - done)
                        done = reached
            read = max(future.result() for future in futures)
        if progress and head > done:
            progress(head - done)
        return read

    def status(self) -> list[Position]:
        """Return each projection's position, the log's head, and whether its code is current."""
        head = self.head()
        rows = {r["name"]: r for r in self.views.query("SELECT * FROM projection_tracking")}
        return [
            Position(
                name=name,
                position=int(rows[name]["position"]) if name in rows else 0,
                head=head,
                version=projection.version(),
                current=name in rows and rows[name]["version"] == projection.version(),
            )
            for name, projection in self.projections.items()
        ]

    def max_lag(self) -> int:
        return max((p.lag for p in self.status()), default=0)


def _catch_up_elsewhere(
    app_class: type, settings: Any, views: Any, projections: list[type[Projection]], batch: int, head: int
) -> int:
    """Catch some projections up to ``head`` in this (worker) process, with its own app and views."""
    app = app_class(settings)
    try:
        with views.rebuilding():
            return Projector(app, views, projections).catch_up(batch=batch, stop_after=head)
    finally:
        app.close()
        if hasattr(views, "close"):
            views.close()


class Poller(threading.Thread):
    """Keeps the projections within about a second of the log (the SQLite store cannot push)."""

    def __init__(self, projector: Projector, interval: float = 0.5) -> None:
        super().__init__(name="projection-poller", daemon=True)
        self.projector = projector
        self.interval = interval
        self.stopping = threading.Event()
        self.last_error: str = ""

    def run(self) -> None:
        while not self.stopping.is_set():
            try:
                self.projector.catch_up()
                self.last_error = ""
            except ProjectionConflict:
                pass  # another worker is ahead of us: fine, read again next time
            except Exception as error:  # keep polling; report the error on /healthz
                self.last_error = str(error)
                log.exception("projection poller failed; retrying")
            self.stopping.wait(self.interval)

    def stop(self) -> None:
        self.stopping.set()
