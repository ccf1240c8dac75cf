"""Roadmap and country-brief documents: content, access, sources and formats.

The expected values are worked out by hand from ``tests/fixtures/roadmap``
(its README gives the reasoning). A copy of each document and a picture of
its first page are kept in ``test-artifacts/documents/``.
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from datetime import date
from pathlib import Path

import docx
import pytest
import typer
from typer.testing import CliRunner

from tagraph.access import ROLES, Viewer
from tagraph.cli import app
from tagraph.errors import NotFound
from tagraph.graph.connection import Graph
from tagraph.reports.brief import brief_document
from tagraph.reports.build import (
    UnknownFormat,
    build_brief_bytes,
    build_roadmap_bytes,
    render,
)
from tagraph.reports.cli import ReaderRole
from tagraph.reports.model import SYNTHETIC_NOTICE, Document, Paragraph, Table
from tagraph.reports.roadmap import roadmap_document

FIXTURE = Path(__file__).parent / "fixtures" / "roadmap"
ARTIFACTS = Path(__file__).parents[1] / "test-artifacts" / "documents"
TODAY = date(2026, 6, 30)
OTHER_FOCAL_POINT = Viewer("focal point of Uganda", "focal-point", frozenset({"UGA"}))
KENYA_FOCAL_POINT = Viewer("focal point of Kenya", "focal-point", frozenset({"KEN"}))

KENYA_STEPS = [
    # order, title, status, programmes that can assist, gap
    ("1", "Legal basis", "in place", "P-LAW, P-TRAVEL", ""),
    ("2", "Safeguards", "in progress", "P-LAW", ""),
    ("3", "Passenger Information Unit", "not started", "P-TRAVEL", ""),
    ("4", "International cooperation", "not started", "none", "gap"),
    ("5", "Monitoring", "not applicable", "none", ""),
    ("6", "Training", "not recorded", "none", "gap"),
]

POPPLER = "the PDF tests need poppler-utils (pdftotext, pdftoppm): apt-get install"


@pytest.fixture(scope="module")
def fixture_dataset() -> Path:
    """The roadmap fixture, which ``fixture_graph`` loads for this module."""
    return FIXTURE


def table_after(document: Document, title: str) -> Table:
    section = next(s for s in document.sections if s.title == title)
    return next(b for b in section.blocks if isinstance(b, Table))


def paragraphs(document: Document, title: str) -> list[str]:
    section = next(s for s in document.sections if s.title == title)
    return [b.text for b in section.blocks if isinstance(b, Paragraph)]


def bullet_texts(document: Document, title: str) -> list[list[str]]:
    section = next(s for s in document.sections if s.title == title)
    return [
        [item.text for item in block.items]
        for block in section.blocks
        if hasattr(block, "items")
    ]


def pdf_text(content: bytes) -> str:
    if not shutil.which("pdftotext"):
        pytest.fail(POPPLER + " poppler-utils")
    done = subprocess.run(
        ["pdftotext", "-layout", "-", "-"],
        input=content,
        capture_output=True,
        check=True,
    )
    return done.stdout.decode("utf-8")


def docx_text(content: bytes) -> str:
    word = docx.Document(io.BytesIO(content))
    lines = [p.text for p in word.paragraphs]
    for table in word.tables:
        for row in table.rows:
            lines.append(" | ".join(cell.text for cell in row.cells))
    lines += [p.text for p in word.sections[0].header.paragraphs]
    return "\n".join(lines)


def keep(name: str, content: bytes) -> None:
    """Keep a document among the test artifacts."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / name).write_bytes(content)


def picture(name: str, pdf: bytes, folder: Path) -> Path:
    """A PNG of the first page of ``pdf``, kept as ``name``.png."""
    if not shutil.which("pdftoppm"):
        pytest.fail(POPPLER + " poppler-utils")
    source = folder / f"{name}.pdf"
    source.write_bytes(pdf)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    command = ["pdftoppm", "-png", "-r", "80", "-singlefile", "-f", "1", "-l", "1"]
    subprocess.run([*command, str(source), str(ARTIFACTS / name)], check=True)
    return ARTIFACTS / f"{name}.png"


