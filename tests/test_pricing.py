from __future__ import annotations

import json

import pytest

from generator.catalog import pricing
from generator.content.load import load_protocol
from generator.content.models import PriceOption, Protocol
from tests.conftest import ROOT


def _protocol(name: str = "uc-msc-iv-lp") -> Protocol:
    sourced, problems = load_protocol(ROOT / "content" / "protocols" / f"{name}.md", name)
    assert sourced is not None, problems
    return sourced.model


def test_estimate_adds_base_sessions_and_options() -> None:
    protocol = _protocol()  # base 9000, 6000 a session, 1-4 sessions, options 600 and 4800
    assert pricing.estimate(protocol, 2) == 9000 + 2 * 6000
    assert pricing.estimate(protocol, 2, ["rehab-4w"]) == 9000 + 2 * 6000 + 4800
    assert pricing.estimate(protocol, 2, ["no-such-option"]) == 21000


@pytest.mark.parametrize(("asked", "used"), [(0, 1), (9, 4)])
def test_estimate_keeps_sessions_within_the_range(asked: int, used: int) -> None:
    assert pricing.estimate(_protocol(), asked) == 9000 + used * 6000


def test_price_rows_give_the_extremes() -> None:
    (first, second) = pricing.price_rows(
        {p.id: p for p in (_protocol(), _protocol("uc-msc-iv-lp-ct"))}
    )
    assert first.minimum == "USD 15,000"
    assert first.maximum == f"USD {9000 + 4 * 6000 + 600 + 4800:,}"
    assert second.protocol.id == "uc-msc-iv-lp-ct"


def test_format_money() -> None:
    assert pricing.format_money(1234.5, "EUR") == "EUR 1,234.50"
    assert pricing.format_money(9000, "USD") == "USD 9,000"


def test_format_money_writes_the_number_as_the_language_does() -> None:
    assert pricing.format_money(1234.5, "EUR", "es") == "EUR 1.234,50"
    assert pricing.format_money(15000, "USD", "es") == "USD 15.000"
    (row,) = pricing.price_rows({"uc-msc-iv-lp": _protocol()}, locale="es")
    assert (row.base, row.minimum) == ("USD 9.000", "USD 15.000")


def test_estimator_json_cannot_close_its_script_element() -> None:
    protocol = _protocol()
    assert protocol.price is not None
    option = PriceOption(id="x", name="</script><b>&amp;", price=1)
    price = protocol.price.model_copy(update={"options": [option]})
    hostile = protocol.model_copy(update={"name": "A </script> B", "price": price})
    text = pricing.estimator_json({hostile.id: hostile})
    assert "<" not in text and ">" not in text and "&" not in text
    data = json.loads(text)
    assert data[0]["name"] == "A </script> B"
    assert data[0]["options"][0]["name"] == "</script><b>&amp;"


def test_protocols_without_price_are_left_out() -> None:
    free = _protocol().model_copy(update={"price": None})
    assert pricing.estimator_data({free.id: free}) == []
    with pytest.raises(ValueError, match="no price"):
        pricing.estimate(free, 1)
