"""A course from the library to its certificate, in the browser: a learner finds the course
in the catalogue, enrols, reads a lesson, fails the quiz once and passes it, and downloads
the certificate from My learning; the certificate's code is verified. The catalogue, the
course, the lesson and the quiz pages pass axe."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from mooc.models import Certificate, Enrolment
from socialtech.tenancy.context import tenant_context
from tests.e2e.conftest import assert_accessible, shot
from tests.e2e.helpers import sign_in
from tests.factories import UserFactory
from tests.mooc.factories import CourseFactory, course_with_lessons

LEARNER_EMAIL = "lucia.moretti@example.org"


def test_a_learner_enrols_completes_a_lesson_and_a_quiz_and_downloads_the_certificate(
    page, live_server, e2e_tenant
):
    with tenant_context(e2e_tenant):
        UserFactory(email=LEARNER_EMAIL, full_name="Lucia Moretti")
        course = course_with_lessons(
            e2e_tenant, lessons=2, title="Shared calendars for care teams", slug="calendars"
        )
        CourseFactory(
            tenant=e2e_tenant, title="Impact measurement basics", topics=["impact_measurement"]
        )

    # --- The catalogue: filter by topic, open the course ------------------------------------
    page.goto("/courses/")
    assert_accessible(page)
    page.get_by_label("Topic").select_option("digital_tools")
    page.get_by_role("button", name=re.compile("Filter|Show|Search")).first.click()
    expect(page.get_by_role("link", name="Shared calendars for care teams")).to_be_visible()
    expect(page.get_by_text("Impact measurement basics")).to_have_count(0)
    shot(page, "01-catalogue")
    sign_in(page, email=LEARNER_EMAIL)
    page.wait_for_url(re.compile(r".*/$"))
    page.goto("/courses/calendars/")
    assert_accessible(page)
    shot(page, "02-course")

    # --- Enrol, read the first lesson --------------------------------------------------------
    page.get_by_role("button", name="Enrol").click()
    page.wait_for_url(re.compile(r"/courses/calendars/lessons/\d+/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Lesson 1")
    assert_accessible(page)
    shot(page, "03-lesson")
    page.get_by_role("link", name=re.compile("Next")).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Lesson 2")

    # --- The quiz: a wrong attempt, then a pass -------------------------------------------
    page.get_by_role("link", name="Take the quiz").click()
    assert_accessible(page)
    page.get_by_label("A paper diary").check()
    page.get_by_label("A USB stick").check()
    page.get_by_role("button", name="Submit my answers").click()
    expect(page.get_by_text("It cannot be shared.")).to_be_visible()  # the answer's feedback
    shot(page, "04-quiz-failed")
    assert_accessible(page)
    page.goto(re.sub(r"\?.*$", "", page.url))
    page.get_by_label("A shared calendar").check()
    page.get_by_label("Online documents").check()
    page.get_by_label("Shared drives").check()
    page.get_by_role("button", name="Submit my answers").click()
    expect(page.get_by_text("Right.")).to_be_visible()
    shot(page, "04-quiz-passed")
    with tenant_context(e2e_tenant):
        enrolment = Enrolment.objects.get(course=course, user__email=LEARNER_EMAIL)
        assert enrolment.completed_at is not None
        certificate = Certificate.objects.get(enrolment=enrolment)
        assert certificate.document is not None

    # --- My learning: completed, the certificate downloads ---------------------------------
    page.goto("/courses/mine/")
    assert_accessible(page)
    expect(page.locator("[data-completed]")).to_be_visible()
    with page.expect_download() as download:
        page.locator("[data-certificate]").click()
    pdf = download.value.path().read_bytes()
    assert pdf.startswith(b"%PDF")
    shot(page, "05-my-learning")

    # --- The certificate's code is genuine on the verify page --------------------------------
    page.goto("/verify/")
    page.get_by_label(re.compile("Document code")).fill(certificate.document.code)
    page.get_by_role("button", name=re.compile("Verify|Check")).first.click()
    expect(page.get_by_text(re.compile("Genuine"))).to_be_visible()
