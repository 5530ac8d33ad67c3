"""The JSON API (``/api/v1``), its OpenAPI document and its documentation page."""

from flask import Blueprint

bp = Blueprint("api", __name__, url_prefix="/api", template_folder="templates", static_folder="static")

from web.api import docs, views  # noqa: E402,F401
