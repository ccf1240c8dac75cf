"""Load throughput: tagraph's loader beside a naive load and Neo4j's LOAD CSV.

For each demo scale the same synthetic dataset (``write_demo``) is loaded
three ways into a database holding only the reference data:

- **tagraph**: ``load_dataset``: read, validate against the graph, then write
  every table in ``UNWIND`` batches in one transaction (all or nothing);
- **naive**: the same write queries with one row each, one transaction per
  row, as a first attempt usually looks (``--naive-limit`` times only the
  first rows, in load order, and reports rows per second on that sample);
- **LOAD CSV**: the server reading the same CSV files from its import folder
  with ``CALL { ... } IN TRANSACTIONS``: no validation, no content hashes, and
  a commit per batch, so a failure half way leaves half a dataset.

Usage::

    .venv/bin/python benchmarks/load_throughput.py            # scales 1 and 20
    .venv/bin/python benchmarks/load_throughput.py --scales 1 --naive-limit 500

With ``NEO4J_URI`` set, that server is used; its database must be empty, and
is left with the benchmark's data (the LOAD CSV run is skipped: the files
cannot be put in a remote server's import folder). Otherwise a private local
server is started under a temporary ``TAGRAPH_HOME`` and removed afterwards.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

from tagraph.config import load_settings
from tagraph.graph.connection import Graph
from tagraph.graph.schema import apply_schema
from tagraph.graph.server import LocalServer, free_port
from tagraph.loaders.demo import write_demo
from tagraph.loaders.load import load_dataset
from tagraph.loaders.read import read_dataset
from tagraph.loaders.reference import REFERENCE_DIR
from tagraph.loaders.tables import TABLE_BY_NAME
from tagraph.loaders.validate import check
from tagraph.loaders.write import plan, write_query

CLEAR = "MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 5000 ROWS"

_PROVENANCE = "source: row.source, load_id: $load_id, loaded_at: datetime()"

LOAD_CSV: dict[str, str] = {
    "providers": f"""
LOAD CSV WITH HEADERS FROM $url AS row
CALL (row) {{
  MERGE (n:Provider {{id: row.id}})
  SET n += {{name: row.name, kind: row.kind, acronym: row.acronym, {_PROVENANCE}}}
}} IN TRANSACTIONS OF $batch ROWS
""",
    "programmes": f"""
LOAD CSV WITH HEADERS FROM $url AS row
CALL (row) {{
  MERGE (p:Programme {{id: row.id}})
  SET p += {{title: row.title, start: date(row.start), end: date(row.end),
            status: row.status, scope: row.scope,
            budget_usd: toFloat(row.budget_usd), modality: row.modality,
            description: row.description, capacity: toInteger(row.capacity),
            {_PROVENANCE}}}
  WITH p, row
  CALL (p, row) {{
    MATCH (v:Provider {{id: row.lead_provider}}) MERGE (v)-[:LEADS]->(p)
  }}
  CALL (p, row) {{
    UNWIND split(row.themes, ';') AS code
    MATCH (t:Theme {{code: code}}) MERGE (p)-[:ON_THEME]->(t)
  }}
  CALL (p, row) {{
    UNWIND split(row.states, ';') AS iso3
    MATCH (s:State {{iso3: iso3}}) MERGE (p)-[:COVERS]->(s)
  }}
  CALL (p, row) {{
    UNWIND split(row.regions, ';') AS code
    MATCH (r:Region {{code: code}}) MERGE (p)-[:COVERS]->(r)
  }}
  CALL (p, row) {{
    UNWIND split(row.resolutions, ';') AS number
    MATCH (r:Resolution {{number: toInteger(number)}}) MERGE (p)-[:SERVES]->(r)
  }}
}} IN TRANSACTIONS OF $batch ROWS
""",
    "programme_partners": """
LOAD CSV WITH HEADERS FROM $url AS row
CALL (row) {
  MATCH (v:Provider {id: row.provider}), (p:Programme {id: row.programme})
  MERGE (v)-[r:PARTNER_IN {role: row.role}]->(p)
  SET r.source = row.source, r.load_id = $load_id, r.loaded_at = datetime()
} IN TRANSACTIONS OF $batch ROWS
""",
    "assessments": f"""
LOAD CSV WITH HEADERS FROM $url AS row
CALL (row) {{
  MERGE (a:Assessment {{id: row.id}})
  SET a += {{kind: row.kind, date: date(row.date),
            synthetic: coalesce(toBoolean(row.synthetic), false), {_PROVENANCE}}}
  WITH a, row
  MATCH (s:State {{iso3: row.state}})
  MERGE (a)-[:OF_STATE]->(s)
}} IN TRANSACTIONS OF $batch ROWS
""",
    "needs": f"""
