"""Overview: key figures, needs by theme and region, trend by year, coverage."""

import plotly.express as px
import streamlit as st

from tagraph.app import data, session, ui

viewer = session.guard("overview.py")
st.title("Overview")
if viewer.role in ("focal-point", "viewer"):
    st.caption("Figures count public needs, and those of your own States.")

figures = data.table("overview")
ui.metrics(
    figures,
    {
        "states": "States",
        "open_needs": "Open needs",
        "addressed_share": "Addressed share",
        "uncovered": "Uncovered needs",
        "programmes": "Programmes",
        "providers": "Providers",
    },
)

by = ui.url_selectbox(
    "Group needs by",
    ["theme", "region", "subregion", "intermediate", "state"],
    "f_by",
    default="theme",
)
summary = data.table("gap-summary", {"by": by})
left, right = st.columns(2)
with left:
    st.subheader(f"Active needs by {by}")
    if summary.empty:
        st.info("No active needs.")
    else:
        shaped = summary.assign(
            not_addressed=summary["active_needs"] - summary["addressed"]
        ).melt(
            id_vars=["name"],
            value_vars=["addressed", "not_addressed"],
            var_name="needs",
            value_name="count",
        )
        shaped["needs"] = shaped["needs"].str.replace("_", " ")
        figure = px.bar(
            shaped,
            x="name",
            y="count",
            color="needs",
            labels={"name": by.capitalize(), "count": "Active needs", "needs": ""},
        )
        figure.update_layout(height=380, margin={"l": 10, "r": 10, "t": 10, "b": 10})
        st.plotly_chart(figure, key="by_group", config={"displaylogo": False})
with right:
    st.subheader(f"Coverage ratio by {by}")
    if not summary.empty:
        ranked = summary.dropna(subset=["coverage"]).sort_values("coverage")
        figure = px.bar(
            ranked,
            x="coverage",
            y="name",
            orientation="h",
            labels={"coverage": "Addressed share of active needs", "name": ""},
        )
        figure.update_layout(
            height=380,
            margin={"l": 10, "r": 10, "t": 10, "b": 10},
            xaxis={"tickformat": ".0%", "range": [0, 1]},
        )
        st.plotly_chart(figure, key="coverage", config={"displaylogo": False})
ui.show_table(summary, f"needs-by-{by}", {"by": by})

st.subheader("Needs by year")
trend = data.table("needs-by-year")
numbers = [c for c in ui.numeric_columns(trend) if c != "year"]
if trend.empty or "year" not in trend.columns or not numbers:
    st.info("No needs with a year yet.")
else:
    figure = px.line(
        trend,
        x="year",
        y=numbers,
        markers=True,
        labels={"value": "Needs", "variable": "", "year": "Year"},
    )
    figure.update_layout(height=340, margin={"l": 10, "r": 10, "t": 10, "b": 10})
    st.plotly_chart(figure, key="trend", config={"displaylogo": False})
    ui.show_table(trend, "needs-by-year")
