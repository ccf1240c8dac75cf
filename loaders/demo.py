"""A synthetic, seeded demo dataset built on the real reference data.

:func:`write_demo` writes ``assessments.csv``, ``needs.csv`` and ``links.csv``
(plus a few clearly synthetic providers and national or regional programmes,
ids prefixed ``SYN-``), and the API/PNR roadmaps of the States it sends on a
deep dive (``roadmaps.csv``, ``roadmap_step_statuses.csv``, made by
:mod:`tagraph.loaders.demo_roadmaps`) in the dataset format of
:mod:`tagraph.loaders.tables`.
It draws States, themes, resolutions and programmes from the reference CSVs,
so every reference in the demo names a real row.

Nothing here is an assessed fact: every row has ``synthetic`` set to true (where
the table has the column) and a ``source`` beginning ``synthetic:``. The same
seed and scale give byte-identical files.

The shape of the data follows public facts only loosely: more needs in the
regions CTED has called most affected by the foreign terrorist fighter threat
(Middle East, Maghreb, Sahel and West Africa, East Africa, Central Asia, South
and South-East Asia) and fewer in Northern America, Western Europe and
Australia and New Zealand; needs on new technologies only from 2019; deep-dive
assessments (for API/PNR) only after CT Travel began in May 2019.
"""

from __future__ import annotations

import csv
import io
import logging
import math
import random
from bisect import bisect
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from itertools import accumulate
from operator import itemgetter
from pathlib import Path

from tagraph.errors import TagraphError
from tagraph.loaders.demo_roadmaps import Step, roadmaps, template_steps
from tagraph.loaders.reference import REFERENCE_DIR
from tagraph.loaders.tables import TABLE_BY_NAME

log = logging.getLogger("tagraph.loaders")

DEFAULT_SEED = 20160101
NEEDS_PER_SCALE = 3000
"""About how many needs one unit of ``scale`` gives."""

MAX_SCALE = 66
"""The largest scale: about 200,000 needs."""

FIRST_DAY = date(2016, 1, 1)
"""No need is identified before this day."""

AS_OF = date(2026, 10, 31)
"""The demo's "today": needs, assessments and decisions fall on or before it."""

NEW_TECH_FROM = date(2019, 1, 1)
DEEP_DIVES_FROM = date(2019, 5, 7)
"""CT Travel was launched on 7 May 2019; its deep-dive missions come after."""

NEW_TECH_THEMES = frozenset({"NEWTECH", "NEWTECH-UAS"})

REGION_WEIGHTS: dict[str, float] = {
    "145": 3.0,  # Western Asia (Middle East)
    "015": 3.2,  # Northern Africa (Maghreb)
    "011": 2.8,  # Western Africa (Sahel)
    "014": 2.5,  # Eastern Africa (Horn of Africa)
    "143": 2.6,  # Central Asia
    "034": 2.3,  # Southern Asia
    "035": 2.0,  # South-eastern Asia
    "017": 1.7,  # Middle Africa
    "018": 1.2,  # Southern Africa
    "013": 1.0,  # Central America
    "005": 1.0,  # South America
    "029": 0.9,  # Caribbean
    "151": 1.0,  # Eastern Europe
    "039": 1.0,  # Southern Europe
    "030": 0.8,  # Eastern Asia
    "054": 0.6,  # Melanesia
    "057": 0.6,  # Micronesia
    "061": 0.6,  # Polynesia
    "154": 0.5,  # Northern Europe
    "155": 0.45,  # Western Europe
    "021": 0.35,  # Northern America
    "053": 0.35,  # Australia and New Zealand
}
"""Relative number of needs per State, by the State's M49 region.

The first seven are the regions of the CTC's 2016 briefings for the States
most affected by the foreign terrorist fighter threat (DOMAIN.md section 7c).
"""

MOST_AFFECTED = frozenset({"145", "015", "011", "014", "143", "034", "035"})

THEME_WEIGHTS: dict[str, float] = {
    "BSM": 11,
    "BSM-APIPNR": 5,
    "BSM-WATCHLIST": 2,
    "BSM-BIOMETRICS": 1.5,
    "BSM-DOCSEC": 1.5,
    "LEG": 12,
    "CFT": 9,
    "CFT-FIU": 3,
    "CJ": 10,
    "LE": 10,
    "INTCOOP": 6,
    "STRAT": 5,
    "FTF": 5,
    "PCVE": 5,
    "PRR": 4,
    "ICT": 4,
    "CIP": 3,
    "TOC": 3,
    "HR": 2,
    "GEN": 1.5,
    "VIC": 1.5,
    "WPN": 1.2,
    "NEWTECH": 1,
    "NEWTECH-UAS": 0.6,
}
"""Relative frequency of each theme as a need's main theme."""

