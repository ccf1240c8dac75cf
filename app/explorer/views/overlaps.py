"""Overlaps: programmes doing the same work in the same place at the same time."""

import pandas as pd

from tagraph.app import session
from tagraph.app.analysis import analysis_page, count, programme_pair_links

viewer = session.guard("overlaps.py")


def explain(row: pd.Series) -> str:
    return (
        f"both cover {count(row['shared_states'])} State(s) on "
        f"{count(row['shared_themes'])} shared theme(s) for "
        f"{row['overlap_months']} months at once"
        + (
            f", and address {count(row['shared_needs'])} same need(s)"
            if count(row["shared_needs"])
            else ""
        )
    )


analysis_page(
    "overlaps",
    explain=explain,
    links=programme_pair_links("OVERLAPS"),
    chart_by=["provider_a", "shared_themes", "shared_states"],
)
