"""Charts: a tidy DataFrame in, a plotly Figure out (`builders`), drawn in the book's
template (`theme`), measured for phones and print without a browser (`measure`), and
output for the page, the PDF and notebooks (`output`), with a text alternative written from
the same table (`describe`). No Sphinx, no I/O.

The builders are here by name: ``charts.ranking_history(data.load("ranking_history"))``.
"""

from tianyuan.charts import describe
from tianyuan.charts.builders import (
    benchmarks,
    cadre_profile,
    chain_diagram,
    chain_flow,
    construction_speed,
    correction_counts,
    date_label,
    decimal_year,
    headline_numbers,
    industrial_chains,
    ranking_history,
    retitled,
    sector_output,
    specialised_firms,
    supporting_rates,
    suzhou_first_place,
    timeline,
)

__all__ = [
    "benchmarks",
    "cadre_profile",
    "chain_diagram",
    "chain_flow",
    "construction_speed",
    "correction_counts",
    "date_label",
    "decimal_year",
    "describe",
    "headline_numbers",
    "industrial_chains",
    "ranking_history",
    "retitled",
    "sector_output",
    "specialised_firms",
    "supporting_rates",
    "suzhou_first_place",
    "timeline",
]
