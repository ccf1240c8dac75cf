"""Every saved query against the hand-built fixture, with rows worked out by hand.

The fixture (tests/fixtures/analysis) is small enough to reason about on
paper. The facts every expectation below starts from:

States and where they lie (IN_REGION reaches every enclosing level):
  KEN, UGA in Eastern Africa 014 < Sub-Saharan Africa 202 < Africa 002
  NGA in Western Africa 011 < 202 < 002;  MAR in Northern Africa 015 < 002
  JOR in Western Asia 145 < Asia 142
Themes: PRR is part of CJ; BSM is related to LE; PRR is related to PCVE.

Programmes (lead; period; status; themes; what they cover):
  PG1 (PA) 2018-01-01..2021-12-31 completed  BSM      KEN (listed)
  PG2 (PB) 2019-01-01..open       active     BSM, LE  KEN, UGA (region 014)
  PG3 (PC) 2020-01-01..2025-12-31 active     CFT      KEN, UGA, NGA (region 202)
  PG4 (PA) 2017-01-01..open       active     CJ, PRR  every State (global)
  PG5 (PD) 2021-01-01..2023-12-31 active     PRR,PCVE KEN (listed)
  PG6 (PB) 2020..2022             cancelled  LE       nothing (cancelled)
  PG7 (PC) 2022-01-01..2026-12-31 pipeline   BSM      MAR, JOR (listed)
  PG8 (PA) 2021-06-01..open       active     CFT, LE  UGA (listed)
Resolutions served: PG1 2396; PG2 2396, 1373; PG3 2462; PG4 2396; PG7 1373;
PG8 2462. Partners: PA on PG2, PB on PG3 and PG7, PD on PG4, PC on PG6.

Needs (State; themes; priority; identified; status; confidentiality; links):
  N01 KEN BSM      high   2019-03-01 open        public  PG1 completed, PG2 agreed
  N02 KEN BSM, LE  medium 2020-05-10 open        public  PG2 proposed
  N03 KEN PRR      high   2024-03-15 open        restricted  PG4 agreed
  N04 UGA CFT      high   2021-09-01 in-progress public  PG3 delivering, PG8 agreed
  N05 UGA LE       medium 2022-02-01 open        public  -
  N06 NGA CFT      medium 2020-11-20 open        confidential  -
  N07 NGA PCVE     low    2023-06-01 open        public  -
  N08 MAR BSM      high   2022-04-01 open        public  PG7 declined
  N09 JOR BSM      medium 2023-01-15 met         public  -
  N10 JOR CFT      high   2023-05-01 open        restricted  -
  N11 UGA CJ, LE   medium 2018-07-01 open        public  PG4 agreed
  N12 KEN BSM      low    2017-05-01 withdrawn   public  -
Needs under resolutions: N01, N03 under 2396; N04, N06 under 2462; N08, N11
under 1373.

Addressed (a link agreed, delivering or completed): N01, N03, N04, N11.
Gaps (open, not addressed): N02, N05, N06, N07, N08, N10.
"""

from __future__ import annotations

import math
from datetime import date
from typing import Any

import pytest

from tagraph.access import FULL_ACCESS, Viewer
from tagraph.graph.connection import Graph
from tagraph.queries.run import run_graph, run_query

GUEST = Viewer("guest", "viewer")
"""Sees public needs only: not N03 (KEN), N06 (NGA) or N10 (JOR)."""
AS_OF = "2025-06-01"
"""The day open-ended periods are counted to in overlaps and synergies."""


def _plain(value: Any) -> Any:
    if isinstance(value, float) and math.isnan(value):
        return None
    return value


def rows(
    graph: Graph,
    name: str,
    params: dict[str, Any] | None = None,
    columns: tuple[str, ...] | None = None,
    viewer: Viewer = FULL_ACCESS,
) -> list[tuple[Any, ...]]:
    """The query's rows as tuples of ``columns`` (all when None), NaN as None."""
    frame = run_query(graph, name, params, viewer=viewer)
    columns = columns or tuple(frame.columns)
    return [
        tuple(_plain(record[column]) for column in columns)
        for record in frame.to_dict(orient="records")
    ]


# Gaps --------------------------------------------------------------------------


