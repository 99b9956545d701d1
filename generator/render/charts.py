"""SVG charts: weeks to first improvement by area, and one case's timeline.

Each chart is one self-contained ``<svg>`` returned as ``Markup``. Every text it carries goes
through ``escape_text``, which entity-encodes every character that could start markup (valid
in SVG, HTML and Markdown alike); numbers are formatted here. Charts are never the only way to
read the numbers: pages put a table or a text list beside each one, and the SVG's title and
description say so. Colours come from CSS classes (``theme/assets/stylesheets/casebook.css``) so
they follow the light and dark schemes; shapes differ too, so nothing depends on colour alone.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from markupsafe import Markup

from generator.catalog.aggregates import DomainSummary, format_week
from generator.content import vocab
from generator.content.i18n import N_, _, ngettext
from generator.content.models import Case
from generator.render.escape import escape_text

_STEPS = (1, 2, 4, 8, 13, 26, 52, 104, 208, 520)
_LABEL_WIDTH = 150
_NOTE_WIDTH = 150
_WIDTH = 720
_ROW = 30


def _num(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


def _attrs(attrs: dict[str, str | float]) -> str:
    parts = []
    for name, value in attrs.items():
        text = _num(value) if isinstance(value, int | float) else str(escape_text(value))
        parts.append(f' {name.rstrip("_").replace("_", "-")}="{text}"')
    return "".join(parts)


def _el(tag: str, content: str = "", **attrs: str | float) -> str:
    if content:
        return f"<{tag}{_attrs(attrs)}>{content}</{tag}>"
    return f"<{tag}{_attrs(attrs)}/>"


def _text(x: float, y: float, words: str, cls: str, anchor: str = "start") -> str:
    return _el("text", str(escape_text(words)), x=x, y=y, text_anchor=anchor, class_=cls)


@dataclass(frozen=True)
class Axis:
    """A week axis mapped onto a horizontal pixel span.

    Attributes:
        low: The first week shown.
        high: The last week shown.
        step: Weeks between ticks.
        left: Pixel position of ``low``.
        right: Pixel position of ``high``.
    """

    low: int
    high: int
    step: int
    left: float
    right: float

    def x(self, week: float) -> float:
        """Return the pixel position of ``week``."""
        return self.left + (week - self.low) / (self.high - self.low) * (self.right - self.left)

    def ticks(self) -> range:
        """Return the weeks that get a tick and a grid line."""
        return range(self.low, self.high + 1, self.step)


def week_axis(low: float, high: float, left: float, right: float) -> Axis:
    """Return an axis from ``low`` to ``high`` weeks, widened to round ticks (at most ~8)."""
    low, high = min(low, 0), max(high, 1)
    step = next((s for s in _STEPS if (high - low) / s <= 8), _STEPS[-1])
    first = math.floor(low / step) * step
    last = max(math.ceil(high / step) * step, first + step)
    return Axis(first, last, step, left, right)


def _grid(axis: Axis, top: float, bottom: float) -> list[str]:
    parts = []
    for week in axis.ticks():
        x = axis.x(week)
        parts.append(_el("line", x1=x, x2=x, y1=top, y2=bottom, class_="cb-grid"))
        parts.append(_text(x, bottom + 16, str(week), "cb-tick", "middle"))
    middle = (axis.left + axis.right) / 2
    words = _("Weeks after the first treatment")
    parts.append(_text(middle, bottom + 34, words, "cb-axis", "middle"))
    return parts


def _svg(chart_id: str, title: str, desc: str, height: float, body: Sequence[str]) -> Markup:
    head = (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="cb-svg" viewBox="0 0 {_WIDTH} '
        f'{_num(height)}" width="{_WIDTH}" height="{_num(height)}" role="img" '
        f'aria-labelledby="{chart_id}-title {chart_id}-desc">'
    )
    texts = _el("title", str(escape_text(title)), id=f"{chart_id}-title") + _el(
        "desc", str(escape_text(desc)), id=f"{chart_id}-desc"
    )
    # One line, no blank lines: Markdown keeps a raw HTML block whole only if it has none.
    return Markup(head + texts + "".join(body) + "</svg>")


def _legend_item(x: float, y: float, shape: str, words: str) -> str:
    return shape + _text(x + 14, y + 4, words, "cb-legend")


def _results_legend(y: float) -> list[str]:
    return [
        _legend_item(
            _LABEL_WIDTH,
            y,
            _el("rect", x=_LABEL_WIDTH - 4, y=y - 5, width=12, height=10, class_="cb-iqr"),
            _("middle half of cases (interquartile range)"),
        ),
        _legend_item(
            _LABEL_WIDTH + 285,
            y,
            _el(
                "line",
                x1=_LABEL_WIDTH + 287,
                x2=_LABEL_WIDTH + 287,
                y1=y - 8,
                y2=y + 8,
                class_="cb-median",
            ),
            _("median"),
        ),
        _legend_item(
            _LABEL_WIDTH + 370,
            y,
            _el("circle", cx=_LABEL_WIDTH + 372, cy=y, r=3.5, class_="cb-dot"),
            _("cases (bigger: more)"),
        ),
    ]


def _week_dots(weeks: Sequence[int], axis: Axis, y: float) -> list[str]:
    """One dot per week in which cases first improved, its area growing with their number.

    A dot per week, not per case, keeps a chart's size bounded by the weeks on its axis however
    many cases there are; each dot's title says how many cases it stands for.
    """
    dots = []
    for week, count in sorted(Counter(weeks).items()):
        radius = min(3.5 * math.sqrt(count), 9.0)
        words = ngettext(
            "{n} case, first improved at week {week}",
            "{n} cases, first improved at week {week}",
            count,
        ).format(n=count, week=week)
        title = _el("title", str(escape_text(words)))
        dots.append(
            _el("circle", title, cx=axis.x(week), cy=y, r=round(radius, 1), class_="cb-dot")
        )
    return dots


def _domain_row(summary: DomainSummary, axis: Axis, y: float) -> list[str]:
    parts = [_text(_LABEL_WIDTH - 10, y + 4, _(summary.label), "cb-label", "end")]
    note = _("{improved} of {reported} improved").format(
        improved=summary.improved, reported=summary.reported
    )
    if summary.spread is None:
        words = _("not reported") if summary.reported == 0 else _("no improvement reported")
        parts.append(_text(axis.left + 4, y + 4, words, "cb-muted"))
    else:
        s = summary.spread
        left, right = axis.x(s.q1), axis.x(s.q3)
        width = max(right - left, 3)
        parts.append(
            _el(
                "rect",
                x=left - (width - (right - left)) / 2,
                y=y - 6,
                width=width,
                height=12,
                rx=2,
                class_="cb-iqr",
            )
        )
        parts.extend(_week_dots(summary.weeks, axis, y))
        mid = axis.x(s.median)
        parts.append(_el("line", x1=mid, x2=mid, y1=y - 10, y2=y + 10, class_="cb-median"))
    parts.append(_text(_WIDTH - _NOTE_WIDTH + 12, y + 4, note, "cb-note"))
    return parts


def results_chart(summaries: Sequence[DomainSummary], chart_id: str, max_week: int = 0) -> Markup:
    """Draw the week of first improvement by area: one row per area, IQR span, median mark.

    Args:
        summaries: One summary per area, in display order.
        chart_id: A prefix for the chart's element ids, unique on its page.
        max_week: Extend the axis to at least this week (to share a scale with other charts).

    Returns:
        The SVG element.
    """
    weeks = [w for s in summaries for w in s.weeks] + [max_week]
    axis = week_axis(
        min(weeks, default=0), max(weeks, default=1), _LABEL_WIDTH, _WIDTH - _NOTE_WIDTH
    )
    top = 40
    bottom = top + _ROW * len(summaries)
    body = [*_results_legend(14), *_grid(axis, top - 8, bottom - 8)]
    for index, summary in enumerate(summaries):
        body += _domain_row(summary, axis, top + 7 + index * _ROW)
    total = summaries[0].total if summaries else 0
    title = _("Week of first improvement by area: median and interquartile range")
    desc = _(
        "From {total} published case studies. Each row is an area; the bar spans the middle "
        "half of the cases that improved, the mark is the median, each dot one case. "
        "The table that follows gives the same numbers."
    ).format(total=total)
    return _svg(chart_id, title, desc, bottom + 34, body)


def describe_summary(summary: DomainSummary) -> str:
    """Describe one area's summary in a sentence, for text alternatives."""
    head = f"{summary.label}: {summary.improved} of {summary.reported} reporting improved"
    if summary.spread is None:
        return head + "."
    s = summary.spread
    return (
        f"{head}, first after a median of {format_week(s.median)} weeks "
        f"(interquartile range {format_week(s.q1)} to {format_week(s.q3)})."
    )


