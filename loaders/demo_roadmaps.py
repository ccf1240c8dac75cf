"""Synthetic API/PNR roadmaps for the demo: one per State with a deep dive.

CT Travel draws a national API/PNR roadmap up with a State after its
deep-dive assessment (DOMAIN.md section 5a). The demo does the same for every
State its assessments send on a deep dive: a roadmap dated one to four months
after the State's first deep dive, following the reference template
``APIPNR``, with a status and a tailored recommendation for each step, and
the State's needs on the step's themes behind it.

States move through the steps roughly in order, and further the longer ago
their roadmap was drawn up; the needs assessment (step 2) is in place in every
roadmap, since the deep dive was that assessment. Nothing here is an assessed
fact: every row has ``synthetic`` true and the demo's ``synthetic:`` source.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta

TEMPLATE = "APIPNR"
"""The reference template the demo's roadmaps follow."""

YEARS_TO_COMPLETE = 6.0
"""About how many years a State takes to put every step in place."""

NOT_APPLICABLE_CHANCE = 0.04
"""Chance that a step not yet in place does not apply to the State."""

RECOMMENDATIONS: dict[int, str] = {
    1: "Designate a lead ministry for API/PNR in {state} and convene an "
    "inter-agency steering committee that reports to the national "
    "counter-terrorism coordination body.",
    2: "Complete the baseline of air traffic and carriers serving {state} and "
    "agree the deep-dive findings with the steering committee.",
    3: "Adopt a regulation in {state} obliging carriers to transmit API and PNR "
    "data, with penalties, the mandate of the Passenger Information Unit and a "
    "purpose limited to terrorism and serious crime.",
    4: "Set retention and masking periods, ban the processing of sensitive data "
    "and give an independent body in {state} oversight of targeting rules.",
    5: "Staff the Passenger Information Unit of {state} from police, customs, "
    "immigration and intelligence, and write its operating procedures.",
    6: "Consult the carriers serving {state} and test their PAXLST and PNRGOV "
    "messages before certifying each connection.",
    7: "Deploy goTravel or the national system in {state}, with audit logs from "
    "the first day of operation.",
    8: "Connect the unit in {state} to INTERPOL databases and the national "
    "watchlist, and review targeting rules for discrimination.",
    9: "Agree referral procedures in {state} between the unit and frontline "
    "border, police and customs officers, with feedback on every referral.",
    10: "Train the unit's analysts and the frontline officers of {state}, "
    "starting with the e-learning courses on the legal framework.",
    11: "Conclude arrangements for exchanging passenger data between the unit "
    "of {state} and the units of its main partner States.",
    12: "Set performance indicators, a yearly audit and a recurrent budget line "
    "for the API/PNR system of {state}.",
}
"""A tailored recommendation for each step, by the step's order."""

IN_PLACE = "In place in {state}; keep it under review at the yearly audit."
NOT_APPLICABLE = (
    "Does not apply to {state} at present; review it if air traffic or the "
    "legal framework changes."
)


@dataclass(frozen=True)
class Step:
    """A template step as the demo needs it."""

    id: str
    order: int
    themes: frozenset[str]


def template_steps(rows: list[dict[str, str]]) -> list[Step]:
    """The steps of :data:`TEMPLATE` among the reference ``roadmap_steps`` rows."""
    steps = [
        Step(
            row["id"],
            int(row["order"]),
            frozenset(t.strip() for t in row["themes"].split(";") if t.strip()),
        )
        for row in rows
        if row["template"] == TEMPLATE
    ]
    return sorted(steps, key=lambda step: step.order)


