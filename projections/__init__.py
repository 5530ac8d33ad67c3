"""Read models of the event log: work queue, topic boards, adoption, hospitals, public board."""

from __future__ import annotations

from typing import Any

from feedback.config import schema_lock
from projections.adoption import AdoptionTracker
from projections.base import Projection
from projections.hospitals import HospitalScoreboard
from projections.public_board import PublicBoard
from projections.runner import TRACKING_TABLE, Poller, Projector
from projections.store import PostgresViewStore, ViewStore
from projections.topic_board import TopicBoard
from projections.work_queue import WorkQueue

ALL: tuple[type[Projection], ...] = (WorkQueue, TopicBoard, AdoptionTracker, HospitalScoreboard, PublicBoard)


def build_projector(app: Any, views: ViewStore | None = None) -> Projector:
    """Return a projector over every read model, with views beside the app's store."""
    with schema_lock(app.settings.store):  # one process at a time creates the view tables
        views = views or ViewStore.for_store(app.settings.store)
        if isinstance(views, PostgresViewStore):
            views.adopt_left_in_public((TRACKING_TABLE, *(table for view in ALL for table in view.tables)))
        return Projector(app, views, ALL)


def replay_until(app: Any, position: int, progress: Any = None) -> Projector:
    """Return every read model as it stood after log ``position``, rebuilt in memory."""
    projector = Projector(app, ViewStore.in_memory(), ALL)
    projector.catch_up(stop_after=position, progress=progress)
    return projector


__all__ = ["ALL", "Poller", "Projector", "ViewStore", "build_projector", "replay_until"]