RESOLUTION_ANCHORS: dict[str, tuple[int, ...]] = {
    "STRAT": (1373, 2129, 2395),
    "LEG": (1373, 2178, 2396),
    "CFT": (1373, 2253, 2462),
    "CFT-FIU": (2462, 2482),
    "LE": (1373, 2322),
    "BSM": (1373, 2178, 2396, 2482),
    "BSM-APIPNR": (2178, 2396, 2482, 2617),
    "BSM-WATCHLIST": (2322, 2396, 2617),
    "BSM-BIOMETRICS": (2396, 2617),
    "BSM-DOCSEC": (1373, 2178),
    "CJ": (1373, 2322, 2396),
    "INTCOOP": (1373, 2322),
    "ICT": (2322, 2396),
    "PCVE": (1624, 2178, 2354),
    "FTF": (2178, 2396),
    "PRR": (2178, 2396),
    "CIP": (2341, 2396),
    "WPN": (2370,),
    "NEWTECH": (2617,),
    "NEWTECH-UAS": (2617,),
    "TOC": (2331, 2388, 2482),
    "HR": (1456, 1624, 2178),
    "GEN": (2242, 2395),
    "VIC": (),
}
"""The resolutions a need on each theme may cite (DOMAIN.md section 2d)."""

TITLES: dict[str, tuple[str, ...]] = {
    "STRAT": (
        "Develop a national counter-terrorism strategy",
        "Set up an inter-agency counter-terrorism coordination body",
        "Update the national action plan against terrorism",
        "Monitor and evaluate the national counter-terrorism strategy",
    ),
    "LEG": (
        "Criminalise travel, recruitment and financing of foreign terrorist fighters",
        "Ratify the outstanding international counter-terrorism instruments",
        "Define terrorist offences precisely and in line with international law",
        "Criminalise incitement to commit terrorist acts",
        "Review the counter-terrorism law for compliance with human rights",
    ),
    "CFT": (
        "Conduct a national terrorist-financing risk assessment",
        "Freeze terrorist assets without delay",
        "Register and supervise money or value transfer services",
        "Apply risk-based oversight to non-profit organisations",
        "Control cross-border movements of cash",
    ),
    "CFT-FIU": (
        "Strengthen the analytical capacity of the Financial Intelligence Unit",
        "Set up a public-private partnership on financial intelligence",
        "Train financial intelligence analysts on virtual assets",
    ),
    "LE": (
        "Create a specialised counter-terrorism investigation unit",
        "Train investigators in special investigative techniques",
        "Set up a joint intelligence fusion centre",
        "Improve crime-scene management after terrorist attacks",
    ),
    "BSM": (
        "Extend access to INTERPOL databases to all border crossing points",
        "Train frontline border officers to detect fraudulent documents",
        "Introduce risk analysis at land border crossings",
        "Strengthen coordinated border management among border agencies",
        "Improve surveillance of maritime borders",
    ),
    "BSM-APIPNR": (
        "Establish a Passenger Information Unit for API/PNR",
        "Adopt a legal basis for collecting API and PNR data",
        "Connect air carriers to the national API/PNR system",
        "Deploy a passenger data system for API/PNR analysis",
        "Develop PNR targeting rules with human rights safeguards",
        "Introduce interactive API for board/no-board decisions",
    ),
    "BSM-WATCHLIST": (
        "Build a national watchlist of known and suspected terrorists",
        "Screen travellers against INTERPOL notices and databases",
        "Agree procedures for sharing watchlist data with partner States",
    ),
    "BSM-BIOMETRICS": (
        "Introduce biometric capture at the main border crossing points",
        "Adopt safeguards for the responsible use of biometrics",
        "Share biometric data on foreign terrorist fighters through INTERPOL",
    ),
    "BSM-DOCSEC": (
        "Issue ICAO-compliant machine-readable travel documents",
        "Join the ICAO Public Key Directory",
        "Strengthen evidence-of-identity checks for passport issuance",
    ),
    "CJ": (
        "Train prosecutors and judges to handle terrorism cases",
        "Set up a specialised counter-terrorism prosecution unit",
        "Make evidence collected in conflict zones usable in court",
        "Reduce pre-trial detention in terrorism cases",
    ),
    "INTCOOP": (
        "Designate a central authority for mutual legal assistance",
        "Conclude extradition agreements with neighbouring States",
        "Join a regional network of counter-terrorism prosecutors",
        "Enable cross-border requests for electronic evidence",
        "Use joint investigation teams in terrorism cases",
    ),
    "ICT": (
        "Build digital forensics capacity",
        "Train investigators in open-source intelligence",
        "Agree cooperation with service providers on terrorist content online",
        "Adopt rules on preserving electronic evidence",
    ),
    "PCVE": (
        "Develop a national plan of action to prevent violent extremism",
        "Support community-led counter-narrative campaigns",
        "Engage youth and religious leaders in prevention",
        "Counter online incitement to terrorism",
    ),
    "FTF": (
        "Assess the risk posed by returning foreign terrorist fighters",
        "Set procedures for handling returnees and their families",
        "Share information on foreign terrorist fighters with partners",
        "Monitor the travel of suspected foreign terrorist fighters",
    ),
    "PRR": (
        "Develop rehabilitation and reintegration programmes for returnees",
        "Manage violent extremist prisoners",
        "Support children associated with terrorist groups",
        "Introduce risk assessment tools for terrorism convicts",
    ),
    "CIP": (
        "Identify critical infrastructure and assess its vulnerability",
        "Set up public-private partnerships to protect soft targets",
        "Protect tourist sites and places of worship",
        "Exercise the response to an attack on critical infrastructure",
    ),
    "WPN": (
        "Mark and trace small arms and light weapons",
        "Secure national arms and ammunition stockpiles",
        "Counter the use of improvised explosive devices",
    ),
    "NEWTECH": (
        "Assess terrorist misuse of new technologies",
        "Regulate virtual asset service providers against terrorist financing",
        "Set policy on artificial intelligence in counter-terrorism",
    ),
    "NEWTECH-UAS": (
        "Detect and counter hostile unmanned aircraft systems",
        "Include unmanned aircraft threats in the national strategy",
        "Register and regulate unmanned aircraft",
    ),
    "TOC": (
        "Investigate links between terrorism and organised crime",
        "Identify victims of trafficking among persons linked to terrorist groups",
        "Counter trafficking in cultural property that finances terrorism",
    ),
    "HR": (
        "Establish independent oversight of counter-terrorism measures",
        "Train law enforcement in human rights while countering terrorism",
        "Protect civic space in counter-terrorism legislation",
    ),
    "GEN": (
        "Integrate a gender perspective into the counter-terrorism strategy",
        "Increase the participation of women in counter-terrorism agencies",
        "Support women's organisations working on prevention",
    ),
    "VIC": (
        "Set up assistance and compensation for victims of terrorism",
        "Adopt a legal framework on the rights of victims of terrorism",
        "Train first responders to support victims of terrorism",
    ),
}
"""Need titles by theme, in plain English."""

