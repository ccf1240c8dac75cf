"""A country brief: a State's needs, the programmes covering it, gaps, overlaps,
synergies, the trend by year and its roadmap, each statement with its sources.

Built from the saved queries ``state-profile``, ``needs``, ``gaps``,
``programmes``, ``overlaps``, ``synergies``, ``needs-by-year``, ``roadmaps``
and ``sources``, run for a viewer: a focal point's brief of another State, or
a viewer's, counts and shows public needs only.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from datetime import date
from typing import Any

import pandas as pd

from tagraph.access import FULL_ACCESS, Viewer
from tagraph.graph import model
from tagraph.graph.connection import Graph
from tagraph.queries.run import run_query
from tagraph.reports.common import (
    cite_keys,
    cite_sources,
    percent,
    reader_note,
    state_name,
    text,
)
from tagraph.reports.model import (
    Document,
    Paragraph,
    Section,
    Sources,
    Table,
    marks,
)

log = logging.getLogger("tagraph.reports")

TOP = 10
"""Overlaps and synergies listed, the highest scores first."""

ACTIVE = ("open", "in-progress")

METHOD = (
    "Active needs are open or in progress. A need is addressed when a programme "
    "links to it with status agreed, delivering or completed. A gap is an open "
    "need nobody addresses: uncovered when no programme is a candidate for it, "
    "unlinked when candidates exist. A candidate programme covers the State, is "
    "neither cancelled nor completed, shares a theme with the need and had not "
    "ended when the need was identified. An overlap is a pair of programmes of "
    "different lead providers covering this State on a shared theme at the same "
    "time; a synergy a pair whose work could join up (related themes, a shared "
    "need or a shared resolution). Figures count only the needs shown."
)


def brief_document(
    graph: Graph,
    state: str,
    *,
    viewer: Viewer = FULL_ACCESS,
    today: date | None = None,
) -> Document:
    """The country brief of ``state``.

    Parameters
    ----------
    graph
        The connection.
    state
        ISO3 code of the State.
    viewer
        Who reads it; needs they may not see are neither shown nor counted.
    today
        The date the brief is prepared on, which open-ended programme periods
        are counted to (default: today).

    Raises
    ------
    NotFound
        When no State has that ISO3 code.
    """
    today = today or date.today()
    name, region, subregion = state_name(graph, state, viewer)
    data = _read(graph, state, viewer, today)

    sources = Sources()
    programme_ids = set(data["programmes"]["programme"])
    for column in ("programme_a", "programme_b"):
        programme_ids |= set(data["overlaps"][column])
        programme_ids |= set(data["synergies"][column])
    numbers, synthetic = cite_sources(
        graph,
        sources,
        viewer,
        needs=data["needs"]["need"],
        programmes=programme_ids,
    )
    synthetic = synthetic or bool(data["roadmaps"]["synthetic"].any())
    all_needs = cite_keys(numbers, "Need", data["needs"]["need"])
    active = data["needs"][data["needs"]["status"].isin(ACTIVE)]
    active_needs = cite_keys(numbers, "Need", active["need"])

    sections = [
        Section(
            "Summary",
            _summary(
                data["profile"],
                name,
                active_needs,
                cite_keys(numbers, "Programme", data["programmes"]["programme"]),
            ),
        ),
        Section("Needs by theme and priority", [_theme_table(data, numbers)]),
        Section("Active needs", [_needs_table(data["needs"], numbers)]),
        Section("Gaps", [_gaps_table(data["gaps"], numbers)]),
        Section(
            f"Programmes covering {name}",
            [_programmes_table(data["programmes"], numbers)],
        ),
        Section("Overlaps", _pairs(data["overlaps"], numbers, "overlaps")),
        Section("Synergies", _pairs(data["synergies"], numbers, "synergies")),
        Section("Needs by year", [_years_table(data["years"], all_needs)]),
        Section("API/PNR roadmap", _roadmap(data["roadmaps"], sources)),
        Section("How to read this brief", [Paragraph(METHOD, kind="note")]),
    ]
    log.debug("brief of %s: %d needs", state, len(data["needs"]))
    return Document(
        title=f"Country brief: {name}",
        subtitle=f"{name} ({state}): needs, assistance, gaps and synergies",
        facts=[
            ("State", f"{name} ({state}); {subregion or region}"),
            ("Prepared", today.isoformat()),
            ("Reader", reader_note(viewer, state)),
        ],
        sections=sections,
        sources=sources.texts,
        synthetic=synthetic,
    )


def _read(
    graph: Graph, state: str, viewer: Viewer, today: date
) -> dict[str, pd.DataFrame]:
    def run(name: str, **params: Any) -> pd.DataFrame:
        return run_query(graph, name, params, viewer=viewer)

    covering = [s for s in model.PROGRAMME_STATUSES if s != "cancelled"]
    return {
        "profile": run("state-profile", state=state),
        "needs": run("needs", state=state),
        "gaps": run("gaps", state=state),
        "programmes": run("programmes", state=state, status=covering),
        "overlaps": run("overlaps", state=state, as_of=today),
        "synergies": run("synergies", state=state, as_of=today),
        "years": run("needs-by-year", state=state),
        "roadmaps": run("roadmaps", state=state),
    }


def _summary(
    profile: pd.DataFrame,
    name: str,
    cited: tuple[int, ...],
    programmes: tuple[int, ...],
) -> list[Paragraph]:
    row = profile.iloc[0]
    return [
        Paragraph(
            f"{name} has {row['active_needs']} active needs ({row['open_needs']} "
            f"open). Addressed by a programme: {row['addressed']} (coverage "
            f"{percent(row['coverage'])}).",
            cited,
        ),
        Paragraph(
            f"Gaps (open needs nobody addresses): {row['uncovered']} uncovered, "
            f"which no programme could take up, and {row['unlinked']} unlinked, "
            "which a candidate programme could take up.",
            cited,
        ),
        Paragraph(
            f"Programmes covering {name}: {row['programmes']}, led by "
            f"{row['providers']} providers.",
            programmes,
        ),
    ]


def _theme_table(
    data: dict[str, pd.DataFrame], numbers: dict[tuple[str, str], tuple[int, ...]]
) -> Table:
    counts: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    needs_of: dict[str, list[str]] = defaultdict(list)
    for row in data["needs"].itertuples(index=False):
        if row.status not in ACTIVE:
            continue
        for theme in row.themes:
            counts[theme][row.priority] += 1
            needs_of[theme].append(row.need)

    rows = []
    for theme in sorted(counts, key=lambda t: (-sum(counts[t].values()), t)):
        by_priority = [counts[theme][p] for p in model.PRIORITIES]
        rows.append(
            (
                theme,
                *(str(n) for n in by_priority),
                str(sum(by_priority)),
                marks(cite_keys(numbers, "Need", needs_of[theme])),
            )
        )
    return Table(
        ("Theme", *model.PRIORITIES, "Active needs", "Sources"),
        rows,
        widths=(0.25, 0.12, 0.12, 0.12, 0.17, 0.22),
        empty="No active needs.",
    )


def _needs_table(
    needs: pd.DataFrame, numbers: dict[tuple[str, str], tuple[int, ...]]
) -> Table:
    active = needs[needs["status"].isin(ACTIVE)]
    rank = {priority: i for i, priority in enumerate(model.PRIORITIES)}
    rows = sorted(
        active.itertuples(index=False),
        key=lambda r: (rank.get(r.priority, 9), str(r.identified), r.need),
    )
    return Table(
        ("Need", "Title", "Themes", "Priority", "Status", "Addressed by", "Sources"),
        [
            (
                r.need,
                text(r.title),
                text(r.themes),
                text(r.priority),
                text(r.status),
                text(r.addressed_by, "-"),
                marks(numbers.get(("Need", r.need), ())),
            )
            for r in rows
        ],
        widths=(0.17, 0.27, 0.14, 0.08, 0.1, 0.12, 0.12),
        empty="No active needs.",
    )


def _gaps_table(
    gaps: pd.DataFrame, numbers: dict[tuple[str, str], tuple[int, ...]]
) -> Table:
    return Table(
        ("Need", "Title", "Priority", "Kind", "Candidates", "Sources"),
        [
            (
                r.need,
                text(r.title),
                text(r.priority),
                text(r.kind),
                text(r.candidates),
                marks(numbers.get(("Need", r.need), ())),
            )
            for r in gaps.itertuples(index=False)
        ],
        widths=(0.15, 0.38, 0.1, 0.12, 0.12, 0.13),
        empty="No gaps: every open need shown is addressed.",
    )


def _programmes_table(
    programmes: pd.DataFrame, numbers: dict[tuple[str, str], tuple[int, ...]]
) -> Table:
    rows = []
    for r in programmes.itertuples(index=False):
        period = f"{text(r.start)} to {text(r.end, 'open')}"
        rows.append(
            (
                r.programme,
                text(r.title),
                text(r.provider_name) or text(r.lead_provider),
                text(r.status),
                period,
                text(r.themes),
                marks(numbers.get(("Programme", r.programme), ())),
            )
        )
    return Table(
        ("Programme", "Title", "Lead", "Status", "Period", "Themes", "Sources"),
        rows,
        widths=(0.13, 0.25, 0.14, 0.1, 0.14, 0.14, 0.1),
        empty="No programme covers this State.",
    )


def _pairs(
    pairs: pd.DataFrame,
    numbers: dict[tuple[str, str], tuple[int, ...]],
    kind: str,
) -> list[Paragraph | Table]:
    top = pairs.head(TOP)
    rows = []
    for r in top.itertuples(index=False):
        if kind == "overlaps":
            detail = (
                f"themes {text(r.shared_themes)}; {r.overlap_months} months; "
                f"{r.shared_needs} shared needs"
            )
        else:
            detail = text(r.why)
        cited = cite_keys(numbers, "Programme", [r.programme_a, r.programme_b])
        rows.append(
            (
                f"{r.programme_a} ({r.provider_a})",
                f"{r.programme_b} ({r.provider_b})",
                detail,
                text(r.score),
                marks(cited),
            )
        )
    blocks: list[Paragraph | Table] = []
    if len(pairs) > TOP:
        blocks.append(
            Paragraph(f"The {TOP} highest-scoring of {len(pairs)} pairs.", kind="note")
        )
    blocks.append(
        Table(
            ("Programme A", "Programme B", "In common", "Score", "Sources"),
            rows,
            widths=(0.2, 0.2, 0.38, 0.09, 0.13),
            empty=f"No {kind} among the programmes covering this State.",
        )
    )
    return blocks


def _years_table(years: pd.DataFrame, cited: tuple[int, ...]) -> Table:
    return Table(
        ("Year", "Needs identified", "Still open", "Addressed", "Sources"),
        [
            (
                text(r.year),
                text(r.needs),
                text(r.open),
                text(r.addressed),
                marks(cited),
            )
            for r in years.itertuples(index=False)
        ],
        widths=(0.15, 0.2, 0.2, 0.2, 0.25),
        empty="No needs shown.",
    )


def _roadmap(roadmaps: pd.DataFrame, sources: Sources) -> list[Paragraph]:
    if roadmaps.empty:
        return [Paragraph("No roadmap is recorded for this State.")]
    r = roadmaps.iloc[0]
    cited = sources.cite(r["source"])
    gaps = int(r["gaps"])
    return [
        Paragraph(
            f"Roadmap {r['roadmap']} of {text(r['date'])} ({r['template']}): "
            f"{r['steps']} steps, {r['in_place']} in place, {r['in_progress']} in "
            f"progress, {r['not_started']} not started, {r['not_applicable']} not "
            f"applicable; {gaps} {'gap' if gaps == 1 else 'gaps'}. The roadmap "
            "document gives each step with its recommendation.",
            cited,
        )
    ]


__all__ = ["METHOD", "brief_document"]
