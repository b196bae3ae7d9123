"""Isolation entries for the learning paths and the training places (see
tests/tenancy/test_isolation.py).

Programme A gets a published path over a course, and a provider's course with its offer and
a place booked with a training voucher. Charlie, staff of programme B, must not find the path
in B's list, must get 404 on B's host for the path, its badge button, the course's place page,
and for each back-office row (path, offer, place).
"""

from __future__ import annotations

from typing import Any

from socialtech.tenancy.context import tenant_context
from tests.tenancy.kinds import ObjectPage, OwnList
from tests.upskilling.factories import path_with_courses, training_parties
from upskilling.models import CourseOffer, LearningPath, TrainingPlace
from upskilling.training.services import place_book


def _path(objects: dict[str, Any]) -> dict[str, Any]:
    return {"slug": objects["upskilling_path"].slug}


ROUTES: dict[str, Any] = {
    "upskilling_paths": OwnList(lambda objects: str(objects["upskilling_path"].title)),
    "upskilling_path": ObjectPage(_path),
    "upskilling_path_badge": ObjectPage(_path, method="post"),
    "training_place": ObjectPage(lambda objects: {"slug": objects["upskilling_offer"].course.slug}),
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


ADMIN_OBJECTS = {
    LearningPath: lambda objects: objects["upskilling_path"],
    CourseOffer: lambda objects: objects["upskilling_offer"],
    TrainingPlace: lambda objects: objects["upskilling_place"],
}
