"""Upskilling rows for tests: a published learning path over new courses, and a learner who
completes a course through the learning services (so the completion callbacks run)."""

from __future__ import annotations

from typing import Any

import factory
from django.utils import timezone

from mooc.learning import services as learning
from mooc.models import Course, Enrolment, Lesson
from tests.factories import TenantOwnedFactory
from tests.mooc.factories import course_with_lessons
from upskilling.models import LearningPath, PathCourse


class PathFactory(TenantOwnedFactory):
    class Meta:
        model = LearningPath

    slug = factory.Sequence(lambda n: f"path-{n}")
    title = factory.Sequence(lambda n: f"Digital basics for social enterprises {n}")
    summary = "Three short courses on the tools a small team needs."
    audience = "enterprise_staff"
    status = "published"
    badge_name = "Digital basics"
    badge_description = "Completed the digital basics path of the programme."
    badge_criteria = "Complete every course of the path, passing each quiz."
    published_at = factory.LazyFunction(timezone.now)


def path_with_courses(tenant: Any, *, courses: int = 2, **path: Any) -> LearningPath:
    """A published path of ``courses`` new courses of two lessons each, without quizzes,
    in order."""
    made = PathFactory(tenant=tenant, **path)
    for order in range(1, courses + 1):
        course = course_with_lessons(tenant, lessons=2, quiz_on_last=False)
        PathCourse.objects.create(tenant=tenant, path=made, course=course, order=order)
    return made


def path_courses(path: LearningPath) -> list[Course]:
    return [step.course for step in path.steps.select_related("course").order_by("order")]


def complete_course(user: Any, course: Course) -> Enrolment:
    """Enrol ``user`` on ``course`` and open every lesson (the course must have no quiz): the
    course is completed through the services, so the completion callbacks are queued."""
    enrolment = learning.enrol(course=course, user=user)
    for lesson in Lesson.objects.filter(module__course=course).order_by("module__order", "order"):
        learning.lesson_open(enrolment=enrolment, lesson=lesson)
    enrolment.refresh_from_db()
    return enrolment


# --- Training vouchers ------------------------------------------------------------------------


class OfferFactory(TenantOwnedFactory):
    """A course offered for training vouchers by a provider accredited for training."""

    class Meta:
        model = "upskilling.CourseOffer"

    course = factory.LazyAttribute(
        lambda offer: course_with_lessons(offer.tenant, lessons=2, quiz_on_last=False)
    )
    provider = factory.SubFactory(
        "tests.vouchers.factories.ProviderFactory", tenant=factory.SelfAttribute("..tenant")
    )
    price = factory.LazyFunction(lambda: _euros("450.00"))
    active = True


def _euros(amount: str) -> Any:
    from decimal import Decimal

    return Decimal(amount)


def training_parties(tenant: Any, *, price: str = "450.00", **voucher: Any) -> Any:
    """An offered course (EUR ``price`` per learner) of a provider accredited for training
    with its owner; an issued voucher (EUR 5,000.00, co-funding 20 %) whose enterprise has an
    owner and a second member, the learner; a stranger with an organisation of their own."""
    from decimal import Decimal

    from tests.vouchers.factories import AccreditationFactory
    from tests.vouchers.redemption_setup import parties
    from vouchers.models import ServiceCategory

    people = parties(tenant, **voucher)
    AccreditationFactory(
        tenant=tenant,
        provider=people.provider,
        category=ServiceCategory.TRAINING,
        services=[{"service": "Online course with tutoring", "price": price}],
    )
    people.offer = OfferFactory(tenant=tenant, provider=people.provider, price=Decimal(price))
    people.course = people.offer.course
    people.learner = _training_member(people.voucher.organisation, "Lara Learner")
    return people


def _training_member(organisation: Any, name: str, role: str = "editor") -> Any:
    from tests.vouchers.redemption_setup import member

    return member(organisation, role=role, full_name=name)


def badge_for(tenant: Any, user: Any, **path: Any) -> Any:
    """A badge of a new published path of one course, awarded to ``user`` after they
    completed the course through the services (the completion callbacks are not run)."""
    from socialtech.tenancy.context import tenant_context
    from upskilling.badges.jobs import badge_award

    with tenant_context(tenant):
        made = path_with_courses(tenant, courses=1, **path)
        complete_course(user, path_courses(made)[0])
        badge, _created = badge_award(path=made, user=user)
    return badge
