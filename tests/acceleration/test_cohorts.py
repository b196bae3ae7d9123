"""Cohorts: filled from an acceleration call's published main list (and only it), once;
refused for other calls and unpublished results; the status table; withdrawal with a
reason; the joining e-mail."""

from __future__ import annotations

from datetime import date

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied

from acceleration.cohorts.services import (
    cohort_complete,
    cohort_create,
    cohort_fill,
    cohort_start,
    participant_withdraw,
)
from acceleration.errors import AccelerationError
from acceleration.models import CohortStatus, Participant, ParticipantStatus
from socialtech.audit.models import AuditEvent
from tests.acceleration.factories_accel import (
    CohortFactory,
    acceleration_call,
    application_with_outcome,
)
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _call_with_every_outcome(tenant):
    call = acceleration_call(tenant)
    chosen = {
        "main": application_with_outcome(call, status="main_list", published_outcome="main_list"),
        "offered": application_with_outcome(call, status="offered", published_outcome="main_list"),
        "accepted": application_with_outcome(
            call, status="accepted", published_outcome="main_list"
        ),
    }
    others = {
        "reserve": application_with_outcome(
            call, status="reserve_list", published_outcome="reserve_list"
        ),
        "rejected": application_with_outcome(
            call, status="rejected_threshold", published_outcome="rejected_threshold"
        ),
        "declined": application_with_outcome(
            call, status="declined", published_outcome="main_list"
        ),
        "withdrawn": application_with_outcome(call, status="withdrawn", published_outcome=""),
        # Ranked again onto the main list, not yet published to the applicant.
        "unpublished": application_with_outcome(call, status="main_list", published_outcome=""),
    }
    return call, chosen, others


def test_fill_takes_the_published_main_list_and_only_it(in_tenant_a, alice):
    call, chosen, others = _call_with_every_outcome(in_tenant_a)
    cohort = CohortFactory(tenant=in_tenant_a, call=call, status="planned")

    added = cohort_fill(cohort=cohort, by=alice)

    assert {participant.application_id for participant in added} == {
        application.pk for application in chosen.values()
    }
    in_cohort = set(
        Participant.objects.filter(cohort=cohort).values_list("application_id", flat=True)
    )
    assert in_cohort == {application.pk for application in chosen.values()}
    assert not in_cohort & {application.pk for application in others.values()}
    participant = Participant.objects.get(application=chosen["main"])
    assert participant.organisation_id == chosen["main"].organisation_id
    assert participant.status == ParticipantStatus.ACTIVE


def test_fill_twice_adds_nobody_the_second_time(in_tenant_a, alice):
    call, chosen, _others = _call_with_every_outcome(in_tenant_a)
    cohort = CohortFactory(tenant=in_tenant_a, call=call, status="planned")
    cohort_fill(cohort=cohort, by=alice)

    assert cohort_fill(cohort=cohort, by=alice) == []
    assert Participant.objects.filter(cohort=cohort).count() == len(chosen)


def test_fill_emails_each_member_of_each_new_participant_once(
    in_tenant_a, alice, django_capture_on_commit_callbacks
):
    call = acceleration_call(in_tenant_a)
    owner = UserFactory(email="owner@coop.example")
    application_with_outcome(call, status="main_list", published_outcome="main_list", owner=owner)
    cohort = CohortFactory(tenant=in_tenant_a, call=call, status="planned", name="Spring cohort")
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        cohort_fill(cohort=cohort, by=alice)
    with django_capture_on_commit_callbacks(execute=True):
        cohort_fill(cohort=cohort, by=alice)

    assert [message.to for message in mail.outbox] == [["owner@coop.example"]]
    assert "Spring cohort" in mail.outbox[0].subject
    assert "/acceleration/" in mail.outbox[0].body


def test_fill_is_refused_for_a_call_that_is_not_an_acceleration_call(in_tenant_a, alice):
    call = acceleration_call(in_tenant_a, kind="grant")
    application_with_outcome(call, status="main_list", published_outcome="main_list")
    cohort = CohortFactory(tenant=in_tenant_a, call=call)

    with pytest.raises(AccelerationError) as refused:
        cohort_fill(cohort=cohort, by=alice)

    assert refused.value.code == "not_acceleration_call"
    assert refused.value.field == "call"
    assert not Participant.objects.filter(cohort=cohort).exists()


