"""The ``tagraph`` command: one entry point, a sub-command per area."""

from __future__ import annotations

import sys

import typer

from tagraph import __version__, logs
from tagraph.errors import TagraphError, ValidationFailed
from tagraph.graph.cli import db_app
from tagraph.up import up

app = typer.Typer(
    name="tagraph",
    help=(
        "tagraph: a knowledge graph of counter-terrorism technical assistance. "
        "States, needs, resolutions, programmes and providers in Neo4j, with "
        "saved analyses of gaps, overlaps and synergies."
    ),
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)
app.add_typer(db_app, name="db")


def _register_areas() -> None:
    """Attach each area's commands; an area that is absent adds none."""
    from importlib import import_module

    for module_name in (
        "tagraph.loaders.cli",
        "tagraph.queries.cli",
        "tagraph.app.cli",
        "tagraph.reports.cli",
    ):
        try:
            module = import_module(module_name)
        except ModuleNotFoundError as error:
            if error.name != module_name:
                raise
            continue
        module.register(app)


@app.callback()
def _options(
    verbose: int = typer.Option(
        0, "--verbose", "-v", count=True, help="More detail in the log (-vv: driver)."
    ),
    quiet: bool = typer.Option(
        False, "--quiet", "-q", help="Only warnings and errors."
    ),
) -> None:
    logs.configure(verbose, quiet)


@app.command()
def version() -> None:
    """Print tagraph's version."""
    typer.echo(f"tagraph {__version__}")


_register_areas()
app.command("up")(up)


def main() -> None:
    """Run the command line, turning tagraph's errors into one-line messages."""
    try:
        app()
    except ValidationFailed as error:
        for problem in error.problems:
            typer.echo(problem, err=True)
        typer.echo(f"error: {error}", err=True)
        sys.exit(2)
    except TagraphError as error:
        typer.echo(f"error: {error}", err=True)
        sys.exit(1)
