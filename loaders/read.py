"""Reading a dataset from disk: a folder of CSV files or one XLSX workbook.

Reading turns every table into rows of text cells, numbered as a spreadsheet
numbers them (the header is row 1). It checks only what concerns the files
themselves (names, encoding, header, shape); what the cells hold is checked by
:mod:`tagraph.loaders.validate`. Problems are collected, never raised here, so
that one run reports all of them.

Files in a dataset folder that are not ``.csv`` (notes, ``README.md``) are
ignored, as are files and sheets whose names begin with ``_`` or ``.``. A
``.csv`` file or sheet named after no table is a problem: a misspelt
``need.csv`` would otherwise be skipped without a word.
"""

from __future__ import annotations

import csv
import difflib
import hashlib
import io
import logging
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

from tagraph.loaders.tables import TABLE_BY_NAME, TABLES, Table

log = logging.getLogger("tagraph.loaders")

FILE = "(file)"
"""The column part of a problem that concerns a whole file or sheet."""

ENCODING = "(encoding)"
"""The column part of a problem with a file's encoding."""

_UTF8_BOM = b"\xef\xbb\xbf"
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a dataset, where it was found and what was expected.

    ``str(problem)`` is ``file:row: column: message``.
    """

    where: str
    row: int
    column: str
    message: str

    def __str__(self) -> str:
        return f"{self.where}:{self.row}: {self.column}: {self.message}"


@dataclass
class Row:
    """One data row: its spreadsheet row number and its cells by column name."""

    number: int
    cells: dict[str, str]


@dataclass
class RawTable:
    """A table as read from its file or sheet, before its cells are checked."""

    table: Table
    where: str
    """How problems name it: ``needs.csv`` or ``book.xlsx[needs]``."""
    columns: list[str]
    rows: list[Row] = field(default_factory=list)


@dataclass
class Dataset:
    """Every table read from one dataset, and the problems met while reading."""

    path: Path
    name: str
    """The dataset's name: its folder's or workbook's name without suffix."""
    checksum: str
    """SHA-256 of the table files' names and bytes (of the workbook's bytes)."""
    tables: dict[str, RawTable] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    unreadable: set[str] = field(default_factory=set)
    """Tables whose file could not be read or holds no rows (references to
    them are not checked, so that one bad file does not bury its problem)."""

    def where(self, table: str) -> str | None:
        """How problems name ``table``'s file or sheet, or None when absent."""
        raw = self.tables.get(table)
        return raw.where if raw else None

    @property
    def row_count(self) -> int:
        """Data rows over every table."""
        return sum(len(raw.rows) for raw in self.tables.values())


def read_dataset(path: Path) -> Dataset:
    """Read a dataset folder, workbook or single CSV file.

    Parameters
    ----------
    path
        A folder of CSV files named after tables (``needs.csv``), an ``.xlsx``
        workbook whose sheets are named after tables, or one CSV file.

    Returns
    -------
    Dataset
        The tables found and, in ``problems``, everything wrong with the
        files; nothing is raised for bad input.
    """
    path = Path(path)
    name = path.resolve().name if path.is_dir() else path.stem
    if path.is_dir():
        dataset = _read_folder(path, name)
    elif path.is_file() and path.suffix.lower() == ".xlsx":
        dataset = _read_workbook(path, name)
    elif path.is_file() and path.suffix.lower() == ".csv":
        dataset = Dataset(path, name, _checksum([path]))
        _read_csv(dataset, path)
    else:
        dataset = Dataset(path, name, "")
        what = "does not exist" if not path.exists() else "is not a dataset"
        dataset.problems.append(
            Problem(
                str(path),
                1,
                FILE,
                f"{what}; expected a folder of CSV files, an .xlsx workbook "
                "or a .csv file",
            )
        )

    log.debug(
        "read %d rows in %d tables from %s",
        dataset.row_count,
        len(dataset.tables),
        path,
    )
    return dataset


