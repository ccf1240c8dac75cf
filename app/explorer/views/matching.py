"""Matching: ranked candidate programmes for a need; analysts accept or decline."""

import streamlit as st

from tagraph.app import data, session, ui
from tagraph.errors import TagraphError

viewer = session.guard("matching.py")
query = data.saved("candidates")
st.title("Matching")
st.caption(query.description)
if query.score:
    st.caption(f"Score: {query.score}")

needs = data.table("needs", {"status": ["open", "in-progress"]})
if needs.empty:
    st.info("No open needs you may see.")
    st.stop()
titles = dict(zip(needs["need"], needs["title"], strict=True))
states = dict(zip(needs["need"], needs["state_name"], strict=True))
need = ui.url_selectbox(
    "Need",
    list(needs["need"]),
    "f_need",
    format_func=lambda n: f"{n}: {titles[n]} ({states[n]})",
)

candidates = data.table("candidates", {"need": need})
st.subheader(f"Candidate programmes for {need}")
if not candidates.empty:
    candidates.insert(
        0,
        "why",
        candidates.apply(
            lambda row: (
                f"covers it by {row['coverage']}; "
                f"{row['shared_themes']} shared theme(s), "
                f"{row['shared_resolutions']} shared resolution(s)"
            ),
            axis=1,
        ),
    )
ui.show_table(candidates, f"candidates-{need}", {"need": need}, empty="No candidates.")

if viewer.can_decide and not candidates.empty:
    st.subheader("Record a decision")
    with st.form("decision", clear_on_submit=True):
        programme = st.selectbox(
            "Programme",
            list(candidates["programme"]),
            format_func=lambda p: "{} ({})".format(
                candidates.loc[candidates["programme"] == p, "title"].iloc[0], p
            ),
            key="decision_programme",
        )
        verdict = st.radio(
            "Decision",
            ["agreed", "declined"],
            format_func={"agreed": "Accept the link", "declined": "Decline"}.get,
            horizontal=True,
            key="decision_status",
        )
        note = st.text_area("Note (why)", key="decision_note")
        submitted = st.form_submit_button("Record")
    if submitted:
        from tagraph.queries.decisions import record_decision

        if not note.strip():
            st.error("Say why in the note; every decision is audited.")
        else:
            try:
                record_decision(
                    data.connection(),
                    need,
                    programme,
                    verdict,
                    note,
                    by=viewer.name,
                    viewer=viewer,
                )
            except TagraphError as error:
                st.error(str(error))
            else:
                data.forget()
                st.success(f"Recorded: {programme} {verdict} for {need}.")
elif not viewer.can_decide:
    st.caption("Analysts and administrators record decisions.")

st.subheader("Decisions about this need")
ui.show_table(
    data.table("decisions", {"need": need}),
    f"decisions-{need}",
    {"need": need},
    empty="No decisions recorded yet.",
)
