"""The shape shared by the Gaps, Overlaps and Synergies pages.

Each page shows one saved analysis with a filter form from its parameters,
then the findings as a table (each with the reason it was flagged), a chart
and a drawing of the graph the rows describe.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import networkx as nx
import pandas as pd
import streamlit as st

from tagraph.app import data, graphview, ui
from tagraph.app.forms import parameter_form


@dataclass(frozen=True)
class Link:
    """How two columns of a finding become a relationship in its drawing."""

    source: str
    source_label: str
    target: str
    target_label: str
    type: str
    source_name: str | None = None
    target_name: str | None = None


def programme_pair_links(relationship: str) -> list[Link]:
    """The drawing of a finding about two programmes.

    The pair ``programme_a``, ``programme_b`` is joined by ``relationship``
    (``OVERLAPS``, ``SYNERGY``), and each programme is led by its provider
    (``provider_a``, ``provider_b``); the titles name the programmes.
    """
    pair = Link(
        "programme_a",
        "Programme",
        "programme_b",
        "Programme",
        relationship,
        "title_a",
        "title_b",
    )
    leads = [
        Link(
            f"provider_{side}",
            "Provider",
            f"programme_{side}",
            "Programme",
            "LEADS",
            target_name=f"title_{side}",
        )
        for side in ("a", "b")
    ]
    return [pair, *leads]


def rows_graph(frame: pd.DataFrame, links: Sequence[Link]) -> nx.MultiDiGraph:
    """A graph of the rows: one relationship per row and link.

    List cells (a need's themes) give one relationship per item.
    """
    network = nx.MultiDiGraph()
    for row in frame.to_dict(orient="records"):
        for link in links:
            sources = _items(row.get(link.source))
            targets = _items(row.get(link.target))
            for source in sources:
                for target in targets:
                    a = _node(network, link.source_label, source, row, link.source_name)
                    b = _node(network, link.target_label, target, row, link.target_name)
                    network.add_edge(a, b, type=link.type)
    return network


def count(value: object) -> int:
    """How many items a cell holds: a list's length, or the number itself."""
    if isinstance(value, list | tuple):
        return len(value)
    try:
        return int(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return 0


def _items(value: object) -> list[object]:
    if isinstance(value, list | tuple):
        return [item for item in value if item not in (None, "")]
    if value is None or (isinstance(value, float) and pd.isna(value)) or value == "":
        return []
    return [value]


def _node(
    network: nx.MultiDiGraph,
    label: str,
    key: object,
    row: dict[str, object],
    name_column: str | None,
) -> str:
    node = f"{label}:{key}"
    if node not in network:
        name = row.get(name_column) if name_column else None
        network.add_node(node, label=label, key=str(key), name=name or str(key))
    return node


def analysis_page(
    name: str,
    *,
    explain: Callable[[pd.Series], str],
    links: Sequence[Link],
    chart_by: Sequence[str],
    fixed: dict[str, object] | None = None,
) -> pd.DataFrame:
    """Draw one analysis page and return the findings shown.

    Parameters
    ----------
    name
        The saved query.
    explain
        Says, for one row, why it was flagged; shown as the ``why`` column.
    links
        How the rows become a drawing.
    chart_by
        Columns the chart may count findings by (the first present is used).
    """
    query = data.saved(name)
    st.title(query.title)
    st.caption(query.description)

    with st.expander("Filters", expanded=True):
        params = parameter_form(query, fixed=fixed)
    frame = data.table(name, params)
    if not frame.empty:
        reasons = frame.apply(explain, axis=1)
        frame = frame.drop(columns=["why"], errors="ignore")
        frame.insert(0, "why", reasons)
    st.caption(f"{len(frame)} findings")

    table_tab, chart_tab, graph_tab = ui.lazy_tabs(
        ["Table", "Chart", "Graph"], f"v_{name}"
    )
    if table_tab.open:
        with table_tab:
            ui.show_table(frame, name, params, empty="No findings for these filters.")
    if chart_tab.open:
        with chart_tab:
            _chart(frame, name, chart_by)
    if graph_tab.open:
        with graph_tab:
            _drawing(frame, links)
    return frame


def _chart(frame: pd.DataFrame, name: str, chart_by: Sequence[str]) -> None:
    options = [column for column in chart_by if column in frame.columns]
    if frame.empty or not options:
        st.caption("Nothing to chart.")
        return

    by = ui.url_selectbox("Count findings by", options, "f_chart_by")
    counts = frame.explode(by) if frame[by].map(type).eq(list).any() else frame
    counts = counts.groupby(by, dropna=True).size().reset_index(name="findings")
    ui.bar_chart(counts, by, "findings", key=f"chart_{name}")


def _drawing(frame: pd.DataFrame, links: Sequence[Link]) -> None:
    network = rows_graph(frame.head(300), links)
    if network.number_of_nodes() == 0:
        st.caption("Nothing to draw.")
        return

    if len(frame) > 300:
        st.caption("The drawing shows the first 300 findings.")
    graphview.show_graph(network)
