"""An interactive drawing of a networkx graph that needs no internet.

The drawing uses vis-network, whose script and style sheet come from the
installed ``pyvis`` package (``pyvis/lib/vis-9.1.2``, MIT / Apache-2.0) and are
written into the page itself, so nothing is fetched from a CDN. Nodes are
coloured by their Neo4j label; clicking one shows its properties beside the
drawing.
"""

from __future__ import annotations

import html
import json
from functools import cache
from importlib.resources import files
from typing import Any

import networkx as nx
import streamlit.components.v1 as components

LABEL_COLOURS: dict[str, str] = {
    "State": "#1f77b4",
    "Region": "#aec7e8",
    "Need": "#d62728",
    "Programme": "#2ca02c",
    "Provider": "#9467bd",
    "Theme": "#ff7f0e",
    "Resolution": "#8c564b",
    "Assessment": "#e377c2",
    "GoodPractice": "#bcbd22",
    "Load": "#7f7f7f",
}
"""The colour of each node label in every graph drawing."""

_NAME_KEYS = ("name", "title", "acronym", "iso3", "code", "number", "id")


@cache
def _vis_assets() -> tuple[str, str]:
    folder = files("pyvis") / "lib" / "vis-9.1.2"
    script = (folder / "vis-network.min.js").read_text(encoding="utf-8")
    style = (folder / "vis-network.css").read_text(encoding="utf-8")
    return script, style


def node_label(attributes: dict[str, Any]) -> str:
    """The Neo4j label of a node from a saved query's graph."""
    label = attributes.get("label")
    if isinstance(label, str):
        return label
    labels = attributes.get("labels")
    if isinstance(labels, list | tuple | set | frozenset) and labels:
        return sorted(labels)[0]
    return "Node"


def node_caption(node: Any, attributes: dict[str, Any]) -> str:
    """A short text to show on a node: its name, title or key."""
    for key in _NAME_KEYS:
        value = attributes.get(key)
        if value not in (None, ""):
            text = str(value)
            return text if len(text) <= 40 else text[:37] + "..."
    return str(node)


def _plain(value: Any) -> Any:
    if isinstance(value, str | int | float | bool) or value is None:
        return value
    if isinstance(value, list | tuple | set | frozenset):
        return [_plain(item) for item in value]
    return str(value)


def vis_data(graph: nx.MultiDiGraph) -> dict[str, list[dict[str, Any]]]:
    """The nodes and edges of ``graph`` in vis-network's form."""
    nodes = []
    for node, attributes in graph.nodes(data=True):
        label = node_label(attributes)
        nodes.append(
            {
                "id": str(node),
                "label": node_caption(node, attributes),
                "group": label,
                "color": LABEL_COLOURS.get(label, "#7f7f7f"),
                "details": {k: _plain(v) for k, v in sorted(attributes.items())},
            }
        )
    edges = []
    for source, target, attributes in graph.edges(data=True):
        kind = attributes.get("type") or attributes.get("label") or ""
        edges.append(
            {
                "from": str(source),
                "to": str(target),
                "label": str(kind),
                "arrows": "to",
            }
        )
    return {"nodes": nodes, "edges": edges}


def graph_html(graph: nx.MultiDiGraph, height: int = 520) -> str:
    """A self-contained HTML page drawing ``graph`` (no external requests)."""
    script, style = _vis_assets()
    data = json.dumps(vis_data(graph)).replace("</", "<\\/")
    legend = "".join(
        f'<span class="key" style="background:{colour}"></span>'
        f"{html.escape(label)}&nbsp;&nbsp;"
        for label, colour in LABEL_COLOURS.items()
        if any(node_label(a) == label for _, a in graph.nodes(data=True))
    )
    return _PAGE.format(
        style=style,
        script=script.replace("</script", "<\\/script"),
        data=data,
        height=height,
        legend=legend,
    )


def show_graph(graph: nx.MultiDiGraph, height: int = 520) -> None:
    """Draw ``graph`` in the page; an empty graph draws nothing."""
    if graph.number_of_nodes() == 0:
        return
    components.html(graph_html(graph, height), height=height + 40, scrolling=False)


_PAGE = """<!doctype html>
<html><head><meta charset="utf-8">
<style>{style}</style>
<style>
body {{ margin: 0; font-family: sans-serif; font-size: 13px; }}
#wrap {{ display: flex; gap: 8px; }}
#net {{ flex: 3; height: {height}px; border: 1px solid #ddd; }}
#details {{ flex: 1; height: {height}px; overflow: auto; border: 1px solid #ddd;
  padding: 6px; }}
#details table {{ border-collapse: collapse; }}
#details td {{ border-bottom: 1px solid #eee; padding: 2px 4px;
  vertical-align: top; }}
.key {{ display: inline-block; width: 10px; height: 10px; margin-right: 3px; }}
</style></head>
<body>
<div id="legend">{legend}</div>
<div id="wrap"><div id="net"></div>
<div id="details"><em>Click a node to see its details.</em></div></div>
<script>{script}</script>
<script>
const data = {data};
const nodes = new vis.DataSet(data.nodes.map(n => ({{...n, shape: "dot",
  size: 12, font: {{size: 12}}}})));
const edges = new vis.DataSet(data.edges.map(e => ({{...e,
  font: {{size: 9, color: "#666", align: "middle"}}, color: "#999"}})));
const network = new vis.Network(document.getElementById("net"),
  {{nodes, edges}}, {{physics: {{stabilization: {{iterations: 150}}}},
  interaction: {{hover: true}}}});
network.once("stabilizationIterationsDone", () => network.setOptions(
  {{physics: false}}));
function esc(value) {{
  return String(value).replace(/[&<>"]/g, c => ({{"&": "&amp;", "<": "&lt;",
    ">": "&gt;", '"': "&quot;"}}[c]));
}}
network.on("click", params => {{
  if (!params.nodes.length) return;
  const node = nodes.get(params.nodes[0]);
  const rows = Object.entries(node.details).map(([k, v]) =>
    "<tr><td><b>" + esc(k) + "</b></td><td>" + esc(v) + "</td></tr>").join("");
  document.getElementById("details").innerHTML = "<div><b>" + esc(node.group)
    + "</b> " + esc(node.label) + "</div><table>" + rows + "</table>";
}});
</script>
</body></html>
"""
