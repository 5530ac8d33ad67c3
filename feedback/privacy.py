"""Children's data: hold-back and redaction, erasure by crypto-shredding, consent, retention, safeguarding."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError

from domain.actors import Actor, acting_as
from domain.safeguarding import SafeguardingCase, case_id
from domain.suggestion import Suggestion
from feedback.application import FeedbackApp
from feedback.evidence import PhotoStore
from feedback.errors import N_, NotFound, domain_errors_as_application_errors


@dataclass(frozen=True)
class RetentionCandidate:
    ref: str
    status: str
    closed_at: str


class Privacy:
    """The privacy and safeguarding service: redaction, erasure, consent, retention, sealed cases."""

    def __init__(self, app: FeedbackApp, photos: PhotoStore | None = None) -> None:
        self._app = app
        self._photos = photos or PhotoStore(app.tables, app.keys)

    def redact(self, ref: str, text: str, title: str | None, actor: Actor,
               expected_version: int | None = None) -> Suggestion:
        """Publish a version of the words without personal data (the original stays sealed in the log)."""
        return self._app.change(ref, actor, lambda item: item.redact(text, title), expected_version)

    def release(self, ref: str, actor: Actor, expected_version: int | None = None) -> Suggestion:
        """Let held words be public as they are."""
        return self._app.change(ref, actor, lambda item: item.release(), expected_version)

    def redact_comment(self, ref: str, at: int, words: str, actor: Actor,
                       expected_version: int | None = None) -> Suggestion:
        """Let staff read a held comment without its personal data (the original stays in the log)."""
        return self._app.change(ref, actor, lambda item: item.redact_comment(at, words), expected_version)

    def release_comment(self, ref: str, at: int, actor: Actor, expected_version: int | None = None) -> Suggestion:
        """Let staff read a held comment as it is."""
        return self._app.change(ref, actor, lambda item: item.release_comment(at), expected_version)

    def erase(self, item: Suggestion | str, actor: Actor, reason: str) -> Suggestion:
        """Erase an item's words everywhere: destroy its key, then record the erasure.

        ``item`` is the item as its caller found it (the child by their code, staff by its
        reference), or a reference or code for the operator's tools (see ``get_item``).
        The events stay (so the audit chain stays valid); every reading of the
        words from then on shows them as erased. The item's evidence photos were
        sealed with the same key: their bytes are deleted too, and never served again.
        """
        if isinstance(item, str):
            item = self._app.get_item(item)
        with acting_as(actor), domain_errors_as_application_errors():
            item.check_not_erased()
            self._app.keys.destroy(item.id)
            self._photos.forget(item.id)
            code, item = item.code, self._app.get_suggestion_by_id(item.id)
            item.code = code
            item.record_erasure(reason)
            self._app.save(item)
        self._app.keys.scrub()
        return item

    def give_contact(self, code: str, contact: str, guardian: str | None = None) -> Suggestion:
        """Keep a contact detail for the child (under 14: only with a guardian's consent, recorded first)."""
        return self._app.child_change(code, lambda item: item.give_contact(contact, guardian))

    # -- safeguarding --------------------------------------------------------------

    def safeguarding_cases(self) -> list[SafeguardingCase]:
        """Return every safeguarding case (metadata only; opening one is recorded)."""
        cases: list[SafeguardingCase] = []
        for notification in self._app.iter_notifications([SafeguardingCase.Opened]):
            cases.append(self._app.repository.get(notification.originator_id))
        return sorted(cases, key=lambda case: case.created_on, reverse=True)

    def open_case(self, item_id: UUID, officer: Actor) -> tuple[SafeguardingCase, Suggestion]:
        """Open a sealed case as the safeguarding officer: the opening is recorded before the words are shown."""
        try:
            case: SafeguardingCase = self._app.repository.get(case_id(item_id))
        except AggregateNotFoundError:
            raise NotFound(N_("there is no such safeguarding case")) from None
        with acting_as(officer):
            case.view(officer.username)
            self._app.save(case)
        return case, self._app.get_suggestion_by_id(item_id)

    def close_case(self, item_id: UUID, note: str, officer: Actor) -> SafeguardingCase:
        """Close a case with a note of what was done (once: a closed case stays closed)."""
        try:
            case: SafeguardingCase = self._app.repository.get(case_id(item_id))
        except AggregateNotFoundError:
            raise NotFound(N_("there is no such safeguarding case")) from None
        with acting_as(officer), domain_errors_as_application_errors():
            case.close(note)
            self._app.save(case)
        return case

    # -- retention -----------------------------------------------------------------

    def retention_candidates(self, views: Any, months: int, now: datetime | None = None) -> Iterator[RetentionCandidate]:
        """Yield items in a final status for longer than ``months`` whose words are not erased yet."""
        # Imported here: projections depend on feedback, not the other way round; the caller hands
        # in the read models, and the work queue, which owns their table, owns the query.
        from projections.work_queue import closed_before

        cutoff = (now or self._app.clock.now()) - timedelta(days=round(months * 30.44))
        for row in closed_before(views, cutoff):
            yield RetentionCandidate(row["ref"], row["status"], row["closed_at"])
