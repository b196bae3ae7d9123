"""Bidding before the assignment, and the per-call conflict and country rules."""

from __future__ import annotations

from collections import Counter
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from evaluations.assignment.selectors import assignment_problem_for_call
from evaluations.assignment.services import (
    assignment_confirm,
    assignment_move,
    assignment_propose,
)
from evaluations.models import Bid, ConflictDeclaration
from evaluations.pool.services import bids_save
from socialtech.audit.models import AuditEvent
from tests.conftest import login
from tests.evaluations.test_assignment_services import (
    AssignableApplicationFactory,
    CallEvaluatorFactory,
    applications,
    evaluation_call,
    pool,
    proposal,
)
from tests.factories import UserFactory


@pytest.fixture
def call(in_tenant_a):
    return evaluation_call(in_tenant_a, status="closed", evaluation_deadline=None)


@pytest.fixture
def invitation(call):
    return CallEvaluatorFactory(call=call)


def bids_url(call) -> str:
    return reverse("evaluation_bids", args=[call.pk])


def evaluator_client(invitation) -> Client:
    return login(Client(), invitation.evaluator.user, mfa=True)


# --- The service ------------------------------------------------------------------------------


def test_bids_move_the_affinity_the_solver_maximises(call, invitation):
    wanted, neutral, avoided = applications(call, 3)
    other = CallEvaluatorFactory(call=call)
    before = assignment_problem_for_call(call)

    outcome = bids_save(
        call_evaluator=invitation,
        user=invitation.evaluator.user,
        choices={wanted.pk: "want", neutral.pk: "ok", avoided.pk: "rather_not"},
    )

    assert (outcome.saved, outcome.conflicts) == (3, 0)
    after = assignment_problem_for_call(call)
    expert = invitation.evaluator.pk
    assert after.affinity_of(wanted.pk, expert) == pytest.approx(
        before.affinity_of(wanted.pk, expert) + 0.5
    )
    assert after.affinity_of(neutral.pk, expert) == pytest.approx(
        before.affinity_of(neutral.pk, expert)
    )
    assert after.affinity_of(avoided.pk, expert) == pytest.approx(
        before.affinity_of(avoided.pk, expert) - 0.5
    )
    # Another evaluator's affinities do not move.
    assert after.affinity_of(wanted.pk, other.evaluator.pk) == pytest.approx(
        before.affinity_of(wanted.pk, other.evaluator.pk)
    )
    assert AuditEvent.objects.filter(verb="bids.saved").count() == 1


def test_with_one_evaluator_per_application_the_bid_decides_who_gets_it(call, alice):
    call.evaluators_per_application = 1
    call.save()
    german = AssignableApplicationFactory(call=call, language="de")
    english = AssignableApplicationFactory(call=call, language="en")
    anna = CallEvaluatorFactory(call=call, max_load=1, evaluator__languages=["de"])
    bruno = CallEvaluatorFactory(call=call, max_load=1, evaluator__languages=["en"])
    # Without bids, languages decide: Anna reads German, Bruno English.
    assignment_propose(call=call, by=alice)
    assert {row.application_id: row.evaluator_id for row in proposal(call)} == {
        german.pk: anna.evaluator.pk,
        english.pk: bruno.evaluator.pk,
    }
    bids_save(
        call_evaluator=anna,
        user=anna.evaluator.user,
        choices={english.pk: "want", german.pk: "rather_not"},
    )
    bids_save(call_evaluator=bruno, user=bruno.evaluator.user, choices={english.pk: "rather_not"})

    assignment_propose(call=call, by=alice)

    assert {row.application_id: row.evaluator_id for row in proposal(call)} == {
        german.pk: bruno.evaluator.pk,
        english.pk: anna.evaluator.pk,
    }


def test_a_conflict_declared_while_bidding_keeps_the_pair_out_of_the_assignment(call, invitation):
    conflicted, free = applications(call, 2)

    outcome = bids_save(
        call_evaluator=invitation,
        user=invitation.evaluator.user,
        choices={conflicted.pk: "conflict", free.pk: "want"},
        reasons={conflicted.pk: "I sit on its board."},
    )

    assert (outcome.saved, outcome.conflicts) == (1, 1)
    declaration = ConflictDeclaration.objects.get(application=conflicted)
    assert declaration.has_conflict and declaration.reason == "I sit on its board."
    built = assignment_problem_for_call(call)
    assert (invitation.evaluator.pk, conflicted.pk) in built.conflicts
    assert (invitation.evaluator.pk, free.pk) not in built.conflicts
    # Final: a later bid on the same application changes nothing.
    bids_save(
        call_evaluator=invitation, user=invitation.evaluator.user, choices={conflicted.pk: "want"}
    )
    assert not Bid.objects.filter(application=conflicted).exists()