def _read_folder(folder: Path, name: str) -> Dataset:
    files = sorted(
        entry
        for entry in folder.iterdir()
        if entry.is_file()
        and entry.suffix.lower() == ".csv"
        and not entry.name.startswith(("_", "."))
    )
    dataset = Dataset(folder, name, _checksum(files))
    if not files:
        dataset.problems.append(
            Problem(
                str(folder),
                1,
                FILE,
                "the folder holds no CSV file; expected files named after "
                "tables, such as needs.csv",
            )
        )
    for file in files:
        _read_csv(dataset, file)
    return dataset


def _checksum(files: list[Path]) -> str:
    digest = hashlib.sha256()
    for file in sorted(files, key=lambda f: f.name):
        digest.update(file.name.encode("utf-8") + b"\0")
        digest.update(file.read_bytes())
        digest.update(b"\0")
    return digest.hexdigest()


def _table_for(dataset: Dataset, name: str, where: str) -> Table | None:
    table = TABLE_BY_NAME.get(name)
    if table is None:
        close = difflib.get_close_matches(name, TABLE_BY_NAME, n=1)
        hint = f" (did you mean {close[0]}?)" if close else ""
        dataset.problems.append(
            Problem(
                where,
                1,
                FILE,
                f"no table is called {name!r}{hint}; expected one of "
                + ", ".join(t.name for t in TABLES),
            )
        )
    elif name in dataset.tables:
        dataset.problems.append(
            Problem(
                where,
                1,
                FILE,
                f"table {name} is also in {dataset.tables[name].where}; "
                "expected each table once",
            )
        )
        return None
    return table


def _read_csv(dataset: Dataset, file: Path) -> None:
    where = file.name
    table = _table_for(dataset, file.stem, where)
    if table is None:
        return

    data = file.read_bytes()
    text = _decode(dataset, data, where)
    if text is None:
        dataset.unreadable.add(table.name)
        return

    try:
        records = list(csv.reader(io.StringIO(text, newline="")))
    except csv.Error as error:
        dataset.problems.append(
            Problem(
                where,
                1,
                FILE,
                f"cannot be read as CSV ({error}); expected comma-separated "
                "values with double quotes around cells that hold commas",
            )
        )
        dataset.unreadable.add(table.name)
        return
    _add_table(dataset, table, where, records)


def _decode(dataset: Dataset, data: bytes, where: str) -> str | None:
    if data.startswith(_UTF16_BOMS):
        dataset.problems.append(
            Problem(
                where,
                1,
                ENCODING,
                "the file is UTF-16; expected UTF-8 (in Excel, save as "
                "'CSV UTF-8 (comma delimited)')",
            )
        )
        return None

    data = data.removeprefix(_UTF8_BOM)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        offset = error.start - data.rfind(b"\n", 0, error.start)
        dataset.problems.append(
            Problem(
                where,
                line,
                ENCODING,
                f"byte 0x{data[error.start]:02X} at byte {offset}"
                f" of line {line} is not UTF-8; expected a UTF-8 file (in Excel, "
                "save as 'CSV UTF-8 (comma delimited)')",
            )
        )
        return None


def _add_table(
    dataset: Dataset, table: Table, where: str, records: list[list[str]]
) -> None:
    """Check a table's header and shape, then keep its non-blank rows."""
    header = [cell.strip() for cell in records[0]] if records else []
    if not any(header):
        dataset.problems.append(
            Problem(
                where,
                1,
                FILE,
                "the file is empty; expected a header row naming the columns ("
                + ", ".join(c.name for c in table.columns)
                + ") and one row per "
                + _singular(table.name),
            )
        )
        dataset.unreadable.add(table.name)
        return

    if len(header) == 1 and (";" in header[0] or "\t" in header[0]):
        dataset.problems.append(
            Problem(
                where,
                1,
                FILE,
                "the header is one cell holding separators; expected values "
                "separated by commas, not semicolons or tabs",
            )
        )
        dataset.unreadable.add(table.name)
        return

    raw = RawTable(table, where, [])
    named = _check_header(dataset, raw, header)
    for index, record in enumerate(records[1:], start=2):
        row = _row(dataset, raw, header, named, index, record)
        if row is not None:
            raw.rows.append(row)

    if not raw.rows:
        dataset.problems.append(
            Problem(
                where,
                2,
                FILE,
                "no rows under the header; expected at least one row "
                "(remove the file to leave the table out)",
            )
        )
        dataset.unreadable.add(table.name)
    dataset.tables[table.name] = raw


