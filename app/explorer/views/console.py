"""Cypher console: read-only queries for analysts and administrators."""

import streamlit as st

from tagraph.app import data, session, ui
from tagraph.app.console import ConsoleFailed, ConsoleRefused, run_console
from tagraph.app.settings import load_app_settings

viewer = session.guard("console.py")
settings = load_app_settings()
st.title("Cypher console")
st.caption(
    f"Reads only: the query runs in a read transaction, at most "
    f"{settings.console_rows} rows are shown, and the server stops it after "
    "the time limit. Unlike the other pages, the console applies no access "
    "rule: it shows every need, restricted or not."
)

with st.form("console"):
    text = st.text_area(
        "Cypher",
        "MATCH (s:State) RETURN s.iso3 AS iso3, s.name AS name LIMIT 25",
        height=160,
        key="console_text",
    )
    timeout = st.number_input("Time limit (seconds)", 1, 120, 15, key="console_timeout")
    run = st.form_submit_button("Run")

if run:
    try:
        result = run_console(
            data.connection(),
            text,
            viewer=viewer,
            limit=settings.console_rows,
            timeout=float(timeout),
        )
    except ConsoleRefused as refusal:
        st.error(str(refusal))
    except ConsoleFailed as failure:
        st.error(str(failure))
    else:
        if result.truncated:
            st.warning(f"Only the first {settings.console_rows} rows are shown.")
        ui.show_table(result.rows, "console", {"cypher": text})
