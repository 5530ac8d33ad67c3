"""The application's refusals in the reader's language: one home for turning a refusal into words.

A refusal (``feedback.errors.FeedbackError``, ``domain.errors.DomainError``) carries
a message template marked ``N_`` and its values; ``str(error)`` stays the English
sentence for logs. Here the template, each field's message and each value that is
itself a word (a ``Msgid``, a status, a role) are looked up in the request's catalogue.
"""

from __future__ import annotations

from enum import Enum
from typing import Any

from flask_babel import get_locale, gettext

from domain.errors import Msgid, english
from domain.values import Role, Status


def word(value: Any) -> Any:
    """Return a refusal's value as the reader reads it: its words translated, anything else as it is."""
    from web.staff import words  # the staff's words for statuses and roles (imported late: no cycle)

    if isinstance(value, Msgid):
        return gettext(value)
    if isinstance(value, Enum) and get_locale() is not None and get_locale().language == "en":
        return english(value)  # the English sentence, as ``str(error)`` says it: "an item that is under review"
    if isinstance(value, Status):
        return str(words.STATUSES.get(value.value, english(value)))
    if isinstance(value, Role):
        return str(words.ROLES.get(value.value, english(value)))
    if isinstance(value, Enum):
        return english(value)
    return value


def _say(template: str, values: dict[str, Any]) -> str:
    if not isinstance(template, Msgid):
        return str(template) % values if values else str(template)
    return gettext(str(template), **{name: word(value) for name, value in values.items()})


def say(error: BaseException) -> str:
    """Return ``error``'s sentence in the request's language.

    A template marked ``N_`` is looked up in the catalogue; any other (words the web
    already said with ``_()``, or an error without a template) is shown as it is.
    """
    template = getattr(error, "template", None)
    if not isinstance(template, Msgid):
        return str(error)
    return _say(template, getattr(error, "values", {}))


def say_fields(error: BaseException) -> dict[str, str]:
    """Return ``error``'s message per field in the request's language (none for an error that names no field)."""
    values = getattr(error, "values", {})
    return {name: _say(message, values) for name, message in (getattr(error, "fields", None) or {}).items()}
