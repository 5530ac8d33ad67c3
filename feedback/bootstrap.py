"""The one composition root: settings, clock, store and services, built once per process.

``create_app``, the CLI and ``bench/`` all call :func:`bootstrap`; tests pass
their own settings or clock to it (or services already built).
"""

from __future__ import annotations

from dataclasses import dataclass

from domain.naming import natural_id

from feedback.accounts import Accounts
from feedback.application import FeedbackApp
from feedback.audit_desk import AuditDesk
from feedback.budgets import Budgets
from feedback.catalogue import Catalogue
from feedback.clock import Clock
from feedback.config import Settings, schema_lock
from feedback.credentials import Credentials
from feedback.evidence import Evidence
from feedback.places import Places
from feedback.privacy import Privacy
from feedback.receipts import Receipts
from feedback.sessions import Sessions


RECEIPTS_KEY = natural_id("secret", "receipts on their way")


@dataclass
class Services:
    """What the interfaces (web, CLI, bench) work with: one service per seam, over one store."""

    settings: Settings
    clock: Clock
    suggestions: FeedbackApp  # the eventsourcing application: the store and the lifecycle of ideas
    places: Places
    accounts: Accounts
    privacy: Privacy
    audit: AuditDesk
    budgets: Budgets  # request budgets (rate limits) shared by every process on the store
    receipts: Receipts  # new tracking codes on their way to the one page that shows them
    evidence: Evidence  # photos of the work, kept beside the events with their item's key

    def close(self) -> None:
        """Close the store's connections."""
        self.suggestions.close()


def bootstrap(settings: Settings | None = None, clock: Clock | None = None) -> Services:
    """Build the store and every service on it (never at import time)."""
    settings = settings or Settings.from_environ()
    clock = clock or Clock(settings.zone)
    app = FeedbackApp(settings, clock)
    with schema_lock(settings.store):
        credentials = Credentials(app.tables)
    catalogue = Catalogue(app)
    evidence = Evidence(app)
    return Services(
        settings=settings,
        clock=clock,
        suggestions=app,
        places=Places(app, catalogue),
        accounts=Accounts(app, credentials, catalogue, Sessions(app.tables)),
        privacy=Privacy(app, evidence.store),
        audit=AuditDesk(app),
        budgets=Budgets(app.tables),
        receipts=Receipts(app.tables, app.keys.store_secret(RECEIPTS_KEY)),
        evidence=evidence,
    )
