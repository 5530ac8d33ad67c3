"""Documents officials use (issue 17, item 6): a topic's Two Sessions dossier, a body's worklist, the yearly report.

* ``/staff/topics/<slug>/dossier`` — the dossier as a print-ready page (A4 print stylesheet);
* ``/staff/topics/<slug>/dossier.docx`` — the same dossier as an editable Word file (python-docx);
* ``/staff/inbox.xlsx`` — a body's worklist as an Excel workbook (openpyxl), exactly the inbox's rows
  under the same search and filters, every page of them;
* ``/you-said-we-did/report?year=2026`` — the public yearly "You said, we did" report, print-ready.

Every document speaks the request's language. The children's words are only ever the moderated
(public) words: never held, sealed or erased text. Figures that could point at a child follow the
small-group rule (``projections.small_groups``); tracking codes appear nowhere.
"""

from __future__ import annotations

import io
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any
from uuid import UUID

from flask import render_template, request, send_file
from flask_babel import gettext as _
from flask_babel import ngettext

from domain.suggestion import Suggestion
from domain.topic import ProposalStage, Topic
from domain.values import AgeBand, Role, Status
from feedback.errors import N_, InvalidInput
from feedback.steps import proposal_step
from projections import public_board, topic_board, work_queue
from projections.small_groups import SMALL_GROUP, public_count
from web.auth import current_staff, requires
from web.charts import Bar, bar_chart
from web.extensions import feedback, places
from web.staff import bp, public, reads, words
from web.staff.figures import count_words
from web.staff.queues import inbox_query
from web.staff.topics import weight_groups
from web.times import city, offset

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
WORKLIST_ROWS = 5000  # a body's whole worklist, far more than any inbox holds
FIRST_YEAR = 2000
EXAMPLES = 8
# The font Word uses for Chinese characters (w:eastAsia): Song in mainland China, Ming in Taiwan.
EAST_ASIAN_FONTS = {"zh-Hant": "PMingLiU"}
EAST_ASIAN_FONT = "SimSun"


# -- the proposal's status: the one place to rewire to the proposal's lifecycle (issue 17, item 5) ------------


@dataclass(frozen=True)
class ProposalStatus:
    """Where the topic's formal proposal stands, in words: its number, title, step, and outcome."""

    number: str
    title: str
    step: str
    outcome: str


def proposal_status(topic: Topic) -> ProposalStatus:
    """Return the proposal's status as the documents show it: its standing step (issue 17, item 5).

    The step's words are the board's (``feedback.steps.proposal_step``); the outcome is what the
    handling body answered, else an old store's free-text outcome.
    """
    stage = topic.proposal_stage
    step = _("Not tabled yet") if stage is None else _(proposal_step(stage).label)
    answered = [s for s in topic.standing_steps if s.stage is ProposalStage.ANSWERED]
    outcome = answered[-1].get("summary") if answered else topic.outcome
    return ProposalStatus(topic.proposal_number, topic.proposal_title, step, outcome)


# -- the dossier ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Idea:
    """One idea of the dossier: the child's moderated words (None: not shown), where, who, and its status."""

    ref: str
    title: str | None
    text: str | None
    language: str
    age_band: str
    place: str
    channel: str
    status: str
    merged: int  # how many other children's ideas were merged into this one


@dataclass(frozen=True)
class Breakdown:
    """One count of the children, by a dimension: its bars (small-group rule) and chart."""

    key: str
    heading: str
    bars: list[Bar]


@dataclass
class Dossier:
    topic: Topic
    name: str
    proposal: ProposalStatus
    printed: str
    ideas: int
    children: int
    groups: list[tuple[str, list[Idea]]] = field(default_factory=list)  # by age band
    breakdowns: list[Breakdown] = field(default_factory=list)
    statuses: list[tuple[str, int]] = field(default_factory=list)


def shown_words(item: Suggestion) -> tuple[str | None, str | None]:
    """Return the title and words of ``item`` a document may carry: the moderated ones, or none.

    Held, sealed and erased words never reach a document (``Suggestion.public_text`` is empty then).
    """
    text = item.public_text.text
    title = item.public_title.text if item.public_title is not None else None
    return (title or None), (text or None)


def place_of(item: Suggestion) -> str:
    return places().venue_name(item.venue_id) if item.venue_id else _("no place given")


