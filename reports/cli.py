"""``tagraph roadmap`` and ``tagraph brief``: a State's documents as files."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from tagraph.access import FULL_ACCESS, Viewer
from tagraph.errors import TagraphError
from tagraph.graph.connection import Graph


class DocumentFormat(StrEnum):
    """The formats a document can be written in."""

    md = "md"
    docx = "docx"
    pdf = "pdf"


class ReaderRole(StrEnum):
    """The roles a document can be built for (see tagraph.access)."""

    administrator = "administrator"
    analyst = "analyst"
    focal_point = "focal-point"
    viewer = "viewer"


class OutputFailed(TagraphError):
    """The document could not be written where it was asked to go."""


_State = Annotated[str, typer.Argument(help="ISO3 code of the State, e.g. KEN.")]
_Format = Annotated[
    DocumentFormat | None,
    typer.Option(
        "--format",
        "-f",
        help="md, docx or pdf (default: from the output file's suffix, else md).",
    ),
]
_Output = Annotated[
    Path | None,
    typer.Option(
        "--output",
        "-o",
        help="The file to write; Markdown goes to standard output without it.",
    ),
]
_Role = Annotated[
    ReaderRole,
    typer.Option(
        "--role",
        help="Build it as a reader of this role sees it (default: everything).",
    ),
]
_Own = Annotated[
    str,
    typer.Option(
        "--own",
        help="With --role focal-point: the reader's States, as 'KEN;UGA'.",
    ),
]


def _format(fmt: DocumentFormat | None, output: Path | None) -> str:
    if fmt is not None:
        return fmt.value
    suffix = output.suffix.lower().lstrip(".") if output else ""
    return suffix if suffix in DocumentFormat.__members__ else "md"


def _viewer(role: ReaderRole, own: str) -> Viewer:
    if role.value == FULL_ACCESS.role and not own:
        return FULL_ACCESS
    states = frozenset(s.strip().upper() for s in own.split(";") if s.strip())
    return Viewer(f"{role.value} view", role.value, states)  # type: ignore[arg-type]


def _write(content: bytes, fmt: str, output: Path | None) -> None:
    if output is None:
        if fmt != "md":
            raise OutputFailed(f"a {fmt} document is binary; give a file with --output")
        typer.echo(content.decode("utf-8"), nl=False)
        return
    try:
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_bytes(content)
    except OSError as error:
        raise OutputFailed(f"cannot write {output}: {error}") from None
    typer.echo(f"wrote {output} ({len(content):,} bytes)", err=True)


def roadmap(
    state: _State,
    fmt: _Format = None,
    output: _Output = None,
    roadmap_id: Annotated[
        str,
        typer.Option("--roadmap", help="Id of one roadmap (default: the latest)."),
    ] = "",
    role: _Role = ReaderRole.administrator,
    own: _Own = "",
) -> None:
    """Write a State's roadmap, with the source of every statement.

    Its steps in order with status and recommendation, the needs behind each,
    the programmes and providers that can assist, and the gaps.
    """
    from tagraph.reports.build import build_roadmap_bytes

    chosen = _format(fmt, output)
    with Graph.connect() as graph:
        content = build_roadmap_bytes(
            graph, state.upper(), chosen, _viewer(role, own), roadmap=roadmap_id
        )
    _write(content, chosen, output)


def brief(
    state: _State,
    fmt: _Format = None,
    output: _Output = None,
    role: _Role = ReaderRole.administrator,
    own: _Own = "",
) -> None:
    """Write a State's country brief, with the source of every statement.

    Its needs by theme and priority, the programmes covering it, gaps,
    overlaps, synergies, the trend by year and its roadmap.
    """
    from tagraph.reports.build import build_brief_bytes

    chosen = _format(fmt, output)
    with Graph.connect() as graph:
        content = build_brief_bytes(graph, state.upper(), chosen, _viewer(role, own))
    _write(content, chosen, output)


def register(app: typer.Typer) -> None:
    """Add ``roadmap`` and ``brief`` to the root command."""
    app.command("roadmap")(roadmap)
    app.command("brief")(brief)
