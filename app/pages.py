"""The explorer's pages: their files, titles, who sees them and what they show.

The entry script builds Streamlit's navigation from :data:`PAGES`, offering a
signed-in user only the pages their role may open; each page checks the role
again itself, so a page left out of the menu cannot be reached by its URL.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from tagraph.access import Viewer

VIEWS = Path(__file__).parent / "explorer" / "views"
"""The folder of page scripts."""


@dataclass(frozen=True)
class PageSpec:
    """One page of the explorer."""

    file: str
    title: str
    icon: str
    section: str
    doc: str
    needs: str = "any"
    """``any``; ``all-access``: analysts, administrators; ``load``: administrators."""

    @property
    def path(self) -> Path:
        """The page script."""
        return VIEWS / self.file

    def allowed(self, viewer: Viewer) -> bool:
        """True when ``viewer`` may open this page."""
        if self.needs == "all-access":
            return viewer.all_access
        if self.needs == "load":
            return viewer.can_load
        return True


PAGES: tuple[PageSpec, ...] = (
    PageSpec(
        "overview.py",
        "Overview",
        ":material/dashboard:",
        "Explore",
        "Key figures, needs by theme and region, trend by year, coverage.",
    ),
    PageSpec(
        "map.py",
        "Map",
        ":material/public:",
        "Explore",
        "World map of open needs or coverage per State; a State opens its page.",
    ),
    PageSpec(
        "state.py",
        "State",
        ":material/flag:",
        "Explore",
        "A State's needs, programmes, gaps, candidates, overlaps and synergies.",
    ),
    PageSpec(
        "programmes.py",
        "Programmes and providers",
        ":material/handshake:",
        "Explore",
        "Catalogue of programmes and providers and the profile of each.",
    ),
    PageSpec(
        "gaps.py",
        "Gaps",
        ":material/report:",
        "Analyses",
        "Open needs that no programme addresses, and why each is flagged.",
    ),
    PageSpec(
        "overlaps.py",
        "Overlaps",
        ":material/stacks:",
        "Analyses",
        "Programmes doing the same work in the same place at the same time.",
    ),
    PageSpec(
        "synergies.py",
        "Synergies",
        ":material/join_inner:",
        "Analyses",
        "Programmes and providers that could work together.",
    ),
    PageSpec(
        "matching.py",
        "Matching",
        ":material/compare_arrows:",
        "Analyses",
        "Ranked candidate programmes for a need; analysts accept or decline.",
    ),
    PageSpec(
        "explorer.py",
        "Graph explorer",
        ":material/hub:",
        "Tools",
        "Search any node, expand its neighbours and open its details.",
    ),
    PageSpec(
        "queries.py",
        "Saved queries",
        ":material/manage_search:",
        "Tools",
        "Every saved query with a form for its parameters.",
    ),
    PageSpec(
        "console.py",
        "Cypher console",
        ":material/terminal:",
        "Tools",
        "Read-only Cypher with a timeout and a row limit.",
        needs="all-access",
    ),
    PageSpec(
        "data.py",
        "Data",
        ":material/upload_file:",
        "Administration",
        "Validate and load a dataset; the history of loads.",
        needs="load",
    ),
)
"""Every page, in menu order."""


def pages_for(viewer: Viewer) -> list[PageSpec]:
    """The pages ``viewer`` may open."""
    return [page for page in PAGES if page.allowed(viewer)]


def page(file: str) -> PageSpec:
    """The page whose script is ``file``."""
    for spec in PAGES:
        if spec.file == file:
            return spec
    raise KeyError(file)