# The dossier's heading of each of the board's groups (web.staff.topics.weight_groups).
BREAKDOWN_HEADINGS = {"age": N_("By age band"), "channel": N_("By channel"), "district": N_("By district"),
                      "place": N_("By place")}


def dossier_of(topic: Topic) -> Dossier:
    """Gather a topic's dossier: its ideas by age band, the children behind them, and their counts.

    The children and their counts are the board's (``weight_groups``): the same figures on the
    board, on paper and in Word.
    """
    rows = topic_board.board_items(reads.views(), topic.id.hex)
    items = [item for _row, item in reads.items_of(rows) if item.status is not Status.WITHDRAWN]
    ideas = [item for item in items if item.status is not Status.MERGED]
    with places().steady():
        weight, groups = weight_groups(topic)
        shown = [_idea(item, weight["merged_into"][item.id.hex]) for item in ideas]
        by_band: dict[str, list[Idea]] = {}
        for idea in sorted(shown, key=lambda i: (i.place, i.ref)):
            by_band.setdefault(idea.age_band, []).append(idea)
        bands = [band.value for band in AgeBand]
        breakdowns = [Breakdown(key, _(BREAKDOWN_HEADINGS[key]),
                                _bars(counter, order=[words.age_words(b) for b in bands] if key == "age" else None))
                      for key, _heading, counter in groups]
        statuses = Counter(words.word(words.STATUSES, item.status) for item in ideas)
        name = places().name_of(topic)
    now = feedback().clock.now()
    return Dossier(
        topic=topic, name=name, proposal=proposal_status(topic),
        printed=f"{city(now):%Y-%m-%d %H:%M} ({offset(city(now))})",
        ideas=len(ideas), children=weight["children"],
        groups=[(words.age_words(band), by_band[band]) for band in bands if band in by_band], breakdowns=breakdowns,
        statuses=sorted(statuses.items(), key=lambda pair: (-pair[1], pair[0])),
    )


def _idea(item: Suggestion, merged: int) -> Idea:
    title, text = shown_words(item)
    status = words.word(words.STATUSES, item.status)
    if item.decision is not None:
        status = f"{status} · {words.word(words.DECISIONS, item.decision)}"
    return Idea(item.ref or "", title, text, item.language, item.age_band.value, place_of(item),
                words.word(words.CHANNELS, item.channel), status, merged)


def _bars(counts: Counter[str], order: list[str] | None = None) -> list[Bar]:
    """Return one bar per group, its count shown only from 5 up (the small-group rule)."""
    keys = [k for k in order if k in counts] if order else sorted(counts, key=lambda k: (-counts[k], k))
    return [Bar(key, public_count(counts[key]), count_words(public_count(counts[key]))) for key in keys]


def charts_of(dossier: Dossier) -> dict[str, Any]:
    return {b.key: bar_chart(f"dossier-{b.key}", b.heading, b.bars) for b in dossier.breakdowns if b.bars}


@bp.get("/topics/<slug>/dossier")
@requires(Role.DEPUTY, Role.AUDITOR)
def dossier(slug: str) -> str:
    """Show a topic's Two Sessions dossier, ready to print on A4."""
    found = dossier_of(places().get_topic(slug))
    return render_template("staff/dossier.html", dossier=found, charts=charts_of(found), small_group=SMALL_GROUP)


@bp.get("/topics/<slug>/dossier.docx")
@requires(Role.DEPUTY, Role.AUDITOR)
def dossier_docx(slug: str) -> Any:
    """Send a topic's Two Sessions dossier as an editable Word file in the request's language."""
    found = dossier_of(places().get_topic(slug))
    data = dossier_document(found)
    name = _("%(topic)s dossier", topic=found.name)
    return send_file(io.BytesIO(data), mimetype=DOCX, as_attachment=True, download_name=f"{safe_name(name)}.docx")


def safe_name(name: str) -> str:
    """Return ``name`` fit for a file name (no path separators or control characters)."""
    kept = "".join(ch if ch.isalnum() or ch in " -_.()（）·" else "-" for ch in name).strip(" .")
    return kept[:80] or "document"


def _language() -> str:
    from web.i18n import reading_language

    return reading_language()


def _east_asian(style: Any, font: str) -> None:
    """Make Word show Chinese characters of ``style`` in ``font`` (w:rFonts w:eastAsia)."""
    from docx.oxml.ns import qn

    fonts = style.element.get_or_add_rPr().get_or_add_rFonts()
    fonts.set(qn("w:eastAsia"), font)


