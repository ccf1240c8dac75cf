"""Programmes and providers: catalogues with filters, and the profile of each."""

import streamlit as st

from tagraph.app import data, graphview, session, ui
from tagraph.app.forms import parameter_form

viewer = session.guard("programmes.py")


def catalogue(
    name: str, *, key: str, title: str, prefix: str, label: str, profile: str
) -> str | None:
    """Show the catalogue ``name`` with its filters, and the profile of one entry.

    ``key`` and ``title`` are the catalogue's id and name columns; the entry
    chosen lives in the URL as ``f_<key>`` and is shown by the query
    ``profile``. Returns the id chosen, None until one is.
    """
    params = parameter_form(data.saved(name), prefix=prefix)
    rows = data.table(name, params)
    ui.show_table(rows, name, params, height=320)
    ids = list(rows[key]) if not rows.empty else []
    titles = dict(zip(ids, rows.get(title, ids), strict=True))

    chosen = ui.url_selectbox(
        label,
        [None, *ids],
        f"f_{key}",
        format_func=lambda i: "(choose)" if i is None else f"{titles[i]} ({i})",
    )
    if chosen:
        st.header(titles[chosen])
        chosen_params = {key: chosen}
        ui.show_table(
            data.table(profile, chosen_params), f"{key}-{chosen}", chosen_params
        )
    return chosen


def pairs(analysis: str, key: str, chosen: str) -> None:
    """The findings of ``analysis`` (overlaps, synergies) about one entry."""
    st.subheader(analysis.capitalize())
    params = data.fit(analysis, **{key: chosen})
    ui.show_table(data.table(analysis, params), f"{analysis}-{chosen}")


st.title("Programmes and providers")
kind = ui.url_selectbox(
    "Catalogue",
    ["programmes", "providers"],
    "f_catalogue",
    format_func=str.capitalize,
)

if kind == "programmes":
    programme = catalogue(
        "programmes",
        key="programme",
        title="title",
        prefix="f_prog",
        label="Profile of programme",
        profile="programme-profile",
    )
    if programme:
        left, right = st.columns(2)
        with left:
            pairs("overlaps", "programme", programme)
        with right:
            pairs("synergies", "programme", programme)
        st.subheader("Neighbourhood")
        graphview.show_graph(
            data.network("neighbours", {"label": "Programme", "key": programme})
        )
else:
    provider = catalogue(
        "providers",
        key="provider",
        title="name",
        prefix="f_prov",
        label="Portfolio of provider",
        profile="provider-portfolio",
    )
    if provider:
        st.subheader("Programmes")
        ui.show_table(
            data.table("programmes", {"provider": provider}), f"programmes-{provider}"
        )
        pairs("synergies", "provider", provider)