def test_a_conflict_without_a_reason_refuses_the_whole_page_naming_the_application(
    call, invitation
):
    first, second = applications(call, 2)

    with pytest.raises(ValidationError) as raised:
        bids_save(
            call_evaluator=invitation,
            user=invitation.evaluator.user,
            choices={first.pk: "want", second.pk: "conflict"},
            reasons={second.pk: "   "},
        )

    assert list(raised.value.message_dict) == [f"reason-{second.pk}"]
    assert second.receipt_number in raised.value.message_dict[f"reason-{second.pk}"][0]
    assert not Bid.objects.exists() and not ConflictDeclaration.objects.exists()


def test_unknown_choices_and_applications_of_other_calls_are_refused(call, invitation, tenant_a):
    mine = AssignableApplicationFactory(call=call)
    elsewhere = AssignableApplicationFactory(call=evaluation_call(tenant_a, status="closed"))

    with pytest.raises(ValidationError) as raised:
        bids_save(
            call_evaluator=invitation,
            user=invitation.evaluator.user,
            choices={mine.pk: "maybe", elsewhere.pk: "want"},
        )

    assert set(raised.value.message_dict) == {f"bid-{mine.pk}", f"bid-{elsewhere.pk}"}


def test_only_the_invited_evaluator_bids_and_only_until_the_assignment_is_confirmed(
    call, invitation, alice
):
    application = applications(call, 1)[0]
    intruder = CallEvaluatorFactory(call=call)
    with pytest.raises(PermissionDenied):
        bids_save(
            call_evaluator=invitation,
            user=intruder.evaluator.user,
            choices={application.pk: "want"},
        )

    call.evaluators_per_application = 2
    call.evaluation_deadline = timezone.now() + timedelta(days=10)
    call.save()
    assignment_propose(call=call, by=alice)
    assignment_confirm(call=call, by=alice)

    with pytest.raises(ValidationError) as raised:
        bids_save(
            call_evaluator=invitation,
            user=invitation.evaluator.user,
            choices={application.pk: "ok"},
        )
    assert raised.value.code == "bidding_closed"


# --- The page ---------------------------------------------------------------------------------


def test_the_workspace_lists_calls_waiting_for_bids(call, invitation):
    applications(call, 1)
    client = evaluator_client(invitation)

    response = client.get(reverse("evaluation_workspace"))

    assert bids_url(call) in response.content.decode()


def test_the_page_shows_organisation_and_country_and_no_content(call, invitation):
    application = AssignableApplicationFactory(
        call=call,
        title="A secret project title",
        answers={"summary": "The confidential summary"},
        organisation__legal_name="Cooperativa Aurora",
        organisation__country="IT",
    )
    client = evaluator_client(invitation)

    text = client.get(bids_url(call)).content.decode()

    assert "Cooperativa Aurora" in text and "Italy" in text
    assert application.receipt_number in text
    assert "A secret project title" not in text and "confidential summary" not in text


def test_a_refused_post_keeps_every_choice_and_reason_typed(call, invitation):
    first, second = applications(call, 2)
    client = evaluator_client(invitation)

    response = client.post(
        bids_url(call),
        {
            f"bid-{first.pk}": "rather_not",
            f"bid-{second.pk}": "conflict",
            f"reason-{first.pk}": "x",
        },
    )

    assert response.status_code == 400
    text = response.content.decode()
    assert "say what the conflict of interest is" in text
    assert f'id="bid-{first.pk}-rather_not" value="rather_not" checked' in text
    assert f'id="bid-{second.pk}-conflict" value="conflict" checked' in text
    assert f'name="reason-{first.pk}" id="reason-{first.pk}" value="x"' in text
    assert not Bid.objects.exists()


