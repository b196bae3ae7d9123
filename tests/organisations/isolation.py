"""Isolation entries for the organisations routes (see tests/tenancy/test_isolation.py).

Not collected by itself: ``tests/tenancy/routes/organisations.py`` re-exports it with
``from tests.organisations.isolation import ADMIN_OBJECTS, ROUTES, build``.
Organisations are global, so "programme A's organisation" is one whose members are
Alice and Bob; Charlie, a non-member, must get 404 for it on any host.
"""

from __future__ import annotations

from typing import Any

from organisations.models import Organisation, OrganisationInvitation, OrganisationMember
from tests.factories import OrganisationFactory
from tests.tenancy.kinds import ObjectPage, OwnAccount, OwnList

MARKER = "Isolation Cooperative Alpha"

ROUTES: dict[str, Any] = {
    "organisation_list": OwnList(lambda objects: MARKER),
    "organisation-list": OwnList(lambda objects: MARKER),
    "organisation_create": OwnAccount("creates an organisation owned by the signed-in user"),
    "organisation_invitation_accept": OwnAccount(
        "the unguessable token is the credential; accepting needs the invited verified address"
    ),
    "organisation_detail": ObjectPage(lambda objects: {"pk": objects["organisation"].pk}),
    "organisation-detail": ObjectPage(lambda objects: {"pk": objects["organisation"].pk}),
    "organisation_edit": ObjectPage(lambda objects: {"pk": objects["organisation"].pk}),
    "organisation_invite": ObjectPage(lambda objects: {"pk": objects["organisation"].pk}),
    "organisation_member_remove": ObjectPage(
        lambda objects: {
            "pk": objects["organisation"].pk,
            "member_pk": objects["organisation_member"].pk,
        },
        method="post",
    ),
}


def build(objects: dict[str, Any], *, tenant_a: Any, alice: Any, bob: Any) -> None:
    organisation = OrganisationFactory(legal_name=MARKER, owner=alice, editors=[bob])
    objects["organisation"] = organisation
    objects["organisation_member"] = OrganisationMember.objects.get(
        organisation=organisation, user=bob
    )
    objects["organisation_invitation"] = OrganisationInvitation.objects.create(
        organisation=organisation, email="invited@example.org", role="editor", tenant=tenant_a
    )


ADMIN_OBJECTS: dict[type, Any] = {Organisation: lambda objects: objects["organisation"]}
