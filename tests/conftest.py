"""Test fixtures: one real Neo4j server per test session, clean databases, the
analysis fixture loaded for a module, and explorer accounts.

With ``NEO4J_URI`` (and ``NEO4J_PASSWORD``) set, the tests use that server,
whose database must be empty; otherwise they start a local Neo4j Community
server of their own on a free port, with its data and logs in pytest's
temporary folder (kept for the last three runs, so a failing run's server log
can be read there).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from tagraph.config import Settings, load_settings
from tagraph.graph.connection import Graph
from tagraph.graph.schema import apply_schema
from tagraph.graph.server import LocalServer, free_port
from tagraph.loaders.load import load_dataset

if TYPE_CHECKING:
    from tagraph.app.users import Accounts

_CLEAR = "MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 5000 ROWS"
ANALYSIS = Path(__file__).parent / "fixtures" / "analysis"
"""The hand-built dataset the saved analyses are checked against."""


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


@pytest.fixture(scope="module")
def fixture_dataset() -> Path:
    """The dataset :func:`fixture_graph` loads; a module may override it."""
    return ANALYSIS


@pytest.fixture(scope="module")
def fixture_graph(session_graph: Graph, fixture_dataset: Path) -> Iterator[Graph]:
    """The analysis fixture, loaded once for the module and removed after it.

    A module that overrides ``fixture_dataset`` gets that dataset instead.
    """
    found = session_graph.read("MATCH (n) RETURN count(n) AS nodes")[0]["nodes"]
    assert found == 0, "the test database must be empty"
    load_dataset(session_graph, fixture_dataset)
    try:
        yield session_graph
    finally:
        clear(session_graph)


@pytest.fixture(scope="session")
def accounts_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One explorer account per role, hashed once for the session (argon2 is slow).

    See ``tagraph.app.testing.ACCOUNTS``; every account has its ``PASSWORD``.
    """
    from tagraph.app import testing

    folder = tmp_path_factory.mktemp("accounts")
    return testing.write_accounts(
        folder / "accounts.json", testing.ACCOUNTS, testing.PASSWORD
    )


@pytest.fixture
def accounts(
    accounts_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Accounts:
    """A fresh copy of the accounts, named by ``TAGRAPH_ACCOUNTS``, for one test.

    Sign-in failures are recorded in the copy and go with it.
    """
    from tagraph.app.users import Accounts

    path = tmp_path / "accounts.json"
    shutil.copy2(accounts_file, path)
    monkeypatch.setenv("TAGRAPH_ACCOUNTS", str(path))
    return Accounts.configured()


TagraphCommand = Callable[..., subprocess.CompletedProcess[str]]


@pytest.fixture(scope="session")
def tagraph_command(neo4j_env: dict[str, str]) -> TagraphCommand:
    """Run the installed ``tagraph`` command against the test server."""
    command = Path(sys.executable).parent / "tagraph"

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [str(command), *args],
            capture_output=True,
            text=True,
            env={**os.environ, **neo4j_env},
            timeout=120,
            check=False,
        )

    return run