@dataclass(frozen=True)
class Mark:
    """One thing on a case's timeline.

    Attributes:
        week: Weeks after the first treatment.
        lane: The row it is drawn in, such as ``Sessions`` or ``Bladder``.
        kind: ``session``, ``improved``, ``no_change``, ``worsened``, ``assessment`` or
            ``adverse``; decides its shape.
        text: What it was, in words.
    """

    week: int
    lane: str
    kind: str
    text: str


def _session_marks(case: Case) -> list[Mark]:
    marks = []
    for s in case.treatment.sessions:
        dose = _("{dose:g} million cells").format(dose=s.dose_million) if s.dose_million else ""
        given = ", ".join(
            w for w in (_(vocab.ROUTE_WORDS[s.route]), _(vocab.CELL_WORDS[s.cells]), dose) if w
        )
        words = _("Session: {given}").format(given=given)
        marks.append(Mark(case.week(s), _("Sessions"), "session", words))
    return marks


def _event_marks(case: Case) -> list[Mark]:
    marks = []
    for e in case.timeline:
        label = _(vocab.DOMAIN_WORDS[e.domain])
        change = _(vocab.CHANGE_WORDS[e.change]).lower()
        words = f"{label}: {change} ({_(vocab.SOURCE_WORDS[e.source])}). {e.text}"
        marks.append(Mark(case.week(e), label, e.change, words))
    return marks