def docx_as_pdf(word: bytes, twin: bytes, folder: Path) -> bytes:
    """The DOCX converted by LibreOffice when it is installed, else its PDF twin
    (the same document rendered by tagraph's PDF writer)."""
    office = shutil.which("soffice") or shutil.which("libreoffice")
    if office is None:
        return twin
    source = folder / "document.docx"
    source.write_bytes(word)
    command = [office, "--headless", "--convert-to", "pdf", "--outdir", str(folder)]
    subprocess.run(
        [*command, str(source)],
        check=True,
        capture_output=True,
        timeout=180,
    )
    return (folder / "document.pdf").read_bytes()


# The roadmap -------------------------------------------------------------------


def test_the_roadmap_gives_steps_in_order_with_status_assistance_and_gaps(
    fixture_graph: Graph,
) -> None:
    document = roadmap_document(fixture_graph, "KEN", today=TODAY)

    overview = table_after(document, "Steps at a glance")
    assert [row[:5] for row in overview.rows] == KENYA_STEPS
    assert document.title == "API/PNR roadmap: Kenya"
    assert ("Roadmap", "RM-KEN, dated 2024-03-01") in document.facts
    assert ("From assessment", "A-KEN") in document.facts
    assert paragraphs(document, "Summary") == [
        "6 steps: 1 in place, 1 in progress, 2 not started, 1 not applicable, "
        "1 not recorded.",
        "2 gaps: steps that still need work and that no programme covering Kenya "
        "can assist: 4. International cooperation; 6. Training.",
    ]
    steps = [s.title for s in document.sections if s.level == 2]
    assert steps == [f"{order}. {title}" for order, title, *_ in KENYA_STEPS]


def test_each_step_names_its_needs_programmes_providers_and_sources(
    fixture_graph: Graph,
) -> None:
    document = roadmap_document(fixture_graph, "KEN", today=TODAY)

    needs, programmes = bullet_texts(document, "2. Safeguards")
    assert needs == ["N2: Retention rules for passenger data (priority high, open)"]
    assert programmes == [
        "P-LAW: Legal reform in Eastern Africa (active); led by Provider B (PB); "
        "shared themes HR"
    ]
    _, travel = bullet_texts(document, "3. Passenger Information Unit")
    assert travel == [
        "P-TRAVEL: Passenger data programme (active); led by Provider A (PA); "
        "partners PC; shared themes BSM-APIPNR"
    ]
    texts = paragraphs(document, "4. International cooperation")
    assert "Recommendation: Agree exchanges with partner units." in texts
    assert "Gap: no programme covering Kenya shares a theme with this step." in texts
    assert "Themes: LEG. Rests on: res. 2396." in paragraphs(document, "1. Legal basis")

    markdown = render(document, "md").decode("utf-8")
    sources = markdown.split("## Sources", 1)[1]
    for text in (
        "fixture: deep dive of Kenya finding 2",
        "fixture: programme document P-LAW",
        "fixture: provider B",
        "fixture: step 2",
        "synthetic: fixture roadmap of Kenya",
    ):
        number = document.sources.index(text) + 1
        assert f"{number}. {text}" in sources
    section = markdown.split("### 2. Safeguards", 1)[1].split("###", 1)[0]
    need_source = document.sources.index("fixture: deep dive of Kenya finding 2") + 1
    assert f"(priority high, open) [{need_source}]" in section


def test_a_synthetic_roadmap_is_labelled_and_a_real_one_is_not(
    fixture_graph: Graph,
) -> None:
    kenya = roadmap_document(fixture_graph, "KEN", today=TODAY)
    uganda = roadmap_document(fixture_graph, "UGA", today=TODAY)

    assert kenya.synthetic
    assert SYNTHETIC_NOTICE in render(kenya, "md").decode("utf-8")
    assert not uganda.synthetic
    assert "Synthetic" not in render(uganda, "md").decode("utf-8")
    gaps = [row[0] for row in table_after(uganda, "Steps at a glance").rows if row[4]]
    assert gaps == ["4", "5", "6"], "steps with no status and no programme"


def test_an_earlier_roadmap_can_be_chosen(fixture_graph: Graph) -> None:
    document = roadmap_document(
        fixture_graph, "KEN", roadmap="RM-KEN-2022", today=TODAY
    )

    statuses = [row[2] for row in table_after(document, "Steps at a glance").rows]
    assert statuses == ["not started"] + ["not recorded"] * 5
    assert ("From assessment", "not recorded") in document.facts