def test_gaps(fixture_graph: Graph) -> None:
    got = rows(fixture_graph, "gaps")

    # Ordered by priority, then the day identified.
    # N08: PG7 lists MAR, is on BSM, runs 2022-2026; its link was declined, and
    #   a declined link does not address, so the need is a gap with 1 candidate.
    # N10: JOR is covered by PG7 (BSM) and PG4 (global; CJ, PRR); neither is on
    #   CFT, so no candidate: uncovered.
    # N02: PG2's link is only proposed. Candidates covering KEN on BSM or LE:
    #   PG1 is completed (excluded), PG2 (region 014) counts: 1.
    # N06: PG3 covers NGA through sub-region 202, is on CFT, ends 2025 after
    #   the need was identified in 2020: 1 candidate (PG6 is cancelled).
    # N05: PG2 (region 014, LE) and PG8 (UGA listed, LE, open-ended): 2.
    # N07: PCVE; PG3 and PG4 cover NGA but neither is on PCVE (PG4's PRR is
    #   related to PCVE, which is not sharing a theme): uncovered.
    # N01 and N11 are addressed; N03 is addressed by PG4 (agreed); N04 is in
    # progress; N09 met; N12 withdrawn.
    assert got == [
        ("N08", "Watchlist integration", "MAR", "Morocco", ["BSM"], "high",
         date(2022, 4, 1), "unlinked", 1),
        ("N10", "Counter-financing legislation", "JOR", "Jordan", ["CFT"], "high",
         date(2023, 5, 1), "uncovered", 0),
        ("N02", "Border post interoperability", "KEN", "Kenya", ["BSM", "LE"],
         "medium", date(2020, 5, 10), "unlinked", 1),
        ("N06", "Terrorist financing risk assessment", "NGA", "Nigeria", ["CFT"],
         "medium", date(2020, 11, 20), "unlinked", 1),
        ("N05", "Cross-border investigations", "UGA", "Uganda", ["LE"], "medium",
         date(2022, 2, 1), "unlinked", 2),
        ("N07", "Community engagement", "NGA", "Nigeria", ["PCVE"], "low",
         date(2023, 6, 1), "uncovered", 0),
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        # Eastern Africa 014 holds KEN and UGA.
        ({"region": "014"}, ["N02", "N05"]),
        # Africa 002 holds every State but JOR.
        ({"region": "002"}, ["N08", "N02", "N06", "N05", "N07"]),
        ({"state": "NGA"}, ["N06", "N07"]),
        # LE matches N02 (BSM, LE) and N05; CJ has no gap (N11 is addressed).
        ({"theme": "LE"}, ["N02", "N05"]),
        ({"theme": "CJ"}, []),
        ({"priority": "high;low"}, ["N08", "N10", "N07"]),
        ({"kind": ["uncovered"]}, ["N10", "N07"]),
        ({"year_from": 2022}, ["N08", "N10", "N05", "N07"]),
        ({"year_from": 2020, "year_to": 2020}, ["N02", "N06"]),
    ],
)
def test_gaps_filters(
    fixture_graph: Graph, params: dict[str, Any], expected: list[str]
) -> None:
    assert [row[0] for row in rows(fixture_graph, "gaps", params, ("need",))] == (
        expected
    )


def test_gaps_for_a_viewer_leave_out_restricted_and_confidential(
    fixture_graph: Graph,
) -> None:
    got = rows(fixture_graph, "gaps", columns=("need",), viewer=GUEST)
    # N10 (restricted, JOR) and N06 (confidential, NGA) disappear.
    assert [row[0] for row in got] == ["N08", "N02", "N05", "N07"]

    focal_point = Viewer("jo", "focal-point", frozenset({"JOR"}))
    got = rows(fixture_graph, "gaps", columns=("need",), viewer=focal_point)
    # Jordan's focal point sees Jordan's restricted N10, not Nigeria's N06.
    assert [row[0] for row in got] == ["N08", "N10", "N02", "N05", "N07"]


@pytest.mark.parametrize(
    ("by", "expected"),
    [
        (
            "state",
            # Active = open or in progress. KEN: N01, N02, N03 (N12 withdrawn);
            # N01, N03 addressed; N02 unlinked. UGA: N04 (in progress,
            # addressed), N05 (unlinked), N11 (addressed). NGA: N06 unlinked,
            # N07 uncovered. MAR: N08 unlinked. JOR: N10 uncovered (N09 met).
            [
                ("JOR", "Jordan", 1, 1, 0, 1, 0, 0.0),
                ("KEN", "Kenya", 3, 3, 2, 0, 1, 0.667),
                ("MAR", "Morocco", 1, 1, 0, 0, 1, 0.0),
                ("NGA", "Nigeria", 2, 2, 0, 1, 1, 0.0),
                ("UGA", "Uganda", 3, 2, 2, 0, 1, 0.667),
            ],
        ),
        (
            "region",
            # Africa = KEN + UGA + NGA + MAR: 9 active, 8 open, 4 addressed.
            [
                ("002", "Africa", 9, 8, 4, 1, 4, 0.444),
                ("142", "Asia", 1, 1, 0, 1, 0, 0.0),
            ],
        ),
        (
            "subregion",
            [
                ("015", "Northern Africa", 1, 1, 0, 0, 1, 0.0),
                ("145", "Western Asia", 1, 1, 0, 1, 0, 0.0),
                ("202", "Sub-Saharan Africa", 8, 7, 4, 1, 3, 0.5),
            ],
        ),
        (
            "intermediate",
            # MAR and JOR have no intermediate region and drop out.
            [
                ("011", "Western Africa", 2, 2, 0, 1, 1, 0.0),
                ("014", "Eastern Africa", 6, 5, 4, 0, 2, 0.667),
            ],
        ),
        (
            "theme",
            # A need counts under each of its own themes: BSM N01, N02, N08;
            # LE N02, N05, N11; CFT N04 (in progress), N06, N10; CJ N11;
            # PRR N03; PCVE N07. PRR is not rolled up into CJ.
            [
                ("BSM", "Border security and management", 3, 3, 1, 0, 2, 0.333),
                ("CFT", "Countering the financing of terrorism",
                 3, 2, 1, 1, 1, 0.333),
                ("CJ", "Criminal justice", 1, 1, 1, 0, 0, 1.0),
                ("LE", "Law enforcement", 3, 3, 1, 0, 2, 0.333),
                ("PCVE", "Preventing and countering violent extremism",
                 1, 1, 0, 1, 0, 0.0),
                ("PRR", "Prosecution, rehabilitation and reintegration",
                 1, 1, 1, 0, 0, 1.0),
            ],
        ),
    ],
)  # fmt: skip
def test_gap_summary(
    fixture_graph: Graph, by: str, expected: list[tuple[Any, ...]]
) -> None:
    assert rows(fixture_graph, "gap-summary", {"by": by}) == expected


