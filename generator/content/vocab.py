"""The case file vocabularies and the words the site shows for each value."""

from __future__ import annotations

import functools
import re
from typing import Literal, get_args

import pycountry

Status = Literal["draft", "review", "published", "withdrawn"]
Sex = Literal["female", "male", "other", "undisclosed"]
InjuryAis = Literal["A", "B", "C", "D"]
AssessedAis = Literal["A", "B", "C", "D", "E"]
Cause = Literal["vehicle", "fall", "sport", "violence", "medical", "other", "unknown"]
Route = Literal["iv", "intrathecal", "intraspinal"]
Cells = Literal["uc-msc", "bm-msc", "ad-msc", "other"]
Severity = Literal["mild", "moderate", "severe"]
Domain = Literal[
    "bladder", "bowel", "sensation", "spasticity", "motor", "pain", "sweating", "sexual", "mood",
    "other",
]  # fmt: skip
Change = Literal["improved", "no_change", "worsened"]
Source = Literal["patient", "clinician", "measured"]
Scope = Literal["clinical", "name", "photo", "quote", "video"]
Connection = Literal["none", "discount", "free_treatment", "payment"]
Ashworth = Literal["0", "1", "1+", "2", "3", "4"]
Measure = Literal[
    "ais", "level", "uems", "lems", "light_touch", "pin_prick", "scim", "wisci", "ashworth", "nbd"
]  # fmt: skip

# One source for each vocabulary: the tuples are read off the Literal types above.
INJURY_GRADES: tuple[InjuryAis, ...] = get_args(InjuryAis)
ASSESSED_GRADES: tuple[AssessedAis, ...] = get_args(AssessedAis)

# The kinds of facet page: each is a folder under cases/, so no case may take one as its id.
FACET_KINDS = ("region", "ais", "protocol", "country")

DOMAINS: tuple[Domain, ...] = (
    "bladder", "bowel", "sensation", "spasticity", "motor", "pain", "sweating", "sexual", "mood",
    "other",
)  # fmt: skip

LEVEL_PATTERN = r"^(C[1-8]|T([1-9]|1[0-2])|L[1-5]|S[1-5])$"
_LEVEL_RE = re.compile(LEVEL_PATTERN)

REGIONS = {"C": "cervical", "T": "thoracic", "L": "lumbar", "S": "sacral"}

AIS_MEANING = {
    "A": "Complete: no sensory or motor function preserved in the lowest sacral segments (S4-S5).",
    "B": "Sensory incomplete: sensation but no motor function preserved below the level.",
    "C": "Motor incomplete: most key muscles below the level are weaker than antigravity strength.",
    "D": "Motor incomplete: at least half of key muscles below the level have antigravity "
    "strength.",
    "E": "Normal: sensation and motor function are normal.",
}

CAUSE_WORDS = {
    "vehicle": "Vehicle accident",
    "fall": "Fall",
    "sport": "Sport or recreation",
    "violence": "Violence",
    "medical": "Medical or surgical cause",
    "other": "Other cause",
    "unknown": "Unknown cause",
}

ROUTE_WORDS = {
    "iv": "Intravenous (IV)",
    "intrathecal": "Intrathecal (lumbar puncture)",
    "intraspinal": "CT-guided intraspinal injection",
}

CELL_WORDS = {
    "uc-msc": "Umbilical cord MSC",
    "bm-msc": "Bone marrow MSC",
    "ad-msc": "Adipose-derived MSC",
    "other": "Other cells",
}

DOMAIN_WORDS = {
    "bladder": "Bladder",
    "bowel": "Bowel",
    "sensation": "Sensation",
    "spasticity": "Spasticity",
    "motor": "Motor function",
    "pain": "Pain",
    "sweating": "Sweating",
    "sexual": "Sexual function",
    "mood": "Mood",
    "other": "Other",
}

