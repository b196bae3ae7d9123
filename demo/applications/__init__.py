"""Demo calls and applications for ``seed_demo``.

SocialTech4EU gets the four calls a visitor should see: Open Call 2 (grants, open, the
realistic six-section form in seven languages), an open voucher call, an announced call
that opens in two weeks, and Open Call 1, closed three weeks ago and in evaluation with
forty submitted applications from forty organisations. ``applicant@example.org`` has
drafts on the open calls, one of them nearly complete. The Demo Cluster gets one small
open call so its host shows something.

Idempotent: calls are looked up by slug, form fields by key, criteria and questions by
position; applications by call and organisation. What exists is left alone (a published
call's form is frozen), what is missing is added, so a second run changes nothing.
Dates are relative to the day of the first run.

The package reads top-down: ``specs`` (the shapes and slugs), the calls' content
(``grant_choices``, ``grant_form``, ``grant_calls``, ``other_forms``, ``programme_calls``),
the applicants' material (``projects`` and ``further_projects``, ``answers``, ``files``)
and ``seeding``, whose :func:`seed` the demo command runs.
"""

from __future__ import annotations

from demo.applications.answers import (
    BUDGET_DESCRIPTIONS,
    PARTNER_SENTENCES,
    READINESS_WORDS,
    SECTOR_CONTEXT,
    TARGET_WORDS,
    TEAM_SENTENCES,
    TRANSITION_SENTENCES,
    project_answers,
    project_files,
)
from demo.applications.files import demo_pdf, demo_upload
from demo.applications.further_projects import FURTHER_PROJECTS
from demo.applications.grant_calls import (
    GRANT_CRITERIA,
    OC2_BODY_EN,
    OC2_BODY_IT,
    OC2_FAQ,
    oc1_body,
)
from demo.applications.grant_choices import (
    COST_CATEGORIES,
    READINESS,
    S_BUDGET,
    S_CHALLENGE,
    S_DECLARATIONS,
    S_PROJECT,
    S_SOLUTION,
    S_TEAM,
    SECTORS,
    TARGET_GROUPS,
    TRANSITIONS,
)
from demo.applications.grant_form import MB, grant_form
from demo.applications.other_forms import (
    VOUCHER_DECLARATIONS,
    VOUCHER_SECTION,
    acceleration_form,
    microgrant_form,
    voucher_form,
)
from demo.applications.programme_calls import democluster_calls, ensure_call, socialtech_calls
from demo.applications.projects import (
    NEARLY_COMPLETE,
    OC1_PROJECTS,
    PILOT_PROJECTS,
    RECIPE_PROJECTS,
)
from demo.applications.seeding import (
    seed,
    seed_applicant_drafts,
    seed_closed_call,
    seed_pilot_call,
)
from demo.applications.specs import (
    CLOSED_CALL_SLUG,
    DEMOCLUSTER_CALL_SLUG,
    LANGUAGES,
    OPEN_CALL_SLUG,
    PILOT_CALL_SLUG,
    UPCOMING_CALL_SLUG,
    VOUCHER_CALL_SLUG,
    CallSpec,
    FieldSpec,
    Project,
    options,
    t,
)

__all__ = [
    "BUDGET_DESCRIPTIONS",
    "CLOSED_CALL_SLUG",
    "COST_CATEGORIES",
    "DEMOCLUSTER_CALL_SLUG",
    "FURTHER_PROJECTS",
    "GRANT_CRITERIA",
    "LANGUAGES",
    "MB",
    "NEARLY_COMPLETE",
    "OC1_PROJECTS",
    "OC2_BODY_EN",
    "OC2_BODY_IT",
    "OC2_FAQ",
    "OPEN_CALL_SLUG",
    "PARTNER_SENTENCES",
    "PILOT_CALL_SLUG",
    "PILOT_PROJECTS",
    "READINESS",
    "READINESS_WORDS",
    "RECIPE_PROJECTS",
    "SECTORS",
    "SECTOR_CONTEXT",
    "S_BUDGET",
    "S_CHALLENGE",
    "S_DECLARATIONS",
    "S_PROJECT",
    "S_SOLUTION",
    "S_TEAM",
    "TARGET_GROUPS",
    "TARGET_WORDS",
    "TEAM_SENTENCES",
    "TRANSITIONS",
    "TRANSITION_SENTENCES",
    "UPCOMING_CALL_SLUG",
    "VOUCHER_CALL_SLUG",
    "VOUCHER_DECLARATIONS",
    "VOUCHER_SECTION",
    "CallSpec",
    "FieldSpec",
    "Project",
    "acceleration_form",
    "demo_pdf",
    "demo_upload",
    "democluster_calls",
    "ensure_call",
    "grant_form",
    "microgrant_form",
    "oc1_body",
    "options",
    "project_answers",
    "project_files",
    "seed",
    "seed_applicant_drafts",
    "seed_closed_call",
    "seed_pilot_call",
    "socialtech_calls",
    "t",
    "voucher_form",
]