def test_gap_summary_for_a_viewer(fixture_graph: Graph) -> None:
    # Without N03, N06 and N10: KEN has N01 (addressed) and N02; NGA only N07;
    # JOR has no active need left and drops out.
    assert rows(fixture_graph, "gap-summary", viewer=GUEST) == [
        ("KEN", "Kenya", 2, 2, 1, 0, 1, 0.5),
        ("MAR", "Morocco", 1, 1, 0, 0, 1, 0.0),
        ("NGA", "Nigeria", 1, 1, 0, 1, 0, 0.0),
        ("UGA", "Uganda", 3, 2, 2, 0, 1, 0.667),
    ]


# Overlaps and synergies ------------------------------------------------------------


def test_overlaps(fixture_graph: Graph) -> None:
    got = rows(
        fixture_graph,
        "overlaps",
        {"as_of": AS_OF},
        (
            "programme_a", "provider_a", "programme_b", "provider_b",
            "shared_states", "shared_themes", "overlap_months", "shared_needs",
            "score",
        ),
    )  # fmt: skip

    # Not global, not cancelled, different leads: PG1, PG2, PG3, PG5, PG7, PG8.
    # PG3-PG8: UGA (PG3 through 202), CFT; 2021-06-01 to as_of 2025-06-01
    #   (PG8 open-ended, PG3 ends later, so as_of limits) = 48 months; both
    #   address N04. 1 x 1 x 48/12 + 2 x 1 = 6.
    # PG1-PG2: KEN, BSM; 2019-01-01 to 2022-01-01 (the day after PG1's end) =
    #   36 months; both address N01 (completed and agreed). 3 + 2 = 5.
    # PG2-PG8: UGA, LE; both open-ended: 2021-06-01 to as_of = 48; N05 is
    #   addressed by neither. 4.
    # Not overlaps: PG1-PG8 share a lead (PA); PG2-PG7 share BSM but no State;
    # PG4 is global; PG6 is cancelled; PG3-PG5 share KEN but no theme.
    assert got == [
        ("PG3", "PC", "PG8", "PA", ["UGA"], ["CFT"], 48, 1, 6.0),
        ("PG1", "PA", "PG2", "PB", ["KEN"], ["BSM"], 36, 1, 5.0),
        ("PG2", "PB", "PG8", "PA", ["UGA"], ["LE"], 48, 0, 4.0),
    ]


def test_overlaps_count_only_visible_shared_needs(fixture_graph: Graph) -> None:
    # N04 and N01 are public, so a viewer gets the same pairs and scores.
    columns = ("programme_a", "programme_b", "shared_needs", "score")
    assert rows(fixture_graph, "overlaps", {"as_of": AS_OF}, columns, GUEST) == [
        ("PG3", "PG8", 1, 6.0),
        ("PG1", "PG2", 1, 5.0),
        ("PG2", "PG8", 0, 4.0),
    ]


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"state": "KEN"}, [("PG1", "PG2")]),
        # PD takes part in nothing that overlaps (PG4 is global, PG5 alone).
        ({"provider": "PD"}, []),
        # PB is PG3's partner and PG2's lead.
        ({"provider": "PB"}, [("PG3", "PG8"), ("PG1", "PG2"), ("PG2", "PG8")]),
        ({"theme": "BSM"}, [("PG1", "PG2")]),
        ({"region": "145"}, []),
    ],
)
def test_overlaps_filters(
    fixture_graph: Graph, params: dict[str, Any], expected: list[tuple[str, str]]
) -> None:
    params = {"as_of": AS_OF, **params}
    got = rows(fixture_graph, "overlaps", params, ("programme_a", "programme_b"))
    assert got == expected


