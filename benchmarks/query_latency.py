"""Saved-query latency: median and 95th percentile, database hits, indexes used.

For each demo scale, the reference data and the synthetic demo
(``write_demo``) are loaded with the loader into an empty database; then every
saved read query runs with its defaults (and, for queries about one need,
programme, State or word, a real one picked from the data) ``--runs`` times
through ``run_query``, after ``--warmup`` seconds of untimed rounds of every
query that let the server plan them and its Java runtime compile the code
they use. The same text then runs once under ``PROFILE`` with the same
parameters: the database hits are summed over the plan, and the index
operators named.

Targets: under 100 ms at scale 1 and under 1 s at scale 20 for the queries an
explorer page runs; a mark in the last column shows a miss, and the column
``p95/target`` the share of the target used. With two scales or more, the
growth of each median from the smallest scale to the largest is printed last.

Usage::

    .venv/bin/python benchmarks/query_latency.py              # scales 1 and 20
    .venv/bin/python benchmarks/query_latency.py --scales 1 --runs 10
    .venv/bin/python benchmarks/query_latency.py --viewer     # as a viewer

With ``NEO4J_URI`` set, that server is used; its database must be empty, and
is emptied again at the end. Otherwise a private local server is started
under a temporary ``TAGRAPH_HOME`` and removed afterwards.
"""

from __future__ import annotations

import argparse
import math
import os
import re
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from typing import Any

from tagraph.access import FULL_ACCESS, Viewer
from tagraph.config import load_settings
from tagraph.errors import TagraphError
from tagraph.graph.connection import Graph
from tagraph.graph.schema import apply_schema
from tagraph.graph.server import LocalServer, free_port
from tagraph.loaders.demo import write_demo
from tagraph.loaders.load import load_dataset
from tagraph.loaders.reference import REFERENCE_DIR
from tagraph.queries.catalog import SavedQuery, list_queries
from tagraph.queries.run import run_query

CLEAR = "MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 5000 ROWS"
TARGET_MS = {1: 100.0, 20: 1000.0}

_PICK = """
CALL () {
  MATCH (n:Need {status: 'open'})-[:OF_STATE]->(s:State)
  WHERE EXISTS { (n)-[:ON_THEME]->(:Theme)<-[:ON_THEME]-(:Programme) }
  RETURN n.id AS need, s.iso3 AS state ORDER BY n.id LIMIT 1
}
CALL () {
  MATCH (p:Programme)-[:ADDRESSES]->()
  WHERE p.status = 'active'
  RETURN p.id AS programme, count(*) AS links ORDER BY links DESC, programme LIMIT 1
}
CALL () {
  MATCH (r:Roadmap)-[:OF_STATE]->(s:State)
  RETURN s.iso3 AS roadmap_state ORDER BY r.id LIMIT 1
}
RETURN need, state, programme, roadmap_state
"""
"""A need with candidates, its State, the busiest active programme, and a
State with a roadmap."""

_INDEX = re.compile(r"(RANGE INDEX|TEXT INDEX|UNIQUE) \w+:(\w+)\((\w+)\)")
"""An index operator's details, e.g. ``RANGE INDEX n:Need(status) WHERE ...``."""


@contextmanager
def server() -> Iterator[Graph]:
    """The graph to measure: ``NEO4J_URI`` if set, else a private local server."""
    if os.environ.get("NEO4J_URI"):
        graph = Graph.connect()
        try:
            yield graph
        finally:
            graph.close()
        return

    home = Path(tempfile.mkdtemp(prefix="tagraph-latency-"))
    settings = replace(
        load_settings(),
        home=home,
        neo4j_uri=None,
        neo4j_password=None,
        bolt_port=free_port(),
    )
    local = LocalServer(settings)
    try:
        local.start(timeout=180)
        graph = Graph.connect(settings)
        try:
            yield graph
        finally:
            graph.close()
    finally:
        local.stop()
        shutil.rmtree(home, ignore_errors=True)


