"""Time to first complete render of each explorer page, at demo scale 1 and 20.

Starts a private Neo4j server (or uses NEO4J_URI, whose database it empties),
loads ``tagraph demo --scale N``, starts ``tagraph app`` and drives Debian's
Chromium through every page as an administrator, timing each page from the
click in the menu until Streamlit is idle (the script has stopped running and
no placeholder is left). The first page is timed as a user meets it: from
the click on "Sign in", after a few seconds on the form. The first visit of a
page is timed (an empty result cache) after the explorer's start-up warm-up
has made the saved queries' plans (``tagraph query warm``, whose time is
printed); a second visit, served from the cache, is timed too.

    .venv/bin/python benchmarks/page_render.py [--scales 1 20]
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from tagraph.app.live import QUIET, chromium, serve, sign_in, wait_idle
from tagraph.app.pages import PAGES
from tagraph.app.users import Accounts
from tagraph.config import load_settings
from tagraph.graph.connection import Graph
from tagraph.graph.schema import apply_schema
from tagraph.graph.server import LocalServer, free_port

if TYPE_CHECKING:
    from playwright.sync_api import Locator, Page

PASSWORD = "benchmark passphrase"
PATIENCE = 120.0
"""Seconds the app may take to answer, to sign in or to finish drawing a page."""
TARGET_S = {1: 2.0}
"""Seconds a page's first render should stay under, by demo scale."""
TYPING = 3.0
"""Seconds spent on the sign-in form before signing in, as a person types."""


_DRAWN = """() => new Promise(done => requestAnimationFrame(() =>
  requestAnimationFrame(() => requestIdleCallback(done, {timeout: 30000}))))"""
"""Resolves once the browser has painted and has nothing left to do, so that
a page's drawing counts for that page and not for the next one."""


def measure(url: str) -> list[tuple[str, float, float]]:
    """(page, first visit seconds, cached visit seconds) for every page.

    The first visit of the first page is the landing after sign-in, timed
    from the click on "Sign in", after a pause on the form as a person would
    make while typing.
    """
    rows = []
    with chromium() as browser:
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        landing = sign_in(page, url, "bench", PASSWORD, timeout=PATIENCE, pause=TYPING)
        rows.append((PAGES[0].title, landing, 0.0))
        menu = page.locator('[data-testid="stSidebarNav"]')
        for visit in (0, 1):
            for index, spec in enumerate(PAGES):
                if visit == 0 and index == 0:
                    continue
                elapsed = _visit(page, menu, spec.title)
                if visit == 0:
                    rows.append((spec.title, elapsed, 0.0))
                else:
                    rows[index] = (spec.title, rows[index][1], elapsed)
    return rows


def _visit(page: Page, menu: Locator, title: str) -> float:
    """Seconds from the click on ``title`` in the menu until it is drawn."""
    started = time.monotonic()
    menu.get_by_text(title, exact=True).click()
    page.wait_for_timeout(50)
    wait_idle(page, PATIENCE)
    page.evaluate(_DRAWN)
    return time.monotonic() - started - QUIET


_WARMED = re.compile(r"warmed the plans of .* in ([0-9.]+) s")


def _warm_ups(path: Path) -> int:
    """How many warm-ups the log records so far."""
    if not path.exists():
        return 0
    return len(_WARMED.findall(path.read_text(encoding="utf-8")))


def _await_warm_up(path: Path, before: int) -> str:
    """Wait until the explorer's start-up warm-up is done; say how long it took.

    Pages are timed as a user meets them once the explorer has started: with
    the saved queries' plans made, the results not yet cached.
    """
    deadline = time.monotonic() + 10 * PATIENCE
    while time.monotonic() < deadline:
        if _warm_ups(path) > before:
            return f"{_WARMED.findall(path.read_text(encoding='utf-8'))[-1]} s"
        time.sleep(1)
    return "(no warm-up finished; pages timed without it)"


def run_scale(scale: int, env: dict[str, str], graph: Graph, home: Path) -> None:
    # Batched deletes run only in an auto-commit transaction.
    with graph.session() as session:
        session.run("MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS").consume()
    tagraph = shutil.which("tagraph", path=str(Path(sys.executable).parent))
    subprocess.run(
        [tagraph, "demo", "--scale", str(scale), "--seed", "1"],
        env=env,
        check=True,
        capture_output=True,
    )
    warm_log = home / "logs" / "warm.log"
    before = _warm_ups(warm_log)
    with serve(env, timeout=PATIENCE) as url:
        needs = graph.read("MATCH (n:Need) RETURN count(n) AS n")[0]["n"]
        warmed = _await_warm_up(warm_log, before)
        rows = measure(url)
    print(f"\ndemo scale {scale}: {needs} needs")
    print(f"  the explorer planned the saved queries at start in {warmed}")
    print(f"  {'page':<26}{'first (s)':>10}{'cached (s)':>11}")
    for title, first, cached in rows:
        print(f"  {title:<26}{first:>10.2f}{cached:>11.2f}")
    target = TARGET_S.get(scale)
    if target:
        title, slowest = max(((t, f) for t, f, _ in rows), key=lambda row: row[1])
        missed = [t for t, f, _ in rows if f > target]
        verdict = f"missed by {', '.join(missed)}" if missed else "every page meets it"
        print(
            f"  target: first render under {target:g} s; {verdict} (slowest "
            f"{title}, {slowest:.2f} s, {slowest / target:.2f} of the target)"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scales", type=int, nargs="+", default=[1, 20])
    arguments = parser.parse_args()

    home = Path(tempfile.mkdtemp(prefix="tagraph-bench-"))
    env = dict(os.environ, TAGRAPH_HOME=str(home))
    server = None
    if not os.environ.get("NEO4J_URI"):
        settings = replace(
            load_settings(), home=home, neo4j_uri=None, bolt_port=free_port()
        )
        server = LocalServer(settings)
        server.start(timeout=180)
        env.update(
            NEO4J_URI=server.uri,
            NEO4J_USERNAME="neo4j",
            NEO4J_PASSWORD=server.password(),
        )
    accounts = Accounts(home / "accounts.json")
    accounts.add("bench", "administrator", PASSWORD)
    env["TAGRAPH_ACCOUNTS"] = str(accounts.path)
    os.environ.update(
        {
            k: env[k]
            for k in ("NEO4J_URI", "NEO4J_USERNAME", "NEO4J_PASSWORD")
            if k in env
        }
    )
    try:
        with Graph.connect() as graph:
            apply_schema(graph)
            for scale in arguments.scales:
                run_scale(scale, env, graph, home)
    finally:
        if server is not None:
            server.stop()
        shutil.rmtree(home, ignore_errors=True)


if __name__ == "__main__":
    main()