def dossier_document(dossier: Dossier) -> bytes:
    """Return the dossier as a .docx: headings, the proposal, the counts as tables with bar charts, the ideas."""
    from docx import Document

    document = Document()
    font = EAST_ASIAN_FONTS.get(_language(), EAST_ASIAN_FONT)
    for style_name in ("Normal", "Title", "Heading 1", "Heading 2", "Heading 3", "Table Grid", "List Bullet"):
        _east_asian(document.styles[style_name], font)
    document.core_properties.title = dossier.name
    document.core_properties.language = _language()
    document.add_heading(dossier.name, level=0)
    document.add_paragraph(_("Two Sessions dossier · %(session)s", session=dossier.topic.session))
    document.add_paragraph(_("Printed on %(when)s", when=dossier.printed))
    if dossier.topic.description:
        document.add_paragraph(dossier.topic.description)

    document.add_heading(_("The proposal"), level=1)
    proposal = dossier.proposal
    _table(document, [], [
        [_("Proposal number"), proposal.number or "–"],
        [_("Proposal title"), proposal.title or "–"],
        [_("Where it stands"), proposal.step],
        [_("Outcome"), proposal.outcome or "–"],
    ])

    document.add_heading(_("The counts"), level=1)
    _table(document, [], [[_("Ideas"), str(dossier.ideas)],
                          [_("Children who asked (ideas merged as duplicates included)"), str(dossier.children)]])
    document.add_paragraph(_("To keep every child unrecognisable, a count from 1 to %(m)d is shown only as "
                             "“fewer than %(n)d”.", n=SMALL_GROUP, m=SMALL_GROUP - 1))
    for breakdown in dossier.breakdowns:
        document.add_heading(breakdown.heading, level=2)
        table = _table(document, [breakdown.heading, _("Children"), ""],
                       [[bar.label, bar.shown, ""] for bar in breakdown.bars])
        _draw_bars(table, [bar.value for bar in breakdown.bars])
    document.add_heading(_("By status"), level=2)
    _table(document, [_("Status"), _("Ideas")], [[label, str(n)] for label, n in dossier.statuses])

    document.add_heading(_("What the children said"), level=1)
    if not dossier.groups:
        document.add_paragraph(_("No items on this topic yet."))
    for band, ideas in dossier.groups:
        document.add_heading(band, level=2)
        for idea in ideas:
            _idea_paragraphs(document, idea)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _idea_paragraphs(document: Any, idea: Idea) -> None:
    if idea.title:
        document.add_paragraph(idea.title).runs[0].bold = True
    document.add_paragraph(idea.text or _("(the words are not shown, to protect the child)"))
    facts = [idea.place, words.age_words(idea.age_band), idea.channel, idea.status, idea.ref]
    if idea.merged:
        facts.append(ngettext("%(num)d more child asked the same", "%(num)d more children asked the same",
                              idea.merged))
    meta = document.add_paragraph(" · ".join(f for f in facts if f))
    meta.runs[0].italic = True


CHART_BLOCKS = 20  # the longest bar of a Word chart, in blocks
CHART_COLOUR = (0x1D, 0x4E, 0xD8)  # the web charts' blue


def _draw_bars(table: Any, values: list[float | None]) -> None:
    """Draw the chart in the table's last column: a blue bar of blocks per row, as long as its count.

    A bar of text, not a picture: Word keeps it editable and needs no font for the labels (they stay in
    their own column). A group too small to count (None) gets no bar, as on the web.
    """
    from docx.shared import RGBColor

    most = max((value for value in values if value), default=0)
    for row, value in zip(table.rows[1:], values, strict=True):
        if not value or not most:
            continue
        run = row.cells[-1].paragraphs[0].add_run("█" * max(1, round(CHART_BLOCKS * value / most)))
        run.font.color.rgb = RGBColor(*CHART_COLOUR)


def _table(document: Any, header: list[str], rows: list[list[str]]) -> Any:
    columns = len(header) if header else len(rows[0]) if rows else 2
    table = document.add_table(rows=0, cols=columns)
    table.style = document.styles["Table Grid"]
    if header:
        cells = table.add_row().cells
        for cell, text in zip(cells, header, strict=True):
            cell.text = text
            for run in cell.paragraphs[0].runs:
                run.bold = True
    for row in rows:
        cells = table.add_row().cells
        for cell, text in zip(cells, row, strict=True):
            cell.text = str(text)
    return table


