"""The demo's course library: six published courses in three languages, each with a quiz,
made through the course services; the applicant completed one (with its certificate) and
started another; a second run changes nothing."""

from __future__ import annotations

import io

from django.core.management import call_command

from demo.mooc import COMPLETED_SLUG, STARTED_SLUG
from demo.organisations import APPLICANT_EMAIL
from mooc.models import Certificate, Course, Enrolment, Lesson, Quiz, QuizAttempt
from socialtech.tenancy.context import tenant_context
from socialtech.tenancy.models import Tenant


def test_the_demo_library_has_six_courses_in_three_languages_and_the_applicants_learning(
    db: None, django_capture_on_commit_callbacks
) -> None:
    out = io.StringIO()
    # What a real run does after each seeder commits (the certificate's task) runs here too.
    with django_capture_on_commit_callbacks(execute=True):
        call_command("seed_demo", stdout=out)
    with tenant_context(Tenant.objects.get(slug="socialtech4eu")):
        before = (Course.objects.count(), Enrolment.objects.count(), QuizAttempt.objects.count())
        call_command("seed_demo", stdout=out)
        after = (Course.objects.count(), Enrolment.objects.count(), QuizAttempt.objects.count())
        assert after == before
        courses = Course.objects.filter(status="published")
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
    assert "courses: 6 courses in 3 languages (de, en, it)" in out.getvalue()
