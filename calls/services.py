"""Writes on calls: publication, the clock-driven lifecycle, amendments, receipt numbers."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from calls.jobs import call_sync_status
from calls.models import (
    CALL_TRANSITIONS,
    Call,
    CallStatus,
)
from socialtech.audit.services import audit_log
from socialtech.i18n import localise


class TransitionNotAllowed(ValidationError):
    pass


def _check_transition(call: Call, to: str) -> None:
    if to not in CALL_TRANSITIONS[call.status]:
        raise TransitionNotAllowed(
            _("A call in the status “%(current)s” cannot move to “%(target)s”.")
            % {"current": call.get_status_display(), "target": CallStatus(to).label},
            code="transition_not_allowed",
        )


def publication_problems(*, call: Call, now: datetime | None = None) -> list[str]:
    """What stops ``call`` from being published, in words; empty when it is ready."""
    now = now or timezone.now()
    problems = []
    if not localise(call.title, "en"):
        problems.append(_("The call has no English title."))
    if call.deadline <= now:
        problems.append(_("The deadline has already passed."))
    if call.deadline <= call.opens_at:
        problems.append(_("The deadline must come after the opening."))
    if not call.fields.exists():
        problems.append(_("The application form has no fields."))
    if not call.criteria.exists():
        problems.append(_("The call has no award criteria."))
    if call.fields.filter(is_requested_amount=True).count() > 1:
        problems.append(_("Only one field can hold the requested amount."))
    return problems


@transaction.atomic
def call_publish(*, call: Call, by: Any) -> Call:
    """Announce a draft call; its form and criteria are frozen from now on.

    Refuses a call that is not a draft or that is incomplete (the message lists why).
    """
    call = Call.objects.select_for_update().get(pk=call.pk)
    _check_transition(call, CallStatus.PUBLISHED)
    problems = publication_problems(call=call)
    if problems:
        raise ValidationError(problems, code="incomplete")
    call.status = CallStatus.PUBLISHED
    call.published_at = timezone.now()
    call.full_clean()
    call.save(update_fields=["status", "published_at", "updated_at"])
    audit_log(actor=by, verb="call.published", target=call)
    call_sync_status(call=call)
    call.refresh_from_db()
    return call


@transaction.atomic
def call_transition(*, call: Call, to: str, by: Any) -> Call:
    """A staff-driven step: closed → evaluation, results → archived (and early closing).

    Refuses the move to results: results are published from the call's ranking
    (``evaluations.results.services.call_publish_results``), which tells each applicant
    their outcome; a bare status change would announce results nobody can see.
    """
    if to == CallStatus.RESULTS:
        raise ValidationError(
            _(
                "Results are published from the call's ranking (Publish results), which "
                "sends each applicant their outcome; the status alone cannot change."
            ),
            code="publish_from_ranking",
        )
    return _call_move(call=call, to=to, by=by)


@transaction.atomic
def call_results_announce(*, call: Call, by: Any) -> Call:
    """Move ``call`` from evaluation to results. Only the publication of results calls it,
    in the same transaction as it records what each applicant is told."""
    return _call_move(call=call, to=CallStatus.RESULTS, by=by)


def _call_move(*, call: Call, to: str, by: Any) -> Call:
    call = Call.objects.select_for_update().get(pk=call.pk)
    call_sync_status(call=call)
    _check_transition(call, to)
    old = call.status
    call.status = to
    call.full_clean()
    call.save(update_fields=["status", "updated_at"])
    audit_log(actor=by, verb=f"call.{to}", target=call, data={"from": old})
    return call


def call_next_receipt_number(*, call: Call) -> str:
    """The next receipt number of ``call``, e.g. ST4EU-2026-OC1-000123. Call inside a
    transaction, as late as it can be: the counter is raised and read in one statement, and
    the call's row stays locked until the transaction ends, so numbers are unique and have
    no gaps while every other part of a submission runs beside the others."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {Call._meta.db_table} SET submission_counter = submission_counter + 1 "  # noqa: S608 - the table's own name, no input
            "WHERE id = %s RETURNING submission_counter",
            [call.pk],
        )
        (counter,) = cursor.fetchone()
    call.submission_counter = counter
    year = call.deadline_local().year
    return f"{call.tenant.receipt_prefix}-{year}-{call.reference}-{counter:06d}"
