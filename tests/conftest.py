"""Test fixtures: one real Neo4j server per test session, and clean databases.

With ``NEO4J_URI`` (and ``NEO4J_PASSWORD``) set, the tests use that server,
whose database must be empty; otherwise they start a local Neo4j Community
server of their own on a free port, with its data and logs in pytest's
temporary folder (kept for the last three runs, so a failing run's server log
can be read there).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest

from tagraph.config import Settings, load_settings
from tagraph.graph.connection import Graph
from tagraph.graph.schema import apply_schema
from tagraph.graph.server import LocalServer, free_port

_CLEAR = "MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 5000 ROWS"


def start_test_server(home: Path) -> tuple[LocalServer, Settings]:
    """Start a private Neo4j under ``home`` on a free port (small memory)."""
    settings = replace(
        load_settings(),
        home=home,
        neo4j_uri=None,
        neo4j_password=None,
        bolt_port=free_port(),
        neo4j_heap="1g",
        neo4j_pagecache="256m",
    )
    server = LocalServer(settings)
    server.start(timeout=180)
    return server, settings


@pytest.fixture(scope="session")
def neo4j_env(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str]]:
    """The variables that point every part of tagraph at the test server."""
    if os.environ.get("NEO4J_URI"):
        yield {
            key: os.environ[key]
            for key in (
                "NEO4J_URI",
                "NEO4J_USERNAME",
                "NEO4J_PASSWORD",
                "NEO4J_DATABASE",
            )
            if key in os.environ
        }
        return

    server, _settings = start_test_server(tmp_path_factory.mktemp("neo4j"))
    env = {
        "NEO4J_URI": server.uri,
        "NEO4J_USERNAME": "neo4j",
        "NEO4J_PASSWORD": server.password(),
        "NEO4J_DATABASE": "neo4j",
    }
    saved = {key: os.environ.get(key) for key in env}
    os.environ.update(env)
    try:
        yield env
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
        server.stop()


@pytest.fixture(scope="session")
def session_graph(neo4j_env: dict[str, str]) -> Iterator[Graph]:
    """One connection for the whole session, with the schema in place."""
    graph = Graph.connect()
    apply_schema(graph)
    yield graph
    graph.close()


def clear(graph: Graph) -> None:
    """Delete every node and relationship (schema stays)."""
    with graph.session() as session:
        session.run(_CLEAR).consume()


@pytest.fixture
def graph(session_graph: Graph) -> Iterator[Graph]:
    """An empty database for one test, emptied again afterwards."""
    found = session_graph.read("MATCH (n) RETURN count(n) AS nodes")[0]["nodes"]
    if found:
        pytest.fail(
            f"the test database at {session_graph.uri} holds {found} nodes; the "
            "tests need an empty database and leave it empty, so point NEO4J_URI "
            "at a dedicated one"
        )
    try:
        yield session_graph
    finally:
        clear(session_graph)