def test_synergies(fixture_graph: Graph) -> None:
    got = rows(
        fixture_graph,
        "synergies",
        {"as_of": AS_OF},
        (
            "programme_a", "programme_b", "states", "overlap_months", "geography",
            "time", "theme_relation", "shared_needs", "shared_resolutions",
            "score",
        ),
    )  # fmt: skip

    # score = theme_relation + 2 shared_needs + shared_resolutions
    #         + 0.1 min(geography, 10) + 0.1 min(time, 10)
    # PG1-PG2: KEN; BSM (PG1) related to LE (PG2); both address N01; both
    #   serve 2396 and KEN has N01 under it. 36 months. 1+2+1+0.1+0.3 = 4.4.
    # PG3-PG8: UGA; CFT-CFT is the same theme (no relation); both address N04;
    #   both serve 2462 with N04 in UGA. 48 months. 0+2+1+0.1+0.4 = 3.5.
    # PG4-PG5: PG4 is global, so the common State is KEN; CJ (PG4) is PRR's
    #   parent and PRR (PG4) is related to PCVE (PG5): 2 pairs; 2021-01-01 to
    #   2024-01-01 = 36 months. 2+0+0+0.1+0.3 = 2.4.
    # PG2-PG4: KEN and UGA (PG4 global); no related themes; both serve 2396
    #   and KEN has needs under it. 2019-01-01 to as_of = 77 months = 6.42
    #   years. 0+0+1+0.2+0.642 = 1.84.
    # PG2-PG8: UGA; BSM (PG2) related to LE (PG8). 48 months. 1+0.1+0.4 = 1.5.
    # Not synergies: PG1-PG3, PG2-PG3, PG3-PG4 share States but nothing
    # complementary; PG4-PG7 share MAR and JOR but serve different
    # resolutions; PG1-PG4, PG4-PG8 share a lead; PG6 is cancelled.
    assert got == [
        ("PG1", "PG2", ["KEN"], 36, 1, 3.0, 1, 1, 1, 4.4),
        ("PG3", "PG8", ["UGA"], 48, 1, 4.0, 0, 1, 1, 3.5),
        ("PG4", "PG5", ["KEN"], 36, 1, 3.0, 2, 0, 0, 2.4),
        ("PG2", "PG4", ["KEN", "UGA"], 77, 2, 6.42, 0, 0, 1, 1.84),
        ("PG2", "PG8", ["UGA"], 48, 1, 4.0, 1, 0, 0, 1.5),
    ]


def test_synergies_say_why(fixture_graph: Graph) -> None:
    got = rows(fixture_graph, "synergies", {"as_of": AS_OF}, ("why",))
    assert got[0] == (
        "Both cover KEN; related themes BSM-LE; both address N01; both serve "
        "resolution 2396 with needs in a State both cover.",
    )
    assert got[2] == ("Both cover KEN; related themes CJ-PRR, PCVE-PRR.",)


def test_synergy_through_a_resolution_needs_a_visible_need(
    fixture_graph: Graph,
) -> None:
    # PG2-PG4 meet through 2396 in KEN, where N01 (public) and N03
    # (restricted) fall under it; N01 alone keeps the pair for a viewer.
    columns = ("programme_a", "programme_b", "shared_resolutions")
    got = rows(fixture_graph, "synergies", {"as_of": AS_OF}, columns, GUEST)
    assert ("PG2", "PG4", 1) in got
    assert rows(
        fixture_graph, "synergies", {"as_of": AS_OF, "state": "UGA"}, columns[:2]
    ) == [("PG3", "PG8"), ("PG2", "PG4"), ("PG2", "PG8")]


# Candidates ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("need", "expected"),
    [
        # score = shared themes + geography (1 listed, 0.5 region, 0.25
        # global) + shared resolutions.
        # N05 (UGA, LE): PG8 lists UGA: 1 + 1 + 0; PG2 through 014: 1 + 0.5.
        ("N05", [("PG8", "state", 1, 1.0, 0, None, 2.0),
                 ("PG2", "region", 1, 0.5, 0, None, 1.5)]),
        # N11 (UGA, CJ + LE, under 1373): PG2 serves 1373: 1 + 0.5 + 1;
        # PG8: 1 + 1; PG4 (global, CJ, already agreed): 1 + 0.25.
        ("N11", [("PG2", "region", 1, 0.5, 1, None, 2.5),
                 ("PG8", "state", 1, 1.0, 0, None, 2.0),
                 ("PG4", "global", 1, 0.25, 0, "agreed", 1.25)]),
        # N03 (KEN, PRR, 2024-03-15): PG5 is on PRR and lists KEN but its
        # period ended 2023-12-31, before the need was identified.
        ("N03", [("PG4", "global", 1, 0.25, 1, "agreed", 2.25)]),
        # N01 (KEN, BSM): PG1 is completed, so only PG2.
        ("N01", [("PG2", "region", 1, 0.5, 1, "agreed", 2.5)]),
        # N08: PG7's declined link does not stop it being a candidate.
        ("N08", [("PG7", "state", 1, 1.0, 1, "declined", 3.0)]),
        # N07 (PCVE in NGA): no candidate.
        ("N07", []),
        ("", []),
    ],
)  # fmt: skip
def test_candidates(
    fixture_graph: Graph, need: str, expected: list[tuple[Any, ...]]
) -> None:
    columns = (
        "programme", "coverage", "shared_themes", "geography",
        "shared_resolutions", "link", "score",
    )  # fmt: skip
    assert rows(fixture_graph, "candidates", {"need": need}, columns) == expected


def test_candidates_of_a_hidden_need_are_hidden(fixture_graph: Graph) -> None:
    assert rows(fixture_graph, "candidates", {"need": "N03"}, viewer=GUEST) == []


