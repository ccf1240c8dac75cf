"""A document as Markdown: headings, paragraphs, lists and pipe tables."""

from __future__ import annotations

from tagraph.reports.model import (
    SYNTHETIC_NOTICE,
    Block,
    Bullets,
    Document,
    Paragraph,
    Table,
    marks,
)


def render_markdown(document: Document) -> str:
    """The document as Markdown text, sources as a numbered list at the end."""
    lines = [f"# {document.title}", "", f"*{_escape(document.subtitle)}*", ""]
    if document.synthetic:
        lines += [f"> **{_escape(SYNTHETIC_NOTICE)}**", ""]
    lines += [f"- **{label}:** {_escape(value)}" for label, value in document.facts]
    lines.append("")

    for section in document.sections:
        lines += ["#" * (section.level + 1) + f" {_escape(section.title)}", ""]
        for block in section.blocks:
            lines += _block(block)
            lines.append("")

    lines += ["## Sources", ""]
    lines += [
        f"{number}. {_escape(source)}"
        for number, source in enumerate(document.sources, start=1)
    ]
    return "\n".join(lines).rstrip("\n") + "\n"


def _block(block: Block) -> list[str]:
    if isinstance(block, Paragraph):
        return [_paragraph(block)]
    if isinstance(block, Bullets):
        if not block.items:
            return [f"- {_escape(block.empty)}"]
        return [f"- {_paragraph(item)}" for item in block.items]
    return _table(block)


def _paragraph(paragraph: Paragraph) -> str:
    words = _escape(paragraph.text)
    cited = marks(paragraph.sources)
    if cited:
        words += f" {cited}"
    if paragraph.kind == "warning":
        return f"**{words}**"
    if paragraph.kind == "note":
        return f"*{words}*"
    return words


def _table(table: Table) -> list[str]:
    if not table.rows:
        return [_escape(table.empty)]
    lines = [
        "| " + " | ".join(_cell(c) for c in table.columns) + " |",
        "|" + "---|" * len(table.columns),
    ]
    lines += ["| " + " | ".join(_cell(c) for c in row) + " |" for row in table.rows]
    return lines


def _cell(value: str) -> str:
    return _escape(value).replace("|", "\\|").replace("\n", " ")


def _escape(value: str) -> str:
    """Text with Markdown's emphasis marks taken literally."""
    return value.replace("\\", "\\\\").replace("*", "\\*").replace("_", "\\_")


__all__ = ["render_markdown"]
