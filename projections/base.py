"""A projection: SQL tables kept up to date from the event log, rebuildable from zero."""

from __future__ import annotations

import functools
import hashlib
import inspect
import threading
from collections.abc import Callable, Iterable, Sequence
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
    # What a rebuild of this projection costs beside the others (seconds per 100,000 events,
    # measured by `make bench`): a parallel rebuild shares the projections out by it.
    cost: ClassVar[float] = 1.0
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
        """Apply events to the rows (inside the caller's transaction).

        Handlers write through :class:`Rows`, which merges the writes to one row
        within the batch and sends them to the database together at the end.
        """
        rows = Rows(cursor)
        handlers = self.handlers
        for event in events:
            handler = handlers.get(type(event))
            if handler is not None:
                handler(self, rows, event)
        rows.flush()


class Rows:
    """A projection's writes during one batch, merged per row and written with ``executemany``.

    ``upsert`` and ``update`` are held and merged with earlier writes to the same
    row (the result is what running them one by one would give); ``get`` reads
    through the held writes; any other statement first writes everything held,
    so raw SQL always sees the rows as the handlers left them.
    """

    def __init__(self, cursor: Any) -> None:
        self.cursor = cursor
        # table -> key value -> [is_upsert, columns]; and each table's key column
        self._held: dict[str, dict[Any, list[Any]]] = {}
        self._keys: dict[str, str] = {}

    # The cursor's face, for handlers that need raw SQL.
    def execute(self, statement: str, params: Sequence[Any] = ()) -> Any:
        self.flush()
        return self.cursor.execute(statement, params)

    def fetchone(self) -> Any:
        return self.cursor.fetchone()

    def fetchall(self) -> list[Any]:
        return self.cursor.fetchall()

    @property
    def rowcount(self) -> int:
        return int(self.cursor.rowcount)

    def upsert(self, table: str, key: str, row: dict[str, Any]) -> None:
        """Insert ``row`` or update the columns it names."""
        held = self._table(table, key)
        entry = held.get(row[key])
        if entry is None:
            held[row[key]] = [True, dict(row)]
        elif entry[0]:
            entry[1].update(row)
        else:  # an update, then an insert-or-update: not one statement; write the update first
            self._write(table, [(False, row[key], entry[1])])
            held[row[key]] = [True, dict(row)]

    def update(self, table: str, key: str, key_value: Any, row: dict[str, Any]) -> None:
        """Update the columns ``row`` names on the row whose ``key`` is ``key_value`` (if there is one)."""
        if not row:
            return
        held = self._table(table, key)
        entry = held.get(key_value)
        if entry is None:
            held[key_value] = [False, dict(row)]
        else:
            entry[1].update(row)

    def get(self, table: str, key: str, key_value: Any, columns: Sequence[str]) -> tuple[Any, ...] | None:
        """Return the named columns of one row as the writes so far left it, or ``None``."""
        held = self._table(table, key)
        entry = held.get(key_value)
        if entry is not None:
            if entry[0] and all(column in entry[1] for column in columns):
                return tuple(entry[1][column] for column in columns)
            self._write(table, [(entry[0], key_value, entry[1])])
            del held[key_value]
        row = self.cursor.execute(
            f"SELECT {', '.join(columns)} FROM {table} WHERE {key} = ?", (key_value,)
        ).fetchone()
        return None if row is None else tuple(row)

    def flush(self) -> None:
        """Write every held row."""
        for table, held in self._held.items():
            if held:
                self._write(table, [(entry[0], value, entry[1]) for value, entry in held.items()])
                held.clear()

    def _table(self, table: str, key: str) -> dict[Any, list[Any]]:
        held = self._held.get(table)
        if held is None:
            held = self._held[table] = {}
            self._keys[table] = key
        return held

    def _write(self, table: str, entries: list[tuple[bool, Any, dict[str, Any]]]) -> None:
        key = self._keys[table]
        groups: dict[tuple[bool, tuple[str, ...]], list[list[Any]]] = {}
        for is_upsert, value, row in entries:
            params = list(row.values())
            if not is_upsert:
                params.append(value)
            groups.setdefault((is_upsert, tuple(row)), []).append(params)
        for (is_upsert, columns), params in groups.items():
            self.cursor.executemany(_statement(table, key, columns, is_upsert), params)


@functools.lru_cache(maxsize=512)
def _statement(table: str, key: str, columns: tuple[str, ...], is_upsert: bool) -> str:
    if not is_upsert:
        return f"UPDATE {table} SET {', '.join(f'{c} = ?' for c in columns)} WHERE {key} = ?"
    updates = ", ".join(f"{c} = excluded.{c}" for c in columns if c != key) or f"{key} = {key}"
    return (
        f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' for _ in columns)}) "
        f"ON CONFLICT ({key}) DO UPDATE SET {updates}"
    )


def upsert(rows: Rows, table: str, key: str, row: dict[str, Any]) -> None:
    """Insert ``row`` or update the columns it names."""
    rows.upsert(table, key, row)


def update(rows: Rows, table: str, key: str, key_value: Any, row: dict[str, Any]) -> None:
    """Update the columns ``row`` names on the row whose ``key`` is ``key_value``."""
    rows.update(table, key, key_value, row)
