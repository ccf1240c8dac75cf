"""A world choropleth per State drawn from vendored outlines, with no internet.

plotly's own world outlines are fetched from a CDN when a map is drawn; this
module instead passes the Natural Earth 1:110m outlines shipped in
``app/geo/world-110m.geojson`` (public domain; see ``app/geo/SOURCE.md``) as
``geojson`` and hides plotly's base map, which then needs nothing from
outside. plotly.js itself is served by Streamlit from its own bundle.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

import pandas as pd
import plotly.graph_objects as go

GEOJSON = Path(__file__).parent / "geo" / "world-110m.geojson"
"""World country outlines keyed by ISO3 (feature ``id``)."""

PLOTLY_CONFIG = {
    "displaylogo": False,
    "scrollZoom": False,
    "topojsonURL": "app/static/topojson/",
}
"""plotly.js options for maps: its base map is read from the app's own static
folder (an empty file, the base map being hidden), never from a CDN."""

DISCLAIMER = (
    "The boundaries and names shown and the designations used on this map do "
    "not imply official endorsement or acceptance by the United Nations. "
    "Outlines: Natural Earth 1:110m (public domain)."
)


@cache
def outlines() -> dict[str, Any]:
    """The vendored GeoJSON feature collection."""
    return json.loads(GEOJSON.read_text(encoding="utf-8"))


@cache
def drawn_iso3() -> frozenset[str]:
    """ISO3 codes of the countries that have an outline at this scale."""
    return frozenset(feature["id"] for feature in outlines()["features"])


def choropleth(
    frame: pd.DataFrame,
    value: str,
    *,
    iso3: str = "iso3",
    name: str = "name",
    title: str = "",
    colour_scale: str = "Reds",
    height: int = 520,
) -> go.Figure:
    """A world map colouring each State by ``value``.

    Countries without a row are drawn in light grey underneath, so the map
    has no holes; plotly's own base map (fetched from a CDN) stays off.
    """
    everything = sorted(drawn_iso3())
    base = go.Choropleth(
        geojson=outlines(),
        locations=everything,
        z=[0] * len(everything),
        featureidkey="id",
        colorscale=[[0, "#e8e8e8"], [1, "#e8e8e8"]],
        showscale=False,
        hoverinfo="skip",
        marker_line_color="#ffffff",
        marker_line_width=0.4,
    )
    names = frame[name] if name in frame.columns else frame[iso3]
    layer = go.Choropleth(
        geojson=outlines(),
        locations=frame[iso3],
        z=frame[value],
        featureidkey="id",
        colorscale=colour_scale,
        text=names,
        customdata=frame[[iso3]].to_numpy(),
        hovertemplate="%{text}<br>" + value.replace("_", " ") + ": %{z}<extra></extra>",
        marker_line_color="#ffffff",
        marker_line_width=0.4,
        colorbar={"title": {"text": value.replace("_", " ")}},
    )
    figure = go.Figure([base, layer])
    figure.update_geos(
        visible=False,
        projection_type="natural earth",
        lataxis_range=[-58, 85],
        showframe=False,
    )
    figure.update_layout(
        title=title or None,
        height=height,
        margin={"l": 0, "r": 0, "t": 30 if title else 0, "b": 0},
        clickmode="event+select",
    )
    return figure


def selected_iso3(selection: Any) -> str | None:
    """The ISO3 code of the State clicked on the map, if any."""
    try:
        points = selection["selection"]["points"]
    except (KeyError, TypeError):
        return None
    for point in points:
        location = point.get("location")
        if location:
            return str(location)
    return None
