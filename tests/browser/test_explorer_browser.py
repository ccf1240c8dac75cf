"""The explorer in Chromium: every role, every page, filters, map and graph.

Screenshots go to test-artifacts/screenshots/. No request may leave the app's
own address: plotly's map outlines, plotly.js and vis-network all come from
the app itself.
"""

from __future__ import annotations

import io
from pathlib import Path

import openpyxl
import pytest

from tagraph.app import testing
from tagraph.app.pages import PAGES
from tagraph.app.testing import ACCOUNTS

from .conftest import Explorer, choose, screenshot, sign_in, wait_idle

pytestmark = pytest.mark.browser


def _allowed(role: str) -> list:
    from tagraph.access import Viewer

    name = next(n for n, (r, _) in ACCOUNTS.items() if r == role)
    states = frozenset(ACCOUNTS[name][1])
    return [spec for spec in PAGES if spec.allowed(Viewer(name, role, states))]


@pytest.mark.parametrize("role", ["administrator", "analyst", "focal-point", "viewer"])
def test_every_page_for_every_role(page, explorer: Explorer, role: str) -> None:
    name = next(n for n, (r, _) in ACCOUNTS.items() if r == role)
    sign_in(page, explorer, name)
    menu = page.locator('[data-testid="stSidebarNav"]')
    entries = menu.locator('[data-testid="stSidebarNavLink"]').all_inner_texts()
    assert entries == [spec.title for spec in _allowed(role)]

    # Administrators see what analysts see (both have full access), so their
    # tour opens only the pages analysts do not have; the analyst's tour
    # opens the rest.
    tour = _allowed(role)
    if role == "administrator":
        tour = [spec for spec in tour if spec not in _allowed("analyst")]
    for spec in tour:
        menu.get_by_text(spec.title, exact=True).click()
        wait_idle(page)
        assert page.locator('[data-testid="stException"]').count() == 0, spec.file
        heading = page.locator("h1").first.inner_text()
        assert heading.startswith(spec.title), (spec.file, heading)
        screenshot(page, f"{role}-{spec.path.stem}")

    assert explorer.blocked == [], explorer.blocked


def test_filters_live_in_the_url_and_tables_export(page, explorer: Explorer) -> None:
    sign_in(page, explorer, "analyst", "gaps?f_priority=high")
    assert "f_priority=high" in page.url
    table = page.locator('[data-testid="stDataFrame"]').first
    table.wait_for()
    screenshot(page, "filters-gaps-high")

    with page.expect_download() as caught:
        page.get_by_role("button", name="XLSX").first.click()
    download = caught.value
    assert download.suggested_filename == "gaps-with-synthetic.xlsx"
    workbook = openpyxl.load_workbook(io.BytesIO(Path(download.path()).read_bytes()))
    assert workbook.sheetnames == ["data", "about"]
    rows = list(workbook["data"].values)
    assert rows[1:], "the export holds the findings shown"
    priority = rows[0].index("priority")
    assert {row[priority] for row in rows[1:]} == {"high"}
    about = dict(list(workbook["about"].values)[1:])
    assert about["exported by"] == "analyst (analyst)"
    assert '"priority": ["high"]' in about["parameters"]
    assert explorer.blocked == []


def test_map_draws_offline_and_opens_a_state(page, explorer: Explorer) -> None:
    sign_in(page, explorer, "focal", "map")
    page.wait_for_selector(".choroplethlocation", state="attached", timeout=15000)
    shapes = page.locator(".js-plotly-plot .choroplethlocation")
    assert shapes.count() > 100
    assert page.get_by_text("do not imply official endorsement").count() == 1
    screenshot(page, "map-focal-point")

    choose(page, "Open a State", "Kenya", "Kenya (KEN)")
    page.wait_for_url("**/state*", timeout=20000)
    wait_idle(page)
    page.get_by_role("heading", name="State", exact=True).wait_for()
    chosen = page.get_by_role("combobox", name="State", exact=True)
    assert chosen.input_value() == "Kenya (KEN)"
    screenshot(page, "map-to-state")
    assert explorer.blocked == [], explorer.blocked


def test_graph_explorer_draws_offline(page, explorer: Explorer) -> None:
    sign_in(page, explorer, "analyst", "explorer?f_q=Kenya&f_nodes=State:KEN")
    frame = page.frame_locator("iframe").first
    frame.locator("canvas").first.wait_for(timeout=20000)
    page.wait_for_timeout(1500)
    screenshot(page, "graph-explorer")

    page.get_by_role("button", name="Expand its neighbours").click()
    wait_idle(page)
    assert "f_nodes=" in page.url
    assert explorer.blocked == [], explorer.blocked


def test_state_page_for_a_focal_point(page, explorer: Explorer) -> None:
    sign_in(page, explorer, "focal", "state?f_state=NGA")
    wait_idle(page)
    body = page.locator("body").inner_text()
    assert "Quillwort" not in body and "HIDDEN-" not in body
    assert "public facts only" in body
    screenshot(page, "state-nga-focal-point")
    assert explorer.blocked == []


def test_sign_in_form_loads_charts_and_tables_out_of_sight(
    page, explorer: Explorer
) -> None:
    page.goto(explorer.url)
    wait_idle(page)
    preload = page.locator(".st-key-tagraph_preload")
    chart = preload.locator('[data-testid="stPlotlyChart"]')
    table = preload.locator('[data-testid="stDataFrame"]')
    chart.wait_for(state="attached")
    table.wait_for(state="attached")

    # Drawn, so the browser has their code, but hidden and left of the window.
    for element in (chart, table):
        box = element.bounding_box()
        assert box is not None and box["x"] + box["width"] < 0, box
        assert not element.is_visible()
    form = page.get_by_role("button", name="Sign in").bounding_box()
    assert form is not None and form["x"] > 0, form
    screenshot(page, "sign-in")

    page.get_by_label("Account name").fill("analyst")
    page.get_by_label("Password", exact=True).fill(testing.PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_text("Signed in as").wait_for()
    wait_idle(page)
    assert preload.count() == 0
    assert explorer.blocked == [], explorer.blocked
