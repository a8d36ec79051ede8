"""Units: one spelling each, and the exact factors between those that measure the same thing.

Money is kept in one unit per metric (`data/metrics.csv`), so 2.1 萬億元 is stored as
21000 億元; the article's own figures keep the unit its words give (3000 萬元), and
`convert` puts them on the metric's unit when they are compared. Factors are decimal, so
a conversion never adds binary noise (2.1 萬億元 is 21000 億元, not 21000.000000000004).
"""

from __future__ import annotations

from decimal import Decimal

# Each unit as a multiple of its family's base unit.
_FAMILIES = {
    "元": ("元", Decimal(1)),
    "萬元": ("元", Decimal(10) ** 4),
    "億元": ("元", Decimal(10) ** 8),
    "萬億元": ("元", Decimal(10) ** 12),
    "平方米": ("平方米", Decimal(1)),
    "萬平方米": ("平方米", Decimal(10) ** 4),
    "名": ("名", Decimal(1)),
    "萬人": ("名", Decimal(10) ** 4),
    "年": ("個月", Decimal(12)),
    "個月": ("個月", Decimal(1)),
    "天": ("小時", Decimal(24)),
    "小時": ("小時", Decimal(1)),
}


def convertible(unit: str, to: str) -> bool:
    """Whether a value in `unit` can be stated exactly in `to`."""
    if unit == to:
        return True
    return unit in _FAMILIES and to in _FAMILIES and _FAMILIES[unit][0] == _FAMILIES[to][0]


def convert(value: float, unit: str, to: str) -> float:
    """`value` in `unit`, stated in `to`: convert(2.1, "萬億元", "億元") == 21000.0."""
    if unit == to:
        return value
    if not convertible(unit, to):
        raise ValueError(f"cannot convert {unit} to {to}: they measure different things")
    factor = _FAMILIES[unit][1] / _FAMILIES[to][1]
    return float(Decimal(str(value)) * factor)
