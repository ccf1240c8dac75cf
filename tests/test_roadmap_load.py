"""Roadmap tables: the domain's rules are checked before anything is written."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from datasets import append, count_nodes, edit

from tagraph.errors import ValidationFailed
from tagraph.graph.connection import Graph
from tagraph.loaders.load import load_dataset

FIXTURE = Path(__file__).parent / "fixtures" / "roadmap"


def copy_fixture(folder: Path) -> Path:
    target = folder / "roadmap"
    shutil.copytree(FIXTURE, target, ignore=shutil.ignore_patterns("*.md"))
    return target


def problems(graph: Graph, path: Path) -> list[str]:
    with pytest.raises(ValidationFailed) as failure:
        load_dataset(graph, path)
    assert count_nodes(graph) == 0, "a failed validation must write nothing"
    return failure.value.problems


@pytest.mark.parametrize(
    ("table", "row", "column", "value", "expected"),
    [
        pytest.param(
            "roadmap_steps",
            2,
            "order",
            "0",
            "roadmap_steps.csv:2: order: 0 is below 1; expected 1 for the first step",
            id="order-below-one",
        ),
        pytest.param(
            "roadmap_steps",
            3,
            "order",
            "1",
            "roadmap_steps.csv:3: order: 1 is the order of row 2 of template "
            "'T-APIPNR' too; expected each step of a template at its own place",
            id="order-twice",
        ),
        pytest.param(
            "roadmaps",
            4,
            "assessment",
            "A-KEN",
            "roadmaps.csv:4: assessment: 'A-KEN' assessed KEN, not UGA; expected "
            "an assessment of the roadmap's State",
            id="assessment-of-another-state",
        ),
        pytest.param(
            "roadmaps",
            2,
            "date",
            "2023-12-31",
            "roadmaps.csv:2: date: 2023-12-31 is before the assessment it came from "
            "(2024-01-15); expected a date on or after it",
            id="roadmap-before-its-assessment",
        ),
        pytest.param(
            "roadmap_step_statuses",
            2,
            "needs",
            "N7",
            "roadmap_step_statuses.csv:2: needs: 'N7' (UGA) is a need of another "
            "State; expected needs of KEN, the roadmap's State",
            id="need-of-another-state",
        ),
        pytest.param(
            "roadmap_step_statuses",
            3,
            "step",
            "S1",
            "roadmap_step_statuses.csv:3: step: roadmap 'RM-KEN' has a status for "
            "step 'S1' in row 2 already; expected one status per step",
            id="two-statuses-for-a-step",
        ),
        pytest.param(
            "roadmap_step_statuses",
            2,
            "status",
            "done",
            "roadmap_step_statuses.csv:2: status: 'done' is not allowed; expected "
            "one of not-started, in-progress, in-place, not-applicable",
            id="status-enumeration",
        ),
        pytest.param(
            "roadmap_step_statuses",
            2,
            "step",
            "S99",
            "roadmap_step_statuses.csv:2: step: 'S99' is neither in "
            "roadmap_steps.csv nor a RoadmapStep in the graph; expected the id of "
            "a RoadmapStep that is in one of them",
            id="unknown-step",
        ),
    ],
)
def test_a_broken_roadmap_rule_is_reported(
    graph: Graph,
    tmp_path: Path,
    table: str,
    row: int,
    column: str,
    value: str,
    expected: str,
) -> None:
    folder = copy_fixture(tmp_path)
    edit(folder, table, row, column, value)

    assert problems(graph, folder) == [expected]


def test_a_status_names_a_step_of_its_roadmap_s_template(
    graph: Graph, tmp_path: Path
) -> None:
    folder = copy_fixture(tmp_path)
    append(folder, "roadmap_templates", {"id": "T-OTHER", "title": "Other"})
    append(
        folder,
        "roadmap_steps",
        {"id": "X1", "template": "T-OTHER", "order": "1", "title": "X", "themes": "HR"},
    )
    row = append(
        folder,
        "roadmap_step_statuses",
        {"id": "RM-KEN-X", "roadmap": "RM-KEN", "step": "X1", "status": "in-place"},
    )

    assert problems(graph, folder) == [
        f"roadmap_step_statuses.csv:{row}: step: 'X1' is a step of template "
        "'T-OTHER', but roadmap 'RM-KEN' follows 'T-APIPNR'; expected a step of "
        "the roadmap's template"
    ]


def test_rules_look_up_roadmaps_and_statuses_already_in_the_graph(
    graph: Graph, tmp_path: Path
) -> None:
    load_dataset(graph, FIXTURE)
    before = count_nodes(graph)
    later = tmp_path / "later"
    later.mkdir()
    (later / "roadmap_step_statuses.csv").write_text(
        "id,roadmap,step,status,needs\n"
        "RM-UGA-9,RM-UGA,S1,in-progress,\n"
        "RM-UGA-8,RM-UGA,S2,in-progress,N1\n",
        encoding="utf-8",
    )

    with pytest.raises(ValidationFailed) as failure:
        load_dataset(graph, later)

    assert failure.value.problems == [
        "roadmap_step_statuses.csv:2: step: roadmap 'RM-UGA' has a status for step "
        "'S1' in status 'RM-UGA-1' in the graph already; expected one status per "
        "step",
        "roadmap_step_statuses.csv:3: needs: 'N1' (KEN) is a need of another State; "
        "expected needs of UGA, the roadmap's State",
    ]
    assert count_nodes(graph) == before


def test_a_status_row_changed_in_a_later_load_is_updated(
    graph: Graph, tmp_path: Path
) -> None:
    load_dataset(graph, FIXTURE)
    later = tmp_path / "later"
    later.mkdir()
    (later / "roadmap_step_statuses.csv").write_text(
        "id,roadmap,step,status,recommendation,needs,synthetic,source\n"
        "RM-UGA-3,RM-UGA,S3,in-place,Keep training analysts.,N7,false,"
        "fixture: roadmap of Uganda\n",
        encoding="utf-8",
    )

    report = load_dataset(graph, later)

    assert report.counts["roadmap_step_statuses"].changed == 1
    found = graph.read(
        "MATCH (:Roadmap {id: 'RM-UGA'})-[:HAS_STATUS]->(st:StepStatus {id: $id}) "
        "RETURN st.status AS status, [(st)-[:BACKED_BY]->(n) | n.id] AS needs",
        {"id": "RM-UGA-3"},
    )
    assert found == [{"status": "in-place", "needs": ["N7"]}]
