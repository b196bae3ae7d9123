"""A course from the library to its certificate, in the browser: a learner finds the course
in the catalogue, enrols, reads a lesson, fails the quiz once and passes it, and downloads
the certificate from My learning; the certificate's code is verified. The course was the
only one of a learning path: the path shows it completed, the badge page names the learner,
the signed Open Badges assertion downloads and the verify page accepts it. The catalogue,
course, lesson, quiz, path, badge and verify pages pass axe."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from mooc.models import Certificate, Enrolment
from socialtech.tenancy.context import tenant_context
from tests.e2e.conftest import assert_accessible, shot
from tests.e2e.helpers import sign_in
from tests.factories import UserFactory
from tests.mooc.factories import CourseFactory, course_with_lessons
from tests.upskilling.factories import PathFactory
from upskilling.models import Badge, PathCourse

LEARNER_EMAIL = "lucia.moretti@example.org"


def test_a_learner_enrols_completes_a_lesson_and_a_quiz_and_downloads_the_certificate(
    page, live_server, e2e_tenant
):
    with tenant_context(e2e_tenant):
        UserFactory(email=LEARNER_EMAIL, full_name="Lucia Moretti")
        course = course_with_lessons(
            e2e_tenant, lessons=2, title="Shared calendars for care teams", slug="calendars"
        )
        path = PathFactory(
            tenant=e2e_tenant, slug="team-tools", title="Team tools", badge_name="Team tools"
        )
        PathCourse.objects.create(tenant=e2e_tenant, path=path, course=course, order=1)
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

    # --- The path of that one course is complete: its badge, shown and checked ---------------
    page.goto("/training/paths/team-tools/")
    assert_accessible(page)
    expect(page.locator("[data-step][data-state=completed]")).to_have_count(1)
    expect(page.get_by_text("1 of 1 course completed")).to_be_visible()
    shot(page, "06-path-complete")
    page.get_by_role("link", name="See your badge and download it").click()
    page.wait_for_url(re.compile(r"/training/badges/[\w-]+/$"))
    assert_accessible(page)
    expect(page.get_by_text("Lucia Moretti")).to_be_visible()
    shot(page, "07-badge")
    with tenant_context(e2e_tenant):
        badge = Badge.objects.get(path=path, user__email=LEARNER_EMAIL)
    page.goto("/training/badges/mine/")
    with page.expect_download() as download:
        page.locator(f"a[href='/training/badges/{badge.code}/badge.jws']").click()
    signed = download.value.path().read_text()
    assert signed.count(".") == 2  # a compact JWS: header.payload.signature
    page.goto("/training/badges/verify/")
    assert_accessible(page)
    page.locator("textarea").first.fill(signed)
    page.get_by_role("button", name=re.compile("Check|Verify")).first.click()
    expect(page.get_by_text("Team tools").first).to_be_visible()
    shot(page, "08-badge-verified")
