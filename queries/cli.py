"""``tagraph query`` (list, show, run the saved queries) and ``tagraph link``."""

from __future__ import annotations

import getpass
import io
import json
from datetime import UTC, date, datetime
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import pandas as pd
import typer

from tagraph.errors import UnknownQuery
from tagraph.graph.connection import Graph
from tagraph.queries.catalog import SavedQuery, get_query, list_queries

query_app = typer.Typer(
    help="The saved analyses: gaps, overlaps, synergies, profiles and more.",
    no_args_is_help=True,
)


class OutputFormat(StrEnum):
    """How ``tagraph query run`` writes its rows."""

    table = "table"
    csv = "csv"
    json = "json"
    xlsx = "xlsx"


def parse_params(saved: SavedQuery, pairs: list[str]) -> dict[str, Any]:
    """``key=value`` pairs from the command line as parameter values.

    A list parameter takes ``a;b`` or the key repeated; any other parameter
    given twice is an error.

    Raises
    ------
    UnknownQuery
        For a pair without ``=``, an unknown key or a repeated single value.
    """
    values: dict[str, Any] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        key = key.strip()
        if not sep or not key:
            raise UnknownQuery(f"--param {pair!r}: expected key=value")
        parameter = saved.parameter(key)
        if parameter.type.startswith("list["):
            values.setdefault(key, []).append(value)
        elif key in values:
            raise UnknownQuery(
                f"--param {key} given twice; it takes one {parameter.type} value"
            )
        else:
            values[key] = None if value == "" and parameter.type != "text" else value
    return values


def _cell(value: Any) -> Any:
    if isinstance(value, list | tuple):
        return "; ".join(str(_cell(item)) for item in value)
    if isinstance(value, dict):
        return json.dumps(value, default=str, sort_keys=True)
    return value


def _naive(value: Any) -> Any:
    """Excel holds no time zones: date-times are written in UTC, zone dropped."""
    if isinstance(value, datetime) and value.tzinfo is not None:
        return value.astimezone(UTC).replace(tzinfo=None)
    return value


def _flat(frame: pd.DataFrame) -> pd.DataFrame:
    """Lists as ``a; b`` and maps as JSON text, for tables, CSV and Excel."""
    return frame.apply(lambda column: column.map(_cell)) if len(frame) else frame


def render(frame: pd.DataFrame, fmt: OutputFormat) -> str:
    """The rows as text in ``fmt`` (every format but xlsx)."""
    from tagraph.queries.run import to_records

    if fmt is OutputFormat.json:
        return json.dumps(to_records(frame), ensure_ascii=False, indent=2) + "\n"
    if fmt is OutputFormat.csv:
        buffer = io.StringIO()
        _flat(frame).to_csv(buffer, index=False)
        return buffer.getvalue()
    if frame.empty:
        return f"(no rows)  columns: {', '.join(frame.columns)}\n"
    return _flat(frame).to_string(index=False) + "\n"


@query_app.command("list")
def list_command() -> None:
    """List the saved queries: name, kind of result and title."""
    queries = list_queries()
    width = max(len(query.name) for query in queries)
    for query in queries:
        mode = "" if query.mode == "read" else "  (changes the graph)"
        typer.echo(f"{query.name:<{width}}  {query.result:<5}  {query.title}{mode}")


@query_app.command("show")
def show(
    name: Annotated[str, typer.Argument(help="The saved query's name.")],
    text: Annotated[
        bool, typer.Option("--text/--no-text", help="Print the Cypher text too.")
    ] = True,
) -> None:
    """Show a saved query: what it means, its parameters, columns and text."""
    saved = get_query(name)
    typer.echo(f"{saved.name}: {saved.title}\n")
    typer.echo(saved.description + "\n")
    if saved.score:
        typer.echo(f"Score: {saved.score}\n")
    typer.echo(f"Result: {saved.result}; columns: {', '.join(saved.columns)}")
    typer.echo("Parameters:" if saved.parameters else "Parameters: none")
    for parameter in saved.parameters:
        default = "required" if parameter.required else f"default {parameter.default!r}"
        choices = (
            f"; one of {', '.join(map(str, parameter.choices))}"
            if parameter.choices
            else ""
        )
        typer.echo(
            f"  {parameter.name} ({parameter.type}, {default}): {parameter.doc}"
            f"{choices}"
        )
    if text:
        typer.echo("\n" + saved.text)


