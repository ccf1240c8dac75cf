"""A State's roadmap as a document: its steps, statuses, needs and assistance.

Built from the saved query ``roadmap`` (and ``sources`` for the sources of
needs, programmes and providers), run for a viewer. For each step in order:
the status and tailored recommendation, what the step rests on, the needs
behind it, the programmes and providers that can assist, and whether it is a
gap (it still needs work and no programme can assist).
"""

from __future__ import annotations

import logging
from collections import Counter
from datetime import date
from typing import Any

import pandas as pd

from tagraph.access import FULL_ACCESS, Viewer
from tagraph.errors import NotFound
from tagraph.graph.connection import Graph
from tagraph.queries.run import run_query
from tagraph.reports.common import (
    STEP_STATUS_WORDS,
    cite_keys,
    cite_sources,
    reader_note,
    state_name,
    status_words,
    text,
)
from tagraph.reports.model import (
    Bullets,
    Document,
    Paragraph,
    Section,
    Sources,
    Table,
    marks,
)

log = logging.getLogger("tagraph.reports")

METHOD = (
    "A programme can assist a step when it covers the State (names it, covers "
    "one of its regions, or has global scope), is neither cancelled nor "
    "completed, and shares at least one theme with the step. A step is a gap "
    "when it is not started or in progress (a step with no recorded status "
    "counts as not started) and no programme can assist it."
)


def roadmap_document(
    graph: Graph,
    state: str,
    *,
    viewer: Viewer = FULL_ACCESS,
    roadmap: str = "",
    today: date | None = None,
) -> Document:
    """The roadmap of ``state`` (its latest, or ``roadmap``) as a document.

    Parameters
    ----------
    graph
        The connection.
    state
        ISO3 code of the State.
    viewer
        Who reads it; needs they may not see are left out.
    roadmap
        Id of one of the State's roadmaps; its latest when empty.
    today
        The date printed as the day it was prepared (default: today).

    Raises
    ------
    NotFound
        When the State does not exist or has no roadmap.
    """
    name, region, subregion = state_name(graph, state, viewer)
    steps = run_query(
        graph, "roadmap", {"state": state, "roadmap": roadmap}, viewer=viewer
    )
    if steps.empty:
        which = f" {roadmap!r}" if roadmap else ""
        raise NotFound(
            f"{name} ({state}) has no roadmap{which} in the graph; list the "
            "roadmaps with 'tagraph query run roadmaps'"
        )

    sources = Sources()
    first = steps.iloc[0]
    programmes = [p for cell in steps["programmes"] for p in cell]
    needs = [n for cell in steps["needs"] for n in cell]
    numbers, synthetic = cite_sources(
        graph,
        sources,
        viewer,
        needs=[n["id"] for n in needs],
        programmes=[p["id"] for p in programmes],
        providers=[p["lead_provider"] for p in programmes if p["lead_provider"]],
    )
    synthetic = synthetic or bool(steps["synthetic"].any())

    overview = _overview(steps, sources)
    details = [_step_section(row, name, sources, numbers) for row in _rows(steps)]
    summary = _summary(steps, name)
    log.debug("roadmap %s of %s: %d steps", first["roadmap"], state, len(steps))

    return Document(
        title=f"{text(first['template_title'])}: {name}",
        subtitle=(
            f"Roadmap {first['roadmap']} of {name} ({state}), {text(first['date'])}"
        ),
        facts=[
            ("State", f"{name} ({state}); {subregion or region}"),
            ("Roadmap", f"{first['roadmap']}, dated {text(first['date'])}"),
            ("From assessment", text(first["assessment"], "not recorded")),
            ("Template", f"{first['template']}: {text(first['template_title'])}"),
            ("Prepared", (today or date.today()).isoformat()),
            ("Reader", reader_note(viewer, state)),
        ],
        sections=[
            Section("Summary", summary),
            Section("Steps at a glance", [overview]),
            *details,
            Section("How to read this roadmap", [Paragraph(METHOD, kind="note")]),
        ],
        sources=sources.texts,
        synthetic=synthetic,
    )


def _rows(steps: pd.DataFrame) -> list[dict[str, Any]]:
    return steps.to_dict(orient="records")