FINDINGS = (
    "the assessment found gaps in {area}",
    "implementation of the relevant resolutions in {area} was partial",
    "measures on {area} exist but capacity and resources are limited",
    "the authorities asked for assistance on {area}",
    "agencies reported that {area} lacks trained staff and procedures",
)

KIND_WORDS = {
    "assessment-visit": "assessment visit",
    "follow-up-visit": "follow-up visit",
    "deep-dive": "deep-dive mission",
    "desk-review": "desk review",
}

LINK_NOTES = {
    "proposed": "Proposed to the provider after the assessment",
    "agreed": "Provider agreed to take the need into its workplan",
    "delivering": "Assistance under way",
    "completed": "Assistance delivered",
    "declined": "Provider declined: outside its current funding or mandate",
}

LINK_CHANCE = {"met": 0.8, "in-progress": 0.7, "open": 0.16, "withdrawn": 0.2}
"""Chance that a need of each status has a programme linked to it."""

SECOND_LINK_CHANCE = 0.12

SYNTHETIC_PROVIDERS = (
    ("SYN-DONOR-A", "Synthetic bilateral donor A", "bilateral-donor"),
    ("SYN-DONOR-B", "Synthetic bilateral donor B", "bilateral-donor"),
    ("SYN-DONOR-C", "Synthetic bilateral donor C", "bilateral-donor"),
    ("SYN-AGENCY", "Synthetic regional agency", "regional-organization"),
    ("SYN-NGO", "Synthetic civil-society implementer", "civil-society"),
)