# -- a body's worklist -----------------------------------------------------------------------------------------


@bp.get("/inbox.xlsx")
@requires(Role.OFFICIAL)
def inbox_xlsx() -> Any:
    """Send the body's worklist as an Excel workbook: the inbox's rows under its search and filters, every page."""
    body_id, query = inbox_query()
    queue = reads.queue_for()
    rows = queue.rows(limit=WORKLIST_ROWS, overdue=query.overdue, narrowing=query.narrowing, **query.filters)
    body = places().venue_name(body_id)
    data = worklist(reads.items_of(rows), body)
    name = _("Worklist of %(body)s, %(day)s", body=body, day=reads.today().isoformat())
    return send_file(io.BytesIO(data), mimetype=XLSX, as_attachment=True, download_name=f"{safe_name(name)}.xlsx")


OVERDUE_FILL = "FFC7CE"  # the light red spreadsheets use for what needs attention


def worklist(rows: Iterable[tuple[dict[str, Any], Suggestion]], body: str) -> bytes:
    """Return the worklist as .xlsx: one row per item, header frozen, widths set, an autofilter, overdue in red."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    book = Workbook()
    sheet = book.active
    sheet.title = safe_sheet_title(_("Worklist"))
    headers = [_("Reference"), _("Place"), _("Topic"), _("Filed"), _("Due"), _("Whose date"), _("Status"),
               _("Overdue"), _("The child's words")]
    widths = [14, 28, 22, 12, 12, 26, 16, 10, 70]
    sheet.append(headers)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    fill = PatternFill("solid", fgColor=OVERDUE_FILL)
    reads_originals = current_staff().has_role(Role.MODERATOR)
    with places().steady():
        for row, item in rows:
            due = item.forward_due or item.answer_due
            whose = _("The date given to the body") if item.forward_due else _("The date promised to the child")
            status = words.word(words.STATUSES, item.status)
            if item.decision is not None:
                status = f"{status} · {words.word(words.DECISIONS, item.decision)}"
            sheet.append([
                item.ref or "", place_of(item), places().topic_name(item.topic_id) if item.topic_id else "",
                _filed(row.get("submitted_at")), due, whose, status, _("overdue") if row.get("overdue") else "",
                _worklist_words(item, reads_originals),
            ])
            line = sheet.max_row
            for column in (4, 5):
                sheet.cell(line, column).number_format = "yyyy-mm-dd"
            sheet.cell(line, 9).alignment = Alignment(wrap_text=True, vertical="top")
            if row.get("overdue"):
                for cell in sheet[line]:
                    cell.fill = fill
                sheet.cell(line, 8).font = Font(bold=True, color="9C0006")
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(headers))}{max(sheet.max_row, 1)}"
    book.properties.title = _("Worklist of %(body)s, %(day)s", body=body, day=reads.today().isoformat())
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def safe_sheet_title(title: str) -> str:
    """Return a title Excel accepts for a sheet (at most 31 characters, none of []:*?/\\)."""
    return "".join(ch for ch in title if ch not in "[]:*?/\\")[:31] or "1"


def _filed(value: Any) -> date | None:
    if not value:
        return None
    moment = value if isinstance(value, datetime) else datetime.fromisoformat(str(value))
    return city(moment).date()


def _worklist_words(item: Suggestion, reads_originals: bool) -> str:
    """Return the child's words as the official may read them: never sealed, held or erased words."""
    if item.sealed:
        return _("Sealed for the safeguarding officer")
    if item.erased or item.text.is_erased:
        return _("(erased)")
    if not reads_originals and item.held:
        return _("Held back until a moderator takes out the personal data")
    text = item.text if reads_originals else item.public_text
    return str(text.text or "")


# -- the public yearly "You said, we did" report -----------------------------------------------------------------


@dataclass(frozen=True)
class Line:
    """One row of a report table: a label, ideas taken up and done (small-group rule applied)."""

    label: str
    taken_up: int | None
    done: int | None