def _assessment_marks(case: Case) -> list[Mark]:
    marks = []
    for a in case.assessments:
        values = [
            f"{short} {getattr(a, name)}"
            for name, short in vocab.MEASURES.items()
            if getattr(a, name) is not None
        ]
        words = _("Assessment: {values}").format(values=", ".join(values))
        marks.append(Mark(case.week(a), _("Assessments"), "assessment", words))
    return marks


def _adverse_marks(case: Case) -> list[Mark]:
    return [
        Mark(
            case.week(e),
            _("Adverse events"),
            "adverse",
            _("Adverse event ({severity}): {text}").format(
                severity=_(vocab.SEVERITY_WORDS[e.severity]), text=e.text
            ),
        )
        for e in case.treatment.adverse_events
    ]


def case_marks(case: Case) -> list[Mark]:
    """Return everything on ``case``'s timeline, ordered by week (the chart's text equivalent)."""
    marks = [
        *_session_marks(case),
        *_event_marks(case),
        *_assessment_marks(case),
        *_adverse_marks(case),
    ]
    return sorted(marks, key=lambda m: m.week)


def _lanes(marks: Sequence[Mark]) -> list[str]:
    present = {m.lane for m in marks}
    names = [_(vocab.DOMAIN_WORDS[d]) for d in vocab.DOMAINS]
    domains = [name for name in names if name in present]
    extra = [_("Adverse events")] if _("Adverse events") in present else []
    return [_("Sessions"), *domains, _("Assessments"), *extra]


def _points(*pairs: tuple[float, float]) -> str:
    return " ".join(f"{_num(x)},{_num(y)}" for x, y in pairs)


def _shape(kind: str, x: float, y: float) -> str:
    if kind == "session":
        diamond = _points((x, y - 7), (x + 7, y), (x, y + 7), (x - 7, y))
        return _el("polygon", points=diamond, class_="cb-session")
    if kind in ("improved", "worsened"):
        tip, base = (y - 7, y + 6) if kind == "improved" else (y + 7, y - 6)
        triangle = _points((x, tip), (x + 7, base), (x - 7, base))
        return _el("polygon", points=triangle, class_=f"cb-{kind.replace('_', '-')}")
    if kind == "assessment":
        return _el("rect", x=x - 5, y=y - 5, width=10, height=10, class_="cb-assessment")
    if kind == "adverse":
        cross = f"M{_points((x - 5, y - 5))}L{_points((x + 5, y + 5))}"
        cross += f"M{_points((x - 5, y + 5))}L{_points((x + 5, y - 5))}"
        return _el("path", d=cross, class_="cb-adverse")
    return _el("circle", cx=x, cy=y, r=5.5, class_="cb-no-change")


_KEY = (
    ("session", N_("session")),
    ("improved", N_("improved")),
    ("no_change", N_("no change")),
    ("worsened", N_("worsened")),
    ("assessment", N_("assessment")),
    ("adverse", N_("adverse event")),
)


def _key(y: float) -> list[str]:
    parts, x = [], float(_LABEL_WIDTH)
    for kind, message in _KEY:
        words = _(message)
        parts += [_shape(kind, x, y), _text(x + 12, y + 4, words, "cb-legend")]
        x += 24 + 7.2 * len(words)
    return parts


def case_timeline_chart(case: Case, chart_id: str = "cb-case-timeline") -> Markup:
    """Draw a case's sessions, reported changes by area, assessments and adverse events.

    Args:
        case: The case.
        chart_id: A prefix for the chart's element ids, unique on its page.

    Returns:
        The SVG element; ``case_marks`` gives the same content as text.
    """
    marks = case_marks(case)
    lanes = _lanes(marks)
    weeks = [m.week for m in marks]
    axis = week_axis(min(weeks), max(weeks), _LABEL_WIDTH, _WIDTH - 30)
    top, bottom = 20, 20 + _ROW * len(lanes)
    body = _grid(axis, top - 8, bottom - 8)
    row_of = {lane: top + 7 + i * _ROW for i, lane in enumerate(lanes)}
    body += [_text(_LABEL_WIDTH - 14, y + 4, lane, "cb-label", "end") for lane, y in row_of.items()]
    for mark in marks:
        shape = _shape(mark.kind, axis.x(mark.week), row_of[mark.lane])
        tip = _el(
            "title",
            str(escape_text(_("Week {week}: {text}").format(week=mark.week, text=mark.text))),
        )
        body.append(_el("g", shape + tip, class_="cb-mark"))
    body += _key(bottom + 56)
    title = _("Timeline of this case in weeks after the first treatment")
    desc = _(
        "Sessions, the changes reported in each area, assessments and adverse events by week. "
        "The list after the chart gives the same information as text."
    )
    return _svg(chart_id, title, desc, bottom + 72, body)