SYNTHETIC_THEMES = (
    ("BSM", "BSM-APIPNR"),
    ("LEG", "CJ"),
    ("CFT", "CFT-FIU"),
    ("LE", "INTCOOP"),
    ("PCVE", "PRR"),
    ("STRAT", "LEG"),
    ("CJ", "PRR"),
    ("BSM", "BSM-WATCHLIST"),
)


class ScaleOutOfRange(TagraphError, ValueError):
    """The demo was asked for a scale below 1 or above :data:`MAX_SCALE`."""


@dataclass
class _Programme:
    """What the generator needs to know of a programme."""

    id: str
    themes: frozenset[str]
    states: frozenset[str]
    regions: frozenset[str]
    scope: str
    status: str
    start: int
    end: int | None
    """Day ordinals; no end: still running."""


@dataclass
class _Reference:
    """The reference rows the demo draws from."""

    states: list[dict[str, str]]
    chain: dict[str, tuple[str, ...]]
    """Region code to itself and every region above it."""
    region_names: dict[str, str]
    themes: dict[str, dict[str, str]]
    resolution_years: dict[int, int]
    programmes: list[_Programme] = field(default_factory=list)
    steps: list[Step] = field(default_factory=list)
    """The steps of the API/PNR roadmap template, in order."""


def write_demo(
    folder: Path, *, scale: int = 1, seed: int = DEFAULT_SEED
) -> dict[str, int]:
    """Write the synthetic demo dataset into ``folder``.

    Parameters
    ----------
    folder
        Where to write the CSV files; created if missing. Files of the same
        names are replaced.
    scale
        Multiplies the number of needs (about 3,000 at 1), assessments and
        links; from 1 to :data:`MAX_SCALE` (about 200,000 needs).
    seed
        Seed of the random generator; the same seed and scale give
        byte-identical files.

    Returns
    -------
    dict
        Rows written per table: ``providers``, ``programmes``,
        ``programme_partners``, ``assessments``, ``needs``, ``links``,
        ``roadmaps`` and ``roadmap_step_statuses``.

    Raises
    ------
    ScaleOutOfRange
        When ``scale`` is not a whole number from 1 to :data:`MAX_SCALE`.

    Examples
    --------
    >>> counts = write_demo(tmp_path, scale=1)  # doctest: +SKIP
    >>> counts["needs"]  # doctest: +SKIP
    3001
    """
    if not isinstance(scale, int) or not 1 <= scale <= MAX_SCALE:
        raise ScaleOutOfRange(
            f"the demo scale must be a whole number from 1 to {MAX_SCALE} "
            f"(about {NEEDS_PER_SCALE:,} needs each), not {scale!r}"
        )

    reference = _read_reference(REFERENCE_DIR)
    rng = random.Random(seed)
    source = f"synthetic: tagraph demo, seed {seed}, scale {scale}"

    providers, programmes, partners = _synthetic_programmes(
        rng, reference, scale, source
    )
    assessments, needs = _assessments_and_needs(rng, reference, scale, source)
    links = _links(rng, reference, needs, source)
    names = {state["iso3"]: state["name"] for state in reference.states}
    plans, statuses = roadmaps(
        rng, reference.steps, assessments, needs, names, AS_OF, source
    )

    folder.mkdir(parents=True, exist_ok=True)
    tables = {
        "providers": providers,
        "programmes": programmes,
        "programme_partners": partners,
        "assessments": assessments,
        "needs": needs,
        "links": links,
        "roadmaps": plans,
        "roadmap_step_statuses": statuses,
    }
    for name, rows in tables.items():
        _write_table(folder, name, rows)

    counts = {name: len(rows) for name, rows in tables.items()}
    log.info("wrote the synthetic demo (seed %s, scale %s): %s", seed, scale, counts)
    return counts


# Reading the reference ---------------------------------------------------------


def _read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _split(value: str) -> list[str]:
    return [part.strip() for part in value.split(";") if part.strip()]


def _day(value: str) -> int | None:
    return date.fromisoformat(value).toordinal() if value else None


