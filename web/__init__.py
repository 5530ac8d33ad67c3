"""The Flask app factory: one blueprint per audience."""

from __future__ import annotations

import os
import secrets
from typing import Any

from flask import Flask

from feedback.bootstrap import bootstrap
from feedback.config import Settings
from feedback.errors import ConfigError
from projections import Poller, build_projector

MAX_BODY_BYTES = 64 * 1024


def create_app(config: dict[str, Any] | None = None) -> Flask:
    """Build the web app; ``config`` overrides settings (tests pass their own store)."""
    app = Flask(__name__)
    app.config.update(
        SECRET_KEY=os.environ.get("FEEDBACK_SECRET_KEY") or secrets.token_hex(32),
        MAX_CONTENT_LENGTH=MAX_BODY_BYTES,
        FEEDBACK_DATABASE_URL=None,
        FEEDBACK_POLL_PROJECTIONS=False,
        # How long the page after a staff action may wait for the read models (web.staff.reads.settle).
        FEEDBACK_READ_YOUR_WRITES_SECONDS=os.environ.get("FEEDBACK_READ_YOUR_WRITES_SECONDS") or None,
    )
    app.config.update(config or {})
    check_read_your_writes(app)
    register_application(app)
    register_extensions(app)
    register_blueprints(app)
    register_errorhandlers(app)
    register_security(app)
    return app


def check_read_your_writes(app: Flask) -> None:
    """Refuse to start with a wait that is not a number of seconds (rather than fail on every action)."""
    chosen = app.config.get("FEEDBACK_READ_YOUR_WRITES_SECONDS")
    if chosen is None:
        return
    try:
        seconds = float(chosen)
    except (TypeError, ValueError):
        seconds = -1.0
    if not 0 <= seconds <= 30:
        raise ConfigError(f"FEEDBACK_READ_YOUR_WRITES_SECONDS must be a number of seconds from 0 to 30, not {chosen!r}")


def register_application(app: Flask) -> None:
    """Bind the services (built here from the environment, unless the config brings its own) and the projector."""
    services = app.config.get("FEEDBACK_SERVICES")
    if services is None:
        services = bootstrap(Settings.from_environ(app.config["FEEDBACK_DATABASE_URL"]))
    app.extensions["services"] = services
    projector = app.config.get("FEEDBACK_PROJECTOR") or build_projector(services.suggestions)
    app.extensions["projector"] = projector
    if app.config["FEEDBACK_POLL_PROJECTIONS"]:
        # The embedded store cannot push new events: poll, to stay within a second of the log.
        poller = Poller(projector)
        poller.start()
        app.extensions["poller"] = poller
    elif app.config.get("FEEDBACK_POLLER_REPORT") is not None:
        # A worker of `feedback serve --workers N`: the supervising process polls; this reports on it.
        app.extensions["poller"] = app.config["FEEDBACK_POLLER_REPORT"]


def register_extensions(app: Flask) -> None:
    from web import evidence, i18n, times
    from web.extensions import csrf

    csrf.init_app(app)
    i18n.init_app(app)
    times.init_app(app)
    evidence.init_app(app)


def register_blueprints(app: Flask) -> None:
    from web.api import bp as api
    from web.audit import bp as audit
    from web.children import bp as children
    from web.extensions import csrf
    from web.health import bp as health
    from web.transparency import bp as transparency
    from web.open311 import bp as open311
    from web.staff import bp as staff
    from web.staff import public as public_dashboard

    app.register_blueprint(children)
    app.register_blueprint(health)
    app.register_blueprint(transparency)
    app.register_blueprint(staff)
    app.register_blueprint(public_dashboard)
    app.register_blueprint(audit)
    csrf.exempt(api)
    app.register_blueprint(api)
    csrf.exempt(open311)
    app.register_blueprint(open311)


def register_security(app: Flask) -> None:
    from web import security

    security.init_app(app)


def register_errorhandlers(app: Flask) -> None:
    from web.errors import register

    register(app)
