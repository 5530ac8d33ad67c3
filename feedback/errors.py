"""Errors the application raises; each interface turns them into a clear answer."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from eventsourcing.persistence import IntegrityError

from domain.codes import InvalidCode
from domain.errors import DomainError


class FeedbackError(Exception):
    """Base of the application's errors; ``str(error)`` is fit to show a user."""


class ConfigError(ValueError):
    """The configuration cannot be used; the message says what to change."""


class NotFound(FeedbackError):
    """No such item, venue, topic or staff member."""


class InvalidInput(FeedbackError):
    """Input that the application cannot use, with a message per field."""

    def __init__(self, message: str, fields: dict[str, str] | None = None):
        super().__init__(message)
        self.fields = fields or {}


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
        raise ActionRefused(str(error)) from error
    except InvalidCode as error:
        raise NotFound("there is no item with that code") from error
    except IntegrityError as error:
        raise Conflict("someone changed this item meanwhile; look again and retry") from error
