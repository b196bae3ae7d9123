"""The demo's course library: six published courses in three languages, each with a quiz,
made through the course services; the applicant completed one (with its certificate) and
started another; the learning paths serve both audiences and the applicant holds the badge of
the path whose course they completed; a second run changes nothing."""

from __future__ import annotations

import io
from typing import Any

from django.core.management import call_command

from demo.mooc import COMPLETED_SLUG, STARTED_SLUG
from demo.mooc.content import COURSES
from demo.organisations import APPLICANT_EMAIL
from demo.upskilling import OFFER_PRICE, PATHS, TUTORED_COURSE
from mooc.models import Certificate, Course, Enrolment, Lesson, Quiz, QuizAttempt
from socialtech.accounts.models import User
from socialtech.tenancy.context import tenant_context
from socialtech.tenancy.models import Tenant
from upskilling.models import Badge, CourseOffer, LearningPath, PathCourse
from upskilling.paths.selectors import path_progress


def test_the_demo_library_has_six_courses_in_three_languages_and_the_applicants_learning(
    seeded_demo: str,
) -> None:
    with tenant_context(Tenant.objects.get(slug="socialtech4eu")):
        before = (Course.objects.count(), Enrolment.objects.count(), QuizAttempt.objects.count())
        call_command("seed_demo", stdout=io.StringIO())
        after = (Course.objects.count(), Enrolment.objects.count(), QuizAttempt.objects.count())
        assert after == before
        courses = Course.objects.filter(status="published", slug__in=[c.slug for c in COURSES])
        assert courses.count() == 6
        assert set(courses.values_list("language", flat=True)) == {"en", "it", "de"}
        for course in courses:
            assert Quiz.objects.filter(lesson__module__course=course).exists(), course
            assert Lesson.objects.filter(module__course=course).count() >= 1
        completed = Enrolment.objects.get(user__email=APPLICANT_EMAIL, course__slug=COMPLETED_SLUG)
        assert completed.completed_at is not None
        # The quiz was failed once, then passed.
        assert list(
            QuizAttempt.objects.filter(enrolment=completed).values_list("passed", flat=True)
        ) == [False, True]
        assert Certificate.objects.get(enrolment=completed).document is not None
        started = Enrolment.objects.get(user__email=APPLICANT_EMAIL, course__slug=STARTED_SLUG)
        assert started.completed_at is None and started.last_lesson is not None
    assert "courses: 6 courses in 3 languages (de, en, it)" in seeded_demo


def test_the_demo_paths_serve_both_audiences_and_the_applicant_holds_a_badge(
    seeded_demo: str,
) -> None:
    with tenant_context(Tenant.objects.get(slug="socialtech4eu")):
        before = (LearningPath.objects.count(), PathCourse.objects.count(), Badge.objects.count())
        call_command("seed_demo", stdout=io.StringIO())
        assert (
            LearningPath.objects.count(),
            PathCourse.objects.count(),
            Badge.objects.count(),
        ) == before
        published = LearningPath.objects.filter(status="published")
        assert published.count() == len([spec for spec in PATHS if spec.publish]) == 4
        assert set(published.values_list("audience", flat=True)) == {
            "enterprise_staff",
            "cluster_managers",
        }
        assert LearningPath.objects.filter(status="draft").count() == 1
        applicant = User.objects.get(email=APPLICANT_EMAIL)
        # The starter path's only course is the one the applicant completed: its badge.
        badges = Badge.objects.filter(user=applicant)
        assert [badge.path.slug for badge in badges] == ["digital-starter"]
        half_way = path_progress(
            path=LearningPath.objects.get(slug="digital-and-impact-basics"), user=applicant
        )
        assert (half_way.completed, half_way.total) == (1, 2)
        assert [step.state for step in half_way.steps] == ["completed", "started"]
    assert "learning paths: 5 learning paths (4 published" in seeded_demo


def test_the_demo_has_a_providers_tutored_course_open_to_training_vouchers(
    seeded_demo: str, client: Any
) -> None:
    tenant = Tenant.objects.get(slug="socialtech4eu")
    with tenant_context(tenant):
        offer = CourseOffer.objects.select_related("course", "provider__organisation").get(
            course__slug=TUTORED_COURSE.slug
        )
        assert offer.active and offer.price == OFFER_PRICE
        assert offer.course.status == "published"
        assert offer.provider.organisation.legal_name == "Nordic Impact Advisors AB"
    page = client.get(f"/courses/{TUTORED_COURSE.slug}/", HTTP_HOST="localhost").content.decode()
    # No enrol button: the course page names the provider and the price, and links to a place.
    assert "Nordic Impact Advisors AB for EUR 480.00 per learner" in page
    assert f'href="/training/courses/{TUTORED_COURSE.slug}/place/"' in page
    assert "data-enrol>" not in page