CHANGE_WORDS = {"improved": "Improved", "no_change": "No change", "worsened": "Worsened"}
SOURCE_WORDS = {"patient": "patient report", "clinician": "clinician", "measured": "measured"}

CONNECTION_DISCLOSURES = {
    "discount": "This patient received the treatment at a discount.",
    "free_treatment": "This patient received the treatment free of charge.",
    "payment": "This patient was paid in connection with this case study.",
}

# Every measure an assessment may record, in the order tables show them, with its short name.
MEASURES: dict[Measure, str] = {
    "ais": "AIS", "level": "level", "uems": "UEMS", "lems": "LEMS", "light_touch": "light touch",
    "pin_prick": "pin prick", "scim": "SCIM", "wisci": "WISCI II", "ashworth": "Ashworth",
    "nbd": "NBD",
}  # fmt: skip

# The ordinal measures in the order they are written (levels: from the top of the spine down).
ASHWORTH_ORDER: tuple[Ashworth, ...] = get_args(Ashworth)
LEVELS: tuple[str, ...] = (
    *(f"C{n}" for n in range(1, 9)),
    *(f"T{n}" for n in range(1, 13)),
    *(f"L{n}" for n in range(1, 6)),
    *(f"S{n}" for n in range(1, 6)),
)

# Each scored measure: (label, lowest, highest). Which way is better is in the reference table.
SCALES: dict[str, tuple[str, int, int]] = {
    "uems": ("Upper-extremity motor score (UEMS)", 0, 50),
    "lems": ("Lower-extremity motor score (LEMS)", 0, 50),
    "light_touch": ("Light-touch sensory score", 0, 112),
    "pin_prick": ("Pin-prick sensory score", 0, 112),
    "scim": ("Spinal Cord Independence Measure (SCIM)", 0, 100),
    "wisci": ("Walking Index for SCI (WISCI II)", 0, 20),
    "nbd": ("Neurogenic bowel dysfunction score (NBD)", 0, 47),
}

# The graded measures: (label, how the scale is written).
GRADED: dict[str, tuple[str, str]] = {
    "ais": ("AIS grade", "A-E"),
    "level": ("Neurological level", "C1-S5"),
    "ashworth": ("Modified Ashworth (spasticity)", "0, 1, 1+, 2, 3, 4"),
}


def is_level(value: str) -> bool:
    """Tell whether ``value`` is a neurological level such as ``T11``."""
    return bool(_LEVEL_RE.fullmatch(value))


def region(level: str) -> str:
    """Return the spinal region of a level: ``T11`` is thoracic."""
    return REGIONS[level[0]]


@functools.lru_cache(maxsize=512)  # pycountry looks attributes up slowly; 2,000 cases, ~100 codes
def country_name(code: str) -> str | None:
    """Return the English common name of an ISO 3166-1 alpha-2 code, or ``None``."""
    country = pycountry.countries.get(alpha_2=code) if len(code) == 2 else None
    if country is None:
        return None
    return str(getattr(country, "common_name", country.name))


def country_label(code: str) -> str:
    """Return the country's English name for display, or the code when it has none."""
    return country_name(code) or code


def completeness(ais: str) -> str:
    """Return whether an injury of AIS grade ``ais`` is complete (A) or incomplete (B-D)."""
    return "complete" if ais == "A" else "incomplete"


def is_currency(code: str) -> bool:
    """Tell whether ``code`` is an ISO 4217 currency code."""
    return len(code) == 3 and pycountry.currencies.get(alpha_3=code) is not None


def countries() -> list[tuple[str, str]]:
    """Return every ISO 3166-1 alpha-2 code with its English name, sorted by name."""
    codes = (str(country.alpha_2) for country in pycountry.countries)
    return sorted(((code, country_label(code)) for code in codes), key=lambda pair: pair[1])


def currencies() -> list[tuple[str, str]]:
    """Return every ISO 4217 currency code with its English name, sorted by code."""
    return sorted((str(c.alpha_3), str(c.name)) for c in pycountry.currencies)
