"""Errors the application raises; each interface turns them into a clear answer."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from eventsourcing.persistence import IntegrityError

from domain.codes import InvalidCode
from domain.errors import N_, DomainError, Msgid, Refusal

__all__ = ["N_", "Msgid"]  # the application's modules mark their refusals with the domain's ``N_``


class FeedbackError(Refusal):
    """Base of the application's errors: a message template (marked ``N_``) and its values.

    ``str(error)`` is the English sentence; the web says ``error.template`` filled
    with ``error.values`` in its reader's language.
    """


class ConfigError(ValueError):
    """The configuration cannot be used; the message says what to change."""


class NotFound(FeedbackError):
    """No such item, venue, topic or staff member."""


class InvalidInput(FeedbackError):
    """Input that the application cannot use, with a message per field."""

    def __init__(self, message: str, fields: dict[str, str] | None = None, /, **values: object):
        super().__init__(message, **values)
        self.fields = fields or {}  # field -> a message template (filled with the same values)


class ActionRefused(FeedbackError):
    """The lifecycle or a rule forbids this step."""


class Conflict(FeedbackError):
    """Someone else changed the item meanwhile."""


class NotAuthenticated(FeedbackError):
    """No valid credentials were given."""


class Forbidden(FeedbackError):
    """The staff member's role does not allow this."""


class TooManyAttempts(FeedbackError):
    """Too many wrong guesses in a short time: wait before trying again."""


@contextmanager
def domain_errors_as_application_errors() -> Iterator[None]:
    """Turn a domain refusal into ActionRefused and a stale save into Conflict."""
    try:
        yield
    except DomainError as error:
        raise ActionRefused(error.template, **error.values) from error
    except InvalidCode as error:
        raise NotFound(N_("there is no item with that code")) from error
    except IntegrityError as error:
        raise Conflict(N_("someone changed this item meanwhile; look again and retry")) from error
