"""The log as files to download, written a chunk at a time so memory stays flat however long the log."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator
from itertools import islice

from domain.actors import Actor
from feedback.audit import Record, event_time, export_lines
from feedback.eventlog import stored_actor, type_name

CHUNK = 500
CSV_COLUMNS = ("position", "time", "aggregate_id", "version", "type", "actor", "digest", "link")


def chunks(records: Iterable[Record], size: int = CHUNK) -> Iterator[list[Record]]:
    iterator = iter(records)
    while chunk := list(islice(iterator, size)):
        yield chunk


def jsonl(records: Iterable[Record]) -> Iterator[str]:
    """Yield the JSON Lines export (exactly what ``feedback audit export`` writes), a chunk at a time."""
    for chunk in chunks(records):
        out = io.StringIO()
        export_lines(chunk, out)
        yield out.getvalue()


def csv_rows(records: Iterable[Record]) -> Iterator[str]:
    """Yield the log as CSV: one row per event with its seal, and nothing of its state but time and actor."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for chunk in chunks(records):
        for record in chunk:
            writer.writerow(csv_row(record))
        yield out.getvalue()
        out.seek(0)
        out.truncate()
    if out.getvalue():
        yield out.getvalue()


def csv_row(record: Record) -> list[str]:
    """Return one event's CSV cells (a sealed event missing from the log keeps its position and seal)."""
    if not record.topic:
        return [str(record.position), "", "", "", "", "", _hex(record.digest), _hex(record.link)]
    moment = event_time(record.state)
    return [
        str(record.position),
        moment.isoformat() if moment else "",
        str(record.originator_id),
        str(record.version),
        type_name(record.topic),
        _actor(record.state),
        _hex(record.digest),
        _hex(record.link),
    ]


def _actor(state: bytes) -> str:
    found = stored_actor(state)
    if found is None:
        return ""
    try:
        return str(Actor(*found))
    except ValueError:
        return ":".join(found)


def _hex(data: bytes | None) -> str:
    return data.hex() if data else ""
