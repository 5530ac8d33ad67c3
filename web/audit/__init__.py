"""The auditor's desk (``/audit/...``): browse, replay, verify and export the log; it changes nothing."""

from flask import Blueprint

bp = Blueprint("audit", __name__, url_prefix="/audit", static_folder="static")

from web.audit import frame, views  # noqa: E402,F401
