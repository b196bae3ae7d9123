"""Badges awarded: once when the last course of a published path is completed, never while
a course is missing or for a draft path, on request for a path published after the
learner finished it, and e-mailed to the learner once in their language."""

from __future__ import annotations

from typing import Any

import pytest
from django.core import mail
from django.db import IntegrityError
from django.utils import translation

from socialtech.audit.models import AuditEvent
from socialtech.documents.models import is_document_code
from tests.factories import UserFactory
from tests.upskilling.factories import complete_course, path_courses, path_with_courses
from upskilling.badges import jobs, services
from upskilling.badges.jobs import badge_award, path_badges_check
from upskilling.errors import UpskillingError
from upskilling.models import Badge, PathCourse


def badge_mails() -> list[Any]:
    return [message for message in mail.outbox if "badge" in message.subject]


def complete_all(user: Any, path: Any, capture: Any) -> list[Any]:
    enrolments = []
    for course in path_courses(path):
        with capture(execute=True):
            enrolments.append(complete_course(user, course))
    return enrolments


def test_completing_the_last_course_of_a_published_path_awards_its_badge_once_with_one_email(
    in_tenant_a: Any, django_capture_on_commit_callbacks: Any
) -> None:
    learner = UserFactory(email="lena@example.org", full_name="Lena Marino")
    path = path_with_courses(in_tenant_a, courses=2, title="Digital basics", badge_name="Digital")
    first, last = path_courses(path)

    with django_capture_on_commit_callbacks(execute=True):
        complete_course(learner, first)
    assert not Badge.objects.filter(user=learner).exists()

    with django_capture_on_commit_callbacks(execute=True):
        enrolment = complete_course(learner, last)

    badge = Badge.objects.get(user=learner, path=path)
    assert is_document_code(badge.code)
    assert len(badge.salt) == 32
    assert badge.revoked_at is None
    awarded = AuditEvent.objects.filter(verb=jobs.AWARDED, object_id=str(badge.pk))
    assert awarded.count() == 1
    assert awarded.get().data["code"] == badge.code
    sent = badge_mails()
    assert len(sent) == 1
    assert sent[0].to == ["lena@example.org"]
    assert "Digital" in sent[0].subject
    assert f"/training/badges/{badge.code}/" in sent[0].body
    assert "/training/badges/mine/" in sent[0].body

    # The check running again (a retried task) awards and sends nothing more.
    assert path_badges_check(enrolment_id=enrolment.pk) == []
    assert services.badges_award_due(user=learner) == []
    assert Badge.objects.filter(user=learner).count() == 1
    assert len(badge_mails()) == 1


def test_no_badge_while_a_course_of_the_path_is_missing(
    in_tenant_a: Any, django_capture_on_commit_callbacks: Any
) -> None:
    learner = UserFactory()
    path = path_with_courses(in_tenant_a, courses=3)
    first, second, _third = path_courses(path)
    with django_capture_on_commit_callbacks(execute=True):
        complete_course(learner, first)
    with django_capture_on_commit_callbacks(execute=True):
        enrolment = complete_course(learner, second)

    assert path_badges_check(enrolment_id=enrolment.pk) == []
    assert not Badge.objects.exists()
    with pytest.raises(UpskillingError) as refused:
        badge_award(path=path, user=learner)
    assert refused.value.code == "path_not_completed"
    assert badge_mails() == []


def test_a_draft_path_awards_no_badge(
    in_tenant_a: Any, django_capture_on_commit_callbacks: Any
) -> None:
    learner = UserFactory()
    path = path_with_courses(in_tenant_a, courses=1, status="draft", published_at=None)

    complete_all(learner, path, django_capture_on_commit_callbacks)

    assert not Badge.objects.exists()
    assert services.badges_award_due(user=learner) == []
    with pytest.raises(UpskillingError) as refused:
        badge_award(path=path, user=learner)
    assert refused.value.code == "path_not_published"


def test_a_course_on_two_published_paths_completes_both(
    in_tenant_a: Any, django_capture_on_commit_callbacks: Any
) -> None:
    learner = UserFactory()
    one = path_with_courses(in_tenant_a, courses=1)
    other = path_with_courses(in_tenant_a, courses=1)
    PathCourse.objects.create(tenant=in_tenant_a, path=other, course=path_courses(one)[0], order=2)
    complete_all(learner, other, django_capture_on_commit_callbacks)

    assert set(Badge.objects.values_list("path_id", flat=True)) == {one.pk, other.pk}
    assert len(badge_mails()) == 2


