"""Who is looking: roles and the States a user may see in full.

The rules are applied where data is read. Every saved query receives
``$access_all`` and ``$access_states`` from :meth:`Viewer.parameters` and keeps
a need only when it is public, or the viewer has full access, or the need's
State is one of the viewer's own::

    WHERE $access_all OR n.confidentiality = 'public'
          OR s.iso3 IN $access_states

================  =============================================================
Role              Sees
================  =============================================================
administrator     everything; loads data and manages users
analyst           all data; records decisions; read-only Cypher console
focal-point       everything about their own States; public facts elsewhere
viewer            public facts only
================  =============================================================
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

Role = Literal["administrator", "analyst", "focal-point", "viewer"]
ROLES: tuple[Role, ...] = ("administrator", "analyst", "focal-point", "viewer")


@dataclass(frozen=True)
class Viewer:
    """A signed-in user as the query layer sees them."""

    name: str
    role: Role
    states: frozenset[str] = field(default_factory=frozenset)
    """ISO3 codes of the States a focal point speaks for."""

    @property
    def all_access(self) -> bool:
        """True for administrators and analysts, who see every need."""
        return self.role in ("administrator", "analyst")

    @property
    def can_decide(self) -> bool:
        """True when the user may accept or decline links to needs."""
        return self.role in ("administrator", "analyst")

    @property
    def can_load(self) -> bool:
        """True when the user may load datasets and manage accounts."""
        return self.role == "administrator"

    def parameters(self) -> dict[str, Any]:
        """The access parameters every saved query receives."""
        return {
            "access_all": self.all_access,
            "access_states": sorted(self.states),
        }


FULL_ACCESS = Viewer("tagraph", "administrator")
"""The command line's viewer: whoever runs it on the server has every right."""
