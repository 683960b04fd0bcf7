"""Money is Decimal, quantised to the currency's minor unit; never float."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")
SUPPORTED_CURRENCIES = ("CNY", "HKD", "USD", "EUR")


def to_money(value: Decimal | int | str) -> Decimal:
    return Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)