@pytest.mark.parametrize(
    ("programme", "expected"),
    [
        # PG2 covers KEN and UGA, on BSM and LE. Gaps there: N02 (both themes:
        # 2 + 0.5) and N05 (LE: 1 + 0.5).
        ("PG2", [("N02", 2, 0.5, 0, "proposed", 2.5),
                 ("N05", 1, 0.5, 0, None, 1.5)]),
        # PG3: N06 in NGA, CFT, under 2462 which PG3 serves.
        ("PG3", [("N06", 1, 0.5, 1, None, 2.5)]),
        ("PG7", [("N08", 1, 1.0, 1, "declined", 3.0)]),
        # PG4 is on CJ and PRR; no gap is. PG1 is completed; PG6 cancelled.
        ("PG4", []),
        ("PG1", []),
        ("PG6", []),
    ],
)  # fmt: skip
def test_need_candidates_for_programme(
    fixture_graph: Graph, programme: str, expected: list[tuple[Any, ...]]
) -> None:
    columns = (
        "need", "shared_themes", "geography", "shared_resolutions", "link",
        "score",
    )  # fmt: skip
    got = rows(
        fixture_graph, "need-candidates-for-programme", {"programme": programme},
        columns,
    )  # fmt: skip
    assert got == expected


def test_candidate_pairs(fixture_graph: Graph) -> None:
    # Every gap with each candidate; capacity as stated (PG3 states none);
    # load = visible needs under agreed or delivering links: PG2 has N01,
    # PG3 N04, PG8 N04, PG7 none.
    assert rows(fixture_graph, "candidate-pairs") == [
        ("N02", "KEN", "medium", "PG2", 2.5, "proposed", 2, 1),
        ("N05", "UGA", "medium", "PG8", 2.0, None, 1, 1),
        ("N05", "UGA", "medium", "PG2", 1.5, None, 2, 1),
        ("N06", "NGA", "medium", "PG3", 2.5, None, None, 1),
        ("N08", "MAR", "high", "PG7", 3.0, "declined", 2, 0),
    ]


def test_candidate_pairs_limit_counts_gaps_not_rows(fixture_graph: Graph) -> None:
    # The first two gaps by id, N02 and N05, each with all its candidates.
    got = rows(fixture_graph, "candidate-pairs", {"limit": 2})
    assert [(row[0], row[3]) for row in got] == [
        ("N02", "PG2"),
        ("N05", "PG8"),
        ("N05", "PG2"),
    ]
    assert len(rows(fixture_graph, "candidate-pairs", {"limit": None})) == 5


# Profiles -------------------------------------------------------------------------


def test_overview(fixture_graph: Graph) -> None:
    # 12 needs; open: N01 N02 N03 N05 N06 N07 N08 N10 N11 = 9; active adds
    # N04 = 10, of which N01 N03 N04 N11 are addressed: 0.4. Programmes not
    # cancelled: 7, active: PG2 PG3 PG4 PG5 PG8. Every fixture need is
    # marked synthetic.
    assert rows(fixture_graph, "overview") == [
        (5, 12, 9, 10, 0.4, 6, 2, 4, 7, 5, 4, 12)
    ]
    # A viewer loses N03, N06, N10: 9 needs, 6 open, 7 active, 3 addressed.
    assert rows(fixture_graph, "overview", viewer=GUEST) == [
        (5, 9, 6, 7, 0.429, 4, 1, 3, 7, 5, 4, 9)
    ]


def test_synthetic_needs(fixture_graph: Graph) -> None:
    asked = {"needs": ["N03", "N01", "N99", "N01"]}

    assert rows(fixture_graph, "synthetic-needs", asked) == [("N01",), ("N03",)]
    # N03 is restricted to Kenya: a viewer is not told about it.
    assert rows(fixture_graph, "synthetic-needs", asked, viewer=GUEST) == [("N01",)]
    assert rows(fixture_graph, "synthetic-needs") == []


def test_coverage_map(fixture_graph: Graph) -> None:
    assert rows(fixture_graph, "coverage-map") == [
        ("JOR", "Jordan", "400", 1, 1, 0, 0.0),
        ("KEN", "Kenya", "404", 3, 3, 2, 0.667),
        ("MAR", "Morocco", "504", 1, 1, 0, 0.0),
        ("NGA", "Nigeria", "566", 2, 2, 0, 0.0),
        ("UGA", "Uganda", "800", 3, 2, 2, 0.667),
    ]
    # Theme CJ counts needs on CJ or its sub-theme PRR: N03 (KEN), N11 (UGA).
    # A State without such needs keeps its row, with coverage null.
    got = rows(
        fixture_graph, "coverage-map", {"theme": "CJ"}, ("iso3", "active_needs",
                                                         "coverage"),
    )  # fmt: skip
    assert got == [
        ("JOR", 0, None), ("KEN", 1, 1.0), ("MAR", 0, None), ("NGA", 0, None),
        ("UGA", 1, 1.0),
    ]  # fmt: skip


