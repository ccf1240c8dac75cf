"""``tagraph db``: install, start, stop and inspect the local Neo4j server."""

from __future__ import annotations

import typer

from tagraph.config import load_settings
from tagraph.graph.server import LocalServer

db_app = typer.Typer(
    help="Run the local Neo4j Community server (loopback only, authentication on).",
    no_args_is_help=True,
)


def _server() -> LocalServer:
    settings = load_settings()
    if not settings.uses_local_server:
        typer.echo(
            f"note: NEO4J_URI is set ({settings.neo4j_uri}); other commands use that "
            "server, not the local one",
            err=True,
        )
    return LocalServer(settings)


@db_app.command()
def start(
    timeout: float = typer.Option(120.0, help="Seconds to wait for the server."),
) -> None:
    """Start the local server (resolving Neo4j from Maven Central the first time)."""
    status = _server().start(timeout=timeout)
    typer.echo(status.describe())


@db_app.command()
def stop() -> None:
    """Stop the local server."""
    server = _server()
    if server.stop():
        typer.echo(f"stopped Neo4j (home {server.home})")
    else:
        typer.echo(f"Neo4j was not running (home {server.home})")


@db_app.command()
def status() -> None:
    """Say where the local server is, and whether it runs and answers."""
    state = _server().status()
    typer.echo(state.describe())
    if not state.answers:
        raise typer.Exit(3)


@db_app.command()
def install() -> None:
    """Resolve the Neo4j jars from Maven Central without starting the server."""
    server = _server()
    entries = server.classpath().split(":")
    typer.echo(f"Neo4j {server.settings.neo4j_version}: {len(entries)} jars resolved")


@db_app.command()
def schema() -> None:
    """Create the graph's constraints and indexes (safe to repeat)."""
    from tagraph.graph.connection import Graph
    from tagraph.graph.schema import CONSTRAINTS, INDEXES, apply_schema

    with Graph.connect() as graph:
        apply_schema(graph)
    typer.echo(
        f"schema in place: {len(CONSTRAINTS)} constraints, {len(INDEXES) + 1} indexes"
    )


@db_app.command()
def refresh(
    check: bool = typer.Option(
        False, "--check", help="Only count the needs whose facts are missing."
    ),
) -> None:
    """Recompute the facts kept on each need (State, regions, themes, coverage).

    Loads and decisions keep them up to date; this is for a graph written by
    other means, or loaded by an earlier version.
    """
    from tagraph.graph.connection import Graph
    from tagraph.graph.derived import refresh_needs, stale_needs

    with Graph.connect() as graph:
        stale = stale_needs(graph)
        if check:
            typer.echo(f"{stale} needs lack their derived facts")
            if stale:
                raise typer.Exit(1)
            return
        refreshed = refresh_needs(graph)
    typer.echo(
        f"recomputed the derived facts of {refreshed} needs ({stale} lacked them)"
    )
