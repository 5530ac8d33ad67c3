"""The auditor's tools: verify the seal, export the log, replay an item or the whole log."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any, NamedTuple
from uuid import UUID

from feedback.seal import EMPTY_HEAD, GENESIS, Head, event_digest, next_link

BATCH = 1000
WITHHELD = "withheld"
Progress = Callable[[int], None]


class Record(NamedTuple):
    """One stored event with its seal, as the verifier reads it (a tuple: there is one per event)."""

    position: int
    originator_id: UUID | str
    version: int
    topic: str
    state: bytes
    digest: bytes | None = None  # from the chain; None when the chain has no row here
    link: bytes | None = None
    withheld: bool = False  # an export's line with the seal alone: its link is checked, its bytes are not there
    problem: str = ""  # an export's line that shows a reader something its sealed event does not hold


@dataclass(frozen=True)
class Finding:
    """The first place where the log and its seal disagree."""

    position: int
    kind: str  # changed, missing, reordered, inserted
    detail: str

    def __str__(self) -> str:
        return f"position {self.position}: {self.kind} — {self.detail}"


@dataclass(frozen=True)
class Verdict:
    head: Head
    events: int
    finding: Finding | None = None
    consistent: bool = False  # the log's own chain holds all through, but not at the published head

    @property
    def ok(self) -> bool:
        return self.finding is None


def records_from_store(recorder: Any, progress: Progress | None = None) -> Iterator[Record]:
    """Yield every stored event joined with its chain row, by position (missing sides as gaps)."""
    position = 0
    sealed = getattr(recorder, "select_sealed", None)
    while True:
        if sealed is not None:
            rows, in_step = sealed(position + 1, BATCH)
            if in_step:  # every sealed position in this range holds an event: read them as they come
                if not rows:
                    return
                for row in rows:
                    yield Record(*row)
                if progress:
                    progress(len(rows))
                position = rows[-1][0]
                continue
        events = recorder.select_notifications(start=position + 1, limit=BATCH)
        links = recorder.select_chain(position + 1, BATCH)
        if not events and not links:
            return
        if [n.id for n in events] == [row[0] for row in links]:  # the usual case: every event sealed, in step
            for n, row in zip(events, links, strict=True):
                yield Record(n.id, n.originator_id, n.originator_version, n.topic, n.state, row[1], row[2])
            if progress:
                progress(len(events))
            position = events[-1].id
            continue
        last = min(events[-1].id if len(events) == BATCH else 1 << 62,
                   links[-1][0] if len(links) == BATCH else 1 << 62)
        by_position = {n.id: n for n in events if n.id <= last}
        chained = {row[0]: row for row in links if row[0] <= last}
        for p in sorted(by_position.keys() | chained.keys()):
            yield _record(p, by_position.get(p), chained.get(p))
        if progress:
            progress(len(by_position))
        position = max([*by_position, *chained])


def _record(position: int, n: Any, row: tuple[int, bytes, bytes] | None) -> Record:
    digest, link = (row[1], row[2]) if row else (None, None)
    if n is None:
        return Record(position, "", 0, "", b"", digest, link)
    return Record(position, n.originator_id, n.originator_version, n.topic, bytes(n.state), digest, link)


def verify(source: Callable[[], Iterable[Record]], expected: Head | None = None) -> Verdict:
    """Recompute the chain; return the head, or the first position that differs and how.

    ``source`` gives the records in log order; it is read once more only when an
    event fails its digest, to tell an event that moved from one that changed.
    """
    previous, position, count = GENESIS, 0, 0
    versions: dict[Any, int] = {}
    seen_links: dict[int, bytes] = {}
    for record in source():
        link = _check(record, previous, versions)
        if isinstance(link, Finding):
            finding = link
            if finding.kind == "changed" and record.digest is not None and record.topic and not record.problem:
                finding = _moved(source, record) or finding
            return Verdict(Head(position, previous) if count else EMPTY_HEAD, count, finding)
        previous, position = link, record.position
        count += 1
        if expected and position == expected.position:
            seen_links[position] = previous
    head = Head(position, previous) if count else EMPTY_HEAD
    if expected:
        mismatch = _against_published(expected, head, seen_links)
        if mismatch:
            return Verdict(head, count, mismatch, consistent=mismatch.kind == "changed")
    return Verdict(head, count)


def _check(record: Record, previous: bytes, versions: dict[Any, int]) -> bytes | Finding:
    """Return the record's link if it follows from ``previous``, or what is wrong with it."""
    if record.problem:
        return Finding(record.position, "changed", record.problem)
    if record.digest is None:
        return Finding(record.position, "inserted", "an event that was never sealed was slipped into the log")
    if record.withheld:
        versions[WITHHELD] = 1  # an aggregate's versions may now skip the withheld ones
        return _linked(record, previous, record.digest)
    if not record.topic:
        return Finding(record.position, "missing", "a sealed event is no longer in the log")
    digest = event_digest(record.originator_id, record.version, record.topic, record.state)
    if digest != record.digest:
        return Finding(record.position, "changed", "the stored bytes differ from the sealed ones")
    link = _linked(record, previous, digest)
    return link if isinstance(link, Finding) else _in_order(record, versions) or link