def test_needs(fixture_graph: Graph) -> None:
    columns = ("need", "themes", "status", "addressed", "addressed_by")
    got = rows(fixture_graph, "needs", {"state": "KEN"}, columns)
    assert got == [
        ("N01", ["BSM"], "open", True, ["PG1", "PG2"]),
        ("N02", ["BSM", "LE"], "open", False, []),
        ("N03", ["PRR"], "open", True, ["PG4"]),
        ("N12", ["BSM"], "withdrawn", False, []),
    ]
    # The theme filter takes sub-themes: CJ finds N03 (PRR) and N11 (CJ).
    assert rows(fixture_graph, "needs", {"theme": "CJ"}, ("need",)) == [
        ("N03",),
        ("N11",),
    ]
    assert rows(
        fixture_graph, "needs", {"status": "met;withdrawn"}, ("need", "status")
    ) == [("N09", "met"), ("N12", "withdrawn")]
    assert len(rows(fixture_graph, "needs")) == 12
    assert len(rows(fixture_graph, "needs", viewer=GUEST)) == 9


def test_programmes(fixture_graph: Graph) -> None:
    columns = ("programme", "lead_provider", "states", "regions", "covered_states",
               "capacity", "needs_addressed")  # fmt: skip
    assert rows(fixture_graph, "programmes", columns=columns) == [
        ("PG1", "PA", ["KEN"], [], 1, 2, 1),
        ("PG2", "PB", [], ["014"], 2, 2, 1),
        ("PG3", "PC", [], ["202"], 3, None, 1),
        ("PG4", "PA", [], [], 5, 3, 2),
        ("PG5", "PD", ["KEN"], [], 1, 1, 0),
        ("PG6", "PB", ["NGA"], [], 0, None, 0),
        ("PG7", "PC", ["JOR", "MAR"], [], 2, 2, 0),
        ("PG8", "PA", ["UGA"], [], 1, 1, 1),
    ]
    # Covering KEN: listed (PG1, PG5), through 014 (PG2), 202 (PG3), global
    # (PG4).
    assert rows(fixture_graph, "programmes", {"state": "KEN"}, ("programme",)) == [
        ("PG1",), ("PG2",), ("PG3",), ("PG4",), ("PG5",)
    ]  # fmt: skip
    # Led by or partnered by PB: PG2, PG6 (lead), PG3, PG7 (partner).
    assert rows(fixture_graph, "programmes", {"provider": "PB"}, ("programme",)) == [
        ("PG2",), ("PG3",), ("PG6",), ("PG7",)
    ]  # fmt: skip
    got = rows(fixture_graph, "programmes", {"status": "pipeline"}, ("programme",))
    assert got == [("PG7",)]


def test_providers(fixture_graph: Graph) -> None:
    assert rows(fixture_graph, "providers") == [
        ("PA", "Alpha Agency", "un-entity", "AA", 3, 1),
        ("PB", "Beta Fund", "bilateral-donor", "BF", 2, 2),
        ("PC", "Gamma Union", "regional-organization", "GU", 2, 1),
        ("PD", "Delta Network", "civil-society", "DN", 1, 1),
    ]
    kind = {"kind": ["civil-society"]}
    assert rows(fixture_graph, "providers", kind, ("provider",)) == [("PD",)]


def test_state_profile(fixture_graph: Graph) -> None:
    # Programmes covering (not cancelled): KEN PG1 PG2 PG3 PG4 PG5 (leads PA PB
    # PC PD: 4); UGA PG2 PG3 PG4 PG8 (PB PC PA: 3); NGA PG3 PG4; MAR and JOR
    # PG4 PG7.
    assert rows(fixture_graph, "state-profile") == [
        ("JOR", "Jordan", "Asia", "Western Asia", 1, 1, 0, 1, 0, 0.0, ["CFT"], 2, 2),
        ("KEN", "Kenya", "Africa", "Sub-Saharan Africa", 3, 3, 2, 0, 1, 0.667,
         ["BSM", "LE", "PRR"], 5, 4),
        ("MAR", "Morocco", "Africa", "Northern Africa", 1, 1, 0, 0, 1, 0.0,
         ["BSM"], 2, 2),
        ("NGA", "Nigeria", "Africa", "Sub-Saharan Africa", 2, 2, 0, 1, 1, 0.0,
         ["CFT", "PCVE"], 2, 2),
        ("UGA", "Uganda", "Africa", "Sub-Saharan Africa", 3, 2, 2, 0, 1, 0.667,
         ["CFT", "CJ", "LE"], 4, 3),
    ]  # fmt: skip
    columns = ("state", "active_needs", "coverage", "themes")
    assert rows(fixture_graph, "state-profile", {"state": "JOR"}, columns, GUEST) == [
        ("JOR", 0, None, [])
    ]


