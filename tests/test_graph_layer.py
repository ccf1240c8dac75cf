"""The database layer: settings, the local server, the connection and the schema."""

from __future__ import annotations

import os
import socket
import stat
from dataclasses import replace

import pytest
from neo4j.exceptions import ClientError

from tagraph.config import default_heap, load_settings
from tagraph.errors import ConfigError, ConnectionFailed, QueryTimedOut, ServerError
from tagraph.graph.connection import Graph
from tagraph.graph.schema import CONSTRAINTS, INDEXES, SEARCH_INDEX, apply_schema
from tagraph.graph.server import HOST, LocalServer, free_port, new_password


@pytest.mark.parametrize(
    ("variable", "value", "named"),
    [
        ("TAGRAPH_BOLT_PORT", "seven", "TAGRAPH_BOLT_PORT"),
        ("TAGRAPH_BOLT_PORT", "70000", "TAGRAPH_BOLT_PORT"),
        ("TAGRAPH_QUERY_TIMEOUT", "-1", "TAGRAPH_QUERY_TIMEOUT"),
        ("TAGRAPH_NEO4J_HEAP", "lots", "TAGRAPH_NEO4J_HEAP"),
        ("NEO4J_URI", "http://localhost:7474", "NEO4J_URI"),
    ],
)
def test_a_bad_setting_names_its_variable(
    monkeypatch: pytest.MonkeyPatch, variable: str, value: str, named: str
) -> None:
    monkeypatch.setenv(variable, value)
    with pytest.raises(ConfigError, match=named):
        load_settings()


