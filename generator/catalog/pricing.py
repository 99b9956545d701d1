"""Prices of the protocols: the plain price table and the data the cost estimator reads.

The estimate is ``base + per_session x sessions + chosen options``, with the number of sessions
limited to the protocol's range. ``estimate`` here and ``casebook-cost.js`` in the theme compute
the same sum; the browser test holds them to it.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import partial

from babel.numbers import format_decimal
from markupsafe import Markup

from generator.content.models import Protocol

# Characters that could end or confuse an inline <script> block, written as JSON escapes instead.
_SCRIPT_SAFE = {ord("<"): "\\u003c", ord(">"): "\\u003e", ord("&"): "\\u0026"}
_SCRIPT_SAFE.update({0x2028: "\\u2028", 0x2029: "\\u2029"})


@dataclass(frozen=True)
class PriceRow:
    """What one protocol costs, in display form.

    Attributes:
        protocol: The protocol.
        base: The base price, formatted with its currency.
        per_session: The price per session, formatted.
        minimum: The total for the fewest sessions and no options, formatted.
        maximum: The total for the most sessions and every option, formatted.
        options: Each option's name and formatted price.
    """

    protocol: Protocol
    base: str
    per_session: str
    minimum: str
    maximum: str
    options: tuple[tuple[str, str], ...]


def format_money(amount: float, currency: str, locale: str = "en") -> str:
    """Format an amount with its ISO 4217 code: ``USD 9,000`` or ``EUR 1,234.50``.

    ``locale`` writes the number as that language does: ``USD 9.000`` in Spanish.
    """
    pattern = "#,##0" if float(amount).is_integer() else "#,##0.00"
    return f"{currency} {format_decimal(amount, format=pattern, locale=locale)}"


def estimate(protocol: Protocol, sessions: int, option_ids: Iterable[str] = ()) -> float:
    """Return the estimated total for ``sessions`` sessions and the chosen options.

    Args:
        protocol: A protocol with a price.
        sessions: Number of sessions; clamped to the protocol's range.
        option_ids: Ids of the chosen options; unknown ids are ignored.

    Returns:
        The total in the protocol's currency.

    Raises:
        ValueError: When the protocol has no price.
    """
    if protocol.price is None:
        raise ValueError(f"protocol {protocol.id} has no price")
    price = protocol.price
    count = min(max(sessions, protocol.sessions.min), protocol.sessions.max)
    chosen = set(option_ids)
    extras = sum(o.price for o in price.options if o.id in chosen)
    return price.base + price.per_session * count + extras


def priced(protocols: Mapping[str, Protocol]) -> list[Protocol]:
    """Return the protocols that have a price, in id order."""
    return [p for _, p in sorted(protocols.items()) if p.price is not None]


def price_rows(protocols: Mapping[str, Protocol], locale: str = "en") -> list[PriceRow]:
    """Return one display row per priced protocol, its amounts written as ``locale`` does."""
    rows = []
    for protocol in priced(protocols):
        assert protocol.price is not None
        price = protocol.price
        money = partial(format_money, currency=price.currency, locale=locale)
        every = [o.id for o in price.options]
        rows.append(
            PriceRow(
                protocol=protocol,
                base=money(price.base),
                per_session=money(price.per_session),
                minimum=money(estimate(protocol, protocol.sessions.min)),
                maximum=money(estimate(protocol, protocol.sessions.max, every)),
                options=tuple((o.name, money(o.price)) for o in price.options),
            )
        )
    return rows


def estimator_data(protocols: Mapping[str, Protocol]) -> list[dict[str, object]]:
    """Return the price data the estimator script reads, one entry per priced protocol."""
    data: list[dict[str, object]] = []
    for protocol in priced(protocols):
        assert protocol.price is not None
        price = protocol.price
        data.append(
            {
                "id": protocol.id,
                "name": protocol.name,
                "currency": price.currency,
                "base": price.base,
                "perSession": price.per_session,
                "sessions": {"min": protocol.sessions.min, "max": protocol.sessions.max},
                "options": [{"id": o.id, "name": o.name, "price": o.price} for o in price.options],
            }
        )
    return data


def estimator_json(protocols: Mapping[str, Protocol]) -> Markup:
    r"""Return the estimator's data as JSON safe inside ``<script type="application/json">``.

    Protocol names are plain text from front matter; ``<``, ``>`` and ``&`` are escaped as JSON
    ``\u`` sequences so no name can close the script element or start markup.
    """
    text = json.dumps(estimator_data(protocols), ensure_ascii=False, sort_keys=True)
    return Markup(text.translate(_SCRIPT_SAFE))
