"""Mentors: pairing refused above the maximum and for a mentor who works for the
enterprise; sessions (workshops and one-to-ones) with invitations; attendance recorded by
staff or the session's mentor only."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from django.core import mail
from django.utils import timezone

from acceleration.errors import AccelerationError
from acceleration.mentoring.selectors import attendance_rates
from acceleration.mentoring.services import (
    attendance_record,
    mentor_profile_save,
    pairing_create,
    session_save,
)
from acceleration.models import Attendance, Pairing
from organisations.models import OrganisationMember
from tests.acceleration.factories_accel import (
    CohortFactory,
    MentorFactory,
    SessionFactory,
    enterprise_in,
)
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_pairing_is_refused_above_the_mentors_maximum(in_tenant_a, alice):
    cohort = CohortFactory(tenant=in_tenant_a)
    mentor = MentorFactory(tenant=in_tenant_a, max_mentees=2)
    first, second, third = (enterprise_in(cohort).participant for _ in range(3))
    pairing_create(mentor=mentor, participant=first, by=alice)
    pairing_create(mentor=mentor, participant=second, by=alice)

    with pytest.raises(AccelerationError) as refused:
        pairing_create(mentor=mentor, participant=third, by=alice)

    assert refused.value.code == "mentor_full"
    assert refused.value.field == "mentor"
    assert "2 of at most 2" in refused.value.message
    assert Pairing.objects.filter(mentor=mentor).count() == 2


def test_a_withdrawn_mentee_frees_a_place(in_tenant_a, alice):
    from acceleration.cohorts.services import participant_withdraw

    cohort = CohortFactory(tenant=in_tenant_a)
    mentor = MentorFactory(tenant=in_tenant_a, max_mentees=1)
    first, second = (enterprise_in(cohort).participant for _ in range(2))
    pairing_create(mentor=mentor, participant=first, by=alice)
    participant_withdraw(participant=first, reason="Closed down", by=alice)

    assert pairing_create(mentor=mentor, participant=second, by=alice).participant == second


def test_pairing_is_refused_when_the_mentor_works_for_the_enterprise(in_tenant_a, alice):
    cohort = CohortFactory(tenant=in_tenant_a)
    enterprise = enterprise_in(cohort, name="Cooperativa Aurora")
    employed = MentorFactory(tenant=in_tenant_a, employer=enterprise.participant.organisation)
    member_user = UserFactory()
    OrganisationMember.objects.create(
        organisation=enterprise.participant.organisation, user=member_user, role="editor"
    )
    member = MentorFactory(tenant=in_tenant_a, user=member_user)

    for mentor in (employed, member):
        with pytest.raises(AccelerationError) as refused:
            pairing_create(mentor=mentor, participant=enterprise.participant, by=alice)
        assert refused.value.code == "conflict_of_interest"
        assert "Cooperativa Aurora" in refused.value.message
    assert not Pairing.objects.exists()


def test_pairing_twice_is_refused(in_tenant_a, alice):
    cohort = CohortFactory(tenant=in_tenant_a)
    mentor = MentorFactory(tenant=in_tenant_a)
    participant = enterprise_in(cohort).participant
    pairing_create(mentor=mentor, participant=participant, by=alice)
    with pytest.raises(AccelerationError) as refused:
        pairing_create(mentor=mentor, participant=participant, by=alice)
    assert refused.value.code == "already_paired"


def test_mentor_maximum_cannot_drop_below_current_mentees(in_tenant_a, alice):
    cohort = CohortFactory(tenant=in_tenant_a)
    mentor = MentorFactory(tenant=in_tenant_a, max_mentees=2)
    for _ in range(2):
        pairing_create(mentor=mentor, participant=enterprise_in(cohort).participant, by=alice)
    with pytest.raises(AccelerationError) as refused:
        mentor_profile_save(by=alice, profile=mentor, user=mentor.user, max_mentees=1)
    assert refused.value.field == "max_mentees"


def test_mentor_profile_keeps_tags_as_lists(in_tenant_a, alice):
    user = UserFactory(full_name="Marta Ruiz")
    profile = mentor_profile_save(
        by=alice,
        profile=None,
        user=user,
        display_name="",
        expertise="social procurement, impact investment",
        languages=["es", "en"],
        countries="es, pt",
        bio="Twenty years in social finance.",
        availability="Two afternoons a month, online",
        max_mentees=3,
        is_active=True,
    )
    assert profile.display_name == "Marta Ruiz"
    assert profile.expertise == ["impact investment", "social procurement"]
    assert profile.countries == ["ES", "PT"]


def test_one_to_one_needs_a_paired_mentor_and_invites_both(
    in_tenant_a, alice, django_capture_on_commit_callbacks
):
    cohort = CohortFactory(tenant=in_tenant_a)
    enterprise = enterprise_in(cohort)
    mentor = MentorFactory(tenant=in_tenant_a, user=UserFactory(email="mentor@example.org"))
    starts = timezone.now() + timedelta(days=7)
    arguments = {
        "by": alice,
        "session": None,
        "cohort": cohort,
        "kind": "one_to_one",
        "title": "Pricing review",
        "starts_at": starts,
        "duration_minutes": 60,
        "online_url": "https://meet.example.org/pricing",
        "participant": enterprise.participant,
        "mentor": mentor,
    }
    with pytest.raises(AccelerationError) as refused:
        session_save(**arguments)
    assert refused.value.code == "not_paired"

    pairing_create(mentor=mentor, participant=enterprise.participant, by=alice)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        session = session_save(**arguments)

    assert sorted(message.to[0] for message in mail.outbox) == sorted(
        [enterprise.owner.email, "mentor@example.org"]
    )
    assert "(Europe/Brussels)" in mail.outbox[0].body
    assert session.ends_at == starts + timedelta(minutes=60)


def test_session_refusals_name_the_field(in_tenant_a, alice):
    cohort = CohortFactory(tenant=in_tenant_a)
    participant = enterprise_in(cohort).participant
    base = {
        "by": alice,
        "session": None,
        "cohort": cohort,
        "kind": "workshop",
        "title": "Impact measurement",
        "starts_at": timezone.now() + timedelta(days=3),
        "duration_minutes": 120,
        "place": "Impact Hub",
    }
    cases = [
        ({"place": ""}, "place"),
        ({"participant": participant}, "participant"),
        ({"starts_at": datetime(2026, 5, 1, 10, 0)}, "starts_at"),
        ({"kind": "one_to_one"}, "participant"),
    ]
    for change, field in cases:
        with pytest.raises(AccelerationError) as refused:
            session_save(**{**base, **change})
        assert refused.value.field == field, change


def test_staff_and_the_sessions_mentor_record_attendance_others_not(in_tenant_a, alice):
    cohort = CohortFactory(tenant=in_tenant_a)
    enterprise = enterprise_in(cohort)
    mentor = MentorFactory(tenant=in_tenant_a)
    other_mentor = MentorFactory(tenant=in_tenant_a)
    pairing_create(mentor=mentor, participant=enterprise.participant, by=alice)
    session = SessionFactory(
        tenant=in_tenant_a,
        cohort=cohort,
        kind="one_to_one",
        participant=enterprise.participant,
        mentor=mentor,
    )

    attendance_record(
        session=session, participant=enterprise.participant, status="present", by=mentor.user
    )
    attendance_record(
        session=session, participant=enterprise.participant, status="excused", by=alice
    )
    for stranger in (other_mentor.user, enterprise.owner):
        with pytest.raises(AccelerationError) as refused:
            attendance_record(
                session=session, participant=enterprise.participant, status="absent", by=stranger
            )
        assert refused.value.code == "forbidden"
    assert Attendance.objects.get().status == "excused"


def test_attendance_refused_before_the_session_and_for_someone_not_invited(in_tenant_a, alice):
    cohort = CohortFactory(tenant=in_tenant_a)
    other_cohort = CohortFactory(tenant=in_tenant_a)
    inside = enterprise_in(cohort).participant
    outside = enterprise_in(other_cohort).participant
    future = SessionFactory(
        tenant=in_tenant_a, cohort=cohort, starts_at=timezone.now() + timedelta(days=1)
    )
    past = SessionFactory(tenant=in_tenant_a, cohort=cohort)

    with pytest.raises(AccelerationError) as refused:
        attendance_record(session=future, participant=inside, status="present", by=alice)
    assert refused.value.code == "not_started"
    with pytest.raises(AccelerationError) as refused:
        attendance_record(session=past, participant=outside, status="present", by=alice)
    assert refused.value.code == "not_invited"
    with pytest.raises(AccelerationError) as refused:
        attendance_record(session=past, participant=inside, status="late", by=alice)
    assert refused.value.field == "status"


def test_attendance_rate_per_session(in_tenant_a, alice):
    cohort = CohortFactory(tenant=in_tenant_a)
    people = [enterprise_in(cohort).participant for _ in range(4)]
    session = SessionFactory(tenant=in_tenant_a, cohort=cohort)
    for participant, status in zip(
        people, ["present", "present", "present", "absent"], strict=True
    ):
        attendance_record(session=session, participant=participant, status=status, by=alice)

    [rate] = attendance_rates(cohort.pk)
    assert (rate.expected, rate.present, rate.absent, rate.rate) == (4, 3, 1, 75)


def test_a_participant_withdrawn_before_a_workshop_is_not_expected_at_it(in_tenant_a, alice):
    from acceleration.cohorts.services import participant_withdraw
    from acceleration.mentoring.selectors import expected_participants

    cohort = CohortFactory(tenant=in_tenant_a)
    staying, leaving = (enterprise_in(cohort).participant for _ in range(2))
    participant_withdraw(participant=leaving, reason="Closed down", by=alice)
    later = SessionFactory(
        tenant=in_tenant_a, cohort=cohort, starts_at=timezone.now() + timedelta(days=2)
    )

    assert expected_participants(later) == [staying]
    with pytest.raises(AccelerationError):
        pairing_create(mentor=MentorFactory(tenant=in_tenant_a), participant=leaving, by=alice)


def test_pairing_emails_the_mentor_and_the_enterprises_members_once(
    in_tenant_a, alice, django_capture_on_commit_callbacks
):
    from acceleration.mentoring.jobs import pairing_notice_send

    cohort = CohortFactory(tenant=in_tenant_a)
    enterprise = enterprise_in(cohort, name="Cooperativa Aurora")
    mentor = MentorFactory(
        tenant=in_tenant_a, display_name="Marta Ruiz", user=UserFactory(email="marta@example.org")
    )
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        pairing = pairing_create(mentor=mentor, participant=enterprise.participant, by=alice)

    by_address = {message.to[0]: message for message in mail.outbox}
    assert set(by_address) == {"marta@example.org", enterprise.owner.email}
    assert "you now mentor Cooperativa Aurora" in by_address["marta@example.org"].subject
    assert "Marta Ruiz is your mentor" in by_address[enterprise.owner.email].subject
    assert pairing_notice_send(pairing_id=pairing.pk) == 0


def test_an_inactive_mentor_is_not_paired(in_tenant_a, alice):
    cohort = CohortFactory(tenant=in_tenant_a)
    mentor = MentorFactory(tenant=in_tenant_a, is_active=False)

    with pytest.raises(AccelerationError) as refused:
        pairing_create(mentor=mentor, participant=enterprise_in(cohort).participant, by=alice)

    assert refused.value.code == "mentor_inactive"
