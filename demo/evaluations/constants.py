"""The demo evaluation's people, loads and seeds."""

from __future__ import annotations

STAFF_EMAIL = "staff@example.org"
COORDINATOR_EMAIL = "coordinator@example.org"
RAPPORTEUR_EMAIL = "evaluator1@example.org"
MIN_LOAD = 20
MAX_LOAD = 30
# The Community tech pilots call: twelve applications, three experts each, five experts.
PILOT_MIN_LOAD = 4
PILOT_MAX_LOAD = 10
# The demo's random choices; the ranking's draw has its own seed, recorded in the RankingRun.
DEMO_SEED = 2026
RANKING_SEED = 20260415
INCOMPLETE_APPLICATIONS = 8