def _read_reference(folder: Path) -> _Reference:
    """States, region chains, themes, resolutions and programmes of ``folder``."""
    regions = _read_csv(folder / "regions.csv")
    parent = {row["code"]: row["parent"] for row in regions}
    chain = {}
    for code in parent:
        path = [code]
        while parent[path[-1]]:
            path.append(parent[path[-1]])
        chain[code] = tuple(path)

    reference = _Reference(
        states=_read_csv(folder / "states.csv"),
        chain=chain,
        region_names={row["code"]: row["name"] for row in regions},
        themes={row["code"]: row for row in _read_csv(folder / "themes.csv")},
        resolution_years={
            int(row["number"]): int(row["year"])
            for row in _read_csv(folder / "resolutions.csv")
        },
    )
    for row in _read_csv(folder / "programmes.csv"):
        reference.programmes.append(_programme(row))
    reference.steps = template_steps(_read_csv(folder / "roadmap_steps.csv"))
    return reference


def _programme(row: dict[str, str]) -> _Programme:
    return _Programme(
        id=row["id"],
        themes=frozenset(_split(row["themes"])),
        states=frozenset(_split(row["states"])),
        regions=frozenset(_split(row["regions"])),
        scope=row["scope"],
        status=row["status"],
        start=_day(row["start"]) or 0,
        end=_day(row["end"]),
    )


# Synthetic programmes ----------------------------------------------------------


def _synthetic_programmes(
    rng: random.Random, reference: _Reference, scale: int, source: str
) -> tuple[list[dict], list[dict], list[dict]]:
    """A few national and regional programmes of synthetic providers.

    They are added to ``reference.programmes`` so that needs can link to them.
    """
    providers = [
        {"id": pid, "name": name, "kind": kind, "acronym": "", "source": source}
        for pid, name, kind in SYNTHETIC_PROVIDERS
    ]
    donors = [pid for pid, _, kind in SYNTHETIC_PROVIDERS if kind == "bilateral-donor"]
    affected = [
        state
        for state in reference.states
        if state["region"] in MOST_AFFECTED or rng.random() < 0.15
    ]
    regions = sorted(MOST_AFFECTED)

    programmes, partners = [], []
    for number in range(1, 17):
        themes = SYNTHETIC_THEMES[(number - 1) % len(SYNTHETIC_THEMES)]
        national = number <= 11
        if national:
            state = rng.choice(affected)
            where = state["name"]
            states, region_codes = state["iso3"], ""
        else:
            code = rng.choice(regions)
            where = reference.region_names[code]
            states, region_codes = "", code

        start = date(2016, 1, 1) + timedelta(days=rng.randrange(8 * 365))
        if number in (5, 13):
            start = date(2027, 1, 1)
        end = start + timedelta(days=365 * rng.randint(3, 5))
        status = "pipeline" if start > AS_OF else "active"
        if end < AS_OF:
            status = "completed"
        area = _area(reference.themes[themes[0]]["name"])
        pid = f"SYN-{number:03d}"
        lead = donors[number % len(donors)]
        programmes.append(
            {
                "id": pid,
                "title": f"Synthetic: support to {where} on {area}",
                "lead_provider": lead,
                "start": start.isoformat(),
                "end": end.isoformat(),
                "status": status,
                "themes": ";".join(themes),
                "states": states,
                "regions": region_codes,
                "scope": "national" if national else "regional",
                "budget_usd": "",
                "modality": "synthetic: training and mentoring",
                "resolutions": "",
                "description": "A synthetic programme of the tagraph demo; not real.",
                "capacity": str(rng.randint(4, 12) * scale),
                "source": source,
            }
        )
        partners.append(
            {
                "programme": pid,
                "provider": "SYN-NGO",
                "role": "implementing",
                "source": source,
            }
        )
        if not national:
            partners.append(
                {
                    "programme": pid,
                    "provider": "SYN-AGENCY",
                    "role": "extending",
                    "source": source,
                }
            )
        reference.programmes.append(_programme(programmes[-1]))
    return providers, programmes, partners


# Assessments and needs ------------------------------------------------------------


class _Picker:
    """Weighted choice among fixed items, fast when called many times."""

    def __init__(self, weights: dict[str, float]) -> None:
        self.items = list(weights)
        self.cumulative = list(accumulate(weights.values()))
        self.total = self.cumulative[-1]

    def pick(self, rng: random.Random) -> str:
        return self.items[bisect(self.cumulative, rng.random() * self.total)]


_PRIORITY = {
    True: _Picker({"high": 0.34, "medium": 0.45, "low": 0.21}),
    False: _Picker({"high": 0.25, "medium": 0.45, "low": 0.30}),
}
"""Need priority, for States in the most affected regions or not."""

