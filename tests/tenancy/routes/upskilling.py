"""Isolation entries for the learning paths and the training places (see
tests/tenancy/test_isolation.py).

Programme A gets a published path over a course, a learner's badge of another path with the
programme's signing key, and a provider's course with its offer and a place booked with a
training voucher. Charlie, staff of programme B, must not find the path or the badge in B's
lists, must get 404 on B's host for the path, its badge button, the badge's page and
documents, the badge class, image and key, the course's place page, and for each back-office
row (path, badge, key, offer, place).
"""

from __future__ import annotations

from typing import Any

from socialtech.tenancy.context import tenant_context
from tests.factories import UserFactory
from tests.tenancy.kinds import ObjectPage, OwnList, Public
from tests.upskilling.factories import badge_for, path_with_courses, training_parties
from upskilling.badges.services import badge_key_active
from upskilling.models import Badge, BadgeKey, CourseOffer, LearningPath, TrainingPlace
from upskilling.training.services import place_book


def _path(objects: dict[str, Any]) -> dict[str, Any]:
    return {"slug": objects["upskilling_path"].slug}


def _badge_code(objects: dict[str, Any]) -> dict[str, Any]:
    return {"code": objects["upskilling_badge"].code}


def _badge_path(objects: dict[str, Any]) -> dict[str, Any]:
    return {"slug": objects["upskilling_badge"].path.slug}


ROUTES: dict[str, Any] = {
    "upskilling_paths": OwnList(lambda objects: str(objects["upskilling_path"].title)),
    "upskilling_path": ObjectPage(_path),
    "upskilling_path_badge": ObjectPage(_path, method="post"),
    "training_place": ObjectPage(lambda objects: {"slug": objects["upskilling_offer"].course.slug}),
    "upskilling_badges_mine": OwnList(lambda objects: str(objects["upskilling_badge"].code)),
    "upskilling_badge_verify": Public("checks a signature against the host's programme's keys"),
    "upskilling_badge_issuer": Public("the host's own programme as the badges' issuer"),
    "upskilling_badge_revocations": Public("the host's own programme's revoked badges"),
    "upskilling_badge_key": ObjectPage(lambda objects: {"kid": objects["upskilling_key"].kid}),
    "upskilling_badge_class": ObjectPage(_badge_path),
    "upskilling_badge_image": ObjectPage(_badge_path),
    "upskilling_badge": ObjectPage(_badge_code),
    "upskilling_badge_assertion": ObjectPage(_badge_code),
    "upskilling_badge_jws": ObjectPage(_badge_code),
    "upskilling_badge_download": ObjectPage(_badge_code),
}


def build(objects: dict[str, Any], *, tenant_a: Any, alice: Any, bob: Any) -> None:
    with tenant_context(tenant_a):
        objects["upskilling_path"] = path_with_courses(
            tenant_a, title="Alpha-only path on cooperative bookkeeping"
        )
        people = training_parties(tenant_a)
        objects["upskilling_offer"] = people.offer
        objects["upskilling_place"] = place_book(
            offer=people.offer,
            voucher=people.voucher,
            learner=people.learner,
            by=people.enterprise_owner,
        )
        objects["upskilling_key"] = badge_key_active()
    objects["upskilling_badge"] = badge_for(
        tenant_a, UserFactory(), title="Alpha-only path on social procurement"
    )


ADMIN_OBJECTS = {
    LearningPath: lambda objects: objects["upskilling_path"],
    CourseOffer: lambda objects: objects["upskilling_offer"],
    TrainingPlace: lambda objects: objects["upskilling_place"],
    Badge: lambda objects: objects["upskilling_badge"],
    BadgeKey: lambda objects: objects["upskilling_key"],
}
