"""The staff steps of an item's lifecycle, each declared once.

A step names its use case on the application, the duty that decides who may
take it, the domain's guard, what it takes as input and its words. The
permissions, the order in which screens offer steps, the application's
dispatch, the web's one route, its forms and the API's action schemas are all
derived from ``STEPS``; nowhere else spells a step's name.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from enum import Enum

from domain.staff import StaffMember
from domain.suggestion import Suggestion
from domain.topic import ProposalStage
from domain.values import Role
from feedback.errors import N_, Forbidden, Msgid
from feedback.permissions import Duty, check_duty


class Input(Enum):
    """What kind of value a step's parameter holds; the web makes a form field and a schema field of each."""

    WORDS = "words"  # free text, trimmed, never blank
    ITEM = "item"  # another item, by its tracking code
    TOPIC = "topic"  # a topic, by id or slug
    BODY = "body"  # a responsible body (a venue), by id or slug
    DATE = "date"
    DECISION = "decision"
    PERCENT = "percent"  # a whole number from 0 to 100


@dataclass(frozen=True)
class Param:
    """One input of a step: its name in the use case, form and API, and its words."""

    name: str
    kind: Input
    label: str  # the form's label (a msgid)
    missing: str  # what the form says when it is left out (a msgid)
    description: str = ""  # what the API document says of it
    suggest_days: int | None = None  # a date field suggests this many days from today


@dataclass(frozen=True)
class Step:
    """A staff step: one use case, one duty, one guard, its inputs and its words."""

    name: str  # in URLs, the API's ``action`` and form prefixes
    use_case: str  # the application method that takes it
    duty: Duty
    guard: Callable[[Suggestion], None]
    label: str  # its button and heading (a msgid)
    done: str  # what staff read once it is taken (a msgid)
    params: tuple[Param, ...] = ()
    quiet: bool = False  # offered as a quiet button: it takes the item away from its way forward

    def allowed(self, item: Suggestion) -> bool:
        """Say whether the lifecycle allows this step on ``item`` now (its input aside)."""
        return item.passes(self.guard)

    @property
    def picks_an_item(self) -> bool:
        """True when the step takes another item (the page offers likely duplicates)."""
        return any(param.kind is Input.ITEM for param in self.params)


def _words(name: str, label: str, missing: str, description: str = "") -> Param:
    return Param(name, Input.WORDS, label, missing, description)


CHILD_EXPLANATION = N_("Explanation the child can read")
CHILD_MUST_HEAR = N_("Write what the child will read: every child hears back.")

ACCEPT = Step("accept", "accept", Duty.MODERATION, Suggestion.check_can_accept, N_("Accept"), N_("Accepted."))
DECLINE = Step(
    "decline", "decline", Duty.MODERATION, Suggestion.check_can_decline, N_("Decline"),
    N_("Declined; the child will read your explanation."),
    (
        _words("reason", N_("Reason (for the record)"), N_("Give a reason.")),
        _words("explanation", CHILD_EXPLANATION, CHILD_MUST_HEAR, "Why, in words a child can read."),
    ),
    quiet=True,
)
MERGE = Step(
    "merge", "merge", Duty.MODERATION, Suggestion.check_can_merge, N_("Merge into another item"), N_("Merged."),
    (Param("into", Input.ITEM, N_("Reference of the item to merge into"), N_("Give the reference of the other item."),
           "The tracking code of the item this one joins."),),
)
ASSIGN_TOPIC = Step(
    "assign_topic", "assign_topic", Duty.ROUTING, Suggestion.check_can_group, N_("Group under a topic"),
    N_("Grouped under the topic."),
    (Param("topic", Input.TOPIC, N_("Topic"), N_("Choose a topic."), "A topic id or slug."),),
)
DETACH_TOPIC = Step(
    "detach_topic", "detach_from_topic", Duty.ROUTING, Suggestion.check_topic_removable, N_("Take off its topic"),
    N_("Taken off the topic."), quiet=True,
)
FORWARD = Step(
    "forward", "forward", Duty.ROUTING, Suggestion.check_can_forward, N_("Forward to a responsible body"),
    N_("Forwarded."),
    (
        Param("body", Input.BODY, N_("Responsible body"), N_("Choose a body."),
              "A responsible body's venue id or slug."),
        Param("due", Input.DATE, N_("Answer due by"), N_("Give a due date."),
              "When the body must answer (not in the past).", suggest_days=14),
    ),
)
ANSWER = Step(
    "answer", "answer", Duty.BODY_WORK, Suggestion.check_can_answer, N_("Answer"),
    N_("Answered; the child will read your explanation."),
    (
        Param("decision", Input.DECISION, N_("Decision"), N_("Choose a decision.")),
        _words("response", N_("Official response"), N_("Write the official response."), "The official response."),
        _words("explanation", CHILD_EXPLANATION, CHILD_MUST_HEAR, "The answer in words a child can read."),
    ),
)
PROGRESS = Step(
    "progress", "record_progress", Duty.BODY_WORK, Suggestion.check_can_report_progress, N_("Report progress"),
    N_("Progress reported."),
    (
        Param("percent", Input.PERCENT, N_("How far along (percent)"), N_("Give a percentage from 0 to 100.")),
        _words("note", N_("What was done"), N_("Say what was done.")),
    ),
)
IMPLEMENTED = Step(
    "implemented", "mark_implemented", Duty.BODY_WORK, Suggestion.check_can_mark_implemented,
    N_("Mark as implemented"), N_("Marked as implemented."),
    (_words("evidence", N_("Evidence of what was done"), N_("Show what was done: a photo link, a report.")),),
)

