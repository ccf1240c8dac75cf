"""``tagraph up``: the main job, from a fresh machine to the explorer.

Starts the local Neo4j server (unless ``NEO4J_URI`` names another), loads the
reference data and the synthetic demo when the graph does not hold them yet,
creates one demo account per role (printing their passwords once), and starts
the explorer.
"""

from __future__ import annotations

import logging

import typer

from tagraph.config import load_settings
from tagraph.graph.connection import Graph
from tagraph.graph.derived import refresh_needs, stale_needs

log = logging.getLogger("tagraph.up")

_DEMO_NEEDS = "MATCH (n:Need) WHERE n.synthetic = true RETURN count(n) AS needs"


def up(
    scale: int = typer.Option(1, "--scale", min=1, help="Size of the synthetic demo."),
    port: int = typer.Option(8501, "--port", help="Port of the explorer."),
    serve: bool = typer.Option(
        True, "--serve/--no-serve", help="Start the explorer at the end."
    ),
) -> None:
    """Start Neo4j, load the demo data once, create demo accounts, open the explorer."""
    from tagraph.app.cli import demo_accounts, run_app
    from tagraph.graph.server import LocalServer
    from tagraph.loaders.cli import demo

    settings = load_settings()
    if settings.uses_local_server:
        status = LocalServer(settings).start()
        typer.echo(status.describe())
    else:
        typer.echo(f"using the Neo4j server at {settings.neo4j_uri}")

    with Graph.connect(settings) as graph:
        loaded = graph.read(_DEMO_NEEDS)[0]["needs"]
        stale = stale_needs(graph)
        if stale:
            typer.echo(f"recomputing the derived facts of {stale} needs")
            refresh_needs(graph)
    if loaded:
        typer.echo(f"the demo data is loaded already ({loaded} synthetic needs)")
    else:
        demo(scale=scale, seed=None)

    demo_accounts()
    if serve:
        run_app(port=port, address="127.0.0.1")