def _summary(steps: pd.DataFrame, name: str) -> list[Paragraph]:
    counts = Counter(status_words(status) for status in steps["status"])
    parts = [
        f"{counts[word]} {word}" for word in STEP_STATUS_WORDS.values() if counts[word]
    ]
    gaps = [
        f"{row['order']}. {row['step_title']}" for row in _rows(steps) if row["gap"]
    ]
    blocks = [Paragraph(f"{len(steps)} steps: {', '.join(parts)}.")]
    if gaps:
        blocks.append(
            Paragraph(
                f"{len(gaps)} {'gap' if len(gaps) == 1 else 'gaps'}: steps that "
                f"still need work and that no programme covering {name} can "
                f"assist: {'; '.join(gaps)}.",
                kind="warning",
            )
        )
    else:
        blocks.append(
            Paragraph(
                "No gaps: every step that still needs work has at least one "
                "programme that can assist."
            )
        )
    return blocks


def _overview(steps: pd.DataFrame, sources: Sources) -> Table:
    rows = []
    for row in _rows(steps):
        cited = sources.cite(row["step_source"], row["status_source"])
        assisting = ", ".join(p["id"] for p in row["programmes"]) or "none"
        rows.append(
            (
                str(row["order"]),
                text(row["step_title"]),
                status_words(row["status"]),
                assisting,
                "gap" if row["gap"] else "",
                marks(cited),
            )
        )
    return Table(
        ("#", "Step", "Status", "Programmes that can assist", "Gap", "Sources"),
        rows,
        widths=(0.05, 0.3, 0.13, 0.32, 0.07, 0.13),
    )


def _step_section(
    row: dict[str, Any],
    name: str,
    sources: Sources,
    numbers: dict[tuple[str, str], tuple[int, ...]],
) -> Section:
    step_cited = sources.cite(row["step_source"])
    status_cited = sources.cite(row["status_source"])
    status = status_words(row["status"])

    blocks: list[Paragraph | Bullets | Table] = [
        Paragraph(text(row["description"], "No description."), step_cited),
        Paragraph(
            f"Themes: {text(row['themes'], 'none')}. "
            f"Rests on: {text(row['rests_on'], 'nothing recorded')}.",
            step_cited,
        ),
        Paragraph(f"Status: {status}.", status_cited),
    ]
    if text(row["recommendation"]):
        blocks.append(
            Paragraph(f"Recommendation: {row['recommendation']}", status_cited)
        )
    if row["gap"]:
        blocks.append(
            Paragraph(
                f"Gap: no programme covering {name} shares a theme with this step.",
                kind="warning",
            )
        )

    blocks.append(Paragraph("Needs behind this step:"))
    blocks.append(
        Bullets(
            [
                Paragraph(
                    f"{need['id']}: {need['title']} (priority {need['priority']}, "
                    f"{need['status']})",
                    numbers.get(("Need", need["id"]), ()),
                )
                for need in row["needs"]
            ],
            empty="None recorded that you may see.",
        )
    )
    blocks.append(Paragraph("Programmes and providers that can assist:"))
    blocks.append(
        Bullets(
            [_programme_item(p, numbers) for p in row["programmes"]],
            empty="None: no programme covering the State shares a theme with "
            "this step.",
        )
    )
    return Section(f"{row['order']}. {row['step_title']}", blocks, level=2)


def _programme_item(
    programme: dict[str, Any], numbers: dict[tuple[str, str], tuple[int, ...]]
) -> Paragraph:
    lead = programme["lead_provider"]
    words = f"{programme['id']}: {programme['title']} ({programme['status']})"
    if lead:
        words += f"; led by {programme['provider_name'] or lead} ({lead})"
    if programme["partners"]:
        words += f"; partners {', '.join(programme['partners'])}"
    words += f"; shared themes {', '.join(programme['shared_themes'])}"
    cited = set(numbers.get(("Programme", programme["id"]), ()))
    cited |= set(cite_keys(numbers, "Provider", [lead] if lead else []))
    return Paragraph(words, tuple(sorted(cited)))


__all__ = ["METHOD", "roadmap_document"]
