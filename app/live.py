"""The explorer running for real: ``tagraph app`` on a free port, in Chromium.

The browser tests and the page-render benchmark both start the app as a user
would, drive Debian's Chromium through Playwright (no browser is downloaded),
sign in with the form and wait until Streamlit has finished drawing a page.
Playwright is a development dependency, imported only when a browser starts.
"""

from __future__ import annotations

import logging
import os
import shutil
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from tagraph.errors import TagraphError
from tagraph.graph.server import free_port

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

log = logging.getLogger("tagraph.app")

CHROMIUM = Path("/usr/bin/chromium")
"""Debian's Chromium (``apt-get install chromium``)."""

CHROMIUM_ARGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
)
"""Headless, with no background traffic of the browser's own."""

_BUSY = """() => {
  const app = document.querySelector('[data-testid="stApp"]');
  return app === null
    || app.getAttribute('data-test-script-state') !== 'notRunning'
    || document.querySelector(
         '[data-testid="stStatusWidget"], [data-testid="stSkeleton"]') !== null;
}"""
"""True while Streamlit runs the script or still draws placeholders."""


QUIET = 0.3
"""Seconds without activity after which a page counts as drawn."""


class ExplorerNotRunning(TagraphError):
    """The explorer started for a browser stopped, or never answered."""


@contextmanager
def serve(
    env: Mapping[str, str], *, log_file: Path | None = None, timeout: float = 60.0
) -> Iterator[str]:
    """Run ``tagraph app`` on a free port; yield its URL, then stop it.

    Parameters
    ----------
    env
        The app's whole environment: where Neo4j is, the accounts file.
    log_file
        Where the app's output goes; it is discarded when None.
    timeout
        Seconds the app may take to answer its health check.

    Raises
    ------
    ExplorerNotRunning
        When the app stops, or does not answer within ``timeout``.
    """
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    tagraph = shutil.which("tagraph", path=str(Path(sys.executable).parent))
    command = [tagraph or "tagraph", "app", "--port", str(port)]

    with open(log_file or os.devnull, "w") as output:
        process = subprocess.Popen(
            command, env=dict(env), stdout=output, stderr=subprocess.STDOUT
        )
        try:
            _wait_until_up(url, process, timeout)
            log.debug("explorer up at %s", url)
            yield url
        finally:
            process.terminate()
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def _wait_until_up(url: str, process: subprocess.Popen, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise ExplorerNotRunning(
                f"the explorer stopped with code {process.returncode}"
            )
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as reply:
                if reply.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    raise ExplorerNotRunning(f"the explorer did not answer at {url} in {timeout:.0f} s")


@contextmanager
def chromium() -> Iterator[Browser]:
    """Debian's Chromium, headless, driven by Playwright; closed afterwards."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=list(CHROMIUM_ARGS), headless=True
        )
        try:
            yield browser
        finally:
            browser.close()


def wait_idle(page: Page, timeout: float = 90.0) -> None:
    """Wait until Streamlit has finished running the script and drawing.

    The page counts as done once it has been quiet for 0.3 s. The time limit
    is generous: the first run of each query on a freshly started server
    waits for Neo4j to plan it.
    """
    deadline = time.monotonic() + timeout
    quiet_since = None
    while time.monotonic() < deadline:
        if page.evaluate(_BUSY):
            quiet_since = None
        else:
            quiet_since = quiet_since or time.monotonic()
            if time.monotonic() - quiet_since > QUIET:
                return
        time.sleep(0.05)
    raise TimeoutError("the page was still running after the time limit")


def sign_in(
    page: Page,
    url: str,
    name: str,
    password: str,
    *,
    timeout: float = 90.0,
    pause: float = 0.0,
) -> float:
    """Open ``url`` and sign in as ``name`` with the form.

    Waits, up to ``timeout`` seconds for each, for the sidebar to say who is
    signed in and for the page to finish drawing. ``pause`` is how long to
    stay on the drawn form before typing, as a person would.

    Returns
    -------
    float
        Seconds from the click on "Sign in" until the page was drawn.
    """
    page.goto(url)
    if pause:
        wait_idle(page, timeout)
        page.wait_for_timeout(pause * 1000)
    page.get_by_label("Account name").fill(name)
    page.get_by_label("Password", exact=True).fill(password)
    started = time.monotonic()
    page.get_by_role("button", name="Sign in").click()
    page.get_by_text("Signed in as").wait_for(timeout=timeout * 1000)
    wait_idle(page, timeout)
    return time.monotonic() - started - QUIET
