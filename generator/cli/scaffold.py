"""``casebook new``: a draft case file that validates as it is, every field explained."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from string import Template

from pydantic import TypeAdapter, ValidationError

from generator.content.errors import ConfigError
from generator.content.fields import ID_MAX_LENGTH, Identifier
from generator.content.models import Protocol
from generator.content.schema import SCHEMA_FILE

_TEMPLATE = Template("""\
# yaml-language-server: $$schema=$schema
# A new case: every value below is a placeholder that validates. Replace each TODO before
# setting status to review. `casebook validate` checks the file; docs: the case file format.
id: $id                       # must equal the file name (lowercase letters, digits, hyphens)
status: draft                 # draft, review, published or withdrawn; only published is built
# published: $start           # optional: the day it was first published; dates it in the feeds
headline: "TODO: what changed, in one line"  # plain text, 1-120 characters; the page title

patient:                      # who the patient is, as far as consent allows
  name: "A. B."               # initials style (Maya R. or M. R.) unless consent.scope has name
  age: 40                     # whole years at treatment.start, 0-120
  sex: undisclosed            # female, male, other or undisclosed
  country: AU                 # ISO 3166-1 alpha-2 code, such as AU, DE or NO
  # photo: photos/$id.jpg     # JPEG or PNG inside cases/; needs photo in consent.scope
  # history: "TODO"           # optional: relevant history and other conditions, 1-1,000 characters

injury:                       # the spinal cord injury before treatment
  level: T10                  # C1-C8, T1-T12, L1-L5 or S1-S5
  ais: C                      # AIS grade before treatment: A, B, C or D
  cause: unknown              # vehicle, fall, sport, violence, medical, other or unknown
  date: "$injury_year"        # YYYY, YYYY-MM or YYYY-MM-DD, not after treatment.start

treatment:                    # the protocol received and what happened during it
  protocol: $protocol         # the id of a page in the protocols folder
  start: $start               # YYYY-MM-DD of the first session (week 0); never published
  sessions:                   # one or more
    - week: 0                 # weeks after treatment.start (or date: YYYY-MM-DD)
      route: $route           # one of the protocol's routes: $routes
      cells: $cells           # uc-msc, bm-msc, ad-msc or other
  rehab: "TODO: rehabilitation alongside the treatment, or delete this line"  # optional
  # rehab_hours_per_week: 3   # optional: hours of that rehabilitation a week, 0-60; 0 if none
  adverse_events: []          # each: week, severity (mild, moderate, severe), text; [] if none
  # adverse_event_monitoring: "TODO"  # optional: how adverse events were looked for, 1-500 chars
  # prior:                    # optional: interventions before this one, at most 20; [] if none
  #   - "TODO: what, when, with what result"  # plain text, 1-300 characters

assessments:                  # the first is the baseline, at week 0 or before
  - week: 0                   # weeks after treatment.start (or date: YYYY-MM-DD)
    ais: C                    # A-E; add level, uems, lems, light_touch, pin_prick, scim, ...

before: |                     # Markdown, at most 5,000 characters
  TODO: daily life before treatment.
after: |                      # Markdown, at most 5,000 characters
  TODO: daily life at the latest follow-up.

timeline:                     # one or more changes noticed, in weeks
  - week: 0                   # weeks after treatment.start (or date: YYYY-MM-DD)
    domain: other             # bladder, bowel, sensation, spasticity, motor, pain, ...
    change: no_change         # improved, no_change or worsened
    source: clinician         # patient, clinician or measured
    text: "TODO: what was noticed"  # plain text, 1-300 characters

consent:                      # never published
  form: "TODO-FORM-REFERENCE" # the signed authorization, kept outside the repository
  signed: $start              # YYYY-MM-DD
  expires: $expires           # YYYY-MM-DD, after signed; the case leaves the site then
  revoked: null               # YYYY-MM-DD when the patient withdraws consent
  scope: [clinical]           # clinical (needed to publish), name, photo, quote, video
  connection: none            # none, discount, free_treatment or payment (disclosed)