def test_fill_is_refused_before_the_results_are_published(in_tenant_a, alice):
    call = acceleration_call(in_tenant_a, status="evaluation")
    application_with_outcome(call, status="main_list", published_outcome="")
    cohort = CohortFactory(tenant=in_tenant_a, call=call)

    with pytest.raises(AccelerationError) as refused:
        cohort_fill(cohort=cohort, by=alice)

    assert refused.value.code == "results_not_published"
    assert "In evaluation" in refused.value.message


def test_create_refuses_a_grant_call_and_an_end_before_the_start(in_tenant_a, alice):
    grant_call = acceleration_call(in_tenant_a, kind="grant")
    with pytest.raises(AccelerationError) as refused:
        cohort_create(
            by=alice,
            call=grant_call,
            name="X",
            slug="x",
            starts_on=date(2026, 1, 1),
            ends_on=date(2026, 6, 1),
        )
    assert refused.value.field == "call"

    call = acceleration_call(in_tenant_a)
    with pytest.raises(AccelerationError) as refused:
        cohort_create(
            by=alice,
            call=call,
            name="X",
            slug="x",
            starts_on=date(2026, 6, 1),
            ends_on=date(2026, 1, 1),
        )
    assert refused.value.field == "ends_on"

    cohort = cohort_create(
        by=alice,
        call=call,
        name="X",
        slug="x",
        starts_on=date(2026, 1, 1),
        ends_on=date(2026, 6, 1),
    )
    assert cohort.status == CohortStatus.PLANNED
    assert AuditEvent.objects.filter(verb="acceleration.cohort_created").count() == 1


def test_an_applicant_may_not_create_or_fill_a_cohort(in_tenant_a):
    call = acceleration_call(in_tenant_a)
    cohort = CohortFactory(tenant=in_tenant_a, call=call)
    with pytest.raises(PermissionDenied):
        cohort_fill(cohort=cohort, by=UserFactory())


def test_cohort_moves_planned_running_completed_and_never_back(in_tenant_a, alice):
    cohort = CohortFactory(tenant=in_tenant_a, status="planned")
    with pytest.raises(AccelerationError) as refused:
        cohort_complete(cohort=cohort, by=alice)
    assert "Planned" in refused.value.message

    cohort = cohort_start(cohort=cohort, by=alice)
    assert cohort.status == CohortStatus.RUNNING
    cohort = cohort_complete(cohort=cohort, by=alice)
    assert cohort.status == CohortStatus.COMPLETED
    with pytest.raises(AccelerationError) as refused:
        cohort_start(cohort=cohort, by=alice)
    assert "Completed" in refused.value.message


def test_withdrawal_needs_a_reason_and_keeps_it(in_tenant_a, alice):
    call, _chosen, _others = _call_with_every_outcome(in_tenant_a)
    cohort = CohortFactory(tenant=in_tenant_a, call=call)
    participant = cohort_fill(cohort=cohort, by=alice)[0]

    with pytest.raises(AccelerationError) as refused:
        participant_withdraw(participant=participant, reason="  ", by=alice)
    assert refused.value.field == "withdrawal_reason"

    participant = participant_withdraw(
        participant=participant, reason="Merged with another cooperative", by=alice
    )
    assert participant.status == ParticipantStatus.WITHDRAWN
    assert participant.withdrawal_reason == "Merged with another cooperative"
    assert participant.withdrawn_at is not None
    # Filling again does not bring a withdrawn participant back.
    assert cohort_fill(cohort=cohort, by=alice) == []
    with pytest.raises(AccelerationError) as refused:
        participant_withdraw(participant=participant, reason="again", by=alice)
    assert "Withdrawn" in refused.value.message


def test_a_completed_cohort_takes_no_new_participant(in_tenant_a, alice):
    call, _chosen, _others = _call_with_every_outcome(in_tenant_a)
    cohort = CohortFactory(tenant=in_tenant_a, call=call, status="completed")

    with pytest.raises(AccelerationError) as refused:
        cohort_fill(cohort=cohort, by=alice)

    assert refused.value.code == "completed"
    assert not Participant.objects.filter(cohort=cohort).exists()
