"""The structured form of a document, which every format renders.

A :class:`Document` is a tree of plain dataclasses: sections holding
paragraphs, bullet lists and tables. Statements carry the numbers of their
sources, which :class:`Sources` hands out; the document ends with the
numbered list of sources. Renderers (Markdown, DOCX, PDF) read the tree and
nothing else, so the three formats always say the same thing.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Literal

Kind = Literal["body", "note", "warning"]

SYNTHETIC_NOTICE = (
    "Synthetic data: some or all of what follows was generated for "
    "demonstration (marked synthetic, with a source beginning 'synthetic:'). "
    "It is not an assessment of any State."
)
"""The label every document with synthetic content shows at its top."""


@dataclass
class Paragraph:
    """A paragraph of text and the sources it rests on.

    ``kind`` is ``body``, ``note`` (smaller, for explanations) or ``warning``
    (set apart, for gaps and the synthetic label).
    """

    text: str
    sources: tuple[int, ...] = ()
    kind: Kind = "body"


@dataclass
class Bullets:
    """A bulleted list; each item is a paragraph with its own sources."""

    items: list[Paragraph]
    empty: str = "None."
    """What to say when the list has no items."""


@dataclass
class Table:
    """A table of text cells; the last column is often ``Sources``."""

    columns: tuple[str, ...]
    rows: list[tuple[str, ...]]
    widths: tuple[float, ...] = ()
    """Relative column widths; equal widths when empty."""
    empty: str = "None."
    """What to say instead of a table without rows."""


Block = Paragraph | Bullets | Table


@dataclass
class Section:
    """A heading and what follows it; ``level`` 2 for a sub-section."""

    title: str
    blocks: list[Block] = field(default_factory=list)
    level: int = 1


@dataclass
class Document:
    """A whole document: title, key facts, sections and numbered sources."""

    title: str
    subtitle: str
    facts: list[tuple[str, str]]
    """Label and value pairs shown under the title (date, State, reader)."""
    sections: list[Section]
    sources: list[str]
    """Source texts; a statement's source number ``n`` is ``sources[n - 1]``."""
    synthetic: bool
    """True when anything in the document is synthetic."""

    @property
    def name(self) -> str:
        """The title as a file name stem: lower case, words joined by ``-``."""
        words = "".join(c if c.isalnum() else " " for c in self.title.lower())
        return "-".join(words.split())


class Sources:
    """Numbers sources in the order they are first cited, each once."""

    def __init__(self) -> None:
        self.texts: list[str] = []
        self._numbers: dict[str, int] = {}

    def cite(self, *texts: object) -> tuple[int, ...]:
        """The numbers of ``texts``, numbering new ones; anything but non-empty
        text (None, a missing value) is skipped."""
        numbers = []
        for text in texts:
            if not isinstance(text, str) or not text:
                continue
            number = self._numbers.get(text)
            if number is None:
                self.texts.append(text)
                number = self._numbers[text] = len(self.texts)
            if number not in numbers:
                numbers.append(number)
        return tuple(sorted(numbers))

    def cite_all(self, texts: Iterable[object]) -> tuple[int, ...]:
        """:meth:`cite` for an iterable of texts."""
        return self.cite(*texts)


def marks(numbers: Iterable[int]) -> str:
    """Source numbers as the documents print them: ``[1][4]``."""
    return "".join(f"[{number}]" for number in numbers)


__all__ = [
    "SYNTHETIC_NOTICE",
    "Block",
    "Bullets",
    "Document",
    "Paragraph",
    "Section",
    "Sources",
    "Table",
    "marks",
]
