"""Demo awards: a call with published results taken through offers, agreements, signatures,
payments and reports.

``content`` holds the green transition grants call (GT1) and its eleven applications in the
applicants' words; ``awards`` takes the call from its published ranking to grants in every
state; :func:`seed` here runs them. Idempotent: the call, its applications, its ranking and
its awards are each made once, so a second run changes nothing, and neither does a run
after people used the demo.
"""

from __future__ import annotations

from typing import Any

from applications.models import Application
from calls.models import Call
from demo.applications.programme_calls import ensure_call
from demo.applications.seeding import seed_closed_call
from demo.applications.specs import CLOSED_CALL_SLUG
from demo.evaluations.constants import STAFF_EMAIL
from demo.evaluations.experts import demo_user
from demo.grants.awards import copy_written_answers, publish, seed_awards, summary
from demo.grants.content import (
    GREEN_CALL,
    GREEN_PROJECTS,
    NEAR_COPY_CHANGES,
    NEAR_COPY_INDEX,
    NEAR_COPY_OF,
    ORDER_OF_MERIT,
)
from demo.organisations import demo_organisations
from socialtech.tenancy.context import tenant_context

__all__ = ["seed"]

FINANCE_EMAIL = "finance@example.org"


def seed(*, tenants: dict[str, Any], users: dict[str, Any]) -> str:
    """The GT1 call with its awards (see the module docstring); returns a one-line summary."""
    socialtech = tenants.get("socialtech4eu")
    staff = demo_user(users, STAFF_EMAIL)
    finance = demo_user(users, FINANCE_EMAIL)
    if socialtech is None or staff is None or finance is None:
        return ""
    organisations = demo_organisations(users=users)
    with tenant_context(socialtech):
        call, created = ensure_call(tenant=socialtech, spec=GREEN_CALL)
        added = seed_closed_call(call=call, organisations=organisations, projects=GREEN_PROJECTS)
        if added:
            copy_written_answers(
                copy=Application.objects.get(
                    call=call,
                    organisation=organisations[GREEN_PROJECTS[NEAR_COPY_INDEX].organisation],
                ),
                original=Application.objects.get(
                    call__slug=CLOSED_CALL_SLUG, organisation=organisations[NEAR_COPY_OF]
                ),
                changes=NEAR_COPY_CHANGES,
            )
        by_organisation = {
            application.organisation_id: application
            for application in Application.objects.filter(call=call).select_related("organisation")
        }
        order = [by_organisation[organisations[key].pk] for key in ORDER_OF_MERIT]
        changed = created + added + publish(call=call, order=order, staff=staff)
        call = Call.objects.get(pk=call.pk)
        changed += seed_awards(call=call, order=order, staff=staff, finance=finance)
        return summary(call) + ("" if changed else " (nothing new)")
