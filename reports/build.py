"""Documents as bytes in a chosen format: the one entry point for callers.

The command line (``tagraph roadmap``, ``tagraph brief``) and the explorer's
download buttons both come here.

>>> from tagraph.graph.connection import Graph               # doctest: +SKIP
>>> with Graph.connect() as graph:                           # doctest: +SKIP
...     pdf = build_roadmap_bytes(graph, "CIV", "pdf")
"""

from __future__ import annotations

import logging
from datetime import date
from typing import Literal

from tagraph.access import FULL_ACCESS, Viewer
from tagraph.errors import TagraphError
from tagraph.graph.connection import Graph
from tagraph.reports.brief import brief_document
from tagraph.reports.model import Document
from tagraph.reports.roadmap import roadmap_document

log = logging.getLogger("tagraph.reports")

Format = Literal["md", "docx", "pdf"]
FORMATS: tuple[Format, ...] = ("md", "docx", "pdf")

MEDIA_TYPES: dict[str, str] = {
    "md": "text/markdown",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
}
"""The media type of each format, for downloads."""


class UnknownFormat(TagraphError):
    """A document was asked for in a format tagraph does not write."""


def render(document: Document, fmt: str) -> bytes:
    """``document`` in ``fmt`` (``md``, ``docx`` or ``pdf``).

    Raises
    ------
    UnknownFormat
        For any other format.
    """
    if fmt == "md":
        from tagraph.reports.render_md import render_markdown

        return render_markdown(document).encode("utf-8")
    if fmt == "docx":
        from tagraph.reports.render_docx import render_docx

        return render_docx(document)
    if fmt == "pdf":
        from tagraph.reports.render_pdf import render_pdf

        return render_pdf(document)
    raise UnknownFormat(
        f"format {fmt!r} is unknown; expected one of {', '.join(FORMATS)}"
    )


def build_roadmap_bytes(
    graph: Graph,
    state: str,
    fmt: str,
    viewer: Viewer = FULL_ACCESS,
    *,
    roadmap: str = "",
    today: date | None = None,
) -> bytes:
    """The roadmap document of ``state`` in ``fmt``, for ``viewer``.

    See :func:`tagraph.reports.roadmap.roadmap_document` for the content.

    Raises
    ------
    NotFound
        When the State does not exist or has no roadmap.
    UnknownFormat
        When ``fmt`` is not md, docx or pdf.
    """
    _check(fmt)
    document = roadmap_document(
        graph, state, viewer=viewer, roadmap=roadmap, today=today
    )
    log.info("writing the roadmap of %s as %s for %s", state, fmt, viewer.name)
    return render(document, fmt)


def build_brief_bytes(
    graph: Graph,
    state: str,
    fmt: str,
    viewer: Viewer = FULL_ACCESS,
    *,
    today: date | None = None,
) -> bytes:
    """The country brief of ``state`` in ``fmt``, for ``viewer``.

    See :func:`tagraph.reports.brief.brief_document` for the content.

    Raises
    ------
    NotFound
        When the State does not exist.
    UnknownFormat
        When ``fmt`` is not md, docx or pdf.
    """
    _check(fmt)
    document = brief_document(graph, state, viewer=viewer, today=today)
    log.info("writing the brief of %s as %s for %s", state, fmt, viewer.name)
    return render(document, fmt)


def _check(fmt: str) -> None:
    if fmt not in FORMATS:
        raise UnknownFormat(
            f"format {fmt!r} is unknown; expected one of {', '.join(FORMATS)}"
        )


__all__ = [
    "FORMATS",
    "MEDIA_TYPES",
    "UnknownFormat",
    "build_brief_bytes",
    "build_roadmap_bytes",
    "render",
]
