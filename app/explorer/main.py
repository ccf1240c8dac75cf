"""The tagraph explorer's entry script: sign-in, then the pages a role may open.

Started by ``tagraph app`` (``streamlit run`` on this file).
"""

from __future__ import annotations

import streamlit as st

from tagraph.app import data, session, ui
from tagraph.app.pages import pages_for

st.set_page_config(
    page_title="tagraph explorer",
    page_icon=":material/hub:",
    layout="wide",
)

account = session.current_account()
if account is None:
    st.navigation([st.Page(lambda: None, title="Sign in")], position="hidden")
    st.stop()

viewer = account.viewer()
sections: dict[str, list[st.Page]] = {}
for spec in pages_for(viewer):
    sections.setdefault(spec.section, []).append(
        st.Page(str(spec.path), title=spec.title, icon=spec.icon)
    )
current = st.navigation(sections)

with st.sidebar:
    states = f" · {', '.join(sorted(viewer.states))}" if viewer.states else ""
    st.caption(f"Signed in as **{viewer.name}** ({viewer.role}{states})")
    if st.button("Sign out", key="sign_out"):
        session.sign_out("You signed out.")
        st.rerun()

if data.has_synthetic():
    st.warning(ui.SYNTHETIC_NOTE, icon=":material/science:")
current.run()
