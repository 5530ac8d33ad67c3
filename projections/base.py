"""A projection: SQL tables kept up to date from the event log, rebuildable from zero."""

from __future__ import annotations

import hashlib
import inspect
import threading
from collections.abc import Callable, Iterable
from typing import Any, ClassVar

from eventsourcing.utils import get_topic

_VERSIONS: dict[type, str] = {}
_VERSIONS_LOCK = threading.Lock()
Handler = Callable[[Any, Any, Any], None]


def on(*event_classes: type) -> Callable[[Handler], Handler]:
    """Mark a method as the handler of the given event classes."""

    def mark(method: Handler) -> Handler:
        method.__handles__ = event_classes  # type: ignore[attr-defined]
        return method

    return mark


class Projection:
    """Base of the read models.

    Subclasses name their tables, give their schema, and mark handlers with
    ``@on(EventClass)``. The version is a hash of the projection's source (and
    of the modules it declares it depends on), so changing its code makes it
    rebuild itself instead of serving stale rows.
    """

    name: ClassVar[str] = ""
    tables: ClassVar[tuple[str, ...]] = ()
    schema: ClassVar[tuple[str, ...]] = ()
    depends_on: ClassVar[tuple[Any, ...]] = ()
    handlers: ClassVar[dict[type, Handler]]

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        cls.handlers = {}
        for klass in reversed(cls.__mro__):
            for value in vars(klass).values():
                for event_class in getattr(value, "__handles__", ()):
                    cls.handlers[event_class] = value

    def __init__(self, app: Any = None) -> None:
        self.app = app

    @classmethod
    def version(cls) -> str:
        """Return a fingerprint of the code that builds this projection's rows."""
        # Read the source once, under a lock: Python 3.11's ast is not safe across threads.
        with _VERSIONS_LOCK:
            if cls not in _VERSIONS:
                digest = hashlib.sha256()
                for part in (cls, *cls.depends_on):
                    digest.update(inspect.getsource(part).encode())
                _VERSIONS[cls] = digest.hexdigest()[:16]
            return _VERSIONS[cls]

    @classmethod
    def topics(cls) -> list[str]:
        return [get_topic(event_class) for event_class in cls.handlers]

    def create(self, cursor: Any) -> None:
        for statement in self.schema:
            cursor.execute(statement)

    def drop(self, cursor: Any) -> None:
        for table in self.tables:
            cursor.execute(f"DROP TABLE IF EXISTS {table}")

    def process(self, cursor: Any, events: Iterable[Any]) -> None:
        """Apply events to the rows (inside the caller's transaction)."""
        for event in events:
            handler = self.handlers.get(type(event))
            if handler is not None:
                handler(self, cursor, event)


def upsert(cursor: Any, table: str, key: str, row: dict[str, Any]) -> None:
    """Insert ``row`` or update the columns it names."""
    columns = ", ".join(row)
    marks = ", ".join("?" for _ in row)
    updates = ", ".join(f"{c} = excluded.{c}" for c in row if c != key) or f"{key} = {key}"
    cursor.execute(
        f"INSERT INTO {table} ({columns}) VALUES ({marks}) "
        f"ON CONFLICT ({key}) DO UPDATE SET {updates}",
        list(row.values()),
    )


def update(cursor: Any, table: str, key: str, key_value: Any, row: dict[str, Any]) -> None:
    """Update the columns ``row`` names on the row whose ``key`` is ``key_value``."""
    if not row:
        return
    assignments = ", ".join(f"{c} = ?" for c in row)
    cursor.execute(f"UPDATE {table} SET {assignments} WHERE {key} = ?", [*row.values(), key_value])
