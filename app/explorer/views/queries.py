"""Saved queries: each one with a form for its parameters; results as
a table, a chart, a map or a graph."""

import streamlit as st

from tagraph.app import data, graphview, session, ui, worldmap
from tagraph.app.forms import parameter_form
from tagraph.queries.catalog import list_queries

viewer = session.guard("queries.py")
st.title("Saved queries")

queries = {query.name: query for query in list_queries() if query.mode == "read"}
name = ui.url_selectbox(
    "Query",
    sorted(queries),
    "f_query",
    format_func=lambda n: f"{queries[n].title} ({n})",
)
query = queries[name]
st.caption(query.description)
if query.score:
    st.caption(f"Score: {query.score}")

params = parameter_form(query, prefix="q")
frame = data.table(name, params)
st.caption(f"{len(frame)} rows")

views = ["Table", "Chart"]
if query.result == "graph":
    views.append("Graph")
if query.result == "map" and "iso3" in frame.columns:
    views.insert(0, "Map")
for tab, view in zip(ui.lazy_tabs(views, "v_query"), views, strict=True):
    if not tab.open:
        continue
    with tab:
        if view == "Table":
            ui.show_table(frame, name, params)
        elif view == "Chart":
            if not ui.auto_chart(frame, key=f"chart_{name}"):
                st.caption("These rows have no numbers to chart.")
        elif view == "Map":
            measures = ui.numeric_columns(frame.drop(columns=["m49"], errors="ignore"))
            if measures:
                st.plotly_chart(
                    worldmap.choropleth(frame, measures[-1]),
                    key=f"map_{name}",
                    config=worldmap.PLOTLY_CONFIG,
                )
                st.caption(worldmap.DISCLAIMER)
        else:
            graphview.show_graph(data.network(name, params))

with st.expander("Cypher text"):
    st.code(query.text, language="cypher")