_CONFIDENTIALITY = _Picker({"public": 0.7, "restricted": 0.2, "confidential": 0.1})
_EXTRA_THEMES = _Picker({"0": 0.5, "1": 0.35, "2": 0.15})
_DEEP_DIVE_THEMES = _Picker(
    {"BSM-APIPNR": 0.6, "BSM-WATCHLIST": 0.15, "BSM-BIOMETRICS": 0.1, "BSM": 0.15}
)


def _needs_per_state(rng: random.Random, reference: _Reference) -> dict[str, int]:
    """How many needs each State gets at scale 1 (at least three)."""
    weights = {
        state["iso3"]: REGION_WEIGHTS.get(state["region"], 1.0)
        * rng.uniform(0.75, 1.25)
        for state in reference.states
    }
    total = sum(weights.values())
    return {
        iso3: max(3, round(NEEDS_PER_SCALE * weight / total))
        for iso3, weight in weights.items()
    }


def _assessments_and_needs(
    rng: random.Random, reference: _Reference, scale: int, source: str
) -> tuple[list[dict], list[dict]]:
    """Assessments of every State, and the needs each one identified."""
    counts = _needs_per_state(rng, reference)
    maker = _NeedMaker(rng, reference)
    first, last = date(2015, 10, 1).toordinal(), AS_OF.toordinal() - 7
    first_need, as_of = FIRST_DAY.toordinal(), AS_OF.toordinal()

    assessments, needs = [], []
    for state in reference.states:
        iso3 = state["iso3"]
        total = counts[iso3] * scale
        visits = sorted(
            rng.randint(first, last) for _ in range(max(1, math.ceil(total / 6)))
        )
        kinds = [_assessment_kind(rng, day, index) for index, day in enumerate(visits)]
        ids = [f"ASM-{iso3}-{index:05d}" for index in range(1, len(visits) + 1)]
        for day, kind, asm_id in zip(visits, kinds, ids, strict=True):
            assessments.append(
                {
                    "id": asm_id,
                    "state": iso3,
                    "kind": kind,
                    "date": maker.iso(day),
                    "synthetic": "true",
                    "source": source,
                }
            )

        drafts = []
        for _ in range(total):
            index = rng.randrange(len(visits))
            identified = visits[index] + rng.randint(7, 120)
            drafts.append((min(max(identified, first_need), as_of), index))
        drafts.sort()

        for number, (identified, index) in enumerate(drafts, start=1):
            need = maker.need(state, identified, kinds[index], visits[index])
            need["id"] = f"NEED-{iso3}-{number:06d}"
            need["assessment"] = ids[index]
            need["source"] = source
            needs.append(need)
    return assessments, needs


def _assessment_kind(rng: random.Random, day: int, index: int) -> str:
    """The first assessment of a State is a visit; deep dives only after CT Travel."""
    if index == 0:
        return "assessment-visit"
    when = date.fromordinal(day)
    if date(2020, 3, 15) <= when <= date(2021, 6, 30):
        weights = (0.15, 0.1, 0.6, 0.15)
    elif when >= DEEP_DIVES_FROM:
        weights = (0.3, 0.25, 0.3, 0.15)
    else:
        weights = (0.4, 0.3, 0.3, 0.0)
    kinds = ("assessment-visit", "follow-up-visit", "desk-review", "deep-dive")
    return rng.choices(kinds, weights=weights)[0]


def _theme_neighbours(reference: _Reference) -> dict[str, tuple[str, ...]]:
    """Each theme's parent, children and related themes."""
    found: dict[str, set[str]] = {code: set() for code in reference.themes}
    for code, row in reference.themes.items():
        others = _split(row["related"]) + ([row["parent"]] if row["parent"] else [])
        for other in others:
            if other in found:
                found[code].add(other)
                found[other].add(code)
    return {code: tuple(sorted(others)) for code, others in found.items()}


def _area(theme_name: str) -> str:
    """A theme name as words for a sentence: "Gender (cross-cutting)" -> "gender"."""
    words = theme_name.replace(" (cross-cutting)", "")
    for mark in (":", ",", ";"):
        words = words.split(mark)[0]
    if len(words) > 1 and not words[1].isupper():
        words = words[0].lower() + words[1:]
    return words


