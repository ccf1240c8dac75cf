"""Pieces every document shares: the reader's note, words for values, sources."""

from __future__ import annotations

import math
from collections.abc import Iterable
from datetime import date
from typing import Any

import pandas as pd

from tagraph.access import Viewer
from tagraph.graph.connection import Graph
from tagraph.queries.run import run_query
from tagraph.reports.model import Sources

STEP_STATUS_WORDS = {
    "in-place": "in place",
    "in-progress": "in progress",
    "not-started": "not started",
    "not-applicable": "not applicable",
    None: "not recorded",
}
"""Step statuses in words, in the order summaries list them."""


def status_words(status: Any) -> str:
    """A step status in words; a missing one is "not recorded"."""
    return STEP_STATUS_WORDS.get(status if present(status) else None, str(status))


def present(value: Any) -> bool:
    """False for None, NaN and pandas' missing values."""
    if value is None:
        return False
    if isinstance(value, float):
        return not math.isnan(value)
    try:
        return not bool(pd.isna(value))
    except (TypeError, ValueError):
        return True


def text(value: Any, empty: str = "") -> str:
    """A cell value as text: lists joined by commas, dates in ISO form."""
    if isinstance(value, list | tuple):
        return ", ".join(text(item) for item in value) or empty
    if not present(value):
        return empty
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def reader_note(viewer: Viewer, iso3: str) -> str:
    """Which needs the reader sees, in a sentence for the document's facts."""
    if viewer.all_access:
        return f"{viewer.name} ({viewer.role}): every need is shown"
    if iso3 in viewer.states:
        return f"{viewer.name} ({viewer.role}): every need of this State is shown"
    return f"{viewer.name} ({viewer.role}): only public needs are shown"


def state_name(graph: Graph, iso3: str, viewer: Viewer) -> tuple[str, str, str]:
    """The State's name, region and sub-region, from ``state-profile``.

    Raises
    ------
    NotFound
        When no State has that ISO3 code.
    """
    from tagraph.errors import NotFound

    profile = run_query(graph, "state-profile", {"state": iso3}, viewer=viewer)
    if profile.empty:
        raise NotFound(
            f"there is no State {iso3!r} in the graph; expected an ISO3 code such "
            "as KEN (see 'tagraph query run state-profile')"
        )
    row = profile.iloc[0]
    return text(row["name"]), text(row["region"]), text(row["subregion"])


def cite_sources(
    graph: Graph,
    sources: Sources,
    viewer: Viewer,
    *,
    needs: Iterable[str] = (),
    programmes: Iterable[str] = (),
    providers: Iterable[str] = (),
) -> tuple[dict[tuple[str, str], tuple[int, ...]], bool]:
    """Source numbers for each named node, and whether any of them is synthetic.

    The keys are ``(label, key)`` pairs such as ``("Need", "N-1")``; needs the
    viewer may not see have none.
    """
    params = {
        "needs": sorted(set(needs)),
        "programmes": sorted(set(programmes)),
        "providers": sorted(set(providers)),
    }
    if not any(params.values()):
        return {}, False
    frame = run_query(graph, "sources", params, viewer=viewer)
    numbers = {
        (row.label, row.key): sources.cite(row.source)
        for row in frame.itertuples(index=False)
    }
    return numbers, bool(frame["synthetic"].any()) if len(frame) else False


def cite_keys(
    numbers: dict[tuple[str, str], tuple[int, ...]],
    label: str,
    keys: Iterable[str],
) -> tuple[int, ...]:
    """The source numbers of several nodes of one label, merged and sorted."""
    found: set[int] = set()
    for key in keys:
        found.update(numbers.get((label, key), ()))
    return tuple(sorted(found))


def percent(share: Any) -> str:
    """A share from 0 to 1 as a whole percentage, or "n/a"."""
    return f"{round(float(share) * 100)} %" if present(share) else "n/a"
