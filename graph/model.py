"""The graph model's vocabulary: labels, relationship types and enumerations.

``docs/model.md`` describes the model with a diagram; this module is the one
place code takes the names and allowed values from.
"""

from __future__ import annotations

# Node labels -----------------------------------------------------------------
STATE = "State"
REGION = "Region"
THEME = "Theme"
RESOLUTION = "Resolution"
GOOD_PRACTICE = "GoodPractice"
PROVIDER = "Provider"
PROGRAMME = "Programme"
ASSESSMENT = "Assessment"
NEED = "Need"
LOAD = "Load"
DECISION = "Decision"  # an audit record of one recorded link decision
ROADMAP_TEMPLATE = "RoadmapTemplate"  # an implementation roadmap's ordered steps
ROADMAP_STEP = "RoadmapStep"
ROADMAP = "Roadmap"  # one State's roadmap, following a template
STEP_STATUS = "StepStatus"  # where a State stands on one step of its roadmap

# Relationship types ------------------------------------------------------------
IN_REGION = "IN_REGION"  # (:State)-[:IN_REGION]->(:Region), every enclosing level
PART_OF = "PART_OF"  # (:Region)->(:Region), (:Theme)->(:Theme) child to parent
RELATED_TO = "RELATED_TO"  # (:Theme)-[:RELATED_TO]->(:Theme), read both ways
ON_THEME = "ON_THEME"  # Need, Programme, Resolution, GoodPractice, RoadmapStep -> Theme
UNDER = "UNDER"  # (:Need|GoodPractice|RoadmapStep)-[:UNDER]->(:Resolution)
# and (:RoadmapStep)-[:UNDER]->(:GoodPractice)
SERVES = "SERVES"  # (:Programme)-[:SERVES]->(:Resolution)
OF_STATE = "OF_STATE"  # (:Need|Assessment|Roadmap)-[:OF_STATE]->(:State)
IDENTIFIED_IN = "IDENTIFIED_IN"  # (:Need|Roadmap)-[:IDENTIFIED_IN]->(:Assessment)
LEADS = "LEADS"  # (:Provider)-[:LEADS]->(:Programme)
PARTNER_IN = "PARTNER_IN"  # (:Provider)-[:PARTNER_IN {role}]->(:Programme)
COVERS = "COVERS"  # (:Programme)-[:COVERS]->(:State|Region)
ADDRESSES = "ADDRESSES"  # (:Programme)-[:ADDRESSES {status, ...}]->(:Need)
CONCERNS = "CONCERNS"  # (:Decision)-[:CONCERNS]->(:Need|Programme)
HAS_STEP = "HAS_STEP"  # (:RoadmapTemplate)-[:HAS_STEP]->(:RoadmapStep)
FOLLOWS = "FOLLOWS"  # (:Roadmap)-[:FOLLOWS]->(:RoadmapTemplate)
HAS_STATUS = "HAS_STATUS"  # (:Roadmap)-[:HAS_STATUS]->(:StepStatus)
FOR_STEP = "FOR_STEP"  # (:StepStatus)-[:FOR_STEP]->(:RoadmapStep)
BACKED_BY = "BACKED_BY"  # (:StepStatus)-[:BACKED_BY]->(:Need)

# Enumerations --------------------------------------------------------------------
REGION_LEVELS = ("region", "subregion", "intermediate")
PROVIDER_KINDS = (
    "un-entity",
    "multilateral",
    "regional-organization",
    "bilateral-donor",
    "civil-society",
    "private-sector",
)
PARTNER_ROLES = ("funding", "accountable", "extending", "implementing")
"""IATI organisation roles a provider can hold on a programme."""

PROGRAMME_STATUSES = ("pipeline", "active", "completed", "cancelled")
PROGRAMME_SCOPES = ("global", "regional", "national")
ASSESSMENT_KINDS = ("assessment-visit", "follow-up-visit", "deep-dive", "desk-review")
PRIORITIES = ("high", "medium", "low")
NEED_STATUSES = ("open", "in-progress", "met", "withdrawn")
CONFIDENTIALITY = ("public", "restricted", "confidential")
LINK_STATUSES = ("proposed", "agreed", "delivering", "completed", "declined")
ADDRESSING_STATUSES = ("agreed", "delivering", "completed")
"""Link statuses under which a programme counts as addressing a need."""

STEP_STATUSES = ("not-started", "in-progress", "in-place", "not-applicable")
"""Where a State stands on one step of its roadmap."""

STEP_OPEN_STATUSES = ("not-started", "in-progress")
"""Step statuses under which a step still needs work (and can be a gap)."""

PROVENANCE = ("source", "load_id", "loaded_at")
"""Properties every node and relationship written by a load carries."""
