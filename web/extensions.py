"""Flask extensions, created unbound; the factory binds them to an app."""

from flask import current_app
from flask_babel import Babel
from flask_wtf import CSRFProtect

from feedback.application import FeedbackApp

csrf = CSRFProtect()
babel = Babel()


def feedback() -> FeedbackApp:
    """Return the application object of the running Flask app."""
    return current_app.extensions["feedback"]
