"""The services of GeoReport are the programme's five areas; their definitions ask what the domain needs."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask_babel import lazy_gettext as _l

from domain.values import AgeBand, Category
from web.api.inputs import LANGUAGES, MAX_TITLE

# Sortable: changes whenever the services or their definitions change (clients refresh their caches then).
CHANGESET = "2026-11-29T00:00:00Z"
GROUP = _l("Child-friendly city")


@dataclass(frozen=True)
class Service:
    """One kind of request: one of the programme's five areas."""

    category: Category
    name: Any
    description: Any
    keywords: Any


SERVICES = {
    service.category.value: service
    for service in (
        Service(Category.SPACES, _l("Child-friendly spaces"),
                _l("Parks, playgrounds, reading spaces, school roads: places children use."),
                _l("park, playground, reading space, school road, toilet, swing")),
        Service(Category.SERVICES, _l("Child-friendly services"),
                _l("Hospitals, libraries, transport and other services children use."),
                _l("hospital, library, bus, school meals")),
        Service(Category.PROTECTION, _l("Growing up safely"),
                _l("Safety on the way to school, at play and online."),
                _l("safety, traffic, crossing, online")),
        Service(Category.FRIENDSHIP, _l("Friendship and exchange"),
                _l("Meeting other children, clubs, study trips and exchanges."),
                _l("friends, club, study trip, exchange")),
        Service(Category.PARTICIPATION, _l("Participation"),
                _l("Children's say in the city: observation groups, message boards, the Two Sessions."),
                _l("observation group, message board, Two Sessions, proposal")),
    )
}


def service_list() -> list[dict[str, Any]]:
    """Return the services as GET services lists them."""
    return [
        {
            "service_code": code,
            "service_name": str(service.name),
            "description": str(service.description),
            "metadata": True,
            "type": "realtime",
            "keywords": str(service.keywords),
            "group": str(GROUP),
        }
        for code, service in SERVICES.items()
    ]


def service_name(category: Category) -> str:
    return str(SERVICES[category.value].name)


def definition(code: str) -> dict[str, Any]:
    """Return the definition of a service: the attributes a request for it carries."""
    return {"service_code": code, "attributes": attributes()}


def attributes() -> list[dict[str, Any]]:
    return [
        {
            "variable": True, "code": "age_band", "datatype": "singlevaluelist", "required": True,
            "datatype_description": None, "order": 1,
            "description": str(_l("How old is the child? (We never ask for a name or a birthday.)")),
            "values": [{"key": band.value, "name": str(_l("%(band)s years", band=band.value))} for band in AgeBand],
        },
        {
            "variable": True, "code": "language", "datatype": "singlevaluelist", "required": False,
            "datatype_description": None, "order": 2,
            "description": str(_l("The language the child wrote in (Simplified Chinese when not given).")),
            "values": [{"key": tag, "name": tag} for tag in LANGUAGES],
        },
        {
            "variable": True, "code": "title", "datatype": "string", "required": False,
            "datatype_description": str(_l("At most %(count)s characters.", count=MAX_TITLE)), "order": 3,
            "description": str(_l("A short title for the idea, in the child's words.")),
            "values": [],
        },
    ]
