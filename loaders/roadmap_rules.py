"""The domain's rules for roadmaps, checked with the rest of a dataset.

:func:`roadmap_problems` is called by :func:`tagraph.loaders.validate.check`
once every cell has been parsed. A value a rule needs that the dataset does
not hold (a roadmap's State when only step statuses are loaded, a step's
template, a need's State) is read from the graph, one query per kind of
value, with the values as a parameter.

The rules:

- a step's ``order`` is 1 or more, and two steps of one template do not share
  an order;
- a roadmap drawn from an assessment is of the assessment's State and is not
  dated before it;
- a step status names a step of the roadmap's own template, and a roadmap
  has one status per step;
- the needs behind a step status are needs of the roadmap's State.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from tagraph.graph.connection import Graph
from tagraph.loaders.read import Dataset, Problem

log = logging.getLogger("tagraph.loaders")

_STEPS = """
UNWIND $ids AS id
MATCH (t:RoadmapTemplate)-[:HAS_STEP]->(step:RoadmapStep {id: id})
RETURN step.id AS id, t.id AS template, step.order AS order
"""

_TEMPLATE_ORDERS = """
UNWIND $templates AS template
MATCH (:RoadmapTemplate {id: template})-[:HAS_STEP]->(step:RoadmapStep)
WHERE NOT step.id IN $ids
RETURN step.id AS id, template, step.order AS order
"""

_ROADMAPS = """
UNWIND $ids AS id
MATCH (s:State)<-[:OF_STATE]-(r:Roadmap {id: id})-[:FOLLOWS]->(t:RoadmapTemplate)
RETURN r.id AS id, s.iso3 AS state, t.id AS template
"""

_ASSESSMENTS = """
UNWIND $ids AS id
MATCH (a:Assessment {id: id})-[:OF_STATE]->(s:State)
RETURN a.id AS id, s.iso3 AS state, a.date AS date
"""

_NEEDS = """
UNWIND $ids AS id
MATCH (n:Need {id: id})-[:OF_STATE]->(s:State)
RETURN n.id AS id, s.iso3 AS state
"""

_STATUSES = """
UNWIND $roadmaps AS roadmap
MATCH (:Roadmap {id: roadmap})-[:HAS_STATUS]->(st:StepStatus)
      -[:FOR_STEP]->(step:RoadmapStep)