def test_programme_profile(fixture_graph: Graph) -> None:
    columns = (
        "programme", "partners", "covered_states", "needs_addressed",
        "links_proposed", "links_declined", "candidate_needs",
    )  # fmt: skip
    # candidate_needs: PG2 is a candidate for the gaps N02 and N05, PG3 for
    # N06, PG7 for N08 (declined, still a candidate), PG8 for N05; PG1 is
    # completed and PG6 cancelled, so none.
    assert rows(fixture_graph, "programme-profile", columns=columns) == [
        ("PG1", [], 1, 1, 0, 0, 0),
        ("PG2", ["PA"], 2, 1, 1, 0, 2),
        ("PG3", ["PB"], 3, 1, 0, 0, 1),
        ("PG4", ["PD"], 5, 2, 0, 0, 0),
        ("PG5", [], 1, 0, 0, 0, 0),
        ("PG6", ["PC"], 0, 0, 0, 0, 0),
        ("PG7", ["PB"], 2, 0, 0, 1, 1),
        ("PG8", [], 1, 1, 0, 0, 1),
    ]
    # PG4's N03 is restricted; PG3's candidate N06 is confidential.
    got = rows(fixture_graph, "programme-profile", {"programme": "PG4"}, columns, GUEST)
    assert got == [("PG4", ["PD"], 5, 1, 0, 0, 0)]
    got = rows(fixture_graph, "programme-profile", {"programme": "PG3"}, columns, GUEST)
    assert got == [("PG3", ["PB"], 3, 1, 0, 0, 0)]


def test_provider_portfolio(fixture_graph: Graph) -> None:
    # PA: PG1 PG4 PG8 (lead), PG2 (partner); active PG2 PG4 PG8; PG4 is global
    # so all 5 States; needs N01 (PG1, PG2), N03, N11 (PG4), N04 (PG8).
    # PB: PG2 (lead; PG6 cancelled), PG3 PG7 (partner); KEN UGA NGA MAR JOR.
    # PC: PG3 PG7 (PG6 cancelled). PD: PG5 (lead), PG4 (partner).
    assert rows(fixture_graph, "provider-portfolio") == [
        ("PA", "Alpha Agency", "un-entity", 4, 3, 3,
         ["BSM", "CFT", "CJ", "LE", "PRR"], 5, 4),
        ("PB", "Beta Fund", "bilateral-donor", 3, 1, 2, ["BSM", "CFT", "LE"], 5, 2),
        ("PC", "Gamma Union", "regional-organization", 2, 2, 1, ["BSM", "CFT"],
         5, 1),
        ("PD", "Delta Network", "civil-society", 2, 1, 2, ["CJ", "PCVE", "PRR"],
         5, 2),
    ]  # fmt: skip
    columns = ("provider", "needs_addressed")
    got = rows(fixture_graph, "provider-portfolio", columns=columns, viewer=GUEST)
    # Without N03, PA and PD each address one need fewer.
    assert got == [("PA", 3), ("PB", 2), ("PC", 1), ("PD", 1)]


def test_resolution_coverage(fixture_graph: Graph) -> None:
    # Active needs under each: 1373 N08, N11 (N11 addressed); 2396 N01, N03
    # (both addressed); 2462 N04 (addressed), N06. Serving, not cancelled:
    # 1373 PG2 PG7; 2396 PG1 PG2 PG4; 2462 PG3 PG8.
    columns = ("resolution", "year", "needs", "addressed", "share", "programmes")
    assert rows(fixture_graph, "resolution-coverage", columns=columns) == [
        (1373, 2001, 2, 1, 0.5, 2),
        (2396, 2017, 2, 2, 1.0, 3),
        (2462, 2019, 2, 1, 0.5, 2),
    ]
    # In KEN: only 2396 has needs; programmes covering KEN that serve each:
    # 1373 PG2 (014); 2396 PG1, PG2, PG4 (global); 2462 PG3 (202).
    got = rows(fixture_graph, "resolution-coverage", {"state": "KEN"}, columns)
    assert got == [
        (1373, 2001, 0, 0, None, 1),
        (2396, 2017, 2, 2, 1.0, 3),
        (2462, 2019, 0, 0, None, 1),
    ]


def test_needs_by_year(fixture_graph: Graph) -> None:
    assert rows(fixture_graph, "needs-by-year") == [
        (2017, 1, 0, 0),  # N12 withdrawn
        (2018, 1, 1, 1),  # N11
        (2019, 1, 1, 1),  # N01
        (2020, 2, 2, 0),  # N02, N06
        (2021, 1, 0, 1),  # N04, in progress
        (2022, 2, 2, 0),  # N05, N08
        (2023, 3, 2, 0),  # N07, N09 (met), N10
        (2024, 1, 1, 1),  # N03
    ]
    got = rows(fixture_graph, "needs-by-year", {"region": "145"}, viewer=GUEST)
    assert got == [(2023, 1, 0, 0)]  # JOR's N09 only; N10 is restricted


# Search, neighbours, analytics inputs, history ----------------------------------------


def test_search(fixture_graph: Graph) -> None:
    found = rows(fixture_graph, "search", {"text": "rehabilitation"}, ("label", "key"))
    assert sorted(found) == [("Need", "N03"), ("Programme", "PG5"), ("Theme", "PRR")]
    found = rows(
        fixture_graph, "search", {"text": "rehabilitation"}, ("label", "key"), GUEST
    )
    assert sorted(found) == [("Programme", "PG5"), ("Theme", "PRR")]
    assert rows(fixture_graph, "search", {"text": "  "}) == []
    assert rows(fixture_graph, "search", {"text": "Kenya"}, ("label", "key", "name"))[
        0
    ] == ("State", "KEN", "Kenya")