class _NeedMaker:
    """Builds needs from the reference themes and resolutions, with one generator."""

    SENSITIVE = frozenset(
        {"BSM-APIPNR", "BSM-BIOMETRICS", "BSM-WATCHLIST", "PRR", "CJ"}
    )
    GENDERED = frozenset({"PCVE", "PRR", "VIC", "FTF"})

    def __init__(self, rng: random.Random, reference: _Reference) -> None:
        self.rng = rng
        self.reference = reference
        self.picker = _Picker(
            {
                code: weight
                for code, weight in THEME_WEIGHTS.items()
                if code in reference.themes
            }
        )
        self.neighbours = _theme_neighbours(reference)
        self.anchors = {
            code: tuple(n for n in numbers if n in reference.resolution_years)
            for code, numbers in RESOLUTION_ANCHORS.items()
        }
        self.areas = {
            code: _area(row["name"]) for code, row in reference.themes.items()
        }
        self.iso = _IsoDates()
        self.months = _IsoDates("%B %Y")
        self.years = _Years()
        self.citable: dict[tuple[tuple[str, ...], int], list[int]] = {}

    def need(
        self, state: dict[str, str], identified: int, kind: str, visited: int
    ) -> dict[str, str]:
        """A need of ``state`` found by a ``kind`` of assessment on day ``visited``."""
        rng = self.rng
        themes = self._themes(identified, kind)
        title = rng.choice(TITLES.get(themes[0], ("Strengthen capacity",)))
        finding = rng.choice(FINDINGS).format(area=self.areas[themes[0]])
        month = self.months(visited)
        affected = state["region"] in MOST_AFFECTED
        human_rights = "HR" in themes or rng.random() < (
            0.3 if self.SENSITIVE.intersection(themes) else 0.1
        )
        gender = "GEN" in themes or rng.random() < (
            0.2 if self.GENDERED.intersection(themes) else 0.05
        )

        return {
            "id": "",
            "state": state["iso3"],
            "title": title,
            "themes": ";".join(themes),
            "priority": _PRIORITY[affected].pick(rng),
            "identified": self.iso(identified),
            "status": _need_status(rng, identified),
            "assessment": "",
            "resolutions": ";".join(map(str, self._resolutions(themes, identified))),
            "description": (
                f"After the {KIND_WORDS[kind]} of {month}, {finding}. "
                f"Recommended action: {title[0].lower()}{title[1:]}."
            ),
            "human_rights": "true" if human_rights else "false",
            "gender": "true" if gender else "false",
            "confidentiality": _CONFIDENTIALITY.pick(rng),
            "synthetic": "true",
            "source": "",
        }

    def _themes(self, identified: int, kind: str) -> list[str]:
        """One to three themes: a main one, then mostly its neighbours."""
        rng = self.rng
        new_tech = identified >= NEW_TECH_FROM.toordinal()
        themes = [self._main_theme(kind, new_tech)]
        for _ in range(int(_EXTRA_THEMES.pick(rng))):
            pool = [c for c in self.neighbours.get(themes[0], ()) if c not in themes]
            if pool and rng.random() < 0.7:
                theme = rng.choice(pool)
            else:
                theme = self.picker.pick(rng)
            if theme not in themes and (new_tech or theme not in NEW_TECH_THEMES):
                themes.append(theme)
        return themes

    def _main_theme(self, kind: str, new_tech: bool) -> str:
        if kind == "deep-dive":
            return _DEEP_DIVE_THEMES.pick(self.rng)
        while True:
            theme = self.picker.pick(self.rng)
            if new_tech or theme not in NEW_TECH_THEMES:
                return theme

    def _resolutions(self, themes: list[str], identified: int) -> list[int]:
        """One or two resolutions anchoring the themes, adopted by then."""
        key = (tuple(themes), self.years(identified))
        cited = self.citable.get(key)
        if cited is None:
            cited = self.citable[key] = sorted(
                {
                    number
                    for theme in themes
                    for number in self.anchors.get(theme, ())
                    if self.reference.resolution_years[number] <= key[1]
                }
            )
        if len(cited) > 2:
            return sorted(self.rng.sample(cited, self.rng.choice((1, 2))))
        return cited


def _need_status(rng: random.Random, identified: int) -> str:
    """Older needs are more often met or in progress."""
    age = (AS_OF.toordinal() - identified) / 365.25
    chance = rng.random()
    for status, share in (
        ("met", min(0.65, 0.08 * age)),
        ("withdrawn", min(0.1, 0.02 + 0.01 * age)),
        ("in-progress", 0.1 if age < 1 else (0.28 if age < 6 else 0.18)),
    ):
        if chance < share:
            return status
        chance -= share
    return "open"


