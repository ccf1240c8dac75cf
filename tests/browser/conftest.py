"""The real explorer in a real Chromium: a running app, accounts and a browser.

The app is started with ``tagraph app`` on a free port against the test
server, with the explorer's fixture dataset loaded. Every request the browser
makes to a host other than the app's is blocked and recorded.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from tagraph.app import live, testing
from tagraph.app.live import wait_idle
from tagraph.graph.connection import Graph
from tagraph.loaders.load import load_dataset

FIXTURE = Path(__file__).parents[1] / "fixtures" / "app"
SCREENSHOTS = Path(__file__).parents[2] / "test-artifacts" / "screenshots"


@dataclass
class Explorer:
    """A running explorer and what the browser tried to fetch elsewhere."""

    url: str
    host: str
    blocked: list[str] = field(default_factory=list)


@pytest.fixture(scope="module")
def explorer(
    session_graph: Graph,
    neo4j_env: dict[str, str],
    accounts_file: Path,
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[Explorer]:
    """``tagraph app`` on a free port, the fixture dataset loaded."""
    if not live.CHROMIUM.exists():
        pytest.skip("Debian's chromium is not installed (apt-get install chromium)")
    home = tmp_path_factory.mktemp("explorer")
    accounts = shutil.copy2(accounts_file, home / "accounts.json")
    load_dataset(session_graph, FIXTURE)

    env = dict(os.environ, **neo4j_env)
    env["TAGRAPH_ACCOUNTS"] = str(accounts)
    env["TAGRAPH_HOME"] = str(home)
    try:
        with live.serve(env, log_file=home / "app.log") as url:
            yield Explorer(url, url.removeprefix("http://"))
    finally:
        with session_graph.session() as session:
            session.run(
                "MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS"
            ).consume()


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    """Debian's Chromium driven by Playwright (no downloaded browser)."""
    with live.chromium() as chromium:
        yield chromium


@pytest.fixture
def page(browser: object, explorer: Explorer) -> Iterator[object]:
    """A fresh browser page whose requests elsewhere are blocked and recorded."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})  # type: ignore[attr-defined]

    def guard(route: object) -> None:
        request = route.request  # type: ignore[attr-defined]
        host = request.url.split("/")[2] if "://" in request.url else ""
        if request.url.startswith(("data:", "blob:", "about:")) or host in (
            explorer.host,
            explorer.host.replace("127.0.0.1", "localhost"),
        ):
            route.continue_()  # type: ignore[attr-defined]
        else:
            explorer.blocked.append(request.url)
            route.abort()  # type: ignore[attr-defined]

    context.route("**/*", guard)
    # A busy machine and a cold server make the first runs slow; a hung page
    # still fails, after a minute.
    context.set_default_timeout(60000)  # type: ignore[attr-defined]
    page = context.new_page()
    yield page
    context.close()


def choose(page: object, box: str, typed: str, option: str) -> None:
    """Pick ``option`` in the select box labelled ``box``, typing ``typed``.

    Tries again when a rerun redraws the box while its list is open.
    """
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    combobox = page.get_by_role("combobox", name=box, exact=True)  # type: ignore[attr-defined]
    entry = page.get_by_role("option", name=option, exact=True)  # type: ignore[attr-defined]
    for _ in range(3):
        wait_idle(page)
        combobox.fill("")
        combobox.press_sequentially(typed)
        try:
            entry.wait_for(timeout=10000)
        except PlaywrightTimeout:
            page.keyboard.press("Escape")  # type: ignore[attr-defined]
            continue
        entry.click()
        return
    raise AssertionError(f"{option!r} never showed in the list of {box!r}")


def sign_in(page: object, explorer: Explorer, name: str, path: str = "") -> None:
    """Open ``path`` (with its query) and sign in as ``name``."""
    live.sign_in(page, f"{explorer.url}/{path}", name, testing.PASSWORD)  # type: ignore[arg-type]


_PAINTED = """() => new Promise(done =>
  requestAnimationFrame(() => requestAnimationFrame(() => done(true))))"""


def screenshot(page: object, name: str) -> Path:
    """Save a screenshot of the whole page under test-artifacts/screenshots/.

    Streamlit scrolls its main area inside the window, so a full-page shot
    shows only the first screen; the window is made as tall as the page for
    the shot (at most 6000 pixels), then put back.
    """
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    size = page.viewport_size  # type: ignore[attr-defined]
    height = page.evaluate(  # type: ignore[attr-defined]
        "() => document.querySelector('[data-testid=\"stMain\"]')?.scrollHeight || 0"
    )
    tall = min(max(int(height), size["height"]), 6000)
    if tall > size["height"]:
        page.set_viewport_size({"width": size["width"], "height": tall})  # type: ignore[attr-defined]
        # Only the height changed, so nothing lays itself out again; two
        # frames let the newly visible part be painted.
        page.evaluate(_PAINTED)  # type: ignore[attr-defined]
    try:
        page.screenshot(path=str(path))  # type: ignore[attr-defined]
    finally:
        if tall > size["height"]:
            page.set_viewport_size(size)  # type: ignore[attr-defined]
    return path