def test_a_saved_page_shows_the_stored_choices(call, invitation):
    first, second = applications(call, 2)
    client = evaluator_client(invitation)

    response = client.post(
        bids_url(call),
        {
            f"bid-{first.pk}": "want",
            f"bid-{second.pk}": "conflict",
            f"reason-{second.pk}": "My sister directs it.",
        },
        follow=True,
    )

    text = response.content.decode()
    assert "1 conflict of interest is recorded" in text
    assert f'id="bid-{first.pk}-want" value="want" checked' in text
    assert "You declared a conflict of interest with this organisation." in text
    assert dict(Bid.objects.values_list("application_id", "choice")) == {first.pk: "want"}


def test_someone_not_invited_gets_404(call, invitation):
    other = CallEvaluatorFactory(call=evaluation_call(call.tenant, status="closed"))
    client = evaluator_client(other)

    assert client.get(bids_url(call)).status_code == 404


# --- The call's conflict and country rules ----------------------------------------------------


def test_partner_staff_are_conflicted_unless_the_call_allows_them(call):
    application = applications(call, 1)[0]
    partner = CallEvaluatorFactory(call=call, is_consortium_partner=True)

    assert (partner.evaluator.pk, application.pk) in assignment_problem_for_call(call).conflicts
    call.partner_staff_may_evaluate = True
    call.save()
    assert (partner.evaluator.pk, application.pk) not in assignment_problem_for_call(call).conflicts


def test_the_call_may_exclude_evaluators_from_the_applicants_country(call):
    application = AssignableApplicationFactory(call=call, organisation__country="SE")
    swede = CallEvaluatorFactory(call=call, evaluator__country="SE")

    assert (swede.evaluator.pk, application.pk) not in assignment_problem_for_call(call).conflicts
    call.exclude_same_country = True
    call.save()
    reasons = assignment_problem_for_call(call).conflicts[(swede.evaluator.pk, application.pk)]
    assert reasons == ["from the applicant's country"]


def test_one_evaluator_per_country_spreads_the_panel_and_hand_moves_keep_it(call, alice):
    call.evaluators_per_application = 2
    call.one_evaluator_per_country = True
    call.save()
    apps = applications(call, 2)
    swedes = pool(call, 3, evaluator__country="SE")
    # The Italian and the German take one application each, so each panel has one Swede.
    for country in ("IT", "DE"):
        CallEvaluatorFactory(call=call, evaluator__country=country, max_load=1)

    assignment_propose(call=call, by=alice)

    rows = proposal(call)
    per_application = Counter((row.application_id, row.evaluator.country) for row in rows)
    assert max(per_application.values()) == 1
    assert {row.application_id for row in rows} == {app.pk for app in apps}
    assert all(
        any(row.evaluator.country == "SE" for row in rows if row.application_id == app.pk)
        for app in apps
    )
    # Moving the other assignment to a second Swede is refused.
    target = next(row for row in rows if row.evaluator.country != "SE")
    free_swede = next(
        row.evaluator
        for row in swedes
        if not any(
            r.application_id == target.application_id and r.evaluator_id == row.evaluator_id
            for r in rows
        )
    )
    with pytest.raises(ValidationError) as raised:
        assignment_move(assignment=target, to_evaluator=free_swede, by=alice)
    assert "one evaluator per country" in str(raised.value)


# --- The invitation ---------------------------------------------------------------------------


def invitation_url(call) -> str:
    return reverse("evaluation_invitation", args=[call.pk])


def test_an_invited_evaluator_signs_the_standing_declaration_to_accept_then_bids(call):
    applications(call, 1)
    row = CallEvaluatorFactory(call=call, status="invited", standing_declaration_at=None)
    client = evaluator_client(row)
    workspace = client.get(reverse("evaluation_workspace")).content.decode()
    assert invitation_url(call) in workspace and "Answer the invitation" in workspace
    # Bidding waits for the answer.
    assert client.get(bids_url(call)).url == invitation_url(call)

    unsigned = client.post(invitation_url(call), {"answer": "accept"})
    assert unsigned.status_code == 400
    assert "Standing declaration: tick the box to sign it before you accept." in (
        unsigned.content.decode()
    )
    row.refresh_from_db()
    assert (row.status, row.standing_declaration_at) == ("invited", None)

    signed = client.post(
        invitation_url(call), {"answer": "accept", "standing_declaration": "on"}, follow=True
    )
    row.refresh_from_db()
    assert row.status == "accepted" and row.standing_declaration_at is not None
    assert bids_url(call) in signed.content.decode()
    assert AuditEvent.objects.filter(verb="call_evaluator.accepted").count() == 1
    assert bids_url(call) in client.get(reverse("evaluation_workspace")).content.decode()


