"""Gaps: open needs nobody addresses, and why each is flagged."""

import pandas as pd

from tagraph.app import session
from tagraph.app.analysis import Link, analysis_page

viewer = session.guard("gaps.py")


def explain(row: pd.Series) -> str:
    if row["kind"] == "uncovered":
        return "no programme covers this State on these themes"
    count = int(row["candidates"])
    noun = "programme could" if count == 1 else "programmes could"
    return f"{count} candidate {noun} take it on; none is linked"


analysis_page(
    "gaps",
    explain=explain,
    links=[
        Link("need", "Need", "state", "State", "OF_STATE", "title", "state_name"),
        Link("need", "Need", "themes", "Theme", "ON_THEME", "title"),
    ],
    chart_by=["state_name", "themes", "kind", "priority"],
)
