"""Writes of cohorts: create one for an acceleration call, fill it from the call's main
list, move it planned → running → completed, and withdraw a participant with a reason."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from acceleration.cohorts import selectors
from acceleration.cohorts.tasks import send_participant_joined
from acceleration.errors import AccelerationError
from acceleration.models import Cohort, CohortStatus, Participant, ParticipantStatus
from calls.models import Call
from socialtech.accounts.roles import require_programme_staff
from socialtech.audit.services import audit_log
from socialtech.tasks import enqueue_on_commit

# The one table of allowed status changes of a cohort.
COHORT_TRANSITIONS: dict[str, set[str]] = {
    CohortStatus.PLANNED: {CohortStatus.RUNNING},
    CohortStatus.RUNNING: {CohortStatus.COMPLETED},
    CohortStatus.COMPLETED: set(),
}


def _refuse_validation(error: ValidationError) -> AccelerationError:
    field, messages = next(iter(error.message_dict.items()))
    return AccelerationError(
        f"{field}: {' '.join(messages)}" if field != "__all__" else " ".join(messages),
        "invalid",
        field=None if field == "__all__" else field,
    )


def _check_call(call: Call) -> None:
    if not selectors.is_acceleration_call(call):
        raise AccelerationError(
            _("Call: “%(call)s” is a %(kind)s call; cohorts are filled from acceleration calls.")
            % {"call": call.reference or call.slug, "kind": call.get_kind_display()},
            "not_acceleration_call",
            field="call",
        )


@transaction.atomic
def cohort_create(
    *, by: Any, call: Call, name: str, slug: str, starts_on: date, ends_on: date
) -> Cohort:
    """Create a planned cohort of ``call``.

    Refuses (``AccelerationError``): anyone but staff (PermissionDenied); a call that is not
    an acceleration call (field ``call``); an end before the start (field ``ends_on``); a
    slug already used (field ``slug``)."""
    require_programme_staff(by)
    _check_call(call)
    if ends_on < starts_on:
        raise AccelerationError(
            _("Ends on: the cohort must end on or after the day it starts (%(start)s).")
            % {"start": starts_on.isoformat()},
            "ends_before_start",
            field="ends_on",
        )
    if Cohort.objects.filter(slug=slug).exists():
        raise AccelerationError(
            _("Slug: “%(slug)s” is already used by another cohort.") % {"slug": slug},
            "slug_taken",
            field="slug",
        )
    cohort = Cohort(
        tenant_id=call.tenant_id,
        call=call,
        name=name,
        slug=slug,
        starts_on=starts_on,
        ends_on=ends_on,
    )
    try:
        cohort.full_clean()
    except ValidationError as error:
        raise _refuse_validation(error) from None
    cohort.save()
    audit_log(actor=by, verb="acceleration.cohort_created", target=cohort, data={"call": call.pk})
    return cohort


@transaction.atomic
def cohort_update(*, by: Any, cohort: Cohort, name: str, starts_on: date, ends_on: date) -> Cohort:
    """Change a cohort's name and dates. Refuses anyone but staff, an end before the start
    (field ``ends_on``) and a completed cohort."""
    require_programme_staff(by)
    cohort = Cohort.objects.select_for_update().get(pk=cohort.pk)
    if cohort.status == CohortStatus.COMPLETED:
        raise AccelerationError(
            _("The cohort is completed; its dates are kept as they were."), "completed"
        )
    if ends_on < starts_on:
        raise AccelerationError(
            _("Ends on: the cohort must end on or after the day it starts (%(start)s).")
            % {"start": starts_on.isoformat()},
            "ends_before_start",
            field="ends_on",
        )
    cohort.name, cohort.starts_on, cohort.ends_on = name, starts_on, ends_on
    try:
        cohort.full_clean()
    except ValidationError as error:
        raise _refuse_validation(error) from None
    cohort.save()
    audit_log(actor=by, verb="acceleration.cohort_changed", target=cohort, data={})
    return cohort


@transaction.atomic
def cohort_fill(*, cohort: Cohort, by: Any) -> list[Participant]:
    """Add one participant per application selected by the call's published ranking (see
    ``selectors.selected_applications``: main list, offered, accepted); each new
    participant's members are e-mailed after commit. Safe to repeat: an application
    already in the cohort is not added again, nor one withdrawn from it. Returns the
    participants added now.

    Refuses (``AccelerationError``): anyone but staff; a call that is not an acceleration
    call; a call whose results are not published (field ``call``); a completed cohort."""
    require_programme_staff(by)
    cohort = Cohort.objects.select_for_update().select_related("call").get(pk=cohort.pk)
    call = cohort.call
    _check_call(call)
    if not selectors.has_published_results(call):
        raise AccelerationError(
            _(
                "Call: the results of “%(call)s” are not published (it is %(status)s); a cohort "
                "is filled from the published main list."
            )
            % {"call": call.reference or call.slug, "status": call.get_status_display()},
            "results_not_published",
            field="call",
        )
    if cohort.status == CohortStatus.COMPLETED:
        raise AccelerationError(
            _("The cohort is completed; no enterprise joins it any more."), "completed"
        )
    present = set(
        Participant.objects.filter(cohort=cohort).values_list("application_id", flat=True)
    )
    added: list[Participant] = []
    for application in selectors.selected_applications(call):
        if application.pk in present:
            continue
        participant = Participant(
            tenant_id=cohort.tenant_id,
            cohort=cohort,
            organisation=application.organisation,
            application=application,
        )
        try:
            with transaction.atomic():
                participant.save()
        except IntegrityError:
            continue  # the organisation is already in, through another application
        added.append(participant)
        audit_log(
            actor=by,
            verb="acceleration.participant_joined",
            target=participant,
            data={"cohort": cohort.pk, "application": application.pk},
        )
        enqueue_on_commit(
            send_participant_joined, tenant_id=cohort.tenant_id, participant_id=participant.pk
        )
    if added:
        # A fill that finds everyone already there changes nothing and leaves no trace.
        audit_log(
            actor=by,
            verb="acceleration.cohort_filled",
            target=cohort,
            data={"added": [participant.pk for participant in added]},
        )
    return added


def _move(*, cohort: Cohort, to: str, by: Any, verb: str) -> Cohort:
    require_programme_staff(by)
    cohort = Cohort.objects.select_for_update().get(pk=cohort.pk)
    if to not in COHORT_TRANSITIONS[cohort.status]:
        raise AccelerationError(
            _("The cohort is %(status)s; it cannot become %(to)s.")
            % {"status": cohort.get_status_display(), "to": CohortStatus(to).label},
            "transition_not_allowed",
            field="status",
        )
    before = cohort.status
    cohort.status = to
    cohort.save(update_fields=["status"])
    audit_log(actor=by, verb=verb, target=cohort, data={"from": before, "to": to})
    return cohort


@transaction.atomic
def cohort_start(*, cohort: Cohort, by: Any) -> Cohort:
    """A planned cohort starts running. Refuses any other status, naming it."""
    return _move(cohort=cohort, to=CohortStatus.RUNNING, by=by, verb="acceleration.cohort_started")


@transaction.atomic
def cohort_complete(*, cohort: Cohort, by: Any) -> Cohort:
    """A running cohort is completed; its active participants complete with it. Refuses
    any other status, naming it."""
    cohort = _move(
        cohort=cohort, to=CohortStatus.COMPLETED, by=by, verb="acceleration.cohort_completed"
    )
    Participant.objects.filter(cohort=cohort, status=ParticipantStatus.ACTIVE).update(
        status=ParticipantStatus.COMPLETED
    )
    return cohort


@transaction.atomic
def participant_withdraw(*, participant: Participant, reason: str, by: Any) -> Participant:
    """Withdraw an active participant from its cohort, with the reason kept.

    Refuses (``AccelerationError``): anyone but staff; an empty reason (field
    ``withdrawal_reason``); a participant that is not active (naming its status)."""
    require_programme_staff(by)
    participant = Participant.objects.select_for_update().get(pk=participant.pk)
    reason = (reason or "").strip()
    if not reason:
        raise AccelerationError(
            _("Reason for withdrawal: say why the enterprise leaves the cohort."),
            "reason_required",
            field="withdrawal_reason",
        )
    if participant.status != ParticipantStatus.ACTIVE:
        raise AccelerationError(
            _("The participant is %(status)s; only an active participant can be withdrawn.")
            % {"status": participant.get_status_display()},
            "not_active",
            field="status",
        )
    participant.status = ParticipantStatus.WITHDRAWN
    participant.withdrawal_reason = reason
    participant.withdrawn_at = timezone.now()
    participant.save(update_fields=["status", "withdrawal_reason", "withdrawn_at"])
    audit_log(
        actor=by,
        verb="acceleration.participant_withdrawn",
        target=participant,
        data={"reason": reason},
    )
    return participant