def roadmaps(
    rng: random.Random,
    steps: list[Step],
    assessments: list[dict[str, str]],
    needs: list[dict[str, str]],
    names: dict[str, str],
    as_of: date,
    source: str,
) -> tuple[list[dict[str, str]], list[dict[str, str]]]:
    """Roadmaps and step statuses for the States with a deep-dive assessment.

    ``names`` maps ISO3 codes to State names, for the recommendations.
    """
    first_deep_dive: dict[str, dict[str, str]] = {}
    for assessment in assessments:
        if assessment["kind"] != "deep-dive":
            continue
        known = first_deep_dive.get(assessment["state"])
        if known is None or assessment["date"] < known["date"]:
            first_deep_dive[assessment["state"]] = assessment

    needs_of: dict[str, list[dict[str, str]]] = {}
    for need in needs:
        if need["status"] != "withdrawn":
            needs_of.setdefault(need["state"], []).append(need)

    roadmap_rows, status_rows = [], []
    for iso3 in sorted(first_deep_dive):
        assessment = first_deep_dive[iso3]
        drawn_up = date.fromisoformat(assessment["date"]) + timedelta(
            days=rng.randint(30, 120)
        )
        drawn_up = min(drawn_up, as_of)
        roadmap_id = f"RM-{iso3}"
        roadmap_rows.append(
            {
                "id": roadmap_id,
                "state": iso3,
                "template": TEMPLATE,
                "date": drawn_up.isoformat(),
                "assessment": assessment["id"],
                "synthetic": "true",
                "source": source,
            }
        )
        statuses = _statuses(rng, len(steps), drawn_up, as_of)
        for step, status in zip(steps, statuses, strict=True):
            status_rows.append(
                {
                    "id": f"{roadmap_id}-{step.order:02d}",
                    "roadmap": roadmap_id,
                    "step": step.id,
                    "status": status,
                    "recommendation": _recommendation(step, status, names[iso3]),
                    "needs": ";".join(
                        _backing(rng, step, needs_of.get(iso3, []), drawn_up)
                    ),
                    "synthetic": "true",
                    "source": source,
                }
            )
    return roadmap_rows, status_rows


def _statuses(rng: random.Random, count: int, drawn_up: date, as_of: date) -> list[str]:
    """Steps in place in order, a few under way after them, the rest not begun."""
    years = (as_of - drawn_up).days / 365.25
    progress = min(1.0, years / YEARS_TO_COMPLETE * rng.uniform(0.5, 1.4))
    done = int(progress * count)
    under_way = done + rng.randint(1, 3)

    statuses = []
    for order in range(1, count + 1):
        if order <= done:
            status = "in-place"
        elif order <= under_way:
            status = "in-progress"
        else:
            status = "not-started"
        if status != "in-place" and order > 5 and rng.random() < NOT_APPLICABLE_CHANCE:
            status = "not-applicable"
        statuses.append(status)

    # The deep dive the roadmap came from is the needs assessment (step 2),
    # and a State that asked for one has taken the decision (step 1) at least
    # in part.
    statuses[1] = "in-place"
    if statuses[0] == "not-started":
        statuses[0] = "in-progress"
    return statuses


def _recommendation(step: Step, status: str, state: str) -> str:
    if status == "in-place":
        return IN_PLACE.format(state=state)
    if status == "not-applicable":
        return NOT_APPLICABLE.format(state=state)
    return RECOMMENDATIONS.get(step.order, RECOMMENDATIONS[1]).format(state=state)


def _backing(
    rng: random.Random, step: Step, needs: list[dict[str, str]], drawn_up: date
) -> list[str]:
    """Up to two of the State's needs on the step's themes, known by the roadmap.

    Needs on a theme of the step other than API/PNR itself come first, so that
    a legal step rests on legal needs rather than on any API/PNR need.
    """
    known = drawn_up.isoformat()
    own = step.themes - {"BSM-APIPNR"}
    specific, general = [], []
    for need in needs:
        if need["identified"] > known:
            continue
        themes = set(need["themes"].split(";"))
        if own & themes:
            specific.append(need["id"])
        elif step.themes & themes:
            general.append(need["id"])
    pool = specific or general
    wanted = min(len(pool), rng.choice((0, 1, 1, 2)))
    return sorted(rng.sample(pool, wanted)) if wanted else []
