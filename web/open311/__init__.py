"""Open311 GeoReport v2 (``/open311/v2/``): the city's standard window on the children's ideas."""

from flask import Blueprint
from werkzeug.routing import PathConverter


class AnyPath(PathConverter):
    """A path of any characters: Werkzeug's ``path`` stops at a newline, and such a URL must still get
    GeoReport's own 404, not the site's HTML page."""

    regex = r"[^/][\s\S]*?"


bp = Blueprint("open311", __name__, url_prefix="/open311/v2")
bp.record_once(lambda state: state.app.url_map.converters.setdefault("anypath", AnyPath))

from web.open311 import views  # noqa: E402,F401