def report_year() -> int:
    """Return the year asked for (this year by default), refusing what is not a year the record can hold."""
    this_year = reads.today().year
    raw = request.args.get("year", "").strip()
    if not raw:
        return this_year
    if not (raw.isdigit() and len(raw) == 4 and FIRST_YEAR <= int(raw) <= this_year):
        message = N_("there is no report for that year: write a year from %(first)d to %(last)d, like %(last)d")
        raise InvalidInput(message, {"year": message}, first=FIRST_YEAR, last=this_year)
    return int(raw)


def report_years(views: Any) -> list[int]:
    """Return the years a report can tell of, newest first: from the year the first idea came to this one."""
    this_year = reads.today().year
    first = work_queue.first_filed(views)
    since = city(datetime.fromisoformat(str(first))).year if first else this_year
    return list(range(this_year, min(since, this_year) - 1, -1))


def _in_year(value: Any, year: int) -> datetime | None:
    if not value:
        return None
    moment = city(value if isinstance(value, datetime) else datetime.fromisoformat(str(value)))
    return moment if moment.year == year else None


def _lines(counts: dict[str, list[int]]) -> list[Line]:
    ordered = sorted(counts.items(), key=lambda pair: (-pair[1][0], pair[0]))
    return [Line(label, public_count(n), public_count(done)) for label, (n, done) in ordered]


def yearly_report(year: int) -> dict[str, Any]:
    """Gather the public report of ``year`` (the city's calendar year): totals, by topic, place, month, examples."""
    views = reads.views()
    # The log keeps UTC instants as ISO text: a day either side of the year holds every moment of its city year.
    around = (f"{year - 1}-12-31", f"{year + 1}-01-02")
    received = sum(1 for at in work_queue.moments_between(views, "submitted_at", *around) if _in_year(at, year))
    answered = sum(1 for at in work_queue.moments_between(views, "answered_at", *around) if _in_year(at, year))
    topic_of = topic_board.topics_of_items(views)
    taken = [{**row, "topic_id": topic_of.get(row["id"])} for row in public_board.answered_between(views, *around)]
    taken = [r for r in taken if _in_year(r["answered_at"], year)]
    done = [r for r in taken if r["status"] == Status.IMPLEMENTED.value]
    by_topic: dict[str, list[int]] = {}
    by_place: dict[str, list[int]] = {}
    by_month: dict[str, int] = {}
    with places().steady():
        for row in taken:
            implemented = int(row["status"] == Status.IMPLEMENTED.value)
            topic = places().topic_name(UUID(row["topic_id"])) if row.get("topic_id") else _("not on a topic")
            place = places().venue_name(UUID(row["venue_id"])) if row.get("venue_id") else _("no place given")
            for table, key in ((by_topic, topic), (by_place, place)):
                counts = table.setdefault(key, [0, 0])
                counts[0] += 1
                counts[1] += implemented
            month = _in_year(row["answered_at"], year)
            assert month is not None
            by_month[f"{month:%Y-%m}"] = by_month.get(f"{month:%Y-%m}", 0) + 1
        examples = sorted((r for r in taken if r["text"]),
                          key=lambda r: (r["status"] != Status.IMPLEMENTED.value, str(r["answered_at"])),
                          )[:EXAMPLES]
        for row in examples:
            row["place"] = places().venue_name(UUID(row["venue_id"])) if row.get("venue_id") else ""
            row["decision_words"] = words.word(words.DECISIONS, row.get("decision"))
            row["status_words"] = words.word(words.STATUSES, row.get("status"))
    months = [Bar(month, public_count(n), count_words(public_count(n))) for month, n in sorted(by_month.items())]
    now = feedback().clock.now()
    return {
        "year": year,
        "totals": {"received": public_count(received), "answered": public_count(answered),
                   "taken_up": public_count(len(taken)), "done": public_count(len(done))},
        "by_topic": _lines(by_topic), "by_place": _lines(by_place),
        "months": months,
        "months_chart": bar_chart("report-months", _("Ideas taken up, by month"), months) if months else "",
        "examples": examples,
        "printed": f"{city(now):%Y-%m-%d %H:%M} ({offset(city(now))})",
        "years": report_years(views),
    }


@public.get("/you-said-we-did/report")
def you_said_report() -> str:
    """Show the yearly "You said, we did" report, ready to print: totals, by topic and place, months, examples."""
    report = yearly_report(report_year())
    return render_template("staff/you_said_report.html", report=report, count_words=count_words,
                           small_group=SMALL_GROUP)
