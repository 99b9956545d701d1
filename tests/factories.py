"""Builders of valid case and protocol data for tests to mutate.

Each call returns a fresh, deeply independent dict written the way the strict YAML loader
delivers it (every scalar is text), so a test can change one field and expect exactly one
problem.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import yaml
from hypothesis import strategies as st

from generator.content import vocab
from generator.content.load import load_case
from generator.content.models import Case, TimelineEvent

ROOT = Path(__file__).resolve().parent.parent

PROTOCOL_ID = "uc-msc-iv-lp"


def valid_case() -> dict[str, Any]:
    """Return a valid case (the case-format example) as the YAML loader delivers it."""
    return {
        "id": "maya-r-t11",
        "status": "published",
        "headline": "Walking with a frame two years after a fall",
        "patient": {"name": "Maya R.", "age": "34", "sex": "female", "country": "AU"},
        "injury": {"level": "T11", "ais": "C", "cause": "fall", "date": "2021-06"},
        "treatment": {
            "protocol": PROTOCOL_ID,
            "start": "2023-09-04",
            "sessions": [
                {"week": "0", "route": "iv", "cells": "uc-msc", "dose_million": "100"},
                {"week": "4", "route": "intrathecal", "cells": "uc-msc", "dose_million": "50"},
            ],
            "rehab": "Physiotherapy three times a week for six months.",
            "adverse_events": [
                {"week": "4", "severity": "mild", "text": "Headache for two days."},
            ],
        },
        "assessments": [
            {"week": "-1", "ais": "C", "level": "T11", "lems": "12", "ashworth": "2"},
            {"week": "26", "ais": "C", "level": "T11", "lems": "19", "ashworth": "1+"},
        ],
        "before": "Maya used a wheelchair full time.\n",
        "after": "At six months Maya walks 10 m with a frame.\n",
        "timeline": [
            {
                "week": "6",
                "domain": "bladder",
                "change": "improved",
                "source": "patient",
                "text": "Feels when the bladder is full.",
            },
        ],
        "story": '"They told me I would never stand again. Now I stand with a frame."\n',
        "quote": "Now I stand with a frame.",
        "consent": {
            "form": "CF-2023-0412",
            "signed": "2023-08-30",
            "expires": "2027-08-30",
            "revoked": None,
            "scope": ["clinical", "quote"],
            "connection": "none",
        },
    }


def valid_protocol() -> dict[str, Any]:
    """Return a valid protocol front matter mapping (the value of ``protocol:``)."""
    return {
        "id": PROTOCOL_ID,
        "name": "UC-MSC by IV and lumbar puncture",
        "cells": ["uc-msc"],
        "routes": ["iv", "intrathecal"],
        "sessions": {"min": "1", "max": "3"},
        "phases": [{"name": "Evaluation", "text": "MRI and AIS grading."}],
        "recommended_for": "Incomplete injuries (AIS B-D).",
        "regulatory_status": "Not approved by the FDA or EMA for spinal cord injury.",
        "trial": None,
        "expected_results": "Most patients see little or no change.",
        "risks": ["Headache after lumbar puncture."],
        "price": {
            "currency": "USD",
            "base": "12000",
            "per_session": "8000",
            "options": [{"id": "exosome", "name": "Exosome add-on", "price": "3500"}],
        },
    }


def write_case(cases: Path, data: dict[str, Any], name: str | None = None) -> Path:
    cases.mkdir(parents=True, exist_ok=True)
    path = cases / f"{name or data['id']}.yml"
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return path


def write_protocol(folder: Path, data: dict[str, Any], name: str | None = None) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name or data['id']}.md"
    front = yaml.safe_dump({"protocol": data}, sort_keys=False)
    path.write_text(f"---\n{front}---\n\n## Overview\n\nProse.\n", encoding="utf-8")
    return path


_BASE = load_case(ROOT / "cases" / "amara-n-c6.yml", "amara-n-c6.yml")[0]
assert _BASE is not None


def make_case(
    case_id: str = "a-b",
    *,
    events: list[tuple[vocab.Domain, vocab.Change, int]] | None = None,
    ais: str = "B",
    start: dt.date = dt.date(2024, 1, 1),
    **patient: Any,
) -> Case:
    """A valid case built from a sample file, with the given timeline (domain, change, week)."""
    assert _BASE is not None
    base = _BASE.model
    update: dict[str, Any] = {
        "id": case_id,
        "injury": base.injury.model_copy(update={"ais": ais}),
        "treatment": base.treatment.model_copy(update={"start": start}),
        "patient": base.patient.model_copy(update=patient),
    }
    if events is not None:
        update["timeline"] = [
            TimelineEvent(week=week, domain=domain, change=change, source="clinician", text="x")
            for domain, change, week in events
        ]
    return base.model_copy(update=update)


# YAML 1.2 core schema: what a YAML language server makes of a plain (unquoted) scalar.
_NULL = re.compile(r"null|Null|NULL|~|")
_BOOL = re.compile(r"true|True|TRUE|false|False|FALSE")
_INT = re.compile(r"[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+")
_FLOAT = re.compile(r"[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?")


def _plain(value: str) -> Any:
    if _NULL.fullmatch(value):
        return None
    if _BOOL.fullmatch(value):
        return value.lower() == "true"
    if _INT.fullmatch(value):
        return int(value, 0) if value[:2] in ("0o", "0x") else int(value)
    if _FLOAT.fullmatch(value):
        return float(value)
    return value


def yaml12(text: str) -> Any:
    """Read YAML as a YAML 1.2 core-schema language server does (`NO` stays text)."""
    events = iter(yaml.parse(text, Loader=yaml.SafeLoader))

    def node(event: yaml.Event) -> Any:
        if isinstance(event, yaml.ScalarEvent):
            return _plain(event.value) if event.implicit[0] else event.value
        if isinstance(event, yaml.SequenceStartEvent):
            items = []
            while not isinstance(item := next(events), yaml.SequenceEndEvent):
                items.append(node(item))
            return items
        mapping = {}
        while not isinstance(key := next(events), yaml.MappingEndEvent):
            mapping[str(node(key))] = node(next(events))
        return mapping

    for event in events:
        if isinstance(event, yaml.DocumentStartEvent):
            return node(next(events))
    return None


def case_files(folder: Path) -> list[Path]:
    """Return the case files of ``folder``, sorted: ``<id>.yml``, not translations."""
    return sorted(p for p in folder.glob("*.yml") if "." not in p.stem)


def texts_of(vocabulary: list[str]) -> st.SearchStrategy[str]:
    """Texts of up to 30 of ``vocabulary``'s words, run together or separated by spaces,
    commas, full stops and line breaks: for the claims check's first look, in any language.
    """
    gaps = st.sampled_from(["", " ", " ", ", ", ". ", "\n"])
    words = st.lists(st.tuples(st.sampled_from(vocabulary), gaps), max_size=30)
    return words.map(lambda pairs: "".join(word + gap for word, gap in pairs))