def _singular(name: str) -> str:
    """``roadmap_step_statuses`` as ``roadmap step status``, for messages."""
    words = name.replace("_", " ")
    if words.endswith("uses"):
        return words[:-2]
    return words.removesuffix("s")


def _check_header(dataset: Dataset, raw: RawTable, header: list[str]) -> list[int]:
    """Positions of the header's known columns; problems for the others."""
    table = raw.table
    expected = ", ".join(c.name for c in table.columns)
    known = {c.name for c in table.columns}
    named: list[int] = []
    for position, name in enumerate(header):
        if not name:
            continue
        if name not in known:
            dataset.problems.append(
                Problem(
                    raw.where,
                    1,
                    name,
                    f"unknown column; expected columns of {table.name} are {expected}",
                )
            )
        elif name in raw.columns:
            dataset.problems.append(
                Problem(raw.where, 1, name, "the column appears twice; expected once")
            )
        else:
            raw.columns.append(name)
            named.append(position)

    for name in table.required:
        if name not in raw.columns:
            dataset.problems.append(
                Problem(
                    raw.where,
                    1,
                    name,
                    f"required column is missing; expected columns of "
                    f"{table.name} are {expected}",
                )
            )
    return named


def _row(
    dataset: Dataset,
    raw: RawTable,
    header: list[str],
    named: list[int],
    number: int,
    record: list[str],
) -> Row | None:
    """One data row, or None when it is blank."""
    cells = [cell.strip() for cell in record]
    if not any(cells):
        return None

    extra = [
        position
        for position, cell in enumerate(cells)
        if cell and (position >= len(header) or not header[position])
    ]
    if extra:
        dataset.problems.append(
            Problem(
                raw.where,
                number,
                FILE,
                f"the row has a value in column {extra[0] + 1}, which has no "
                f"name in the header; expected {len([h for h in header if h])} "
                "named columns",
            )
        )
    values = {
        header[position]: cells[position] if position < len(cells) else ""
        for position in named
    }
    return Row(number, values)


def _read_workbook(path: Path, name: str) -> Dataset:
    from openpyxl import load_workbook

    dataset = Dataset(path, name, _checksum([path]))
    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for a bad file
        dataset.problems.append(
            Problem(
                path.name,
                1,
                FILE,
                f"cannot be read as an XLSX workbook ({type(error).__name__}: "
                f"{error}); expected a workbook saved by Excel or LibreOffice",
            )
        )
        return dataset

    try:
        for sheet in book.worksheets:
            if sheet.title.startswith(("_", ".")):
                continue
            where = f"{path.name}[{sheet.title}]"
            table = _table_for(dataset, sheet.title, where)
            if table is None:
                continue
            records = [
                [_cell_text(value) for value in values]
                for values in sheet.iter_rows(values_only=True)
            ]
            _add_table(dataset, table, where, records)
            if table.name in dataset.tables:
                _pad_m49(dataset.tables[table.name])
    finally:
        book.close()
    return dataset


def _cell_text(value: Any) -> str:
    """A workbook cell as the text a CSV file would hold."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime):
        if value.time() == time(0, 0):
            return value.date().isoformat()
        return value.isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value)


def _pad_m49(raw: RawTable) -> None:
    """Give M49 codes typed as numbers in a workbook back their leading zeros.

    A spreadsheet turns ``002`` typed into a number cell into ``2``; only
    workbook tables are padded, CSV files keep what they say.
    """
    kinds = {c.name: c for c in raw.table.columns if c.kind == "m49"}
    for row in raw.rows:
        for name, column in kinds.items():
            text = row.cells.get(name, "")
            if not text:
                continue
            parts = (
                [part.strip() for part in text.split(";")] if column.many else [text]
            )
            padded = [p.zfill(3) if p.isdigit() and len(p) < 3 else p for p in parts]
            row.cells[name] = ";".join(padded)
