from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET

from generator.catalog import aggregates
from generator.content.models import TimelineEvent
from generator.render import charts
from tests.factories import make_case

SVG = "{http://www.w3.org/2000/svg}"


def _parse(svg: str) -> ET.Element:
    # Entities such as &#60; are valid XML; a stray "<" or "&" from case text would not be.
    return ET.fromstring(svg)


def test_results_chart_has_one_row_per_area_and_marks_the_median() -> None:
    cases = [
        make_case("a", events=[("motor", "improved", 12)]),
        make_case("b", events=[("motor", "improved", 26)]),
        make_case("c", events=[("motor", "no_change", 26)]),
    ]
    summaries = aggregates.summarise(cases)
    root = _parse(charts.results_chart(summaries, "t"))
    labels = [t.text for t in root.iter(f"{SVG}text") if t.get("class") == "cb-label"]
    assert labels == [s.label for s in summaries]
    assert len([e for e in root.iter(f"{SVG}rect") if e.get("class") == "cb-iqr"]) == 2  # +legend
    assert len([e for e in root.iter(f"{SVG}circle") if e.get("class") == "cb-dot"]) == 3
    assert root.get("role") == "img" and root.get("aria-labelledby") == "t-title t-desc"
    notes = [t.text for t in root.iter(f"{SVG}text") if t.get("class") == "cb-note"]
    assert "2 of 3 improved" in notes


def test_median_mark_sits_at_the_median_week() -> None:
    summaries = aggregates.summarise(
        [make_case(str(i), events=[("pain", "improved", w)]) for i, w in enumerate([4, 8, 12])]
    )
    chart = charts.results_chart(summaries, "t")
    axis = charts.week_axis(0, 12, 150, 720 - 150)
    root = _parse(chart)
    medians = [e for e in root.iter(f"{SVG}line") if e.get("class") == "cb-median"]
    assert float(medians[-1].get("x1") or 0) == round(axis.x(8), 1)


def test_case_text_in_a_chart_is_escaped() -> None:
    hostile = '<script>alert("x")</script> & {{ x }}'
    case = make_case(events=[("pain", "worsened", 3)])
    event = TimelineEvent(week=5, domain="pain", change="improved", source="patient", text=hostile)
    case = case.model_copy(update={"timeline": [*case.timeline, event]})
    chart = charts.case_timeline_chart(case)
    assert "<script" not in chart and "{{" not in chart
    titles = [t.text for t in _parse(chart).iter(f"{SVG}title")]
    assert any(hostile in (t or "") for t in titles)  # shown as written once decoded


def test_case_marks_are_the_charts_text_equivalent() -> None:
    case = make_case(events=[("bladder", "improved", 6)], start=dt.date(2024, 1, 1))
    marks = charts.case_marks(case)
    assert [m.week for m in marks] == sorted(m.week for m in marks)
    kinds = {m.kind for m in marks}
    assert {"session", "improved", "assessment"} <= kinds
    root = _parse(charts.case_timeline_chart(case))
    assert len(list(root.iter(f"{SVG}g"))) == len(marks)


def test_week_axis_includes_zero_and_rounds_to_ticks() -> None:
    axis = charts.week_axis(-1, 26, 0, 100)
    assert axis.low <= -1 and axis.high >= 26 and 0 in axis.ticks()
    assert len(axis.ticks()) <= 9


def test_one_dot_per_week_however_many_cases_improved_that_week() -> None:
    cases = [make_case(f"c{i}", events=[("bladder", "improved", 8)]) for i in range(50)]
    cases.append(make_case("d", events=[("bladder", "improved", 12)]))
    root = _parse(charts.results_chart(aggregates.summarise(cases), "t"))
    dots = [e for e in root.iter(f"{SVG}circle") if e.get("class") == "cb-dot"]
    titles = sorted(t.text or "" for d in dots for t in d.iter(f"{SVG}title"))
    assert len(dots) == 3  # weeks 8 and 12, and the legend's
    assert titles == ["1 case, first improved at week 12", "50 cases, first improved at week 8"]
    radii = {float(d.get("r") or 0) for d in dots}
    assert max(radii) == 9.0 and min(radii) == 3.5


def test_a_chart_does_not_grow_with_the_number_of_cases() -> None:
    def chart(count: int) -> str:
        cases = [
            make_case(f"c{i}", events=[("motor", "improved", 4 + i % 20)]) for i in range(count)
        ]
        return str(charts.results_chart(aggregates.summarise(cases), "t"))

    small, large = chart(40), chart(400)
    assert len(large) < len(small) * 1.05