WHERE NOT st.id IN $ids
RETURN st.id AS id, roadmap, step.id AS step
"""


@dataclass(frozen=True)
class _Known:
    """What the dataset and the graph together say about the rows named."""

    step_template: dict[str, str]
    roadmap_state: dict[str, str]
    roadmap_template: dict[str, str]
    assessments: dict[str, tuple[str, date | None]]
    need_state: dict[str, str]


def roadmap_problems(
    dataset: Dataset, records: dict[str, list[Any]], graph: Graph
) -> list[Problem]:
    """Every broken roadmap rule in the parsed ``records`` of ``dataset``.

    ``records`` maps table names to the checked rows
    (:class:`tagraph.loaders.validate.Record`) of each table.
    """
    names = ("roadmap_steps", "roadmaps", "roadmap_step_statuses")
    if not any(records.get(name) for name in names):
        return []

    known = _known(records, graph)
    problems = _step_orders(dataset, records, graph)
    problems += _roadmap_assessments(dataset, records, known)
    problems += _statuses(dataset, records, graph, known)
    if problems:
        log.debug("%d roadmap rules broken in %s", len(problems), dataset.name)
    return problems


def _values(records: dict[str, list[Any]], table: str) -> list[dict[str, Any]]:
    return [record.values for record in records.get(table, [])]


def _ask(graph: Graph, query: str, ids: Iterable[Any]) -> list[dict[str, Any]]:
    wanted = sorted({value for value in ids if value is not None})
    return graph.read(query, {"ids": wanted}) if wanted else []


def _known(records: dict[str, list[Any]], graph: Graph) -> _Known:
    steps = _values(records, "roadmap_steps")
    roadmaps = _values(records, "roadmaps")
    statuses = _values(records, "roadmap_step_statuses")

    step_template = {s["id"]: s["template"] for s in steps if s["id"]}
    wanted = {s["step"] for s in statuses} - set(step_template)
    for row in _ask(graph, _STEPS, wanted):
        step_template[row["id"]] = row["template"]

    roadmap_state = {r["id"]: r["state"] for r in roadmaps if r["id"]}
    roadmap_template = {r["id"]: r["template"] for r in roadmaps if r["id"]}
    wanted = {s["roadmap"] for s in statuses} - set(roadmap_state)
    for row in _ask(graph, _ROADMAPS, wanted):
        roadmap_state[row["id"]] = row["state"]
        roadmap_template[row["id"]] = row["template"]

    assessments = {
        a["id"]: (a["state"], a["date"]) for a in _values(records, "assessments")
    }
    wanted = {r["assessment"] for r in roadmaps} - set(assessments)
    for row in _ask(graph, _ASSESSMENTS, wanted):
        when = row["date"]
        assessments[row["id"]] = (row["state"], when.to_native() if when else None)

    need_state = {n["id"]: n["state"] for n in _values(records, "needs")}
    wanted = {need for s in statuses for need in s["needs"]} - set(need_state)
    for row in _ask(graph, _NEEDS, wanted):
        need_state[row["id"]] = row["state"]

    return _Known(
        step_template, roadmap_state, roadmap_template, assessments, need_state
    )


def _step_orders(
    dataset: Dataset, records: dict[str, list[Any]], graph: Graph
) -> list[Problem]:
    steps = records.get("roadmap_steps", [])
    if not steps:
        return []

    where = dataset.tables["roadmap_steps"].where
    taken: dict[tuple[str, int], str] = {}
    templates = sorted({r.values["template"] for r in steps if r.values["template"]})
    ids = sorted({r.values["id"] for r in steps if r.values["id"]})
    for row in graph.read(_TEMPLATE_ORDERS, {"templates": templates, "ids": ids}):
        if row["order"] is not None:
            taken[(row["template"], row["order"])] = f"step {row['id']!r} in the graph"

    problems = []
    for record in steps:
        values = record.values
        order, template = values["order"], values["template"]
        if order is None or template is None:
            continue
        if order < 1:
            problems.append(
                Problem(
                    where,
                    record.number,
                    "order",
                    f"{order!r} is below 1; expected 1 for the first step",
                )
            )
            continue
        first = taken.setdefault((template, order), f"row {record.number}")
        if first != f"row {record.number}":
            problems.append(
                Problem(
                    where,
                    record.number,
                    "order",
                    f"{order!r} is the order of {first} of template "
                    f"{template!r} too; expected each step of a template at its "
                    "own place",
                )
            )
    return problems


def _roadmap_assessments(
    dataset: Dataset, records: dict[str, list[Any]], known: _Known
) -> list[Problem]:
    problems = []
    for record in records.get("roadmaps", []):
        values = record.values
        found = known.assessments.get(values["assessment"])
        if found is None or values["state"] is None:
            continue
        where = dataset.tables["roadmaps"].where
        state, assessed_on = found
        if state != values["state"]:
            problems.append(
                Problem(
                    where,
                    record.number,
                    "assessment",
                    f"{values['assessment']!r} assessed {state}, not "
                    f"{values['state']}; expected an assessment of the roadmap's "
                    "State",
                )
            )
        elif values["date"] and assessed_on and values["date"] < assessed_on:
            problems.append(
                Problem(
                    where,
                    record.number,
                    "date",
                    f"{values['date'].isoformat()} is before the assessment it "
                    f"came from ({assessed_on.isoformat()}); expected a date on "
                    "or after it",
                )
            )
    return problems


def _statuses(
    dataset: Dataset, records: dict[str, list[Any]], graph: Graph, known: _Known
) -> list[Problem]:
    statuses = records.get("roadmap_step_statuses", [])
    if not statuses:
        return []

    where = dataset.tables["roadmap_step_statuses"].where
    seen: dict[tuple[str, str], str] = {}
    roadmaps = sorted({r.values["roadmap"] for r in statuses if r.values["roadmap"]})
    ids = sorted({r.values["id"] for r in statuses if r.values["id"]})
    for row in graph.read(_STATUSES, {"roadmaps": roadmaps, "ids": ids}):
        seen[(row["roadmap"], row["step"])] = f"status {row['id']!r} in the graph"

    problems = []
    for record in statuses:
        values = record.values
        roadmap, step = values["roadmap"], values["step"]
        template = known.roadmap_template.get(roadmap)
        step_template = known.step_template.get(step)
        if template and step_template and template != step_template:
            problems.append(
                Problem(
                    where,
                    record.number,
                    "step",
                    f"{step!r} is a step of template {step_template!r}, but "
                    f"roadmap {roadmap!r} follows {template!r}; expected a step "
                    "of the roadmap's template",
                )
            )
        elif roadmap and step:
            first = seen.setdefault((roadmap, step), f"row {record.number}")
            if first != f"row {record.number}":
                problems.append(
                    Problem(
                        where,
                        record.number,
                        "step",
                        f"roadmap {roadmap!r} has a status for step {step!r} "
                        f"in {first} already; expected one status per step",
                    )
                )
        problems += _need_states(where, record, known)
    return problems


def _need_states(where: str, record: Any, known: _Known) -> list[Problem]:
    state = known.roadmap_state.get(record.values["roadmap"])
    if state is None:
        return []
    others = [
        f"{need!r} ({known.need_state[need]})"
        for need in record.values["needs"]
        if known.need_state.get(need) not in (None, state)
    ]
    if not others:
        return []
    return [
        Problem(
            where,
            record.number,
            "needs",
            f"{', '.join(others)} {'is a need' if len(others) == 1 else 'are needs'}"
            f" of another State; expected needs of {state}, the roadmap's State",
        )
    ]


__all__ = ["roadmap_problems"]
