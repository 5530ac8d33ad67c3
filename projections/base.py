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
    # What this projection adds to a rebuild: its handlers and writes, in seconds per 100,000 events of
    # bench/bulk.py's log, as `python -m bench.rebuild_parts` measures them (the first projection, the work
    # queue, also works out each event's facts for the others): `rebuild --jobs` shares by it.
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

    def process(self, rows: Rows, events: Iterable[Any]) -> None:
        """Work out what ``events`` change, as writes held in ``rows`` (written later, in one transaction)."""
        handlers = self.handlers
        for event in events:
            handler = handlers.get(type(event))
            if handler is not None:
                handler(self, rows, event)


Key = str | tuple[str, ...]
UPSERT, UPDATE, DELETE = "upsert", "update", "delete"


class Rows:
    """What a projection writes for one batch: held, merged per row, then written with ``executemany``.

    Handlers only say what to write (``upsert``, ``update``, ``delete``) and
    read through ``get``, which sees the rows as the held writes leave them.
    Nothing touches the database until :meth:`write`, inside the transaction
    that also moves the projection's position: so the work of a batch happens
    outside any lock, and the transaction holds the lock only to write.
    The result is what running each write at once would give.
    """

    def __init__(self, views: Any) -> None:
        self._views = views
        # table -> key value -> the row's writes in order (merged where one statement can do both)
        self._held: dict[str, dict[Any, list[list[Any]]]] = {}
        self._keys: dict[str, tuple[str, ...]] = {}

    def upsert(self, table: str, key: Key, row: dict[str, Any]) -> None:
        """Insert ``row`` or update the columns it names."""
        held = self._held.get(table) or self._table(table, key)
        key_value = row[key] if type(key) is str else tuple(row[k] for k in key)
        writes = held.get(key_value)
        if writes is None:
            held[key_value] = [[UPSERT, dict(row)]]
        elif writes and writes[-1][0] == UPSERT:
            writes[-1][1].update(row)
        else:
            writes.append([UPSERT, dict(row)])

    def update(self, table: str, key: Key, key_value: Any, row: dict[str, Any]) -> None:
        """Update the columns ``row`` names on the row whose key is ``key_value`` (if there is one)."""
        if not row:
            return
        held = self._held.get(table) or self._table(table, key)
        writes = held.get(key_value)
        if not writes:
            held[key_value] = [[UPDATE, dict(row)]]
        elif writes[-1][0] != DELETE:  # after a delete there is no row to update
            writes[-1][1].update(row)

    def delete(self, table: str, key: Key, key_value: Any) -> None:
        """Delete the row whose key is ``key_value`` (whatever was written to it before)."""
        self._writes(table, key, key_value)[:] = [[DELETE, {}]]

    def get(self, table: str, key: Key, key_value: Any, columns: Sequence[str]) -> tuple[Any, ...] | None:
        """Return the named columns of one row as the writes so far leave it, or ``None``.

        A column that an insert in this batch did not name reads as NULL (every
        column the projections read this way has no other default).
        """
        unread: Any = _UNREAD
        current: dict[str, Any] | None | Any = unread
        for kind, row in self._held.get(table, {}).get(key_value, ()):
            if kind == DELETE:
                current = None
                continue
            if current is unread:
                if kind == UPSERT and all(c in row for c in columns):
                    current = {c: row[c] for c in columns}
                    continue
                current = self._read(table, key, key_value, columns)
            if current is None:
                if kind == UPSERT:
                    current = {c: row.get(c) for c in columns}
            else:
                current.update((c, row[c]) for c in columns if c in row)
        if current is unread:
            current = self._read(table, key, key_value, columns)
        return None if current is None else tuple(current[c] for c in columns)

    def write(self, cursor: Any) -> None:
        """Write every held row (in the caller's transaction)."""
        for table, held in self._held.items():
            key = self._keys[table]
            step = 0
            while True:  # each row's first writes, then the second ones of the rows that have them, ...
                groups: dict[tuple[str, tuple[str, ...]], list[list[Any]]] = {}
                for value, writes in held.items():
                    if step < len(writes):
                        kind, row = writes[step]
                        params = list(row.values())
                        if kind != UPSERT:
                            params += value if len(key) > 1 else [value]
                        groups.setdefault((kind, tuple(row)), []).append(params)
                if not groups:
                    break
                for (kind, columns), params in groups.items():
                    cursor.executemany(_statement(table, key, columns, kind), params)
                step += 1
            held.clear()

    def _writes(self, table: str, key: Key, key_value: Any) -> list[list[Any]]:
        held = self._held.get(table) or self._table(table, key)
        writes = held.get(key_value)
        if writes is None:
            writes = held[key_value] = []
        return writes

    def _table(self, table: str, key: Key) -> dict[Any, list[list[Any]]]:
        held = self._held.setdefault(table, {})
        self._keys[table] = (key,) if isinstance(key, str) else tuple(key)
        return held

    def _read(self, table: str, key: Key, key_value: Any, columns: Sequence[str]) -> dict[str, Any] | None:
        names = (key,) if isinstance(key, str) else tuple(key)
        values = (key_value,) if isinstance(key, str) else tuple(key_value)
        found = self._views.query(
            f"SELECT {', '.join(columns)} FROM {table} WHERE {' AND '.join(f'{n} = ?' for n in names)}", values
        )
        return dict(found[0]) if found else None


_UNREAD = object()


@functools.lru_cache(maxsize=512)
def _statement(table: str, key: tuple[str, ...], columns: tuple[str, ...], kind: str) -> str:
    where = " AND ".join(f"{k} = ?" for k in key)
    if kind == DELETE:
        return f"DELETE FROM {table} WHERE {where}"
    if kind == UPDATE:
        return f"UPDATE {table} SET {', '.join(f'{c} = ?' for c in columns)} WHERE {where}"
    updates = ", ".join(f"{c} = excluded.{c}" for c in columns if c not in key)
    return (
        f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' for _ in columns)}) "
        f"ON CONFLICT ({', '.join(key)}) DO " + (f"UPDATE SET {updates}" if updates else "NOTHING")
    )


# What handlers call: ``upsert(rows, table, key, row)`` and ``update(rows, table, key, key_value, row)``
# (the methods themselves, without a call in between: a rebuild makes one or more for every event).
upsert = Rows.upsert
update = Rows.update
