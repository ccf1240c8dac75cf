"""The tagraph explorer's entry script: sign-in, then the pages a role may open.

Started by ``tagraph app`` (``streamlit run`` on this file).
"""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from tagraph.app import data, session, ui
from tagraph.app.pages import PAGES, pages_for

st.set_page_config(
    page_title="tagraph explorer",
    # A local file: a Material icon here would be fetched from a font CDN.
    page_icon=str(Path(__file__).parent / "static" / "favicon.png"),
    layout="wide",
)


def _signed_out() -> None:
    """Stands in for every page until someone signs in."""


account = session.current_account()
if account is None:
    # The pages' addresses stay known while signed out, so a shared link
    # (a page and its filters) opens as it should once its user has signed in.
    st.navigation(
        [
            st.Page(
                _signed_out,
                title=spec.title,
                url_path=spec.path.stem,
                default=index == 0,
            )
            for index, spec in enumerate(PAGES)
        ],
        position="hidden",
    )
    st.stop()

viewer = account.viewer()
sections: dict[str, list[st.Page]] = {}
for spec in pages_for(viewer):
    sections.setdefault(spec.section, []).append(
        st.Page(str(spec.path), title=spec.title)
    )
current = st.navigation(sections, expanded=True)

with st.sidebar:
    states = f" · {', '.join(sorted(viewer.states))}" if viewer.states else ""
    st.caption(f"Signed in as **{viewer.name}** ({viewer.role}{states})")
    if st.button("Sign out", key="sign_out"):
        session.sign_out("You signed out.")
        st.rerun()

if data.has_synthetic():
    st.warning(ui.SYNTHETIC_NOTE, icon=":material/science:")
current.run()
