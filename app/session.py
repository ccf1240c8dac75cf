"""Signing in and out of the explorer, and who the current viewer is.

The signed-in account's name is kept in Streamlit's session state; its role
and States are read again from the accounts file on every run, so removing an
account or changing its role takes effect at the user's next click. A session
idle for longer than ``TAGRAPH_IDLE_MINUTES`` is signed out.

A sign-in passes the browser's address along, so failures are limited per
client address as well as per account (see :mod:`tagraph.app.users`).
"""

from __future__ import annotations

import logging
import time

import streamlit as st

from tagraph.access import Viewer
from tagraph.app.settings import load_app_settings
from tagraph.app.users import Account, Accounts
from tagraph.errors import AccessDenied, NotFound

log = logging.getLogger("tagraph.app")

_ACCOUNT = "tagraph_account"
_SEEN = "tagraph_last_seen"
_NOTICE = "tagraph_notice"
_VIEWER = "tagraph_viewer"


def _accounts() -> Accounts:
    return Accounts.configured()


def sign_out(notice: str | None = None) -> None:
    """Forget the signed-in account (and say why on the sign-in form)."""
    name = st.session_state.pop(_ACCOUNT, None)
    st.session_state.pop(_SEEN, None)
    st.session_state.pop(_VIEWER, None)
    for key in list(st.session_state):
        if isinstance(key, str) and key.startswith("f_"):
            del st.session_state[key]
    if notice:
        st.session_state[_NOTICE] = notice
    if name:
        log.info("account %s signed out", name)


def client_address() -> str | None:
    """The IP address the browser connects from, or None when it is unknown.

    Streamlit gives None for a browser on the same machine, and for a proxy
    on the same machine that does not pass the client's address in an
    ``X-Forwarded-For`` header; failed sign-ins are then limited per account
    only.
    """
    address = st.context.ip_address
    # Under streamlit.testing the runtime is a stand-in whose answer is not
    # a string; only a real address may be counted.
    return address if isinstance(address, str) and address else None


def _sign_in_form() -> None:
    st.title("tagraph explorer")
    st.caption(
        "Counter-terrorism technical assistance: needs, programmes, providers, "
        "gaps, overlaps and synergies."
    )
    notice = st.session_state.pop(_NOTICE, None)
    if notice:
        st.info(notice)

    with st.form("sign-in"):
        name = st.text_input("Account name", key="signin_name")
        password = st.text_input("Password", type="password", key="signin_password")
        submitted = st.form_submit_button("Sign in")
    if not submitted:
        _preload_components()
        return

    address = client_address()
    if address is None:
        log.debug("sign-in without a client address: only the account's limit")
    try:
        account = _accounts().sign_in(name.strip(), password, address)
    except AccessDenied as refusal:
        st.error(str(refusal))
        return
    st.session_state[_ACCOUNT] = account.name
    st.session_state[_SEEN] = time.time()
    st.rerun()


def _preload_components() -> None:
    """Draw an empty chart and table out of sight behind the sign-in form.

    The browser fetches and compiles the code of Streamlit's chart and table
    elements the first time a page shows one: for the plotly chart, some
    5 MB that take over a second on a modest machine. Drawn here, that work
    is done while the user types, not after they have signed in. Hidden
    as well as off-screen, so that screen readers and the tab key skip them.
    """
    import pandas as pd
    import plotly.graph_objects as go

    st.html(
        "<style>.st-key-tagraph_preload {position: absolute; left: -10000px; "
        "width: 320px; height: 200px; overflow: hidden; visibility: hidden}"
        "</style>"
    )
    with st.container(key="tagraph_preload"):
        st.plotly_chart(go.Figure(), key="preload_chart")
        st.dataframe(pd.DataFrame({"": []}), key="preload_table")


def current_account() -> Account | None:
    """The signed-in account, or None after showing the sign-in form.

    Signs out a session idle for too long, or whose account was removed.
    """
    name = st.session_state.get(_ACCOUNT)
    if name is None:
        _sign_in_form()
        return None

    idle = load_app_settings().idle_minutes
    seen = st.session_state.get(_SEEN, 0.0)
    if time.time() - seen > idle * 60:
        sign_out(f"You were signed out after {idle:g} minutes without activity.")
        _sign_in_form()
        return None

    try:
        account = _accounts().get(name)
    except NotFound:
        sign_out("Your account no longer exists.")
        _sign_in_form()
        return None
    st.session_state[_SEEN] = time.time()
    st.session_state[_VIEWER] = account.viewer()
    return account


def viewer() -> Viewer:
    """The current viewer; stops the page if nobody is signed in.

    Every page passes this to the saved-query runner.
    """
    found = st.session_state.get(_VIEWER)
    if not isinstance(found, Viewer):
        st.stop()
    return found


def guard(file: str) -> Viewer:
    """The current viewer, after checking they may open the page ``file``.

    Stops the page with a message otherwise, so a page absent from a user's
    menu cannot be reached by typing its address either.
    """
    from tagraph.app.pages import page

    current = viewer()
    if not page(file).allowed(current):
        log.info("%s (%s) refused page %s", current.name, current.role, file)
        st.error("Your role does not give access to this page.")
        st.stop()
    return current