def test_a_focal_point_of_another_state_sees_only_public_needs(
    fixture_graph: Graph,
) -> None:
    other = roadmap_document(
        fixture_graph, "KEN", viewer=OTHER_FOCAL_POINT, today=TODAY
    )
    own = roadmap_document(fixture_graph, "KEN", viewer=KENYA_FOCAL_POINT, today=TODAY)

    assert bullet_texts(other, "2. Safeguards")[0] == []
    assert "fixture: deep dive of Kenya finding 2" not in other.sources
    assert "None recorded that you may see." in render(other, "md").decode()
    assert bullet_texts(own, "2. Safeguards")[0] == [
        "N2: Retention rules for passenger data (priority high, open)"
    ]
    assert (
        "Reader",
        "focal point of Uganda (focal-point): only public needs are shown",
    ) in other.facts


def test_a_state_without_roadmap_or_unknown_is_not_found(fixture_graph: Graph) -> None:
    with pytest.raises(NotFound, match=r"Pakistan \(PAK\) has no roadmap"):
        roadmap_document(fixture_graph, "PAK")
    with pytest.raises(NotFound, match="no State 'XYZ'"):
        roadmap_document(fixture_graph, "XYZ")
    with pytest.raises(UnknownFormat, match="expected one of md, docx, pdf"):
        build_roadmap_bytes(fixture_graph, "KEN", "odt")


# The brief ---------------------------------------------------------------------


def test_the_brief_gives_needs_programmes_gaps_overlaps_synergies_and_years(
    fixture_graph: Graph,
) -> None:
    document = brief_document(fixture_graph, "KEN", today=TODAY)

    assert paragraphs(document, "Summary") == [
        "Kenya has 4 active needs (3 open). Addressed by a programme: 1 (coverage "
        "25 %).",
        "Gaps (open needs nobody addresses): 1 uncovered, which no programme could "
        "take up, and 1 unlinked, which a candidate programme could take up.",
        "Programmes covering Kenya: 3, led by 3 providers.",
    ]
    themes = [
        row[:5] for row in table_after(document, "Needs by theme and priority").rows
    ]
    assert themes == [
        ("BSM", "0", "0", "1", "1"),
        ("BSM-APIPNR", "1", "0", "0", "1"),
        ("HR", "1", "0", "0", "1"),
        ("INTCOOP", "0", "1", "0", "1"),
        ("LEG", "1", "0", "0", "1"),
    ]
    needs = [row[0] for row in table_after(document, "Active needs").rows]
    assert needs == ["N1", "N2", "N3", "N5"], "by priority, then identified"
    gaps = [row[:5] for row in table_after(document, "Gaps").rows]
    assert gaps == [
        ("N2", "Retention rules for passenger data", "high", "unlinked", "2"),
        ("N3", "Exchange with partner units", "medium", "uncovered", "0"),
    ]
    programmes = table_after(document, "Programmes covering Kenya").rows
    assert [row[0] for row in programmes] == ["P-LAW", "P-OLD", "P-TRAVEL"]
    overlaps = [row[:2] for row in table_after(document, "Overlaps").rows]
    assert overlaps == [("P-LAW (PB)", "P-OLD (PC)")]
    synergies = {row[:2] for row in table_after(document, "Synergies").rows}
    assert synergies == {("P-LAW (PB)", "P-OLD (PC)"), ("P-LAW (PB)", "P-TRAVEL (PA)")}
    years = [row[:4] for row in table_after(document, "Needs by year").rows]
    assert years == [
        ("2022", "1", "0", "0"),
        ("2023", "1", "0", "0"),
        ("2024", "3", "3", "1"),
    ]
    assert document.synthetic, "Kenya's roadmap is synthetic"


def test_every_brief_row_cites_a_listed_source(fixture_graph: Graph) -> None:
    document = brief_document(fixture_graph, "KEN", today=TODAY)

    for section in document.sections:
        for block in section.blocks:
            if isinstance(block, Table) and block.columns[-1] == "Sources":
                for row in block.rows:
                    numbers = [int(n) for n in re.findall(r"\[(\d+)\]", row[-1])]
                    assert numbers, (section.title, row)
                    assert all(1 <= n <= len(document.sources) for n in numbers)
    assert "fixture: programme document P-OLD" in document.sources
    assert "fixture: deep dive of Kenya finding 3" in document.sources


def test_a_focal_point_s_brief_of_another_state_counts_public_needs_only(
    fixture_graph: Graph,
) -> None:
    document = brief_document(
        fixture_graph, "KEN", viewer=OTHER_FOCAL_POINT, today=TODAY
    )

    needs = [row[0] for row in table_after(document, "Active needs").rows]
    assert needs == ["N1", "N3", "N5"]
    assert [row[0] for row in table_after(document, "Gaps").rows] == ["N3"]
    years = [row[:4] for row in table_after(document, "Needs by year").rows]
    assert years[-1] == ("2024", "2", "2", "1")
    assert "fixture: deep dive of Kenya finding 2" not in document.sources


