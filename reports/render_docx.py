"""A document as a Word file (DOCX), with python-docx."""

from __future__ import annotations

import io

from docx import Document as WordDocument
from docx.enum.section import WD_ORIENT
from docx.shared import Cm, Pt, RGBColor
from docx.text.paragraph import Paragraph as WordParagraph

from tagraph.reports.model import (
    SYNTHETIC_NOTICE,
    Block,
    Bullets,
    Document,
    Paragraph,
    Table,
    marks,
)

_WARNING = RGBColor(0xA3, 0x1F, 0x1F)
_NOTE = RGBColor(0x55, 0x55, 0x55)


def render_docx(document: Document) -> bytes:
    """The document as the bytes of a DOCX file."""
    word = WordDocument()
    _page(word, document)
    word.core_properties.title = document.title
    word.core_properties.subject = document.subtitle
    word.core_properties.author = "tagraph"

    word.add_heading(document.title, level=0)
    word.add_paragraph(document.subtitle).runs[0].italic = True
    if document.synthetic:
        _coloured(word.add_paragraph(), SYNTHETIC_NOTICE, _WARNING, bold=True)
    for label, value in document.facts:
        line = word.add_paragraph(style="List Bullet")
        line.add_run(f"{label}: ").bold = True
        line.add_run(value)

    for section in document.sections:
        word.add_heading(section.title, level=section.level)
        for block in section.blocks:
            _block(word, block)

    word.add_heading("Sources", level=1)
    for number, source in enumerate(document.sources, start=1):
        word.add_paragraph(f"[{number}] {source}")

    out = io.BytesIO()
    word.save(out)
    return out.getvalue()


def _page(word: WordDocument, document: Document) -> None:
    section = word.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(1.8))
    style = word.styles["Normal"]
    style.font.name = "Calibri"
    style.font.size = Pt(10)
    header = section.header.paragraphs[0]
    if document.synthetic:
        _coloured(header, "Synthetic data: not an assessment", _WARNING, bold=True)
    else:
        header.text = document.title


def _coloured(
    paragraph: WordParagraph, words: str, colour: RGBColor, *, bold: bool = False
) -> None:
    run = paragraph.add_run(words)
    run.bold = bold
    run.font.color.rgb = colour


def _block(word: WordDocument, block: Block) -> None:
    if isinstance(block, Paragraph):
        _paragraph(word.add_paragraph(), block)
    elif isinstance(block, Bullets):
        if not block.items:
            word.add_paragraph(block.empty, style="List Bullet")
        for item in block.items:
            _paragraph(word.add_paragraph(style="List Bullet"), item)
    else:
        _table(word, block)


def _paragraph(target: WordParagraph, paragraph: Paragraph) -> None:
    words = paragraph.text
    cited = marks(paragraph.sources)
    if paragraph.kind == "warning":
        _coloured(target, words, _WARNING, bold=True)
    elif paragraph.kind == "note":
        _coloured(target, words, _NOTE)
        target.runs[-1].italic = True
    else:
        target.add_run(words)
    if cited:
        target.add_run(f" {cited}")


def _table(word: WordDocument, table: Table) -> None:
    if not table.rows:
        word.add_paragraph(table.empty)
        return
    grid = word.add_table(rows=1, cols=len(table.columns))
    grid.style = "Table Grid"
    for cell, title in zip(grid.rows[0].cells, table.columns, strict=True):
        cell.text = ""
        cell.paragraphs[0].add_run(title).bold = True
    for values in table.rows:
        cells = grid.add_row().cells
        for cell, value in zip(cells, values, strict=True):
            cell.text = value
    for row in grid.rows:
        for cell in row.cells:
            for paragraph in cell.paragraphs:
                for run in paragraph.runs:
                    run.font.size = Pt(8.5)
    if table.widths:
        total = Cm(21 - 3.6)
        for index, share in enumerate(table.widths):
            for cell in grid.columns[index].cells:
                cell.width = int(total * share)
    word.add_paragraph()


__all__ = ["render_docx"]