@query_app.command("docs")
def docs() -> None:
    """Print the saved queries' reference, in Markdown, from their headers."""
    from tagraph.queries.catalog import markdown

    typer.echo(markdown(list_queries()), nl=False)


@query_app.command("warm")
def warm(
    quiet: bool = typer.Option(False, "--quiet", help="Print nothing on success."),
) -> None:
    """Plan every saved read on the server now, so that no user waits for it.

    Runs each saved read once with its defaults for each kind of viewer; the
    server keeps the plans until it restarts. The explorer does this by
    itself when it starts.
    """
    from tagraph.queries.warm import warm_plans

    def show(name: str, done: int, total: int) -> None:
        typer.echo(
            f"\rplanning saved queries: {done}/{total} ({name})", nl=False, err=True
        )

    with Graph.connect() as graph:
        warmed = warm_plans(graph, progress=None if quiet else show)
    if not quiet:
        typer.echo("", err=True)
        typer.echo(
            f"planned {warmed.runs} runs of the saved queries in "
            f"{warmed.seconds:.1f} s; {len(warmed.failed)} failed"
        )
    for failure in warmed.failed:
        typer.echo(f"failed: {failure}", err=True)
    if warmed.failed:
        raise typer.Exit(1)


@query_app.command("run")
def run(
    name: Annotated[str, typer.Argument(help="The saved query's name.")],
    param: Annotated[
        list[str] | None,
        typer.Option(
            "--param",
            "-p",
            help="A parameter as key=value; repeat for more. Lists: a;b or the "
            "key repeated.",
        ),
    ] = None,
    fmt: Annotated[
        OutputFormat,
        typer.Option("--format", "-f", help="table, csv, json or xlsx."),
    ] = OutputFormat.table,
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="Write to this file (needed for xlsx)."),
    ] = None,
) -> None:
    """Run a saved query with full access and print or save its rows."""
    from tagraph.queries.run import run_query

    saved = get_query(name)
    values = parse_params(saved, param or [])
    if fmt is OutputFormat.xlsx and output is None:
        raise UnknownQuery("--format xlsx writes a workbook; give --output FILE.xlsx")

    with Graph.connect() as graph:
        frame = run_query(graph, saved, values)

    if fmt is OutputFormat.xlsx:
        assert output is not None
        sheet = _flat(frame).map(_naive) if len(frame) else frame
        sheet.to_excel(output, index=False, sheet_name=saved.name[:31])
        typer.echo(f"wrote {len(frame)} rows to {output}", err=True)
        return
    text = render(frame, fmt)
    if output is None:
        typer.echo(text, nl=False)
    else:
        output.write_text(text, encoding="utf-8")
        typer.echo(f"wrote {len(frame)} rows to {output}", err=True)


def link(
    need: Annotated[str, typer.Argument(help="Id of the need.")],
    programme: Annotated[str, typer.Argument(help="Id of the programme.")],
    status: Annotated[
        str,
        typer.Option(
            "--status",
            "-s",
            help="proposed, agreed, delivering, completed or declined.",
        ),
    ],
    note: Annotated[str, typer.Option("--note", "-n", help="Why, in a sentence.")] = "",
    by: Annotated[
        str | None,
        typer.Option("--by", help="Who decided (default: the user running this)."),
    ] = None,
    on: Annotated[
        str | None,
        typer.Option("--on", help="Day of the decision, YYYY-MM-DD (default today)."),
    ] = None,
) -> None:
    """Record that a programme addresses (or declines) a need, with an audit record."""
    from tagraph.queries.decisions import record_decision

    day = None
    if on:
        try:
            day = date.fromisoformat(on)
        except ValueError:
            raise UnknownQuery(f"--on {on!r} is not a date (YYYY-MM-DD)") from None
    with Graph.connect() as graph:
        decision = record_decision(
            graph, need, programme, status, note, by=by or getpass.getuser(), on=day
        )
    before = decision["status_before"] or "no link"
    typer.echo(
        f"{programme} -> {need}: {before} -> {decision['status_after']} "
        f"(decision {decision['decision']}, by {decision['by']})"
    )


def register(app: typer.Typer) -> None:
    """Add ``query`` and ``link`` to the ``tagraph`` command."""
    app.add_typer(query_app, name="query")
    app.command("link")(link)