# Every staff step, in the order a screen offers them.
STEPS: tuple[Step, ...] = (ACCEPT, DECLINE, MERGE, ASSIGN_TOPIC, DETACH_TOPIC, FORWARD, ANSWER, PROGRESS, IMPLEMENTED)
BY_NAME: dict[str, Step] = {step.name: step for step in STEPS}


class UnknownStep(LookupError):
    """No staff step has this name."""


def step_named(name: str) -> Step:
    """Return the step called ``name``, or refuse."""
    try:
        return BY_NAME[name]
    except KeyError:
        raise UnknownStep(name) from None


def steps_of(duty: Duty) -> Iterator[Step]:
    """Yield the steps of one duty, in order."""
    return (step for step in STEPS if step.duty is duty)


def check_may(staff: StaffMember, step: Step, item: Suggestion) -> None:
    """Refuse unless ``staff``'s roles allow ``step`` on ``item`` (the lifecycle aside)."""
    check_duty(staff, step.duty, item, Msgid(step.label))


def check_role_takes(staff: StaffMember, step: Step) -> None:
    """Refuse, before any item is read, a step that none of ``staff``'s roles ever takes."""
    if not staff.has_role(*step.duty.roles):
        raise Forbidden(N_("your role does not allow '%(step)s'"), step=Msgid(step.label))


def may(staff: StaffMember, step: Step, item: Suggestion) -> bool:
    """Say whether ``staff``'s roles allow ``step`` on ``item`` (the lifecycle aside)."""
    return step.duty.falls_to(staff, item)


def steps_open_to(staff: StaffMember, item: Suggestion) -> list[Step]:
    """Return the steps ``staff`` may take on ``item`` now: their roles allow them and so does the lifecycle."""
    return [step for step in STEPS if may(staff, step, item) and step.allowed(item)]


def roles_taking_steps() -> tuple[Role, ...]:
    """Return every role that takes some step (who may reach the steps' route at all)."""
    return tuple(dict.fromkeys(role for step in STEPS for role in step.duty.roles))


# -- the proposal's own lifecycle (a topic's), each step declared once -------------------------------------


@dataclass(frozen=True)
class ProposalStep:
    """A step of a topic's proposal: its stage, its words for staff and for the child, the details it records."""

    stage: ProposalStage
    label: str  # the step's name on the board's timeline and its button (a msgid)
    done: str  # what the deputy reads once it is recorded (a msgid)
    child: str  # what the child whose idea is in the proposal reads (a msgid; %(number)s, %(into)s)
    params: tuple[Param, ...] = ()
    offered: bool = True  # False: read from old stores only, never offered

    @property
    def name(self) -> str:
        return self.stage.value


def _detail(name: str, label: str, missing: str = "") -> Param:
    return Param(name, Input.WORDS, label, missing)


P = ProposalStage
PROPOSAL_STEPS: tuple[ProposalStep, ...] = (
    ProposalStep(
        P.DRAFTED, N_("Drafted"), N_("The draft is recorded."),
        N_("The deputies began writing a proposal from your idea and other children’s ideas."),
        (_detail("title", N_("Title of the proposal"), N_("Give the proposal a title.")),
         _detail("text", N_("What the proposal asks (optional)"))),
    ),
    ProposalStep(
        P.TABLED, N_("Tabled"), N_("The proposal is tabled."),
        N_("Your idea, together with other children’s ideas, was written into proposal No. %(number)s."),
        (_detail("number", N_("Official number"), N_("Give the proposal's official number.")),
         _detail("title", N_("Title of the proposal"), N_("Give the proposal a title.")),
         _detail("session", N_("Session (optional: the topic's own)"))),
    ),
    ProposalStep(
        P.ACCEPTED, N_("Accepted for handling"), N_("The proposal is accepted for handling."),
        N_("The city accepted proposal No. %(number)s and gave it to the people who must act on it."),
        (_detail("handler", N_("Handling body (optional)")),),
    ),
    ProposalStep(
        P.MERGED, N_("Merged with another proposal"), N_("The proposal is recorded as merged."),
        N_("Proposal No. %(number)s joined another proposal about the same thing, No. %(into)s: "
           "the two are handled together."),
        (_detail("into", N_("Number of the proposal it joined"), N_("Give the number of the other proposal.")),),
    ),
    ProposalStep(
        P.NOT_ACCEPTED, N_("Not accepted for handling"), N_("The proposal is recorded as not accepted."),
        N_("Proposal No. %(number)s was not taken up for handling. The grown-ups wrote down why."),
        (_detail("reason", N_("Why it was not accepted"), N_("Say why it was not accepted.")),),
    ),
    ProposalStep(
        P.ANSWERED, N_("Answered by the handling body"), N_("The answer is recorded."),
        N_("The city answered proposal No. %(number)s."),
        (_detail("body", N_("Who answered"), N_("Say who answered.")),
         _detail("summary", N_("What the answer says"), N_("Say what the answer says."))),
    ),
    ProposalStep(
        P.CLOSED, N_("Closed: handling finished"), N_("The proposal is closed."),
        N_("The work on proposal No. %(number)s is finished."),
        (_detail("note", N_("A closing note (optional)")),),
    ),
    ProposalStep(
        P.OUTCOME, N_("Outcome"), N_("The outcome is recorded."),
        N_("The city answered proposal No. %(number)s."),
        (_detail("outcome", N_("What became of the proposal"), N_("Say what became of it.")),),
        offered=False,
    ),
)
PROPOSAL_STEP: dict[ProposalStage, ProposalStep] = {step.stage: step for step in PROPOSAL_STEPS}


def proposal_step(stage: ProposalStage | str) -> ProposalStep:
    """Return the words of a proposal's step by its stage (or its name)."""
    return PROPOSAL_STEP[ProposalStage(stage)]
