"""The dataset format: its tables, their columns and what each column holds.

A dataset is a folder of CSV files named after the tables (``needs.csv``), or
one XLSX workbook with the same tables as sheets. ``*`` marks a required column
in the documentation; here it is ``required=True``. Several values in one cell
are separated by ``;``; dates are ``YYYY-MM-DD``; booleans are ``true`` or
``false`` (also ``yes``/``no``, ``1``/``0``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from tagraph.graph import model

Kind = Literal["text", "int", "float", "date", "bool", "enum", "iso3", "m49"]


@dataclass(frozen=True)
class Column:
    """One column of a table."""

    name: str
    kind: Kind = "text"
    required: bool = False
    many: bool = False
    """Several values separated by ``;``."""
    choices: tuple[str, ...] = ()
    """Allowed values of an ``enum`` column."""
    refers_to: str | None = None
    """The table whose key this column names (checked against the dataset and graph)."""
    doc: str = ""


@dataclass(frozen=True)
class Table:
    """One table of the dataset format."""

    name: str
    label: str | None
    """The node label rows become, or None for a table of relationships."""
    key: tuple[str, ...]
    """Columns that identify a row; duplicates are an error."""
    columns: tuple[Column, ...]
    doc: str = ""
    synthetic_allowed: bool = field(default=False)

    def column(self, name: str) -> Column:
        """The column called ``name``."""
        for column in self.columns:
            if column.name == name:
                return column
        raise KeyError(name)

    @property
    def required(self) -> tuple[str, ...]:
        """Names of the required columns."""
        return tuple(c.name for c in self.columns if c.required)


_SOURCE = Column("source", doc="where the row's facts come from")
_SYNTHETIC = Column("synthetic", "bool", doc="true for generated, not assessed, data")

TABLES: tuple[Table, ...] = (
    Table(
        "regions",
        model.REGION,
        ("code",),
        (
            Column("code", "m49", required=True, doc="M49 code, 3 digits"),
            Column("name", required=True),
            Column("level", "enum", required=True, choices=model.REGION_LEVELS),
            Column("parent", "m49", refers_to="regions", doc="enclosing region"),
            _SOURCE,
        ),
        "UN M49 regions, sub-regions and intermediate regions.",
    ),
    Table(
        "states",
        model.STATE,
        ("iso3",),
        (
            Column("iso3", "iso3", required=True),
            Column("name", required=True),
            Column("m49", "m49", required=True, doc="the State's own M49 code"),
            Column(
                "region",
                "m49",
                required=True,
                refers_to="regions",
                doc="the most specific M49 region enclosing the State",
            ),
            _SOURCE,
        ),
        "UN Member States.",
    ),
    Table(
        "themes",
        model.THEME,
        ("code",),
        (
            Column("code", required=True),
            Column("name", required=True),
            Column("parent", refers_to="themes"),
            Column("related", many=True, refers_to="themes"),
            _SOURCE,
        ),
        "Thematic areas of assessment and assistance.",
    ),
    Table(
        "resolutions",
        model.RESOLUTION,
        ("number",),
        (
            Column("number", "int", required=True),
            Column("year", "int", required=True),
            Column("title", required=True),
            Column("themes", many=True, refers_to="themes"),
            _SOURCE,
        ),
        "Security Council resolutions.",
    ),
    Table(
        "good_practices",
        model.GOOD_PRACTICE,
        ("id",),
        (
            Column("id", required=True),
            Column("title", required=True),
            Column("year", "int", required=True),
            Column("symbol", doc="UN document symbol, e.g. S/2015/939"),
            Column("themes", many=True, refers_to="themes"),
            Column("resolutions", "int", many=True, refers_to="resolutions"),
            _SOURCE,
        ),
        "Non-binding guidance such as the Madrid Guiding Principles.",
    ),
    Table(
        "providers",
        model.PROVIDER,
        ("id",),
        (
            Column("id", required=True),
            Column("name", required=True),
            Column("kind", "enum", required=True, choices=model.PROVIDER_KINDS),
            Column("acronym"),
            _SOURCE,
        ),
        "Providers of technical assistance.",
    ),
    Table(
        "programmes",
        model.PROGRAMME,
        ("id",),
        (
            Column("id", required=True),
            Column("title", required=True),
            Column("lead_provider", required=True, refers_to="providers"),
            Column("start", "date", required=True),
            Column("end", "date"),
            Column("status", "enum", required=True, choices=model.PROGRAMME_STATUSES),
            Column("themes", required=True, many=True, refers_to="themes"),
            Column("states", "iso3", many=True, refers_to="states"),
            Column("regions", "m49", many=True, refers_to="regions"),
            Column("scope", "enum", required=True, choices=model.PROGRAMME_SCOPES),
            Column("budget_usd", "float"),
            Column("modality"),
            Column("resolutions", "int", many=True, refers_to="resolutions"),
            Column("description"),
            Column("capacity", "int", doc="how many needs it can take on at once"),
            _SOURCE,
        ),
        "Technical-assistance programmes.",
    ),
    Table(
        "programme_partners",
        None,
        ("programme", "provider", "role"),
        (
            Column("programme", required=True, refers_to="programmes"),
            Column("provider", required=True, refers_to="providers"),
            Column("role", "enum", required=True, choices=model.PARTNER_ROLES),
            _SOURCE,
        ),
        "Providers' IATI roles on programmes.",
    ),
    Table(
        "assessments",
        model.ASSESSMENT,
        ("id",),
        (
            Column("id", required=True),
            Column("state", "iso3", required=True, refers_to="states"),
            Column("kind", "enum", required=True, choices=model.ASSESSMENT_KINDS),
            Column("date", "date", required=True),
            _SYNTHETIC,
            _SOURCE,
        ),
        "Assessment visits, follow-up visits, deep dives and desk reviews.",
    ),
    Table(
        "needs",
        model.NEED,
        ("id",),
        (
            Column("id", required=True),
            Column("state", "iso3", required=True, refers_to="states"),
            Column("title", required=True),
            Column("themes", required=True, many=True, refers_to="themes"),
            Column("priority", "enum", required=True, choices=model.PRIORITIES),
            Column("identified", "date", required=True),
            Column("status", "enum", required=True, choices=model.NEED_STATUSES),
            Column("assessment", refers_to="assessments"),
            Column("resolutions", "int", many=True, refers_to="resolutions"),
            Column("description"),
            Column("human_rights", "bool"),
            Column("gender", "bool"),
            Column("confidentiality", "enum", choices=model.CONFIDENTIALITY),
            _SYNTHETIC,
            _SOURCE,
        ),
        "Technical-assistance needs of States.",
    ),
    Table(
        "links",
        None,
        ("need", "programme"),
        (
            Column("need", required=True, refers_to="needs"),
            Column("programme", required=True, refers_to="programmes"),
            Column("status", "enum", required=True, choices=model.LINK_STATUSES),
            Column("decided_on", "date"),
            Column("note"),
            Column("decided_by"),
            _SYNTHETIC,
            _SOURCE,
        ),
        "Programmes linked to the needs they address (the facilitation act).",
    ),
    Table(
        "roadmap_templates",
        model.ROADMAP_TEMPLATE,
        ("id",),
        (
            Column("id", required=True),
            Column("title", required=True),
            Column("description"),
            _SOURCE,
        ),
        "Implementation roadmaps, such as the national API/PNR roadmap.",
    ),
    Table(
        "roadmap_steps",
        model.ROADMAP_STEP,
        ("id",),
        (
            Column("id", required=True),
            Column("template", required=True, refers_to="roadmap_templates"),
            Column("order", "int", required=True, doc="1 for the first step"),
            Column("title", required=True),
            Column("description"),
            Column("themes", required=True, many=True, refers_to="themes"),
            Column("resolutions", "int", many=True, refers_to="resolutions"),
            Column("good_practices", many=True, refers_to="good_practices"),
            Column(
                "standards",
                many=True,
                doc="standards the step rests on, e.g. ICAO Annex 9, Standard 9.22",
            ),
            _SOURCE,
        ),
        "The ordered steps of a roadmap template.",
    ),
    Table(
        "roadmaps",
        model.ROADMAP,
        ("id",),
        (
            Column("id", required=True),
            Column("state", "iso3", required=True, refers_to="states"),
            Column("template", required=True, refers_to="roadmap_templates"),
            Column("date", "date", required=True),
            Column(
                "assessment",
                refers_to="assessments",
                doc="the assessment (usually a deep dive) it came from",
            ),
            _SYNTHETIC,
            _SOURCE,
        ),
        "A State's roadmap, following a template.",
    ),
    Table(
        "roadmap_step_statuses",
        model.STEP_STATUS,
        ("id",),
        (
            Column("id", required=True),
            Column("roadmap", required=True, refers_to="roadmaps"),
            Column("step", required=True, refers_to="roadmap_steps"),
            Column("status", "enum", required=True, choices=model.STEP_STATUSES),
            Column("recommendation", doc="what the State should do, tailored"),
            Column(
                "needs",
                many=True,
                refers_to="needs",
                doc="needs of the roadmap's State behind the step",
            ),
            _SYNTHETIC,
            _SOURCE,
        ),
        "Where a State stands on each step of its roadmap.",
    ),
)
"""Every table, in the order a load writes them."""

TABLE_BY_NAME = {table.name: table for table in TABLES}
