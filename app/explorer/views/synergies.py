"""Synergies: programmes and providers that could work together."""

import pandas as pd

from tagraph.app import session
from tagraph.app.analysis import Link, analysis_page

viewer = session.guard("synergies.py")


def explain(row: pd.Series) -> str:
    return str(row["why"])


analysis_page(
    "synergies",
    explain=explain,
    links=[
        Link(
            "programme_a",
            "Programme",
            "programme_b",
            "Programme",
            "SYNERGY",
            "title_a",
            "title_b",
        ),
        Link(
            "provider_a",
            "Provider",
            "programme_a",
            "Programme",
            "LEADS",
            None,
            "title_a",
        ),
        Link(
            "provider_b",
            "Provider",
            "programme_b",
            "Programme",
            "LEADS",
            None,
            "title_b",
        ),
    ],
    chart_by=["provider_a", "theme_relation", "geography", "time"],
)
