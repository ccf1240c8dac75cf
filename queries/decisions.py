"""Recording decisions: a programme agreed, declined or delivering for a need.

A decision writes (MERGE) the ``(:Programme)-[:ADDRESSES]->(:Need)`` link
with its status, the day, the note and who decided, through the saved write
query ``record-decision``; the same transaction keeps a ``(:Decision)`` audit
node. Decisions are never overwritten: the ``decisions`` saved query lists
them all.
"""

from __future__ import annotations

import logging
from datetime import date
from typing import Any

from tagraph.access import Viewer
from tagraph.errors import AccessDenied, NotFound, UnknownQuery
from tagraph.graph import model
from tagraph.graph.connection import Graph
from tagraph.queries.run import run_write

log = logging.getLogger("tagraph.decisions")

QUERY = "record-decision"
"""The saved write query every decision goes through."""


def record_decision(
    graph: Graph,
    need: str,
    programme: str,
    status: str,
    note: str,
    *,
    by: str,
    on: date | None = None,
    viewer: Viewer | None = None,
) -> dict[str, Any]:
    """Record that ``programme`` has ``status`` for ``need``.

    Parameters
    ----------
    graph
        The connection.
    need, programme
        Ids of the need and the programme.
    status
        The link's status after the decision: one of ``proposed``, ``agreed``,
        ``delivering``, ``completed``, ``declined``.
    note
        Why, in a sentence (may be empty).
    by
        Who decided.
    on
        The day of the decision (default: today).
    viewer
        When given, the user recording it, who must be allowed to decide.

    Returns
    -------
    dict
        The audit record: ``decision`` (its id), ``need``, ``programme``,
        ``status_before``, ``status_after``, ``note_before``, ``note_after``,
        ``decided_on``, ``by`` and ``at``.

    Raises
    ------
    AccessDenied
        When ``viewer`` may not decide.
    UnknownQuery
        When ``status`` is not a link status (the message lists them).
    NotFound
        When the need or the programme does not exist; nothing is written.
    """
    if viewer is not None and not viewer.can_decide:
        raise AccessDenied(
            f"{viewer.name} ({viewer.role}) may not record decisions; an analyst "
            "or administrator can"
        )
    if status not in model.LINK_STATUSES:
        raise UnknownQuery(
            f"status {status!r} is not a link status; use one of: "
            f"{', '.join(model.LINK_STATUSES)}"
        )
    if not by.strip():
        raise UnknownQuery("say who decided (by); it is kept in the audit trail")

    params = {
        "need": need,
        "programme": programme,
        "status": status,
        "note": note or "",
        "by": by.strip(),
        "decided_on": on or date.today(),
    }
    row = run_write(graph, QUERY, params)[0]

    missing = [
        f"no need {need!r}" if not row.pop("need_found") else "",
        f"no programme {programme!r}" if not row.pop("programme_found") else "",
    ]
    missing = [text for text in missing if text]
    if missing:
        raise NotFound(f"there is {' and '.join(missing)}; nothing was recorded")
    log.info(
        "decision %s: %s -> %s is now %s (was %s), by %s",
        row["decision"],
        programme,
        need,
        status,
        row["status_before"],
        row["by"],
    )
    return row
