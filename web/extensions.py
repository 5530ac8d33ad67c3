"""Flask extensions, created unbound; the factory binds them to an app. Views reach the services here."""

from flask import current_app
from flask_babel import Babel
from flask_wtf import CSRFProtect

from feedback.accounts import Accounts
from feedback.application import FeedbackApp
from feedback.audit_desk import AuditDesk
from feedback.bootstrap import Services
from feedback.places import Places
from feedback.privacy import Privacy
from feedback.receipts import Receipts

csrf = CSRFProtect()
babel = Babel()


def services() -> Services:
    """Return the services of the running Flask app."""
    return current_app.extensions["services"]


def feedback() -> FeedbackApp:
    """Return the suggestions service (the application over the store)."""
    return services().suggestions


def places() -> Places:
    """Return the places and topics service."""
    return services().places


def accounts() -> Accounts:
    """Return the staff accounts service."""
    return services().accounts


def privacy() -> Privacy:
    """Return the privacy and safeguarding service."""
    return services().privacy


def audit_desk() -> AuditDesk:
    """Return the auditor's queries."""
    return services().audit


def receipts() -> Receipts:
    """Return the receipts waiting to show a new tracking code."""
    return services().receipts
