"""PostgreSQL: the sealed recorder and its factory (needs the ``postgres`` extra).

Its hook into the library lives in ``feedback.persistence.overrides``; the class
names are topics in the configuration (``PERSISTENCE_MODULE``,
``APPLICATION_RECORDER_TOPIC``): keep them here.
"""

from __future__ import annotations

from eventsourcing.postgres import PostgresApplicationRecorder, PostgresFactory
from eventsourcing.utils import Environment, EnvType

from feedback.persistence.overrides import ChainRow, SealsPostgresInsert, keep_to_store
from feedback.persistence.sql import pg_transaction
from feedback.seal import CHAIN_TABLE
from feedback.tables import SideTables


class SealedPostgresApplicationRecorder(SealsPostgresInsert, PostgresApplicationRecorder):
    """The PostgreSQL recorder, plus the audit chain and new content keys in the same transaction.

    It refuses a datastore with the library's database functions on, and keeps
    our tables in the datastore's schema (``keep_to_store``).
    """

    def create_table(self) -> None:
        """Create the events' table, and the tables beside it (the seal's, the keys') by our migrations."""
        super().create_table()
        SideTables(self.datastore, self.events_table_name)

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


class SealedPostgresFactory(PostgresFactory):
    """The library's PostgreSQL factory, whose application recorder seals every event.

    It refuses, before any connection is made, a configuration on which events
    could be stored unsealed, and points its connections at the store's schema.
    """

    application_recorder_class = SealedPostgresApplicationRecorder

    def __init__(self, env: Environment | EnvType | None) -> None:
        super().__init__(env)
        keep_to_store(self.datastore)


__all__ = ["ChainRow", "SealedPostgresApplicationRecorder", "SealedPostgresFactory"]