def test_neighbours(fixture_graph: Graph) -> None:
    kenya = run_graph(fixture_graph, "neighbours", {"label": "State", "key": "KEN"})
    # KEN: 3 regions (IN_REGION), needs N01 N02 N03 N12 (OF_STATE), PG1 and
    # PG5 (COVERS, listed), assessment AS1 (OF_STATE).
    assert sorted(kenya.nodes) == [
        "Assessment:AS1", "Need:N01", "Need:N02", "Need:N03", "Need:N12",
        "Programme:PG1", "Programme:PG5", "Region:002", "Region:014",
        "Region:202", "State:KEN",
    ]  # fmt: skip
    assert sorted(t for _, _, t in kenya.edges(data="type")) == (
        ["COVERS"] * 2 + ["IN_REGION"] * 3 + ["OF_STATE"] * 5
    )
    assert kenya.nodes["Need:N01"]["identified"] == date(2019, 3, 1)
    assert kenya.nodes["State:KEN"]["label"] == "State"

    seen = run_graph(fixture_graph, "neighbours", {"key": "KEN"}, viewer=GUEST)
    assert "Need:N03" not in seen
    assert seen.number_of_edges() == 9
    hidden = run_graph(
        fixture_graph, "neighbours", {"label": "Need", "key": "N03"}, viewer=GUEST
    )
    assert hidden.number_of_nodes() == 0

    resolution = run_graph(
        fixture_graph, "neighbours", {"label": "Resolution", "key": "2462"}
    )
    # 2462: themes CFT; served by PG3, PG8; needs N04 and N06 under it.
    assert sorted(resolution.nodes) == [
        "Need:N04", "Need:N06", "Programme:PG3", "Programme:PG8",
        "Resolution:2462", "Theme:CFT",
    ]  # fmt: skip


def test_a_node_without_neighbours_comes_back_alone(fixture_graph: Graph) -> None:
    fixture_graph.write("CREATE (:Theme {code: 'LONE', name: 'A lone theme'})")
    try:
        lone = run_graph(fixture_graph, "neighbours", {"label": "Theme", "key": "LONE"})
    finally:
        fixture_graph.write("MATCH (t:Theme {code: 'LONE'}) DELETE t")

    assert list(lone.nodes(data="name")) == [("Theme:LONE", "A lone theme")]
    assert lone.number_of_edges() == 0
    assert run_graph(fixture_graph, "neighbours", {"key": "XXX"}).number_of_nodes() == 0


def test_programme_footprint(fixture_graph: Graph) -> None:
    got = rows(fixture_graph, "programme-footprint", columns=("programme", "states"))
    assert got == [
        ("PG1", ["KEN"]),
        ("PG2", ["KEN", "UGA"]),
        ("PG3", ["KEN", "NGA", "UGA"]),
        ("PG4", ["JOR", "KEN", "MAR", "NGA", "UGA"]),
        ("PG5", ["KEN"]),
        ("PG7", ["JOR", "MAR"]),
        ("PG8", ["UGA"]),
    ]


def test_state_theme_needs(fixture_graph: Graph) -> None:
    columns = ("state", "theme", "needs")
    assert rows(fixture_graph, "state-theme-needs", columns=columns) == [
        ("JOR", "CFT", 1),
        ("KEN", "BSM", 2),  # N01, N02 (N12 is withdrawn)
        ("KEN", "LE", 1),
        ("KEN", "PRR", 1),
        ("MAR", "BSM", 1),
        ("NGA", "CFT", 1),
        ("NGA", "PCVE", 1),
        ("UGA", "CFT", 1),
        ("UGA", "CJ", 1),
        ("UGA", "LE", 2),  # N05, N11
    ]  # fmt: skip


def test_programme_providers(fixture_graph: Graph) -> None:
    got = rows(
        fixture_graph, "programme-providers", columns=("programme", "provider", "role")
    )
    # PG6 is cancelled, so PB's lead and PC's part in it are left out.
    assert got == [
        ("PG1", "PA", "lead"),
        ("PG2", "PA", "funding"),
        ("PG2", "PB", "lead"),
        ("PG3", "PB", "funding"),
        ("PG3", "PC", "lead"),
        ("PG4", "PA", "lead"),
        ("PG4", "PD", "implementing"),
        ("PG5", "PD", "lead"),
        ("PG7", "PB", "funding"),
        ("PG7", "PC", "lead"),
        ("PG8", "PA", "lead"),
    ]  # fmt: skip


def test_loads(fixture_graph: Graph) -> None:
    loads = run_query(fixture_graph, "loads")
    assert list(loads["source"]) == ["analysis"]
    assert '"needs"' in loads.loc[0, "counts"]
    # The row counts include restricted needs: only full access sees them.
    assert run_query(fixture_graph, "loads", viewer=GUEST).loc[0, "counts"] is None


def test_decisions_start_empty(fixture_graph: Graph) -> None:
    assert run_query(fixture_graph, "decisions").empty
