"""The JSON API (``/api/v1``)."""

from flask import Blueprint

bp = Blueprint("api", __name__, url_prefix="/api")

from web.api import views  # noqa: E402,F401
