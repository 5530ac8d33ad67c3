"""Errors the domain raises when a rule refuses a command."""


class DomainError(Exception):
    """A command the domain refuses; the message says why, in plain words."""


class TransitionNotAllowed(DomainError):
    """The item's current status does not allow this step."""


class ExplanationRequired(DomainError):
    """A child-readable explanation (or other required words) is missing."""


class InvalidValue(DomainError):
    """A value is outside what the domain accepts."""