def load(graph: Graph, scale: int) -> dict[str, int]:
    """Empty the database, then load the reference data and the demo."""
    with graph.session() as session:
        session.run(CLEAR).consume()
    apply_schema(graph)
    load_dataset(graph, REFERENCE_DIR)
    with tempfile.TemporaryDirectory(prefix="tagraph-demo-") as folder:
        counts = write_demo(Path(folder), scale=scale)
        load_dataset(graph, Path(folder))
    return counts


def parameters(query: SavedQuery, picked: dict[str, Any]) -> dict[str, Any]:
    """Defaults, except a real need, programme, State or word where asked for."""
    names = {parameter.name for parameter in query.parameters}
    params: dict[str, Any] = {}
    if query.name in ("candidates", "decisions") and "need" in names:
        params["need"] = picked["need"] if query.name == "candidates" else ""
    if query.name in ("need-candidates-for-programme", "programme-profile"):
        params["programme"] = picked["programme"]
    if query.name == "neighbours":
        params.update(label="State", key=picked["state"])
    if query.name == "search":
        params["text"] = "border*"
    if query.name == "roadmap":
        params["state"] = picked["roadmap_state"]
    return params


def profile(graph: Graph, text: str, params: dict[str, Any]) -> tuple[int, list[str]]:
    """Database hits summed over the plan, and the indexes its operators use."""
    with graph.session(read=True) as session:
        result = session.run("PROFILE " + text, params)
        list(result)  # the server profiles rows that were fetched, not discarded
        summary = result.consume()
    hits = 0
    indexes: set[str] = set()
    stack = [summary.profile or {}]
    while stack:
        operator = stack.pop()
        hits += int(operator.get("dbHits", 0))
        details = str(operator.get("args", {}).get("Details", ""))
        for kind, label, key in _INDEX.findall(details):
            indexes.add(f"{label}({key}){' unique' if kind == 'UNIQUE' else ''}")
        if "db.index.fulltext.queryNodes" in details:
            indexes.add("node_search (full text)")
        stack.extend(operator.get("children", []))
    return hits, sorted(indexes)


def measure(
    graph: Graph, scale: int, runs: int, viewer: Viewer, warmup: float = 30.0
) -> list[dict[str, Any]]:
    """Every saved read query, timed ``runs`` times.

    First every query runs, all of them in turn, for ``warmup`` seconds (one
    round at least) before any is timed: the server plans each text once, and
    its Java runtime compiles the code the plans use to machine code only
    after running it a good many times, as a server that has been up for some
    time has done. At scale 1 the first round is about three times slower
    than the tenth.
    """
    picked = graph.read(_PICK)[0]
    reads = [query for query in list_queries() if query.mode == "read"]
    rows: dict[str, int] = {}
    failed: dict[str, str] = {}
    rounds = 0
    started = time.perf_counter()
    while rounds == 0 or time.perf_counter() - started < warmup:
        for query in reads:
            if query.name in failed:
                continue
            try:
                found = run_query(
                    graph, query, parameters(query, picked), viewer=viewer
                )
            except TagraphError as error:
                failed[query.name] = str(error)
                continue
            rows[query.name] = len(found)
        rounds += 1
    print(
        f"warmed up with {rounds} rounds of every query in "
        f"{time.perf_counter() - started:.0f} s"
    )

    results = []
    for query in reads:
        if query.name in failed:
            results.append({"query": query.name, "failed": failed[query.name]})
            continue
        params = parameters(query, picked)
        times = []
        for _ in range(runs):
            start = time.perf_counter()
            run_query(graph, query, params, viewer=viewer)
            times.append((time.perf_counter() - start) * 1000)
        bound = query.bind(params) | viewer.parameters()
        hits, indexes = profile(graph, query.text, bound)
        results.append(
            {
                "query": query.name,
                "rows": rows[query.name],
                "median": statistics.median(times),
                "p95": statistics.quantiles(times, n=20)[-1] if runs > 1 else times[0],
                "hits": hits,
                "indexes": indexes,
            }
        )
    return results


def floor(graph: Graph, runs: int) -> tuple[float, float]:
    """Median and 95th percentile of ``RETURN 1``: the round trip under the
    machine's present load, below which no query can go."""
    times = []
    for _ in range(max(runs, 2)):
        start = time.perf_counter()
        graph.read("RETURN 1 AS one")
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), statistics.quantiles(times, n=20)[-1]