def _linked(record: Record, previous: bytes, digest: bytes) -> bytes | Finding:
    link = next_link(previous, record.position, digest)
    if link != record.link:
        return Finding(record.position, "changed", "the seal's link does not follow from the one before it")
    return link


def _in_order(record: Record, versions: dict[Any, int]) -> Finding | None:
    """Return what is wrong with the record's version in its aggregate's stream, if anything."""
    originator = record.originator_id
    key = originator.hex if isinstance(originator, UUID) else str(originator).replace("-", "").lower()
    expected_version = versions.get(key, 0) + 1
    skipped = record.version > expected_version and WITHHELD in versions
    if record.version != expected_version and not skipped:
        kind = "reordered" if record.version < expected_version else "missing"
        return Finding(record.position, kind,
                       f"aggregate {UUID(key)} has version {record.version} where {expected_version} was due")
    versions[key] = record.version
    return None


def _moved(source: Callable[[], Iterable[Record]], record: Record) -> Finding | None:
    digest = event_digest(record.originator_id, record.version, record.topic, record.state)
    for other in source():
        if other.digest == digest and other.position != record.position:
            return Finding(record.position, "reordered", f"this event was sealed at position {other.position}")
    return None


def _against_published(expected: Head, head: Head, seen: dict[int, bytes]) -> Finding | None:
    if expected.position > head.position:
        return Finding(head.position + 1, "missing",
                       f"the published head was at position {expected.position}; the log ends at {head.position}")
    if expected.position and seen.get(expected.position) != expected.link:
        return Finding(expected.position, "changed", "the log's link at this position is not the published head's")
    return None


def published_head(recorder: Any) -> Head:
    """Return the newest link of the chain, to publish (no verification: that is ``verify``'s job)."""
    row = recorder.chain_head()
    return EMPTY_HEAD if row is None else Head(row[0], row[2])


def position_at(recorder: Any, moment: datetime) -> int:
    """Return the last log position recorded at or before ``moment`` (0 if none).

    Events are stamped just before they are recorded, so time grows with the
    position; a binary search reads about log2(N) events.
    """
    low, high = 0, int(recorder.max_notification_id() or 0)
    while low < high:
        middle = (low + high + 1) // 2
        (n,) = recorder.select_notifications(start=middle, limit=1)
        stamp = event_time(n.state)
        if stamp is not None and stamp <= moment:
            low = middle
        else:
            high = middle - 1
    return low


def event_time(state: bytes) -> datetime | None:
    """Return the timestamp recorded inside a stored event's state."""
    data = _as_json(state)
    stamp = data.get("timestamp") if isinstance(data, dict) else None
    if isinstance(stamp, dict):
        stamp = stamp.get("_data_")
    try:
        return datetime.fromisoformat(stamp) if isinstance(stamp, str) else None
    except ValueError:
        return None


def _as_json(state: bytes) -> Any:
    try:
        return json.loads(state)
    except ValueError:
        return None