# Formats -----------------------------------------------------------------------


def test_the_docx_and_pdf_open_and_say_what_the_markdown_says(
    fixture_graph: Graph, tmp_path: Path
) -> None:
    markdown = build_roadmap_bytes(fixture_graph, "KEN", "md", today=TODAY)
    word = build_roadmap_bytes(fixture_graph, "KEN", "docx", today=TODAY)
    pdf = build_roadmap_bytes(fixture_graph, "KEN", "pdf", today=TODAY)

    as_text = {"md": markdown.decode("utf-8"), "docx": docx_text(word)}
    as_text["pdf"] = pdf_text(pdf)
    for fmt, text in as_text.items():
        flat = " ".join(text.split())
        start = flat.index("Steps at a glance")
        positions = [
            flat.index(f"{order}. {title}", start) for order, title, *_ in KENYA_STEPS
        ]
        assert positions == sorted(positions), fmt
        assert "Gap: no programme covering Kenya shares a theme" in flat, fmt
        assert "Synthetic data" in flat, fmt
        assert "fixture: programme document P-TRAVEL" in flat, fmt
    assert "SYNTHETIC DATA: not an assessment" in as_text["pdf"]
    assert "Synthetic data: not an assessment" in as_text["docx"]
    for name, content in (("md", markdown), ("docx", word), ("pdf", pdf)):
        keep(f"roadmap-KEN.{name}", content)
    page = picture("roadmap-KEN.pdf.page1", pdf, tmp_path)
    docx_page = picture(
        "roadmap-KEN.docx.page1", docx_as_pdf(word, pdf, tmp_path), tmp_path
    )
    assert page.stat().st_size > 10_000
    assert docx_page.stat().st_size > 10_000


def test_the_brief_opens_in_every_format(fixture_graph: Graph, tmp_path: Path) -> None:
    files = {
        fmt: build_brief_bytes(fixture_graph, "KEN", fmt, today=TODAY)
        for fmt in ("md", "docx", "pdf")
    }

    pdf = " ".join(pdf_text(files["pdf"]).split())
    word = " ".join(docx_text(files["docx"]).split())
    for text in (pdf, word, files["md"].decode("utf-8")):
        assert "Country brief: Kenya" in text
        assert "Retention rules for passenger data" in text
        assert "P-OLD" in text
    assert files["pdf"].startswith(b"%PDF-")
    for fmt, content in files.items():
        keep(f"brief-KEN.{fmt}", content)
    page = picture("brief-KEN.pdf.page1", files["pdf"], tmp_path)
    assert page.stat().st_size > 10_000


def test_the_commands_write_the_documents(
    fixture_graph: Graph, neo4j_env: dict[str, str], tmp_path: Path
) -> None:
    runner = CliRunner()

    pdf = runner.invoke(app, ["roadmap", "KEN", "-o", str(tmp_path / "r.pdf")])
    md = runner.invoke(app, ["brief", "ken", "--format", "md"])
    focal = runner.invoke(
        app, ["roadmap", "KEN", "--role", "focal-point", "--own", "UGA"]
    )
    binary = runner.invoke(app, ["brief", "KEN", "--format", "pdf"])

    assert pdf.exit_code == 0, pdf.output
    assert (tmp_path / "r.pdf").read_bytes().startswith(b"%PDF-")
    assert md.exit_code == 0, md.output
    assert md.stdout.startswith("# Country brief: Kenya")
    assert focal.exit_code == 0, focal.output
    assert "Retention rules" not in focal.stdout
    assert binary.exit_code != 0
    assert "give a file with --output" in str(binary.exception)


@pytest.mark.parametrize("name", ["roadmap", "brief"])
def test_every_document_command_and_option_has_help(name: str) -> None:
    command = typer.main.get_command(app).commands[name]  # type: ignore[attr-defined]

    result = CliRunner().invoke(app, [name, "--help"])

    assert result.exit_code == 0
    assert command.help
    for parameter in command.params:
        assert getattr(parameter, "help", None), f"{name} {parameter.name}"


def test_the_document_roles_are_the_access_roles() -> None:
    assert tuple(role.value for role in ReaderRole) == ROLES
