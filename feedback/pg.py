"""PostgreSQL: the sealed recorder (needs the ``postgres`` extra).

Its hook into the library lives in ``feedback.persistence.overrides``; the class
name is a stored topic (``APPLICATION_RECORDER_TOPIC``): keep it here.
"""

from __future__ import annotations

from eventsourcing.postgres import PostgresApplicationRecorder

from feedback.persistence.overrides import ChainRow, SealsPostgresInsert
from feedback.persistence.sql import pg_transaction
from feedback.seal import CHAIN_TABLE


class SealedPostgresApplicationRecorder(SealsPostgresInsert, PostgresApplicationRecorder):
    """The PostgreSQL recorder, plus the audit chain and new content keys in the same transaction."""

    def select_chain(self, start: int, limit: int) -> list[ChainRow]:
        with pg_transaction(self.datastore.get_connection(), commit=False) as c:
            c.execute(
                f"SELECT position, digest, link FROM {CHAIN_TABLE} WHERE position >= ? ORDER BY position LIMIT ?",
                (start, limit),
            )
            return [(int(r[0]), bytes(r[1]), bytes(r[2])) for r in c.fetchall()]

    def chain_head(self) -> ChainRow | None:
        with pg_transaction(self.datastore.get_connection(), commit=False) as c:
            c.execute(f"SELECT position, digest, link FROM {CHAIN_TABLE} ORDER BY position DESC LIMIT 1")
            row = c.fetchone()
            return None if row is None else (int(row[0]), bytes(row[1]), bytes(row[2]))