def test_declining_removes_unconfirmed_proposals_and_is_refused_once_assignments_are_confirmed(
    call, alice
):
    call.evaluators_per_application = 1
    call.evaluation_deadline = timezone.now() + timedelta(days=10)
    call.save()
    applications(call, 2)
    leaving, staying = pool(call, 2, max_load=2)
    assignment_propose(call=call, by=alice)
    assert proposal(call)

    leaving_client = evaluator_client(leaving)
    response = leaving_client.post(invitation_url(call), {"answer": "decline", "reason": "Busy"})
    assert response.status_code == 302
    leaving.refresh_from_db()
    assert leaving.status == "declined"
    assert not [row for row in proposal(call) if row.evaluator_id == leaving.evaluator.pk]
    assert (
        "You declined this invitation." in leaving_client.get(invitation_url(call)).content.decode()
    )

    assignment_propose(call=call, by=alice)
    assignment_confirm(call=call, by=alice)
    refused = evaluator_client(staying).post(invitation_url(call), {"answer": "decline"})
    assert refused.status_code == 400
    assert "You have 2 confirmed assignments in this call." in refused.content.decode()
    staying.refresh_from_db()
    assert staying.status == "accepted"


def test_an_invited_expert_gets_one_e_mail_with_the_link_to_answer(
    call, alice, django_capture_on_commit_callbacks
):
    from django.core import mail

    from evaluations.pool.services import call_evaluator_save, evaluator_profile_save
    from evaluations.pool.tasks import send_invitation

    expert_user = UserFactory(email="new.expert@experts.example.net", full_name="Nora Expert")
    profile = evaluator_profile_save(
        by=alice, email=expert_user.email, expertise=["care"], keywords=[], languages=["en"]
    )

    with django_capture_on_commit_callbacks(execute=True):
        row = call_evaluator_save(by=alice, call=call, evaluator=profile, min_load=2, max_load=6)

    assert [message.to for message in mail.outbox] == [[expert_user.email]]
    message = mail.outbox[0]
    assert call.title_text in message.subject
    assert "Hello Nora Expert," in message.body
    assert "2 to 6 applications" in message.body
    assert f"/evaluation/calls/{call.pk}/" in message.body
    # Once: a second run of the task sends nothing, and neither does a change of loads.
    assert send_invitation(call_evaluator_id=row.pk, tenant_id=call.tenant_id) is False
    with django_capture_on_commit_callbacks(execute=True):
        call_evaluator_save(
            by=alice, call=call, evaluator=profile, call_evaluator=row, min_load=1, max_load=6
        )
    assert len(mail.outbox) == 1


def test_the_bids_page_and_the_invitations_cost_the_same_queries_for_many_rows(
    call, invitation, tenant_a
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = evaluator_client(invitation)

    def count(url: str) -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured.captured_queries)

    applications(call, 2)
    count(bids_url(call))  # the host's programme is cached after the first request
    few_bids, few_invitations = count(bids_url(call)), count(reverse("evaluation_workspace"))
    applications(call, 30)
    for _ in range(5):
        CallEvaluatorFactory(
            call=evaluation_call(tenant_a, status="closed"), evaluator=invitation.evaluator
        )

    assert count(bids_url(call)) == few_bids
    assert count(reverse("evaluation_workspace")) == few_invitations


def test_a_refusal_of_the_whole_page_is_shown_without_a_link_to_a_field(call, invitation, alice):
    application = applications(call, 1)[0]
    call.evaluators_per_application = 1
    call.evaluation_deadline = timezone.now() + timedelta(days=10)
    call.save()
    assignment_propose(call=call, by=alice)
    assignment_confirm(call=call, by=alice)

    response = evaluator_client(invitation).post(bids_url(call), {f"bid-{application.pk}": "want"})

    assert response.status_code == 400
    text = response.content.decode()
    assert "Bidding on this call is closed: its assignment is confirmed." in text
    assert 'href="#field-"' not in text
