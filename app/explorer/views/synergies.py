"""Synergies: programmes and providers that could work together."""

import pandas as pd

from tagraph.app import session
from tagraph.app.analysis import analysis_page, programme_pair_links

viewer = session.guard("synergies.py")


def explain(row: pd.Series) -> str:
    return str(row["why"])


analysis_page(
    "synergies",
    explain=explain,
    links=programme_pair_links("SYNERGY"),
    chart_by=["provider_a", "theme_relation", "geography", "time"],
)
