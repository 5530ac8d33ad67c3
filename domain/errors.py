"""Errors the domain raises when a rule refuses a command.

A refusal carries its sentence as a message template (marked with ``N_`` for the
catalogue) and the values that fill it, so that every interface can say it in its
reader's language; ``str(error)`` is the English sentence (for logs, the CLI and
the API's English default).
"""

from __future__ import annotations

from enum import Enum
from typing import Any


class Msgid(str):
    """An English sentence or word that the interfaces translate when they show it (see ``N_``)."""

    __slots__ = ()


def N_(msgid: str) -> Msgid:
    """Mark ``msgid`` for the catalogue (``make translations`` extracts it); the interface translates it."""
    return Msgid(msgid)


def english(value: Any) -> Any:
    """Return ``value`` as an English sentence shows it (an enum by its value, ``under_review`` as ``under review``)."""
    if isinstance(value, Enum):
        return str(value.value).replace("_", " ")
    return value


def fill(template: str, values: dict[str, Any]) -> str:
    """Return ``template`` filled with ``values`` in English (a template without values is left as it is)."""
    if not values:
        return str(template)
    return str(template) % {name: english(value) for name, value in values.items()}


class Refusal(Exception):
    """An error whose sentence is a message template and its values (shared by the domain's and the app's)."""

    def __init__(self, template: str = "", /, **values: Any):
        self.template = template
        self.values = values
        super().__init__(fill(template, values))


class DomainError(Refusal):
    """A command the domain refuses; the message says why, in plain words."""


class TransitionNotAllowed(DomainError):
    """The item's current status does not allow this step."""


class ExplanationRequired(DomainError):
    """A child-readable explanation (or other required words) is missing."""


class InvalidValue(DomainError):
    """A value is outside what the domain accepts."""
