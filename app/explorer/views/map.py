"""Map: open needs or coverage per State; choosing a State opens its page."""

import streamlit as st

from tagraph.app import data, session, ui, worldmap

viewer = session.guard("map.py")
st.title("Map")

rows = data.table("coverage-map")
measures = ui.numeric_columns(rows)
if rows.empty or not measures:
    st.info("No State has figures yet.")
    st.stop()

measure = ui.url_selectbox(
    "Colour States by",
    measures,
    "f_measure",
    format_func=lambda column: column.replace("_", " ").capitalize(),
)
figure = worldmap.choropleth(rows, measure)
event = st.plotly_chart(
    figure,
    key="world_map",
    on_select="rerun",
    selection_mode="points",
    config=worldmap.PLOTLY_CONFIG,
)
st.caption(worldmap.DISCLAIMER)

clicked = worldmap.selected_iso3(event)
names = dict(zip(rows["iso3"], rows.get("name", rows["iso3"]), strict=True))
choice = st.selectbox(
    "Open a State",
    [None, *sorted(names, key=lambda code: str(names[code]))],
    format_func=lambda code: "(choose)" if code is None else f"{names[code]} ({code})",
    key="map_state",
)
target = clicked or choice
if target:
    st.query_params.clear()
    st.switch_page("views/state.py", query_params={"f_state": target})

missing = rows[~rows["iso3"].isin(worldmap.drawn_iso3())]
if not missing.empty:
    with st.expander(f"{len(missing)} States too small to draw at this scale"):
        ui.show_table(missing, "map-small-states")
ui.show_table(rows, "coverage-map")