LOAD CSV WITH HEADERS FROM $url AS row
CALL (row) {{
  MERGE (n:Need {{id: row.id}})
  SET n += {{title: row.title, priority: row.priority,
            identified: date(row.identified), status: row.status,
            description: row.description,
            human_rights: toBoolean(row.human_rights),
            gender: toBoolean(row.gender),
            confidentiality: coalesce(row.confidentiality, 'public'),
            synthetic: coalesce(toBoolean(row.synthetic), false), {_PROVENANCE}}}
  WITH n, row
  CALL (n, row) {{
    MATCH (s:State {{iso3: row.state}}) MERGE (n)-[:OF_STATE]->(s)
  }}
  CALL (n, row) {{
    UNWIND split(row.themes, ';') AS code
    MATCH (t:Theme {{code: code}}) MERGE (n)-[:ON_THEME]->(t)
  }}
  CALL (n, row) {{
    MATCH (a:Assessment {{id: row.assessment}}) MERGE (n)-[:IDENTIFIED_IN]->(a)
  }}
  CALL (n, row) {{
    UNWIND split(row.resolutions, ';') AS number
    MATCH (r:Resolution {{number: toInteger(number)}}) MERGE (n)-[:UNDER]->(r)
  }}
}} IN TRANSACTIONS OF $batch ROWS
""",
    "links": """
LOAD CSV WITH HEADERS FROM $url AS row
CALL (row) {
  MATCH (p:Programme {id: row.programme}), (n:Need {id: row.need})
  MERGE (p)-[r:ADDRESSES]->(n)
  SET r += {status: row.status, decided_on: date(row.decided_on), note: row.note,
            decided_by: row.decided_by,
            synthetic: coalesce(toBoolean(row.synthetic), false),
            source: row.source, load_id: $load_id, loaded_at: datetime()}
} IN TRANSACTIONS OF $batch ROWS
""",
    "roadmaps": f"""
LOAD CSV WITH HEADERS FROM $url AS row
CALL (row) {{
  MERGE (r:Roadmap {{id: row.id}})
  SET r += {{date: date(row.date),
            synthetic: coalesce(toBoolean(row.synthetic), false), {_PROVENANCE}}}
  WITH r, row
  CALL (r, row) {{
    MATCH (s:State {{iso3: row.state}}) MERGE (r)-[:OF_STATE]->(s)
  }}
  CALL (r, row) {{
    MATCH (t:RoadmapTemplate {{id: row.template}}) MERGE (r)-[:FOLLOWS]->(t)
  }}
  CALL (r, row) {{
    MATCH (a:Assessment {{id: row.assessment}}) MERGE (r)-[:IDENTIFIED_IN]->(a)
  }}
}} IN TRANSACTIONS OF $batch ROWS
""",
    "roadmap_step_statuses": f"""