def test_awarding_twice_returns_the_first_badge(in_tenant_a: Any) -> None:
    learner = UserFactory()
    path = path_with_courses(in_tenant_a, courses=1)
    complete_course(learner, path_courses(path)[0])

    badge, created = badge_award(path=path, user=learner)
    again, created_again = badge_award(path=path, user=learner)

    assert created is True and created_again is False
    assert again.pk == badge.pk
    assert Badge.objects.count() == 1
    assert AuditEvent.objects.filter(verb=jobs.AWARDED).count() == 1


def test_an_award_racing_another_finds_the_badge_the_other_wrote(
    in_tenant_a: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    learner = UserFactory()
    path = path_with_courses(in_tenant_a, courses=1)
    complete_course(learner, path_courses(path)[0])
    winner, _created = badge_award(path=path, user=learner)
    # The other run read "no badge" just before this one wrote it.
    real_filter = Badge.objects.filter
    calls = {"n": 0}

    def stale_first_read(*args: Any, **kwargs: Any) -> Any:
        calls["n"] += 1
        result = real_filter(*args, **kwargs)
        return result.none() if calls["n"] == 1 else result

    monkeypatch.setattr(Badge.objects, "filter", stale_first_read)

    badge, created = badge_award(path=path, user=learner)

    assert created is False
    assert badge.pk == winner.pk
    assert Badge.objects.count() == 1


def test_the_database_refuses_a_second_badge_for_the_same_path_and_learner(
    in_tenant_a: Any,
) -> None:
    learner = UserFactory()
    path = path_with_courses(in_tenant_a, courses=1)
    complete_course(learner, path_courses(path)[0])
    badge, _created = badge_award(path=path, user=learner)
    with pytest.raises(IntegrityError):
        Badge.objects.create(
            tenant=in_tenant_a, path=path, user=learner, code="ABCD-EFGH-JKMN", salt="x"
        )
    assert badge.pk


def test_badges_award_due_awards_a_path_published_after_the_learner_finished(
    in_tenant_a: Any, django_capture_on_commit_callbacks: Any
) -> None:
    learner = UserFactory(email="late@example.org")
    path = path_with_courses(in_tenant_a, courses=2, status="draft", published_at=None)
    complete_all(learner, path, django_capture_on_commit_callbacks)
    assert not Badge.objects.exists()
    path.status = "published"
    path.save()

    with django_capture_on_commit_callbacks(execute=True):
        awarded = services.badges_award_due(user=learner)

    badge = Badge.objects.get()
    assert [row.pk for row in awarded] == [badge.pk]
    assert badge.user_id == learner.pk and badge.path_id == path.pk
    assert [message.to for message in badge_mails()] == [["late@example.org"]]
    # Pressed again: nothing more.
    with django_capture_on_commit_callbacks(execute=True):
        assert services.badges_award_due(user=learner) == []
    assert len(badge_mails()) == 1


def test_the_email_is_written_in_the_learners_language(
    in_tenant_a: Any, django_capture_on_commit_callbacks: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    learner = UserFactory(email="giulia@example.org", language="it")
    path = path_with_courses(in_tenant_a, courses=1)
    languages: list[str | None] = []
    real_email = jobs.programme_email

    def spy(**kwargs: Any) -> Any:
        languages.append(translation.get_language())
        return real_email(**kwargs)

    monkeypatch.setattr(jobs, "programme_email", spy)

    complete_all(learner, path, django_capture_on_commit_callbacks)

    assert languages == ["it"]
    assert [message.to for message in badge_mails()] == [["giulia@example.org"]]


def test_no_email_for_a_revoked_badge_and_none_twice(in_tenant_a: Any, alice: Any) -> None:
    learner = UserFactory()
    path = path_with_courses(in_tenant_a, courses=1)
    complete_course(learner, path_courses(path)[0])
    badge, _created = badge_award(path=path, user=learner)

    assert jobs.badge_awarded_notice_send(badge_id=badge.pk) == 1
    assert jobs.badge_awarded_notice_send(badge_id=badge.pk) == 0
    services.badge_revoke(badge=badge, by=alice, reason="Awarded by mistake.")
    assert jobs.badge_awarded_notice_send(badge_id=badge.pk) == 0
    assert len(mail.outbox) == 1
