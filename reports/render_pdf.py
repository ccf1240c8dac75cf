"""A document as PDF, with fpdf2 and the DejaVu Sans font.

The core PDF fonts cover Latin-1 only, and State names, sources and titles
hold other characters (Côte d'Ivoire, "–", "’"). DejaVu Sans covers them. It
is taken from matplotlib, a dependency of tagraph that ships the font, or
else from Debian's ``fonts-dejavu-core`` package.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from fpdf import FPDF
from fpdf.fonts import FontFace

from tagraph.errors import TagraphError
from tagraph.reports.model import (
    SYNTHETIC_NOTICE,
    Block,
    Bullets,
    Document,
    Paragraph,
    Table,
    marks,
)

FONT = "DejaVu"
_FILES = {
    "": "DejaVuSans.ttf",
    "B": "DejaVuSans-Bold.ttf",
    "I": "DejaVuSans-Oblique.ttf",
    "BI": "DejaVuSans-BoldOblique.ttf",
}
_DEBIAN_FONTS = Path("/usr/share/fonts/truetype/dejavu")
_WARNING = (163, 31, 31)
_NOTE = (85, 85, 85)
_BODY = 9.5


class FontMissing(TagraphError):
    """No DejaVu Sans font was found to write PDF documents with."""


def font_folder() -> Path:
    """The folder holding the DejaVu Sans font files.

    Raises
    ------
    FontMissing
        When neither matplotlib's copy nor Debian's package is there.
    """
    candidates = [
        Path(str(resources.files("matplotlib") / "mpl-data" / "fonts" / "ttf")),
        _DEBIAN_FONTS,
    ]
    for folder in candidates:
        if all((folder / name).is_file() for name in _FILES.values()):
            return folder
    raise FontMissing(
        "no DejaVu Sans font found for PDF documents (looked in "
        f"{', '.join(str(c) for c in candidates)}); reinstall matplotlib or "
        "install the Debian package fonts-dejavu-core"
    )


class _Pdf(FPDF):
    """A page with the document's title and synthetic label at the top."""

    def __init__(self, document: Document) -> None:
        super().__init__(orientation="portrait", unit="mm", format="A4")
        self.document = document
        folder = font_folder()
        for style, name in _FILES.items():
            self.add_font(FONT, style, str(folder / name))
        self.set_margins(16, 16, 16)
        self.set_auto_page_break(True, margin=16)
        self.set_title(document.title)
        self.set_author("tagraph")
        self.set_subject(document.subtitle)

    def header(self) -> None:
        self.set_font(FONT, "B" if self.document.synthetic else "", 7.5)
        if self.document.synthetic:
            self.set_text_color(*_WARNING)
            label = "SYNTHETIC DATA: not an assessment"
        else:
            self.set_text_color(*_NOTE)
            label = self.document.title
        self.cell(0, 4, label, align="R", new_x="LMARGIN", new_y="NEXT")
        self.set_text_color(0, 0, 0)
        self.ln(2)

    def footer(self) -> None:
        self.set_y(-12)
        self.set_font(FONT, "", 7.5)
        self.set_text_color(*_NOTE)
        self.cell(0, 4, f"{self.document.title}  ·  page {self.page_no()}/{{nb}}")
        self.set_text_color(0, 0, 0)


def render_pdf(document: Document) -> bytes:
    """The document as the bytes of a PDF file."""
    pdf = _Pdf(document)
    pdf.add_page()

    pdf.set_font(FONT, "B", 17)
    pdf.multi_cell(0, 8, document.title, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FONT, "I", 10.5)
    pdf.multi_cell(0, 6, document.subtitle, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(2)
    if document.synthetic:
        _paragraph(pdf, Paragraph(SYNTHETIC_NOTICE, kind="warning"))
    pdf.set_font(FONT, "", 9)
    for label, value in document.facts:
        pdf.multi_cell(
            0, 5, f"**{label}:** {value}", markdown=True, new_x="LMARGIN", new_y="NEXT"
        )
    pdf.ln(2)

    for section in document.sections:
        _heading(pdf, section.title, section.level)
        for block in section.blocks:
            _block(pdf, block)

    _heading(pdf, "Sources", 1)
    pdf.set_font(FONT, "", 8.5)
    for number, source in enumerate(document.sources, start=1):
        pdf.multi_cell(0, 4.5, f"[{number}] {source}", new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


def _heading(pdf: FPDF, title: str, level: int) -> None:
    size = 13.5 if level == 1 else 11
    if pdf.will_page_break(size * 2):
        pdf.add_page()
    pdf.ln(3 if level == 1 else 1.5)
    pdf.set_font(FONT, "B", size)
    pdf.multi_cell(0, size * 0.55, title, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(1.5)


def _block(pdf: FPDF, block: Block) -> None:
    if isinstance(block, Paragraph):
        _paragraph(pdf, block)
    elif isinstance(block, Bullets):
        items = block.items or [Paragraph(block.empty)]
        for item in items:
            _paragraph(pdf, item, bullet=True)
        pdf.ln(1)
    else:
        _table(pdf, block)


def _paragraph(pdf: FPDF, paragraph: Paragraph, *, bullet: bool = False) -> None:
    words = paragraph.text
    cited = marks(paragraph.sources)
    if cited:
        words += f" {cited}"
    if paragraph.kind == "warning":
        pdf.set_font(FONT, "B", _BODY)
        pdf.set_text_color(*_WARNING)
        pdf.set_fill_color(251, 234, 234)
        pdf.multi_cell(
            0,
            5,
            words,
            align="L",
            fill=True,
            padding=1.5,
            new_x="LMARGIN",
            new_y="NEXT",
        )
        pdf.set_text_color(0, 0, 0)
        pdf.set_fill_color(255, 255, 255)
        pdf.ln(1.5)
        return
    style, colour = ("I", _NOTE) if paragraph.kind == "note" else ("", (0, 0, 0))
    pdf.set_font(FONT, style, _BODY)
    pdf.set_text_color(*colour)
    if bullet:
        pdf.set_x(pdf.l_margin + 3)
        pdf.cell(4, 5, "•")
        pdf.multi_cell(0, 5, words, align="L", new_x="LMARGIN", new_y="NEXT")
    else:
        pdf.multi_cell(0, 5, words, align="L", new_x="LMARGIN", new_y="NEXT")
        pdf.ln(1)
    pdf.set_text_color(0, 0, 0)


def _table(pdf: FPDF, table: Table) -> None:
    if not table.rows:
        _paragraph(pdf, Paragraph(table.empty))
        return
    pdf.set_font(FONT, "", 7.5)
    headings = FontFace(emphasis="BOLD", fill_color=(232, 236, 241))
    widths = table.widths or None
    with pdf.table(
        col_widths=widths,
        text_align="LEFT",
        headings_style=headings,
        line_height=3.8,
        padding=1,
        repeat_headings=1,
    ) as grid:
        grid.row(table.columns)
        for values in table.rows:
            grid.row(values)
    pdf.ln(3)


__all__ = ["FontMissing", "font_folder", "render_pdf"]
