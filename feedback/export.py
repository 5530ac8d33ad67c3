"""The log as a file anyone may hold: every event's seal, and the content of the events that hide nothing.

The seal covers each event's exact stored bytes, and a child's idea is bound to its
tracking code: its aggregate id is ``uuid5(code)`` (a search of the 2^40 codes finds
the code from it), its first event holds the code, and the sealed lane holds case
notes. So an event's content goes into the file only when its type is ``PUBLISHED``
(venues, topics, staff roles): there, the verifier recomputes the digest from the
stored bytes, and every readable field must be exactly what the exporter derives from
those bytes. Every other event is a withheld line: its position, digest and link,
which the chain checks against the published head, and nothing a reader could misread.
"""

from __future__ import annotations

import base64
import csv
import json
from collections.abc import Iterable, Iterator
from typing import IO, Any
from uuid import UUID

from eventsourcing.utils import get_topic

from domain.actors import Actor
from domain.staff import StaffMember
from domain.topic import Topic
from domain.venue import Venue
from feedback.audit import Record, event_time
from feedback.eventlog import stored_actor, type_name

# Staff words about places, topics and roles: no child, no code, no item's id. Any event not listed is withheld.
PUBLISHED = frozenset(get_topic(cls) for cls in (
    Venue.Registered, Venue.Renamed, Venue.Closed,
    Topic.Opened, Topic.DeputyJoined, Topic.ProposalTabled, Topic.OutcomeRecorded,
    StaffMember.Registered, StaffMember.RoleGranted, StaffMember.RoleRevoked,
))
CSV_COLUMNS = ("position", "time", "aggregate_id", "version", "type", "actor", "digest", "link", "topic", "state")
WITHHELD, MISSING = "withheld", "missing"


def shown(record: Record) -> bool:
    """Tell whether an event's content may be in the file (a published type, present in the log)."""
    return record.topic in PUBLISHED


# -- JSON Lines ----------------------------------------------------------------------


def export_lines(records: Iterable[Record], out: IO[str]) -> int:
    """Write one JSON object per event (its seal, and its content when published); return how many."""
    count = 0
    for record in records:
        out.write(json.dumps(line_of(record), ensure_ascii=False, separators=(",", ":")) + "\n")
        count += 1
    return count


def line_of(record: Record) -> dict[str, Any]:
    """Return the line the export holds for one event."""
    return content_line(record) if shown(record) else sealed_line(record)


def sealed_line(record: Record) -> dict[str, Any]:
    """Return the line of an event whose content stays out of the file (withheld, or missing from the log)."""
    kind = MISSING if not (record.topic or record.withheld) else WITHHELD
    return {"position": record.position, kind: True, "digest": _hex(record.digest) or None,
            "link": _hex(record.link) or None}


def content_line(record: Record) -> dict[str, Any]:
    """Return the line of an event with its stored bytes and, to read, those bytes decoded."""
    return {
        "position": record.position,
        "originator_id": str(_uuid(record.originator_id)),
        "originator_version": record.version,
        "topic": record.topic,
        "state": base64.b64encode(record.state).decode("ascii"),
        "digest": _hex(record.digest) or None,
        "link": _hex(record.link) or None,
        "event": _as_json(record.state),
    }


def records_from_export(lines: Iterable[str]) -> Iterator[Record]:
    """Read an export back as records; a line that says more or other than its event is a finding."""
    for number, text in enumerate(lines, start=1):
        if not text.strip():
            continue
        try:
            row = json.loads(text, object_pairs_hook=_no_repeats)
            record = _record_of(row)
        except (KeyError, ValueError, TypeError, AttributeError) as error:
            raise ValueError(f"line {number} of the export is not an exported event ({error})") from None
        due = sealed_line(record) if not record.topic else content_line(record)
        differs = sorted(k for k in row.keys() | due.keys() if _canon(row.get(k)) != _canon(due.get(k)))
        yield record._replace(problem=_problem(number, differs)) if differs else record


def _record_of(row: dict[str, Any]) -> Record:
    position, seal = int(row["position"]), _seal(row)
    if row.get(WITHHELD) is True:
        return Record(position, "", 0, "", b"", *seal, withheld=True)
    if row.get(MISSING) is True:
        return Record(position, "", 0, "", b"", *seal)
    return Record(position, UUID(row["originator_id"]), int(row["originator_version"]), str(row["topic"]),
                  base64.b64decode(row["state"], validate=True), *seal)