LOAD CSV WITH HEADERS FROM $url AS row
CALL (row) {{
  MERGE (s:StepStatus {{id: row.id}})
  SET s += {{status: row.status, recommendation: row.recommendation,
            synthetic: coalesce(toBoolean(row.synthetic), false), {_PROVENANCE}}}
  WITH s, row
  CALL (s, row) {{
    MATCH (r:Roadmap {{id: row.roadmap}}) MERGE (r)-[:HAS_STATUS]->(s)
  }}
  CALL (s, row) {{
    MATCH (step:RoadmapStep {{id: row.step}}) MERGE (s)-[:FOR_STEP]->(step)
  }}
  CALL (s, row) {{
    UNWIND split(row.needs, ';') AS id
    MATCH (n:Need {{id: id}}) MERGE (s)-[:BACKED_BY]->(n)
  }}
}} IN TRANSACTIONS OF $batch ROWS
""",
}
"""The server-side load of each demo table, writing what the loader writes."""


@contextmanager
def connection(heap: str) -> Iterator[tuple[Graph, LocalServer | None]]:
    """The configured server, or a private one with ``heap`` started for the run."""
    settings = load_settings()
    if not settings.uses_local_server:
        with Graph.connect(settings) as graph:
            found = graph.read("MATCH (n) RETURN count(n) AS n")[0]["n"]
            if found:
                sys.exit(
                    f"the database at {settings.neo4j_uri} holds {found} nodes; the "
                    "benchmark needs an empty one (it clears only a database it "
                    "started itself)"
                )
            yield graph, None
        return

    home = Path(tempfile.mkdtemp(prefix="tagraph-bench-"))
    private = replace(settings, home=home, bolt_port=free_port(), neo4j_heap=heap)
    server = LocalServer(private)
    print(f"starting a private Neo4j under {home} ...", file=sys.stderr)
    server.start(timeout=240)
    try:
        with Graph.connect(private) as graph:
            yield graph, server
    finally:
        server.stop()
        shutil.rmtree(home, ignore_errors=True)


def reset(graph: Graph) -> None:
    """Empty the database, then load the reference data the demo builds on."""
    with graph.session() as session:
        session.run(CLEAR).consume()
    apply_schema(graph)
    load_dataset(graph, REFERENCE_DIR)


def size(graph: Graph) -> str:
    """Nodes and relationships in the database, to show both loads wrote alike."""
    nodes = graph.read("MATCH (n) WHERE NOT n:Load RETURN count(n) AS n")[0]["n"]
    relationships = graph.read("MATCH ()-[r]->() RETURN count(r) AS n")[0]["n"]
    return f"{nodes} nodes, {relationships} relationships"


def time_tagraph(graph: Graph, folder: Path, batch_size: int) -> float:
    reset(graph)
    started = time.perf_counter()
    load_dataset(graph, folder, batch_size=batch_size)
    elapsed = time.perf_counter() - started
    print(f"  tagraph: {elapsed:.1f} s, {size(graph)}", file=sys.stderr)
    return elapsed


def time_naive(graph: Graph, folder: Path, limit: int) -> tuple[int, float]:
    """Rows written and seconds taken, one row per query and transaction."""
    reset(graph)
    rows = plan(check(read_dataset(folder), graph))
    loaded_at = datetime.now(UTC)
    done = 0
    started = time.perf_counter()
    for name, table_rows in rows.items():
        query = write_query(TABLE_BY_NAME[name])
        for row in table_rows:
            if limit and done >= limit:
                break
            graph.write(
                query, {"rows": [row], "load_id": "naive", "loaded_at": loaded_at}
            )
            done += 1
    elapsed = time.perf_counter() - started
    print(f"  naive: {elapsed:.1f} s for {done} rows", file=sys.stderr)
    return done, elapsed


def time_load_csv(
    graph: Graph, server: LocalServer, folder: Path, batch_size: int
) -> float:
    reset(graph)
    server.import_dir.mkdir(parents=True, exist_ok=True)
    for file in folder.glob("*.csv"):
        shutil.copy(file, server.import_dir / file.name)
    started = time.perf_counter()
    with graph.session() as session:
        for name, query in LOAD_CSV.items():
            parameters = {
                "url": f"file:///{name}.csv",
                "batch": batch_size,
                "load_id": "load-csv",
            }
            session.run(query, parameters).consume()
    elapsed = time.perf_counter() - started
    print(f"  LOAD CSV: {elapsed:.1f} s, {size(graph)}", file=sys.stderr)
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scales", default="1,20", help="demo scales, e.g. 1,20")
    parser.add_argument(
        "--naive-limit",
        type=int,
        default=2000,
        help="time only the first N rows of the naive load (0: all rows)",
    )
    parser.add_argument("--batch-size", type=int, default=load_settings().batch_size)
    parser.add_argument("--seed", type=int, default=None, help="demo seed")
    parser.add_argument(
        "--repeat",
        type=int,
        default=2,
        help="runs of each load; the fastest counts (the first also plans queries)",
    )
    parser.add_argument(
        "--heap",
        default="6g",
        help="Java heap of a private server: a load is one transaction, and "
        "the scale 20 demo needs more than the default 2g",
    )
    options = parser.parse_args()
    scales = [int(s) for s in options.scales.split(",")]

    results = []
    with (
        connection(options.heap) as (graph, server),
        tempfile.TemporaryDirectory() as tmp,
    ):
        for scale in scales:
            folder = Path(tmp) / f"demo-{scale}"
            seed = {} if options.seed is None else {"seed": options.seed}
            counts = write_demo(folder, scale=scale, **seed)
            rows = sum(counts.values())
            print(f"scale {scale}: {rows} rows {counts}", file=sys.stderr)
            missing = sorted(set(counts) - set(LOAD_CSV))
            if missing:
                sys.exit(f"no LOAD CSV query for the demo's {', '.join(missing)}")

            repeat = range(options.repeat)
            tagraph = min(
                time_tagraph(graph, folder, options.batch_size) for _ in repeat
            )
            naive_rows, naive = min(
                (time_naive(graph, folder, options.naive_limit) for _ in repeat),
                key=lambda run: run[1],
            )
            load_csv = (
                min(
                    time_load_csv(graph, server, folder, options.batch_size)
                    for _ in repeat
                )
                if server is not None
                else None
            )
            results.append((scale, rows, tagraph, naive_rows, naive, load_csv))
        if server is not None:
            with graph.session() as session:
                session.run(CLEAR).consume()

    report(results, options.batch_size)


def report(results: list[tuple], batch_size: int) -> None:
    print(
        f"\nload throughput in rows per second (batch size {batch_size}, "
        "fastest of the runs)\n"
    )
    print(
        f"{'scale':>5} {'rows':>8} {'tagraph':>9} {'naive':>9} {'(sample)':>9} "
        f"{'LOAD CSV':>9} {'tagraph/naive':>14} {'tagraph/LOAD CSV':>17}"
    )
    for scale, rows, tagraph, naive_rows, naive, load_csv in results:
        ours = rows / tagraph
        theirs = naive_rows / naive
        server = f"{rows / load_csv:9.0f}" if load_csv else f"{'skipped':>9}"
        ratio = f"{ours / (rows / load_csv):17.2f}" if load_csv else f"{'-':>17}"
        print(
            f"{scale:>5} {rows:>8} {ours:9.0f} {theirs:9.0f} {naive_rows:>9} "
            f"{server} {ours / theirs:14.1f} {ratio}"
        )
    print(
        "\ntagraph includes reading and validating; naive is measured on the "
        "sample only and extrapolates nothing; LOAD CSV validates nothing and "
        "commits per batch."
    )


if __name__ == "__main__":
    main()