# reviewed:                   # optional: the latest clinical review of this page
#   by: "TODO: role and name" # plain text, 1-120 characters, such as "Neurologist, Dr A. B."
#   on: $review_on               # YYYY-MM or YYYY-MM-DD
#   next: $review_next             # YYYY-MM or YYYY-MM-DD, after on: when the next review is due
# reviewed_claims:            # optional: sentences of this case the reviewer accepted, at most 50
#   - "TODO: a sentence"      # plain text, 1-300 characters
""")


_IDS: TypeAdapter[str] = TypeAdapter(Identifier)


def check_id(case_id: str) -> str:
    """Return ``case_id`` when it is a valid case id.

    Raises:
        ConfigError: It is not one.
    """
    try:
        _IDS.validate_python(case_id)  # the models' own rule, pattern and length
    except ValidationError:
        raise ConfigError(
            f"{case_id!r} is not a valid id: use lowercase letters, digits and single hyphens, "
            f"at most {ID_MAX_LENGTH} characters (such as maya-r-t11)"
        ) from None
    return case_id


def new_case_text(case_id: str, protocol: Protocol, today: dt.date) -> str:
    """Return the text of a draft case file for ``case_id`` treated with ``protocol``."""
    return _TEMPLATE.substitute(
        schema=SCHEMA_FILE,
        id=check_id(case_id),
        injury_year=today.year - 1,
        protocol=protocol.id,
        start=today.isoformat(),
        expires=today.replace(year=today.year + 5, day=min(today.day, 28)).isoformat(),
        route=protocol.routes[0],
        routes=", ".join(protocol.routes),
        cells=protocol.cells[0],
        review_on=f"{today:%Y-%m}",
        review_next=f"{today.year + 1:04d}-{today.month:02d}",
    )


def write_new_case(cases_dir: Path, case_id: str, protocol: Protocol, today: dt.date) -> Path:
    """Write ``cases_dir/<case_id>.yml``, refusing to overwrite anything.

    Raises:
        ConfigError: The id is invalid or the file exists already.
    """
    target = cases_dir / f"{check_id(case_id)}.yml"
    text = new_case_text(case_id, protocol, today)
    cases_dir.mkdir(parents=True, exist_ok=True)
    try:
        with target.open("x", encoding="utf-8") as out:  # "x": fail if it exists, atomically
            out.write(text)
    except FileExistsError:
        raise ConfigError(f"{target} exists already; choose another id or edit it") from None
    return target


_KEY_LINE = re.compile(r"^(?P<indent>\s*)(?P<dash>-\s+)?(?P<key>[a-z_]+):(?P<rest>.*)$")
_HINT = re.compile(r"\s#\s+(?P<hint>.+)$")


def field_hints() -> dict[tuple[str, ...], str]:
    """Return the comment ``casebook new`` writes beside each field, by field path.

    Commented-out optional fields count too. A path names list items' fields through the list
    (``("treatment", "sessions", "route")``). The CMS form shows these as its hints.
    """
    text = _TEMPLATE.safe_substitute(routes="listed on its page")
    hints: dict[tuple[str, ...], str] = {}
    stack: list[tuple[int, str]] = []
    for raw in text.splitlines():
        line = _uncommented(raw)
        found = _KEY_LINE.match(line)
        if found is None:
            continue
        column = len(found["indent"]) + len(found["dash"] or "")
        while stack and stack[-1][0] >= column:
            stack.pop()
        path = (*(key for _, key in stack), found["key"])
        stack.append((column, found["key"]))
        hint = _HINT.search(found["rest"])
        if hint:
            hints[path] = hint["hint"].strip()
    return hints


def _uncommented(line: str) -> str:
    """Return a commented-out field line as the field it shows (``# photo: ...``)."""
    stripped = line.lstrip()
    if stripped.startswith("# ") and _KEY_LINE.match(stripped[2:]):
        return line[: len(line) - len(stripped)] + stripped[2:]
    return line
