from __future__ import annotations

from generator.catalog.views import card_view
from generator.content.load import load_protocol
from tests.conftest import ROOT
from tests.factories import make_case


def test_card_view_shows_what_a_card_needs() -> None:
    protocol, _ = load_protocol(ROOT / "content" / "protocols" / "uc-msc-iv-lp.md", "p")
    assert protocol is not None
    card = card_view(make_case(ais="A", age=93, country="NO"), protocol.model)
    assert (card.age, card.completeness, card.country) == ("90+", "complete", "Norway")
    assert card.region == "cervical" and card.protocol == protocol.model.name
    assert not card.draft
