"""The one shape of a form's POST: validate, act, then flash and redirect, or show the refusal on the form."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol, TypeVar

from flask import flash, redirect

from feedback.errors import ActionRefused, FeedbackError, InvalidInput

T = TypeVar("T")
# What the application says to a person who may try again (other errors have their own pages).
REFUSALS: tuple[type[FeedbackError], ...] = (ActionRefused, InvalidInput)


class RefusingForm(Protocol):
    def validate_on_submit(self) -> bool: ...

    def is_submitted(self) -> bool: ...

    def refuse(self, error: FeedbackError) -> None: ...


def submit_form(
    form: RefusingForm,
    act: Callable[[], T],
    *,
    done: Callable[[T], str] | str | None,
    then: Callable[[T], str] | str,
    again: Callable[[], Any],
) -> Any:
    """Validate ``form`` and ``act``; flash ``done`` and redirect to ``then``, or render ``again()`` with the refusal.

    ``done`` and ``then`` may be callables taking what ``act`` returned. A form
    shown again after a POST answers 422; a first GET answers 200.
    """
    if form.validate_on_submit():
        try:
            result = act()
        except REFUSALS as refusal:
            form.refuse(refusal)
        else:
            if done is not None:
                flash(_given(done, result), "success")
            return redirect(_given(then, result))
    return again(), 422 if form.is_submitted() else 200


def _given(value: Callable[[T], str] | str, result: T) -> str:
    return value(result) if callable(value) else value
