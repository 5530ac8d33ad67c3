"""The children's pages: home, share an idea, receipt, track."""

from flask import Blueprint

bp = Blueprint("children", __name__)

from web.children import views  # noqa: E402,F401
