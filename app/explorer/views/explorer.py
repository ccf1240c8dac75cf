"""Graph explorer: search any node, expand its neighbours, open its details."""

import networkx as nx
import pandas as pd
import streamlit as st

from tagraph.app import data, graphview, session, ui

viewer = session.guard("explorer.py")
st.title("Graph explorer")
st.caption(
    "Search a State, need, programme, provider, theme or resolution and add "
    "it to the drawing; expand any node drawn to see its neighbours. Click a "
    "node in the drawing to read its details."
)

LABELS = list(data.saved("neighbours").parameter("label").choices or ())

text = ui.url_text("Search", "f_q", help='Words, "a phrase" or a prefix*')
if text:
    found = data.table("search", {"text": text})
    if found.empty:
        st.info("Nothing matches.")
    else:
        found["node"] = found["label"] + ":" + found["key"].astype(str)
        pick = st.selectbox(
            "Results",
            list(found["node"]),
            format_func=lambda node: "{} · {}".format(
                *found.loc[found["node"] == node, ["label", "name"]].iloc[0]
            ),
            key="explorer_pick",
        )
        if st.button("Add to the drawing", key="explorer_add"):
            current = st.query_params.get_all("f_nodes")
            if pick not in current:
                st.query_params["f_nodes"] = [*current, pick]

wanted = [
    node
    for node in st.query_params.get_all("f_nodes")
    if node.partition(":")[0] in LABELS and node.partition(":")[2]
][:20]
if not wanted:
    st.stop()

drawing = nx.MultiDiGraph()
for node in wanted:
    label, _, key = node.partition(":")
    drawing = nx.compose(
        drawing, data.network("neighbours", {"label": label, "key": key})
    )

# Only nodes the viewer may see come back; keys that gave nothing are dropped.
wanted = [node for node in wanted if node in drawing]
present = sorted({graphview.node_label(a) for _, a in drawing.nodes(data=True)})
keep = ui.url_multiselect("Labels shown", present, "f_labels", default=present)
shown = drawing.subgraph(
    [n for n, a in drawing.nodes(data=True) if graphview.node_label(a) in keep]
)
st.caption(
    f"{shown.number_of_nodes()} nodes, {shown.number_of_edges()} relationships; "
    f"expanded: {', '.join(wanted)}"
)
graphview.show_graph(shown, height=560)

nodes = sorted(shown.nodes, key=lambda n: (graphview.node_label(shown.nodes[n]), n))
left, right = st.columns(2)
with left:
    target = st.selectbox(
        "Node",
        nodes,
        format_func=lambda n: (
            f"{graphview.node_label(shown.nodes[n])} · "
            f"{graphview.node_caption(n, shown.nodes[n])}"
        ),
        key="explorer_node",
    )
    expand = st.button("Expand its neighbours", key="explorer_expand")
    if expand and target and target not in wanted:
        st.query_params["f_nodes"] = [*wanted, target]
        st.rerun()
    if st.button("Clear the drawing", key="explorer_clear"):
        del st.query_params["f_nodes"]
        st.rerun()
with right:
    if target:
        details = pd.DataFrame(
            [(k, str(v)) for k, v in sorted(shown.nodes[target].items())],
            columns=["property", "value"],
        )
        st.dataframe(details, hide_index=True)

edges = pd.DataFrame(
    [(s, a.get("type"), t) for s, t, a in shown.edges(data=True)],
    columns=["source", "type", "target"],
)
ui.export_buttons(edges, "graph-explorer", {"nodes": wanted})
