"""Builders of valid case and protocol data for tests to mutate.

Each call returns a fresh, deeply independent dict written the way the strict YAML loader
delivers it (every scalar is text), so a test can change one field and expect exactly one
problem.
"""

from __future__ import annotations

from typing import Any

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
