"""The real explorer in a real Chromium: a running app, accounts and a browser.

The app is started with ``tagraph app`` on a free port against the test
server, with the explorer's fixture dataset loaded. Every request the browser
makes to a host other than the app's is blocked and recorded.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from tagraph.app import testing
from tagraph.graph.connection import Graph
from tagraph.graph.server import free_port
from tagraph.loaders.load import load_dataset

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
FIXTURE = Path(__file__).parents[1] / "fixtures" / "app"
SCREENSHOTS = Path(__file__).parents[2] / "test-artifacts" / "screenshots"
PASSWORD = "browser fixture passphrase"
ACCOUNTS = {
    "admin": ("administrator", ()),
    "analyst": ("analyst", ()),
    "focal": ("focal-point", ("KEN",)),
    "viewer": ("viewer", ()),
}


@dataclass
class Explorer:
    """A running explorer and what the browser tried to fetch elsewhere."""

    url: str
    host: str
    blocked: list[str] = field(default_factory=list)


def _wait_until_up(url: str, process: subprocess.Popen, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the explorer stopped with code {process.returncode}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as reply:
                if reply.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    raise RuntimeError(f"the explorer did not answer at {url} in {timeout:.0f} s")


@pytest.fixture(scope="module")
def explorer(
    session_graph: Graph,
    neo4j_env: dict[str, str],
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[Explorer]:
    """``tagraph app`` on a free port, the fixture dataset loaded."""
    if not Path(CHROMIUM).exists():
        pytest.skip("Debian's chromium is not installed (apt-get install chromium)")
    home = tmp_path_factory.mktemp("explorer")
    accounts = testing.write_accounts(home / "accounts.json", ACCOUNTS, PASSWORD)
    load_dataset(session_graph, FIXTURE)

    port = free_port()
    env = dict(os.environ, **neo4j_env)
    env["TAGRAPH_ACCOUNTS"] = str(accounts)
    env["TAGRAPH_HOME"] = str(home)
    tagraph = shutil.which("tagraph", path=str(Path(sys.executable).parent))
    log = open(home / "app.log", "w")  # noqa: SIM115
    process = subprocess.Popen(
        [tagraph or "tagraph", "app", "--port", str(port)],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_until_up(url, process, 60)
        yield Explorer(url, f"127.0.0.1:{port}")
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()
        with session_graph.session() as session:
            session.run(
                "MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS"
            ).consume()


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    """Debian's Chromium driven by Playwright (no downloaded browser)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True
        )
        yield chromium
        chromium.close()


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


_BUSY = """() => {
  const app = document.querySelector('[data-testid="stApp"]');
  return app === null
    || app.getAttribute('data-test-script-state') !== 'notRunning'
    || document.querySelector(
         '[data-testid="stStatusWidget"], [data-testid="stSkeleton"]') !== null;
}"""
"""True while Streamlit runs the script or still draws placeholders."""


def wait_idle(page: object, timeout: float = 90.0) -> None:
    """Wait until Streamlit has finished running the script and drawing.

    The time limit is generous: the first run of each query on a freshly
    started server waits for Neo4j to plan it.
    """
    deadline = time.monotonic() + timeout
    quiet_since = None
    while time.monotonic() < deadline:
        if page.evaluate(_BUSY):  # type: ignore[attr-defined]
            quiet_since = None
        else:
            quiet_since = quiet_since or time.monotonic()
            if time.monotonic() - quiet_since > 0.3:
                return
        time.sleep(0.05)
    raise TimeoutError("the page was still running after the time limit")


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
    page.goto(f"{explorer.url}/{path}")  # type: ignore[attr-defined]
    page.get_by_label("Account name").fill(name)  # type: ignore[attr-defined]
    page.get_by_label("Password", exact=True).fill(PASSWORD)  # type: ignore[attr-defined]
    page.get_by_role("button", name="Sign in").click()  # type: ignore[attr-defined]
    page.get_by_text("Signed in as").wait_for(timeout=90000)  # type: ignore[attr-defined]
    wait_idle(page)


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
