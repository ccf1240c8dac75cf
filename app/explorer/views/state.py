"""State: a State's needs, programmes, gaps, candidates, overlaps and synergies."""

import streamlit as st

from tagraph.app import data, graphview, session, ui
from tagraph.app.forms import parameter_form

viewer = session.guard("state.py")
st.title("State")

states = data.choices("needs", "state")
names = dict(states)
codes = [code for code, _ in states]
if not codes:
    st.info("No States in the graph yet.")
    st.stop()
own = sorted(viewer.states)
iso3 = ui.url_selectbox(
    "State",
    codes,
    "f_state",
    default=own[0] if own else codes[0],
    format_func=lambda code: f"{names.get(code, code)} ({code})",
)
if viewer.role == "focal-point" and iso3 not in viewer.states:
    st.caption("Not one of your States: you see its public facts only.")

if "state-profile" in data.query_names():
    profile = data.table("state-profile", data.fit("state-profile", state=iso3))
    if not profile.empty:
        where = profile.iloc[0]
        parts = [
            where[column]
            for column in ("region", "subregion")
            if isinstance(where.get(column), str)
        ]
        themes = where.get("themes")
        if isinstance(themes, list) and themes:
            parts.append("themes of its active needs: " + ", ".join(map(str, themes)))
        st.caption(" · ".join(parts))
    ui.metrics(
        profile,
        {
            "active_needs": "Active needs",
            "open_needs": "Open needs",
            "addressed": "Addressed",
            "uncovered": "Uncovered",
            "unlinked": "Unlinked",
            "coverage": "Coverage",
            "programmes": "Programmes",
            "providers": "Providers",
        },
    )

tabs = ui.lazy_tabs(
    ["Needs", "Programmes", "Gaps", "Candidates", "Overlaps", "Synergies", "Graph"],
    "v_state",
)
if tabs[0].open:
    with tabs[0]:
        params = parameter_form(
            data.saved("needs"),
            prefix="f_needs",
            fixed={"state": iso3},
            hidden=("region", "limit"),
        )
        needs = data.table("needs", params)
        ui.show_table(needs, f"needs-{iso3}", params)
if tabs[1].open:
    with tabs[1]:
        programmes = data.table("programmes", {"state": iso3})
        ui.show_table(programmes, f"programmes-{iso3}", {"state": iso3})
if tabs[2].open:
    with tabs[2]:
        gaps = data.table("gaps", {"state": iso3})
        ui.show_table(gaps, f"gaps-{iso3}", {"state": iso3}, empty="No gaps.")
if tabs[3].open:
    with tabs[3]:
        open_needs = data.table("needs", {"state": iso3, "status": ["open"]})
        if open_needs.empty:
            st.info("No open needs.")
        else:
            # One need at a time: a State may have hundreds of open needs, and
            # the candidates of each are a query of their own.
            titles = dict(zip(open_needs["need"], open_needs["title"], strict=True))
            need = ui.url_selectbox(
                f"Open need ({len(titles)})",
                list(titles),
                "f_candidates_need",
                format_func=lambda n: f"{n}: {titles[n]}",
            )
            ui.show_table(
                data.table("candidates", {"need": need}),
                f"candidates-{need}",
                {"need": need},
                empty="No candidate programme.",
            )
            st.page_link(
                "views/matching.py",
                label="Open in Matching",
                query_params={"f_need": need},
            )
if tabs[4].open:
    with tabs[4]:
        if "overlaps" in data.query_names():
            ui.saved_view("overlaps", data.fit("overlaps", state=iso3), key="st_over")
if tabs[5].open:
    with tabs[5]:
        if "synergies" in data.query_names():
            ui.saved_view("synergies", data.fit("synergies", state=iso3), key="st_syn")
if tabs[6].open:
    with tabs[6]:
        graphview.show_graph(
            data.network("neighbours", {"label": "State", "key": iso3})
        )

with st.expander("Documents: country brief and API/PNR roadmap"):
    from tagraph.errors import NotFound
    from tagraph.reports.build import (
        FORMATS,
        MEDIA_TYPES,
        build_brief_bytes,
        build_roadmap_bytes,
    )

    st.caption(
        "Built for you from the saved analyses: needs you may not see are left "
        "out, every statement names its source, and synthetic content is labelled."
    )
    fmt = st.radio("Format", FORMATS, horizontal=True, key="st_doc_format")
    for kind, build in (("brief", build_brief_bytes), ("roadmap", build_roadmap_bytes)):
        key = f"st_doc_{kind}_{iso3}_{fmt}"
        if st.button(f"Prepare the {kind}", key=f"{key}_prepare"):
            try:
                st.session_state[key] = build(data.connection(), iso3, fmt, viewer)
            except NotFound as error:
                st.info(str(error))
        if key in st.session_state:
            st.download_button(
                f"Download the {kind} ({fmt})",
                st.session_state[key],
                file_name=f"{kind}-{iso3}.{fmt}",
                mime=MEDIA_TYPES[fmt],
                key=f"{key}_download",
            )