class _IsoDates:
    """Day ordinal to text (``YYYY-MM-DD`` unless told), remembered."""

    def __init__(self, pattern: str = "%Y-%m-%d") -> None:
        self.pattern = pattern
        self.known: dict[int, str] = {}

    def __call__(self, day: int) -> str:
        text = self.known.get(day)
        if text is None:
            text = self.known[day] = date.fromordinal(day).strftime(self.pattern)
        return text


class _Years(dict):
    """Day ordinal to year, remembered."""

    def __missing__(self, day: int) -> int:
        year = self[day] = date.fromordinal(day).year
        return year

    def __call__(self, day: int) -> int:
        return self[day]


# Links ----------------------------------------------------------------------------


def _covers(programme: _Programme, iso3: str, chain: tuple[str, ...]) -> bool:
    if programme.status == "cancelled":
        return False
    if programme.scope == "global":
        return True
    return iso3 in programme.states or not programme.regions.isdisjoint(chain)


def _links(
    rng: random.Random, reference: _Reference, needs: list[dict], source: str
) -> list[dict]:
    """Programmes linked to a share of the needs, consistent with their status."""
    chains = {s["iso3"]: reference.chain[s["region"]] for s in reference.states}
    covering: dict[str, list[_Programme]] = {}
    as_of = AS_OF.toordinal()
    iso = _IsoDates()

    links = []
    for need in needs:
        status = need["status"]
        if rng.random() >= LINK_CHANCE[status]:
            continue
        iso3 = need["state"]
        if iso3 not in covering:
            covering[iso3] = [
                p for p in reference.programmes if _covers(p, iso3, chains[iso3])
            ]
        identified = date.fromisoformat(need["identified"]).toordinal()
        themes = set(_split(need["themes"]))
        candidates = [
            p
            for p in covering[iso3]
            if not p.themes.isdisjoint(themes)
            and p.start <= as_of
            and (p.end is None or p.end >= identified)
        ]
        wanted = 2 if rng.random() < SECOND_LINK_CHANCE else 1
        for programme in _sample(rng, candidates, wanted):
            decided = _decided_on(rng, programme, identified)
            if decided is None:
                continue
            link_status = _link_status(rng, status, programme)
            links.append(
                {
                    "need": need["id"],
                    "programme": programme.id,
                    "status": link_status,
                    "decided_on": iso(decided),
                    "note": LINK_NOTES[link_status],
                    "decided_by": "",
                    "synthetic": "true",
                    "source": source,
                }
            )
    return links


def _sample(rng: random.Random, items: list, wanted: int) -> list:
    if len(items) <= wanted:
        return list(items)
    return rng.sample(items, wanted)


def _decided_on(
    rng: random.Random, programme: _Programme, identified: int
) -> int | None:
    """A day after the need was identified, within the programme's period."""
    low = max(identified + 14, programme.start)
    high = min(AS_OF.toordinal(), identified + 540)
    if programme.end is not None:
        high = min(high, programme.end)
    if low > high:
        return None
    return low + int((high - low) * rng.random() ** 2)


def _link_status(rng: random.Random, need_status: str, programme: _Programme) -> str:
    """A link status that agrees with the need's status and the programme's end."""
    ended = programme.end is not None and programme.end < AS_OF.toordinal()
    if need_status == "met":
        return "completed" if ended else _one(rng, completed=0.85, delivering=0.15)
    if need_status == "in-progress":
        if ended:
            return _one(rng, completed=0.7, declined=0.3)
        return _one(rng, delivering=0.55, agreed=0.35, proposed=0.1)
    if need_status == "open":
        if ended:
            return "declined"
        return _one(rng, proposed=0.6, agreed=0.15, declined=0.25)
    return "declined" if ended else _one(rng, declined=0.65, proposed=0.35)


def _one(rng: random.Random, **weights: float) -> str:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


# Writing ----------------------------------------------------------------------------


def _write_table(folder: Path, name: str, rows: Iterable[dict]) -> None:
    """Write ``rows`` as ``name``.csv with the table's columns in their order."""
    columns = [column.name for column in TABLE_BY_NAME[name].columns]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(columns)
    writer.writerows(map(itemgetter(*columns), rows))
    (folder / f"{name}.csv").write_text(out.getvalue(), encoding="utf-8")