def report(
    scale: int,
    counts: dict[str, int],
    results: list[dict[str, Any]],
    baseline: tuple[float, float],
) -> None:
    """Print one scale's figures as a table."""
    target = TARGET_MS.get(scale)
    print(
        f"\nscale {scale}: {counts['needs']} demo needs, {counts['links']} links, "
        f"{counts['programmes']} demo programmes (plus the reference data)"
    )
    print(
        f"round trip of RETURN 1: median {baseline[0]:.1f} ms, p95 "
        f"{baseline[1]:.1f} ms; load average {os.getloadavg()[0]:.1f} on "
        f"{os.cpu_count()} cores"
    )
    header = (
        f"{'query':<30} {'rows':>6} {'median ms':>10} {'p95 ms':>9} "
        f"{'p95/target':>10} {'db hits':>10}"
    )
    print(header + "  indexes")
    print("-" * (len(header) + 40))
    for result in results:
        if "failed" in result:
            print(f"{result['query']:<30} failed: {result['failed']} *")
            continue
        miss = " *" if target and result["p95"] > target else ""
        share = f"{result['p95'] / target:.2f}" if target else "-"
        print(
            f"{result['query']:<30} {result['rows']:>6} {result['median']:>10.1f} "
            f"{result['p95']:>9.1f} {share:>10} {result['hits']:>10}  "
            f"{', '.join(result['indexes']) or '-'}{miss}"
        )
    if target:
        missed = [r["query"] for r in results if r.get("p95", math.inf) > target]
        print(
            f"target: p95 under {target:.0f} ms; "
            + (f"missed by: {', '.join(missed)}" if missed else "every query meets it")
        )


def growth(by_scale: dict[int, list[dict[str, Any]]]) -> None:
    """Print how each query's median grows from the smallest scale to the largest.

    The demo's needs grow about as the scale does; a ratio well below the
    scale ratio means the query's cost is mostly fixed (round trip, planning
    cache lookup) or bounded by an index seek.
    """
    small, large = min(by_scale), max(by_scale)
    before = {r["query"]: r for r in by_scale[small] if "failed" not in r}
    after = {r["query"]: r for r in by_scale[large] if "failed" not in r}
    print(f"\nmedian at scale {large} over scale {small} ({large / small:.0f}x data)")
    for name in before:
        if name in after and before[name]["median"] > 0:
            ratio = after[name]["median"] / before[name]["median"]
            print(f"  {name:<30} {ratio:>6.1f}x")


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print its figures."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scales", type=int, nargs="+", default=[1, 20])
    parser.add_argument("--runs", type=int, default=20, help="timed runs per query")
    parser.add_argument(
        "--warmup",
        type=float,
        default=30.0,
        help="seconds of untimed rounds of every query before any is timed",
    )
    parser.add_argument(
        "--viewer",
        action="store_true",
        help="run as a viewer (public needs only) instead of with full access",
    )
    args = parser.parse_args(argv)
    viewer = Viewer("benchmark", "viewer") if args.viewer else FULL_ACCESS

    with server() as graph:
        found = graph.read("MATCH (n) RETURN count(n) AS nodes")[0]["nodes"]
        if found:
            print(f"the database at {graph.uri} holds {found} nodes; use an empty one")
            return 2
        print(f"Neo4j at {graph.uri}; {args.runs} runs per query as {viewer.role}")
        by_scale: dict[int, list[dict[str, Any]]] = {}
        try:
            for scale in args.scales:
                start = time.perf_counter()
                counts = load(graph, scale)
                print(f"loaded scale {scale} in {time.perf_counter() - start:.0f} s")
                by_scale[scale] = measure(graph, scale, args.runs, viewer, args.warmup)
                report(scale, counts, by_scale[scale], floor(graph, args.runs))
            if len(by_scale) > 1:
                growth(by_scale)
        finally:
            with graph.session() as session:
                session.run(CLEAR).consume()
    return 0


if __name__ == "__main__":
    sys.exit(main())
