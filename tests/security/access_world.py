"""The world the access-control matrix walks: programme A's objects and eight personas.

Programme A's objects come from the tenancy isolation builders (``tests/tenancy``), so each
object page has a real object of programme A behind it. The personas all ask on programme
A's host:

- ``anonymous``: not signed in;
- ``applicant``: a verified user with no organisation and no role;
- ``other_applicant``: an applicant of another organisation;
- ``evaluator``: an expert with the evaluator role in programme A, not assigned to anything;
- ``conflicted``: an expert who declared a conflict of interest on programme A's
  application under evaluation (the assignment is declined for that reason);
- ``other_staff`` and ``other_coordinator``: staff and coordinator of programme B;
- ``owner``: Alice, staff of programme A and owner of its applicant-side objects;
- ``coordinator``: Bob, programme A's coordinator (the back office's owner).

Back-office personas have a second factor, as they must to reach the back office.
"""

from __future__ import annotations

from typing import Any

from django.test import Client
from django.utils import timezone

from evaluations.models import Assignment, ConflictDeclaration, EvaluatorProfile
from socialtech.tenancy.models import Tenant
from tests.conftest import HOST_A, login
from tests.factories import MembershipFactory, OrganisationFactory, UserFactory
from tests.tenancy import routes_apps
from tests.tenancy.objects import build_tenant_a_objects

PERSONAS = (
    "anonymous",
    "applicant",
    "other_applicant",
    "evaluator",
    "conflicted",
    "other_staff",
    "other_coordinator",
    "owner",
    "coordinator",
)


def build_objects(*, tenant_a: Tenant, alice: Any, bob: Any) -> dict[str, Any]:
    objects = build_tenant_a_objects(tenant_a=tenant_a, alice=alice, bob=bob)
    for build in routes_apps.BUILDERS:
        build(objects, tenant_a=tenant_a, alice=alice, bob=bob)
    return objects


def build_personas(
    objects: dict[str, Any], *, tenant_a: Tenant, tenant_b: Tenant, alice: Any, bob: Any
) -> dict[str, Client]:
    applicant = UserFactory(email="matrix-applicant@example.org")
    other_applicant = UserFactory(email="matrix-other@example.org")
    OrganisationFactory(legal_name="Other Matrix Coop", owner=other_applicant)

    evaluator = UserFactory(email="matrix-evaluator@example.org")
    EvaluatorProfile.objects.create(user=evaluator)
    MembershipFactory(tenant=tenant_a, user=evaluator, role="evaluator")

    conflicted = UserFactory(email="matrix-conflicted@example.org")
    conflicted_profile = EvaluatorProfile.objects.create(user=conflicted)
    MembershipFactory(tenant=tenant_a, user=conflicted, role="evaluator")
    application = objects["workspace_assignment"].application
    Assignment.unscoped.create(
        tenant=tenant_a,
        application=application,
        evaluator=conflicted_profile,
        status=Assignment.Status.DECLINED_CONFLICT,
        confirmed_at=timezone.now(),
    )
    ConflictDeclaration.unscoped.create(
        tenant=tenant_a,
        application=application,
        evaluator=conflicted_profile,
        has_conflict=True,
        reason="Former employee of the applicant",
    )

    other_staff = UserFactory(email="matrix-staff-b@example.org")
    MembershipFactory(tenant=tenant_b, user=other_staff, role="staff")
    other_coordinator = UserFactory(email="matrix-coordinator-b@example.org")
    MembershipFactory(tenant=tenant_b, user=other_coordinator, role="coordinator")

    def signed_in(user: Any, *, mfa: bool = False) -> Client:
        return login(Client(HTTP_HOST=HOST_A), user, mfa=mfa)

    return {
        "anonymous": Client(HTTP_HOST=HOST_A),
        "applicant": signed_in(applicant),
        "other_applicant": signed_in(other_applicant),
        "evaluator": signed_in(evaluator, mfa=True),
        "conflicted": signed_in(conflicted, mfa=True),
        "other_staff": signed_in(other_staff, mfa=True),
        "other_coordinator": signed_in(other_coordinator, mfa=True),
        "owner": signed_in(alice, mfa=True),
        "coordinator": signed_in(bob, mfa=True),
    }
