"""Open311 GeoReport v2 (``/open311/v2/``): the city's standard window on the children's ideas."""

from flask import Blueprint

bp = Blueprint("open311", __name__, url_prefix="/open311/v2")

from web.open311 import views  # noqa: E402,F401
