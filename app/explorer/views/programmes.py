"""Programmes and providers: catalogues with filters, and the profile of each."""

import streamlit as st

from tagraph.app import data, graphview, session, ui
from tagraph.app.forms import parameter_form

viewer = session.guard("programmes.py")
st.title("Programmes and providers")

kind = ui.url_selectbox(
    "Catalogue",
    ["programmes", "providers"],
    "f_catalogue",
    format_func=str.capitalize,
)

if kind == "programmes":
    params = parameter_form(data.saved("programmes"), prefix="f_prog")
    catalogue = data.table("programmes", params)
    ui.show_table(catalogue, "programmes", params, height=320)
    ids = list(catalogue["programme"]) if not catalogue.empty else []
    titles = dict(zip(ids, catalogue.get("title", ids), strict=True))
    chosen = ui.url_selectbox(
        "Profile of programme",
        [None, *ids],
        "f_programme",
        format_func=lambda i: "(choose)" if i is None else f"{titles[i]} ({i})",
    )
    if chosen:
        st.header(titles[chosen])
        profile = data.table("programme-profile", {"programme": chosen})
        ui.show_table(profile, f"programme-{chosen}", {"programme": chosen})
        left, right = st.columns(2)
        with left:
            st.subheader("Overlaps")
            ui.show_table(
                data.table("overlaps", data.fit("overlaps", programme=chosen)),
                f"overlaps-{chosen}",
            )
        with right:
            st.subheader("Synergies")
            ui.show_table(
                data.table("synergies", data.fit("synergies", programme=chosen)),
                f"synergies-{chosen}",
            )
        st.subheader("Neighbourhood")
        graphview.show_graph(
            data.network("neighbours", {"label": "Programme", "key": chosen})
        )
else:
    params = parameter_form(data.saved("providers"), prefix="f_prov")
    catalogue = data.table("providers", params)
    ui.show_table(catalogue, "providers", params, height=320)
    ids = list(catalogue["provider"]) if not catalogue.empty else []
    names = dict(zip(ids, catalogue.get("name", ids), strict=True))
    chosen = ui.url_selectbox(
        "Portfolio of provider",
        [None, *ids],
        "f_provider",
        format_func=lambda i: "(choose)" if i is None else f"{names[i]} ({i})",
    )
    if chosen:
        st.header(names[chosen])
        portfolio = data.table("provider-portfolio", {"provider": chosen})
        ui.show_table(portfolio, f"provider-{chosen}", {"provider": chosen})
        st.subheader("Programmes")
        ui.show_table(
            data.table("programmes", {"provider": chosen}), f"programmes-{chosen}"
        )
        st.subheader("Synergies")
        ui.show_table(
            data.table("synergies", data.fit("synergies", provider=chosen)),
            f"synergies-{chosen}",
        )
