"""Constraints and indexes, created idempotently before any data arrives."""

from __future__ import annotations

import logging

from tagraph.graph.connection import Graph

log = logging.getLogger("tagraph.graph")

CONSTRAINTS: dict[str, tuple[str, str]] = {
    "state_iso3": ("State", "iso3"),
    "region_code": ("Region", "code"),
    "theme_code": ("Theme", "code"),
    "resolution_number": ("Resolution", "number"),
    "good_practice_id": ("GoodPractice", "id"),
    "provider_id": ("Provider", "id"),
    "programme_id": ("Programme", "id"),
    "assessment_id": ("Assessment", "id"),
    "need_id": ("Need", "id"),
    "load_id": ("Load", "id"),
    "decision_id": ("Decision", "id"),
    "roadmap_template_id": ("RoadmapTemplate", "id"),
    "roadmap_step_id": ("RoadmapStep", "id"),
    "roadmap_id": ("Roadmap", "id"),
    "step_status_id": ("StepStatus", "id"),
}
"""Uniqueness constraints: name to (label, key property)."""

INDEXES: dict[str, tuple[str, str]] = {
    "need_status": ("Need", "status"),
    "need_priority": ("Need", "priority"),
    "need_identified": ("Need", "identified"),
    "need_confidentiality": ("Need", "confidentiality"),
    "programme_status": ("Programme", "status"),
    "programme_scope": ("Programme", "scope"),
    "programme_start": ("Programme", "start"),
    "state_name": ("State", "name"),
    "provider_kind": ("Provider", "kind"),
    "region_level": ("Region", "level"),
    "load_finished": ("Load", "finished_at"),
    "decision_at": ("Decision", "at"),
    "step_status_status": ("StepStatus", "status"),
}
"""Range indexes: name to (label, property)."""

SEARCH_INDEX = "node_search"
"""Full-text index over names, titles and codes, for searching the graph."""

SEARCH_LABELS = (
    "State",
    "Region",
    "Theme",
    "Resolution",
    "Provider",
    "Programme",
    "Need",
)
SEARCH_PROPERTIES = ("name", "title", "id", "code", "iso3", "acronym")


def statements() -> list[str]:
    """The schema statements, each safe to run again (``IF NOT EXISTS``).

    Names and labels here are constants of this module, never user input.
    """
    result = [
        f"CREATE CONSTRAINT {name} IF NOT EXISTS "
        f"FOR (n:{label}) REQUIRE n.{key} IS UNIQUE"
        for name, (label, key) in CONSTRAINTS.items()
    ]
    result += [
        f"CREATE INDEX {name} IF NOT EXISTS FOR (n:{label}) ON (n.{prop})"
        for name, (label, prop) in INDEXES.items()
    ]
    labels = "|".join(SEARCH_LABELS)
    props = ", ".join(f"n.{prop}" for prop in SEARCH_PROPERTIES)
    result.append(
        f"CREATE FULLTEXT INDEX {SEARCH_INDEX} IF NOT EXISTS "
        f"FOR (n:{labels}) ON EACH [{props}]"
    )
    return result


def apply_schema(graph: Graph) -> None:
    """Create every constraint and index that is missing, and wait for them."""
    for statement in statements():
        graph.write(statement)
    graph.write("CALL db.awaitIndexes(300)")
    log.debug(
        "schema in place: %d constraints, %d indexes",
        len(CONSTRAINTS),
        len(INDEXES) + 1,
    )
