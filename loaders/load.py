"""Loading a dataset: read, check everything, then write all of it or nothing.

>>> from tagraph.graph.connection import Graph          # doctest: +SKIP
>>> with Graph.connect() as graph:
...     report = load_dataset(graph, Path("tests/fixtures/datasets/minimal"))
>>> print(report.summary())

The guarantees:

- **Validated first.** Every problem is reported at once, as
  :class:`~tagraph.errors.ValidationFailed`, before anything is written.
- **All or nothing.** Every batch and the ``Load`` node go in one
  transaction; if the server refuses a batch or dies, nothing is committed.
- **Idempotent.** Loading the same dataset again adds and changes nothing,
  provenance included; only a new ``Load`` node records that it happened.
"""

from __future__ import annotations

import logging
import time
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from tagraph.config import load_settings
from tagraph.graph.connection import Graph
from tagraph.graph.schema import apply_schema
from tagraph.loaders.read import Dataset, read_dataset
from tagraph.loaders.validate import check
from tagraph.loaders.write import (
    LoadFailed,
    LoadInfo,
    Progress,
    TableCounts,
    plan,
    probe,
    write,
)

log = logging.getLogger("tagraph.loaders")

__all__ = ["LoadFailed", "LoadReport", "TableCounts", "load_dataset", "load_read"]


@dataclass
class LoadReport:
    """What one load read, added, changed and left unchanged, table by table."""

    load_id: str
    """The ``Load`` node's id (a dry run's id is recorded nowhere)."""
    source: str
    """The dataset's name."""
    checksum: str
    counts: dict[str, TableCounts]
    elapsed: float
    """Seconds from reading the first file to the commit."""
    dry_run: bool

    @property
    def total(self) -> TableCounts:
        """The figures of every table added up."""
        total = TableCounts()
        for counts in self.counts.values():
            total.add(counts)
        return total

    def summary(self) -> str:
        """A few lines for people: the totals, then one line per table."""
        total = self.total
        tables = len(self.counts)
        if self.dry_run:
            head = (
                f"dry run of dataset {self.source!r}: {total.rows} rows in "
                f"{tables} tables are valid; a load would add {total.added}, "
                f"change {total.changed} and leave {total.unchanged} unchanged. "
                "Nothing was written."
            )
        else:
            head = (
                f"loaded dataset {self.source!r} in {self.elapsed:.1f} s "
                f"(load {self.load_id}): {total.rows} rows in {tables} tables; "
                f"{total.added} added, {total.changed} changed, "
                f"{total.unchanged} unchanged; relationships "
                f"{total.relationships_added} added, "
                f"{total.relationships_removed} removed"
            )
        return "\n".join([head, *self._table_lines()])

    def _table_lines(self) -> list[str]:
        columns = ["rows", "added", "changed", "unchanged"]
        if not self.dry_run:
            columns += ["relationships_added", "relationships_removed"]
        short = {"relationships_added": "rels +", "relationships_removed": "rels -"}
        titles = [short.get(c, c) for c in columns]
        width = max([5, *(len(name) for name in self.counts)])
        lines = ["  " + "table".ljust(width) + "".join(f"{t:>10}" for t in titles)]
        for name, counts in self.counts.items():
            cells = "".join(f"{getattr(counts, c):>10}" for c in columns)
            lines.append("  " + name.ljust(width) + cells)
        return lines


def load_dataset(
    graph: Graph,
    path: Path,
    *,
    dry_run: bool = False,
    progress: Progress | None = None,
    batch_size: int | None = None,
    by: str | None = None,
) -> LoadReport:
    """Validate a dataset against its format and the graph, then write it.

    Parameters
    ----------
    graph
        The connection to write through.
    path
        A folder of CSV files named after tables, an ``.xlsx`` workbook whose
        sheets are named after tables, or one CSV file.
    dry_run
        Validate and count what would change, writing nothing.
    progress
        Called after each batch with the table's name, rows done and rows in
        that table.
    batch_size
        Rows per ``UNWIND`` batch (default: the ``TAGRAPH_BATCH_SIZE`` setting).
    by
        Who loads it (an account or user name), kept as the ``Load`` node's
        ``by``; None leaves it unset.

    Returns
    -------
    LoadReport
        Rows read and nodes or relationships added, changed and unchanged.

    Raises
    ------
    ValidationFailed
        With every problem found, as ``file:row: column: message`` lines;
        nothing was written.
    LoadFailed
        When writing failed; the transaction was rolled back.
    """
    started = time.monotonic()
    dataset = read_dataset(Path(path))
    return load_read(
        graph,
        dataset,
        dry_run=dry_run,
        progress=progress,
        batch_size=batch_size,
        started=started,
        by=by,
    )


def load_read(
    graph: Graph,
    dataset: Dataset,
    *,
    dry_run: bool = False,
    progress: Progress | None = None,
    batch_size: int | None = None,
    started: float | None = None,
    by: str | None = None,
) -> LoadReport:
    """Load a dataset already read with :func:`~tagraph.loaders.read.read_dataset`.

    Takes the same options as :func:`load_dataset`; ``started`` is the
    :func:`time.monotonic` reading that the elapsed time counts from.
    """
    started = time.monotonic() if started is None else started
    started_at = datetime.now(UTC)
    load_id = f"{started_at:%Y%m%dT%H%M%SZ}-{uuid.uuid4().hex[:8]}"

    checked = check(dataset, graph)
    rows = plan(checked)
    read = {name: len(records) for name, records in checked.records.items()}

    if dry_run:
        counts = probe(graph, rows, read)
    else:
        apply_schema(graph)
        info = LoadInfo(load_id, dataset.name, dataset.checksum, started_at, by)
        size = batch_size or load_settings().batch_size
        counts = write(graph, rows, read, info, batch_size=size, progress=progress)

    report = LoadReport(
        load_id=load_id,
        source=dataset.name,
        checksum=dataset.checksum,
        counts=counts,
        elapsed=time.monotonic() - started,
        dry_run=dry_run,
    )
    total = report.total
    log.info(
        "%s %s: %d added, %d changed, %d unchanged in %.1f s",
        "checked" if dry_run else "wrote",
        dataset.name,
        total.added,
        total.changed,
        total.unchanged,
        report.elapsed,
    )
    return report
