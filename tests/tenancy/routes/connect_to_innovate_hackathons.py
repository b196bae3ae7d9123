"""Isolation entries for the hackathon pages (see tests/tenancy/test_isolation.py).

Programme A gets a completed hackathon with one team (its people are made for it). Charlie, staff of
programme B, must get 404 on B's host for the hackathon, its forms and buttons and its
team's page, must not find A's hackathon among his own, and must not open A's rows in the
back office.
"""

from __future__ import annotations

from typing import Any

from connect_to_innovate.models import (
    Hackathon,
    HackathonChallenge,
    HackathonSignup,
    HackathonTeam,
)
from socialtech.tenancy.context import tenant_context
from tests.connect_to_innovate.factories_hackathons import completed_hackathon
from tests.tenancy.kinds import ObjectPage, OwnList, Public


def _hackathon(objects: dict[str, Any]) -> dict[str, Any]:
    return {"slug": objects["connect_hackathon"].slug}


ROUTES: dict[str, Any] = {
    "connect_hackathon_list": Public("the host's own programme's hackathons"),
    "connect_hackathon_mine": OwnList(lambda objects: str(objects["connect_hackathon"].title)),
    "connect_hackathon_detail": ObjectPage(_hackathon),
    "connect_hackathon_challenge": ObjectPage(_hackathon),
    "connect_hackathon_signup": ObjectPage(_hackathon),
    "connect_hackathon_withdraw": ObjectPage(_hackathon, method="post"),
    "connect_hackathon_team": ObjectPage(
        lambda objects: {
            "slug": objects["connect_hackathon"].slug,
            "pk": objects["connect_hackathon_team"].pk,
        }
    ),
}


def build(objects: dict[str, Any], *, tenant_a: Any, alice: Any, bob: Any) -> None:
    with tenant_context(tenant_a):
        hackathon = completed_hackathon(
            alice, teams=1, slug="alpha-hackathon", title="Alpha-only farm hackathon"
        )
        objects["connect_hackathon"] = hackathon
        objects["connect_hackathon_team"] = HackathonTeam.objects.get(hackathon=hackathon)
        objects["connect_hackathon_challenge"] = HackathonChallenge.objects.get(hackathon=hackathon)
        objects["connect_hackathon_signup"] = HackathonSignup.objects.filter(
            hackathon=hackathon
        ).first()


ADMIN_OBJECTS = {
    Hackathon: lambda objects: objects["connect_hackathon"],
    HackathonChallenge: lambda objects: objects["connect_hackathon_challenge"],
    HackathonSignup: lambda objects: objects["connect_hackathon_signup"],
    HackathonTeam: lambda objects: objects["connect_hackathon_team"],
}