def test_the_default_heap_is_a_quarter_of_memory_within_bounds(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    gib = 2**30
    for memory, expected in [(4, "2g"), (16, "4g"), (24, "6g"), (64, "8g")]:
        pages = {"SC_PAGE_SIZE": 4096, "SC_PHYS_PAGES": memory * gib // 4096}
        monkeypatch.setattr(os, "sysconf", pages.__getitem__)
        assert default_heap() == expected

    monkeypatch.setenv("TAGRAPH_NEO4J_HEAP", "3g")
    assert load_settings().neo4j_heap == "3g"


def test_settings_read_the_usual_neo4j_variables(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("NEO4J_URI", "neo4j://db.example.org:7687")
    monkeypatch.setenv("NEO4J_USERNAME", "analyst")
    monkeypatch.setenv("NEO4J_PASSWORD", "s3cret")
    monkeypatch.setenv("NEO4J_DATABASE", "ta")

    settings = load_settings()

    assert not settings.uses_local_server
    assert (settings.neo4j_uri, settings.neo4j_username) == (
        "neo4j://db.example.org:7687",
        "analyst",
    )
    assert (settings.neo4j_password, settings.neo4j_database) == ("s3cret", "ta")


def test_a_port_in_use_is_a_clear_error(tmp_path, monkeypatch) -> None:
    monkeypatch.delenv("NEO4J_URI", raising=False)
    with socket.socket() as holder:
        holder.bind((HOST, 0))
        holder.listen()
        port = holder.getsockname()[1]
        settings = replace(load_settings(), home=tmp_path, bolt_port=port)

        with pytest.raises(ServerError, match=f"port {port} .* in use"):
            LocalServer(settings).start(timeout=5)

    assert not (tmp_path / "neo4j" / "run" / "neo4j.pid").exists()


def test_a_stopped_server_says_so(tmp_path) -> None:
    settings = replace(load_settings(), home=tmp_path, bolt_port=free_port())
    status = LocalServer(settings).status()

    assert not status.running
    assert not status.answers
    assert "stopped" in status.describe()


def test_the_generated_password_is_readable_by_its_owner_only(tmp_path) -> None:
    settings = replace(load_settings(), home=tmp_path)
    server = LocalServer(settings)

    first = server.password()
    mode = stat.S_IMODE(os.stat(settings.password_file).st_mode)

    assert mode == 0o600
    assert len(first) >= 24
    assert server.password() == first


def test_generated_passwords_never_look_like_an_option() -> None:
    # neo4j-admin set-initial-password reads a leading "-" as an option; a
    # URL-safe token begins with one about once in 64 draws.
    drawn = [new_password() for _ in range(2000)]

    assert all(value.isalnum() and len(value) == 32 for value in drawn)
    assert len(set(drawn)) == len(drawn)


def test_the_local_test_server_starts_once(neo4j_env, tmp_path_factory) -> None:
    if "NEO4J_URI" in os.environ and not os.environ["NEO4J_URI"].startswith(
        f"neo4j://{HOST}"
    ):
        pytest.skip("the tests run against a server they did not start")
    port = int(os.environ["NEO4J_URI"].rsplit(":", 1)[1])
    homes = list(tmp_path_factory.getbasetemp().glob("neo4j*"))
    if not homes:
        pytest.skip("the tests run against a server they did not start")
    settings = replace(load_settings(), home=homes[0], neo4j_uri=None, bolt_port=port)
    server = LocalServer(settings)

    before = server.status()
    again = server.start(timeout=30)

    assert before.running and before.answers
    assert again.pid == before.pid
    assert f"process {before.pid}" in again.describe()
    conf = (homes[0] / "neo4j" / "conf" / "neo4j.conf").read_text()
    assert f"server.bolt.listen_address={HOST}:{port}" in conf
    assert "dbms.security.auth_enabled=true" in conf
    assert "server.http.enabled=false" in conf


def test_a_wrong_password_is_refused(neo4j_env, monkeypatch) -> None:
    monkeypatch.setenv("NEO4J_PASSWORD", "not-the-password")
    with pytest.raises(ConnectionFailed, match="refused user 'neo4j'"):
        Graph.connect()


def test_nothing_answering_is_a_clear_error(monkeypatch) -> None:
    monkeypatch.setenv("NEO4J_URI", f"neo4j://{HOST}:{free_port()}")
    monkeypatch.setenv("NEO4J_PASSWORD", "x")
    with pytest.raises(ConnectionFailed, match="no Neo4j answers at"):
        Graph.connect()


def test_reads_run_as_reads(graph: Graph) -> None:
    with pytest.raises(ClientError, match=r"(?i)write"):
        graph.read("CREATE (:Probe {name: $name})", {"name": "x"})

    assert graph.read("MATCH (p:Probe) RETURN count(p) AS n") == [{"n": 0}]


def test_a_slow_read_is_stopped_by_its_timeout(graph: Graph) -> None:
    slow = "UNWIND range(1, 200000000) AS x WITH x WHERE x < 0 RETURN count(x) AS n"
    with pytest.raises(QueryTimedOut, match=r"longer than 0\.5 s"):
        graph.read(slow, timeout=0.5)


def test_the_tracer_sees_every_query_and_its_parameters(graph: Graph) -> None:
    seen: list[tuple[str, dict]] = []
    with graph.traced(lambda query, params: seen.append((query, dict(params)))):
        graph.write(
            "CREATE (:Probe {name: $name})", {"name": "x'}) DETACH DELETE n //"}
        )
        rows = graph.read("MATCH (p:Probe) RETURN p.name AS name")

    assert rows == [{"name": "x'}) DETACH DELETE n //"}]
    assert [params for _, params in seen] == [{"name": "x'}) DETACH DELETE n //"}, {}]
    assert "$name" in seen[0][0]


def test_the_schema_is_created_idempotently(graph: Graph) -> None:
    apply_schema(graph)
    apply_schema(graph)

    constraints = {row["name"] for row in graph.read("SHOW CONSTRAINTS YIELD name")}
    indexes = {row["name"] for row in graph.read("SHOW INDEXES YIELD name")}

    assert set(CONSTRAINTS) <= constraints
    assert set(INDEXES) | {SEARCH_INDEX} <= indexes
