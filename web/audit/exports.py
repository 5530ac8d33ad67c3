"""The log as files to download, written a chunk at a time so memory stays flat however long the log."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator
from itertools import islice

from feedback.audit import Record
from feedback.export import CSV_COLUMNS, csv_row, export_lines

CHUNK = 500


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
    """Yield the log as CSV: one row per event with its seal, and the content of those that hide nothing."""
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
