"""The case file vocabularies and the words the site shows for each value."""

from __future__ import annotations

import functools
import re
from typing import Literal, get_args

import pycountry

from generator.content.i18n import N_, language, territory_name

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

REGIONS = {"C": N_("cervical"), "T": N_("thoracic"), "L": N_("lumbar"), "S": N_("sacral")}

AIS_MEANING = {
    "A": N_(
        "Complete: no sensory or motor function preserved in the lowest sacral segments (S4-S5)."
    ),
    "B": N_("Sensory incomplete: sensation but no motor function preserved below the level."),
    "C": N_(
        "Motor incomplete: most key muscles below the level are weaker than antigravity strength."
    ),
    "D": N_(
        "Motor incomplete: at least half of key muscles below the level have antigravity strength."
    ),
    "E": N_("Normal: sensation and motor function are normal."),
}

CAUSE_WORDS = {
    "vehicle": N_("Vehicle accident"),
    "fall": N_("Fall"),
    "sport": N_("Sport or recreation"),
    "violence": N_("Violence"),
    "medical": N_("Medical or surgical cause"),
    "other": N_("Other cause"),
    "unknown": N_("Unknown cause"),
}

ROUTE_WORDS = {
    "iv": N_("Intravenous (IV)"),
    "intrathecal": N_("Intrathecal (lumbar puncture)"),
    "intraspinal": N_("CT-guided intraspinal injection"),
}

CELL_WORDS = {
    "uc-msc": N_("Umbilical cord MSC"),
    "bm-msc": N_("Bone marrow MSC"),
    "ad-msc": N_("Adipose-derived MSC"),
    "other": N_("Other cells"),
}

DOMAIN_WORDS = {
    "bladder": N_("Bladder"),
    "bowel": N_("Bowel"),
    "sensation": N_("Sensation"),
    "spasticity": N_("Spasticity"),
    "motor": N_("Motor function"),
    "pain": N_("Pain"),
    "sweating": N_("Sweating"),
    "sexual": N_("Sexual function"),
    "mood": N_("Mood"),
    "other": N_("Other"),
}

CHANGE_WORDS = {
    "improved": N_("Improved"),
    "no_change": N_("No change"),
    "worsened": N_("Worsened"),
}
SOURCE_WORDS = {
    "patient": N_("patient report"),
    "clinician": N_("clinician"),
    "measured": N_("measured"),
}

SEX_WORDS = {
    "female": N_("female"), "male": N_("male"), "other": N_("other"),
    "undisclosed": N_("undisclosed"),
}  # fmt: skip
STATUS_WORDS = {
    "draft": N_("Draft"), "review": N_("Review"), "published": N_("Published"),
    "withdrawn": N_("Withdrawn"),
}  # fmt: skip
SEVERITY_WORDS = {"mild": N_("mild"), "moderate": N_("moderate"), "severe": N_("severe")}

CONNECTION_DISCLOSURES = {
    "discount": N_("This patient received the treatment at a discount."),
    "free_treatment": N_("This patient received the treatment free of charge."),
    "payment": N_("This patient was paid in connection with this case study."),
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
    "uems": (N_("Upper-extremity motor score (UEMS)"), 0, 50),
    "lems": (N_("Lower-extremity motor score (LEMS)"), 0, 50),
    "light_touch": (N_("Light-touch sensory score"), 0, 112),
    "pin_prick": (N_("Pin-prick sensory score"), 0, 112),
    "scim": (N_("Spinal Cord Independence Measure (SCIM)"), 0, 100),
    "wisci": (N_("Walking Index for SCI (WISCI II)"), 0, 20),
    "nbd": (N_("Neurogenic bowel dysfunction score (NBD)"), 0, 47),
}

# The graded measures: (label, how the scale is written).
GRADED: dict[str, tuple[str, str]] = {
    "ais": (N_("AIS grade"), "A-E"),
    "level": (N_("Neurological level"), "C1-S5"),
    "ashworth": (N_("Modified Ashworth (spasticity)"), "0, 1, 1+, 2, 3, 4"),
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
    """Return the country's name in the language spoken, or the code when it has none.

    English names are pycountry's common names; other languages' are the Unicode CLDR's.
    """
    if language() != "en":
        return territory_name(code) or country_name(code) or code
    return country_name(code) or code


def completeness(ais: str) -> str:
    """Return whether an injury of AIS grade ``ais`` is complete (A) or incomplete (B-D)."""
    return N_("complete") if ais == "A" else N_("incomplete")


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