def _seal(row: dict[str, Any]) -> tuple[bytes | None, bytes | None]:
    return (bytes.fromhex(row["digest"]) if row.get("digest") else None,
            bytes.fromhex(row["link"]) if row.get("link") else None)


def _no_repeats(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """Refuse a key given twice: two readers could each believe a different one."""
    keys = [key for key, _ in pairs]
    if len(keys) != len(set(keys)):
        raise ValueError("a field is given twice")
    return dict(pairs)


def _canon(value: Any) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False)


def _problem(number: int, fields: list[str]) -> str:
    verb = "is" if len(fields) == 1 else "are"
    return f"line {number}: the {', '.join(fields)} shown there {verb} not what the sealed event holds"


# -- CSV -------------------------------------------------------------------------------


def csv_row(record: Record) -> list[str]:
    """Return one event's CSV cells: its seal, and for a published event its time, actor and bytes."""
    return content_cells(record) if shown(record) else sealed_cells(record)


def sealed_cells(record: Record) -> list[str]:
    """Return the cells of an event whose content stays out of the file: "withheld" (or "missing") and its seal."""
    kind = MISSING if not (record.topic or record.withheld) else WITHHELD
    return [str(record.position), "", "", "", kind, "", _hex(record.digest), _hex(record.link), "", ""]


def content_cells(record: Record) -> list[str]:
    """Return the cells of an event with its stored bytes, and what a spreadsheet shows of them."""
    moment = event_time(record.state)
    return [
        str(record.position),
        moment.isoformat() if moment else "",
        str(_uuid(record.originator_id)),
        str(record.version),
        type_name(record.topic),
        _actor(record.state),
        _hex(record.digest),
        _hex(record.link),
        record.topic,
        base64.b64encode(record.state).decode("ascii"),
    ]


def records_from_csv(lines: Iterable[str]) -> Iterator[Record]:
    """Read a CSV export back as records; a row whose cells differ from its event is a finding."""
    reader = csv.reader(lines)
    if tuple(next(reader, ())) != CSV_COLUMNS:
        raise ValueError(f"the first row of the CSV export is not {','.join(CSV_COLUMNS)}")
    for number, cells in enumerate(reader, start=2):
        if not cells:
            continue
        try:
            record = _record_of_cells(dict(zip(CSV_COLUMNS, cells, strict=True)))
        except (ValueError, TypeError) as error:
            raise ValueError(f"row {number} of the CSV export is not an exported event ({error})") from None
        due = sealed_cells(record) if not record.topic else content_cells(record)
        differs = [name for name, cell, wanted in zip(CSV_COLUMNS, cells, due, strict=True) if cell != wanted]
        yield record._replace(problem=_problem(number, differs)) if differs else record


def _record_of_cells(cells: dict[str, str]) -> Record:
    seal = (bytes.fromhex(cells["digest"]) or None, bytes.fromhex(cells["link"]) or None)
    position = int(cells["position"])
    if cells["type"] in (WITHHELD, MISSING):
        return Record(position, "", 0, "", b"", *seal, withheld=cells["type"] == WITHHELD)
    return Record(position, UUID(cells["aggregate_id"]), int(cells["version"]), cells["topic"],
                  base64.b64decode(cells["state"], validate=True), *seal)


def _actor(state: bytes) -> str:
    found = stored_actor(state)
    if found is None:
        return ""
    try:
        return str(Actor(*found))
    except ValueError:
        return ":".join(found)


# -- shared ----------------------------------------------------------------------------


def records_from_file(lines: Iterable[str]) -> Iterator[Record]:
    """Read either export, told apart by its first line."""
    iterator = iter(lines)
    first = next(iterator, "")
    rest = _chain(first, iterator)
    return records_from_csv(rest) if first.startswith("position,") else records_from_export(rest)


def _chain(first: str, rest: Iterator[str]) -> Iterator[str]:
    yield first
    yield from rest


def _uuid(value: UUID | str) -> UUID:
    return value if isinstance(value, UUID) else UUID(str(value))


def _hex(data: bytes | None) -> str:
    return data.hex() if data else ""


def _as_json(state: bytes) -> Any:
    try:
        return json.loads(state)
    except ValueError:
        return None
