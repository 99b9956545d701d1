"""Checks across files: unique ids, references from cases to protocols, reserved ids.

A file that fails one of these is left out of everything after loading, like a file that fails
its own checks, so no later step can stumble on it.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence

from generator.content.errors import Problem
from generator.content.load import Sourced
from generator.content.models import Case, Protocol
from generator.content.vocab import FACET_KINDS

# Case pages live at cases/<id>/; these ids would take the place of a generated page.
RESERVED_IDS = frozenset({"index", "page", *FACET_KINDS})


def cross_file_problems(
    cases: Sequence[Sourced[Case]],
    protocols: Sequence[Sourced[Protocol]],
    invalid_protocols: Collection[str] = (),
) -> list[Problem]:
    """Check what no single file can: unique ids, protocol references and routes.

    Args:
        cases: The cases that are valid on their own.
        protocols: The protocols that are valid on their own.
        invalid_protocols: Ids of protocol pages that exist but are invalid (already reported).

    Returns:
        Every cross-file problem, located in the file that has to change.
    """
    found: list[Problem] = []
    by_id: dict[str, Sourced[Protocol]] = {}
    for protocol in protocols:
        first = by_id.setdefault(protocol.model.id, protocol)
        if first is not protocol:
            found.append(protocol.problem(("id",), f"duplicate id (also in {first.source})"))
    seen: dict[str, str] = {}
    for case in cases:
        first_source = seen.setdefault(case.model.id, case.source)
        if first_source != case.source:
            found.append(case.problem(("id",), f"duplicate id (also in {first_source})"))
        if case.model.id in RESERVED_IDS:
            reserved = ", ".join(sorted(RESERVED_IDS))
            message = f"{case.model.id!r} is the address of a generated page ({reserved}); rename"
            found.append(case.problem(("id",), f"{message} the file and its id"))
        found += _reference_problems(case, by_id, invalid_protocols)
    return found


def _reference_problems(
    case: Sourced[Case], protocols: dict[str, Sourced[Protocol]], invalid: Collection[str]
) -> list[Problem]:
    name = case.model.treatment.protocol
    protocol = protocols.get(name)
    if protocol is None:
        if name in invalid:
            message = f"protocol {name!r} is invalid; fix its page first (see its errors)"
        else:
            message = f"unknown protocol {name!r} (known: {', '.join(sorted(protocols)) or 'none'})"
        return [case.problem(("treatment", "protocol"), message)]
    return [
        case.problem(path, message) for path, message in protocol.model.problems_with(case.model)
    ]
