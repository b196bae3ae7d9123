"""Writes on introductions: the request, the answer, and the outcome that follows.

A member who owns or edits an active participant of a running cohort asks to be
introduced to a published directory entry; the programme's staff, or the entry's own
contact person, accept or decline; then they record what came of it (a meeting, a term
sheet or offer, the investment made or the contract won, or no follow-up). Moves follow
``INTRODUCTION_TRANSITIONS``; a move not in it is refused naming the current state. The
participant's members are e-mailed each answer, the staff each new request, after commit.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from acceleration import participation
from acceleration.errors import AccelerationError, full_clean_on_field
from acceleration.introductions import jobs, selectors
from acceleration.introductions.tasks import send_introduction_notice
from acceleration.models import (
    INTRODUCTION_TRANSITIONS,
    CohortStatus,
    DirectoryEntry,
    EntryKind,
    Introduction,
    IntroductionStatus,
    Participant,
    ParticipantStatus,
)
from applications.selectors import format_money
from socialtech.audit.services import audit_log
from socialtech.tasks import enqueue_on_commit

CENT = Decimal("0.01")


def _notify(introduction: Introduction, notice: str) -> None:
    enqueue_on_commit(
        send_introduction_notice,
        tenant_id=introduction.tenant_id,
        introduction_id=introduction.pk,
        notice=notice,
    )


def _positive_money(value: Any, field: str, label: str) -> Decimal:
    try:
        amount = Decimal(value)
    except Exception:
        amount = Decimal("NaN")
    if not amount.is_finite() or amount <= 0:
        raise AccelerationError(
            _("%(label)s: give an amount in euros above zero.") % {"label": label},
            "amount_invalid",
            field=field,
        )
    return amount.quantize(CENT)


@transaction.atomic
def introduction_request(
    *,
    by: Any,
    participant: Participant,
    entry: DirectoryEntry,
    reason: str,
    seeking: str = "",
    amount_sought: Decimal | None = None,
) -> Introduction:
    """Ask, for ``participant``, to be introduced to ``entry``; the programme's staff are
    e-mailed after commit. Refuses (PermissionDenied) anyone who does not own or edit the
    participant's organisation; refuses a participant no longer active, a cohort not
    running, an entry not published, a request while another for the same participant and
    entry is open, no reason, an investor or platform asked without an amount above zero,
    and a procurer asked without the product or service offered."""
    if not participation.can_request(by, participant):
        raise PermissionDenied(
            _("Only the owners and editors of the organisation may ask for introductions.")
        )
    # The participant's row lock: two requests for the same pair wait for each other.
    locked = (
        Participant.objects.select_for_update()
        .select_related("cohort", "organisation")
        .get(pk=participant.pk)
    )
    if locked.status != ParticipantStatus.ACTIVE:
        raise AccelerationError(
            _("%(organisation)s is no longer an active participant (%(status)s).")
            % {
                "organisation": locked.organisation.legal_name,
                "status": locked.get_status_display(),
            },
            "not_participant",
        )
    if locked.cohort.status != CohortStatus.RUNNING:
        raise AccelerationError(
            _("The cohort “%(cohort)s” is %(status)s: introductions are for running cohorts.")
            % {"cohort": locked.cohort.name, "status": locked.cohort.get_status_display()},
            "cohort_not_running",
        )
    entry = DirectoryEntry.objects.get(pk=entry.pk)
    if not entry.is_published:
        raise AccelerationError(
            _("“%(entry)s” is not listed in the directory.") % {"entry": entry.name},
            "entry_not_published",
        )
    if selectors.open_introduction_exists(participant=locked, entry=entry):
        raise AccelerationError(
            _(
                "%(organisation)s already has an introduction to “%(entry)s” under way; "
                "follow it on your introductions page."
            )
            % {"organisation": locked.organisation.legal_name, "entry": entry.name},
            "already_open",
        )
    reason = (reason or "").strip()
    if not reason:
        raise AccelerationError(
            _("Why: say why this introduction would help your enterprise."),
            "reason_missing",
            field="reason",
        )
    seeking = (seeking or "").strip()
    if entry.kind == EntryKind.PROCURER:
        if amount_sought is not None:
            raise AccelerationError(
                _("Amount: a public procurer buys; say what you offer it instead of an amount."),
                "procurer_amount",
                field="amount_sought",
            )
        if not seeking:
            raise AccelerationError(
                _("What you offer: name the product or service you would sell to this procurer."),
                "seeking_missing",
                field="seeking",
            )
    else:
        if amount_sought is None:
            raise AccelerationError(
                _("Amount sought: give the amount in euros you are raising."),
                "amount_missing",
                field="amount_sought",
            )
        amount_sought = _positive_money(amount_sought, "amount_sought", _("Amount sought"))
    row = Introduction(
        tenant=locked.tenant,
        participant=locked,
        entry=entry,
        requested_by=by,
        reason=reason,
        seeking=seeking,
        amount_sought=amount_sought,
        status=IntroductionStatus.REQUESTED,
        requested_at=timezone.now(),
    )
    full_clean_on_field(row)
    try:
        with transaction.atomic():
            row.save()
    except IntegrityError:
        raise AccelerationError(
            _("An introduction to “%(entry)s” is already under way.") % {"entry": entry.name},
            "already_open",
        ) from None
    audit_log(
        actor=by,
        verb="acceleration.introduction_requested",
        target=row,
        data={
            "participant": locked.pk,
            "entry": entry.pk,
            "amount_sought": str(amount_sought) if amount_sought is not None else None,
        },
    )
    _notify(row, jobs.REQUESTED)
    return row


def _lock_for_move(introduction: Introduction, by: Any, to: str) -> Introduction:
    row = (
        Introduction.objects.select_for_update()
        .select_related("entry", "participant__organisation")
        .get(pk=introduction.pk)
    )
    if not selectors.is_answerer(by, row):
        raise PermissionDenied(
            _("Only the programme's staff or the contact person of “%(entry)s” may do this.")
            % {"entry": row.entry.name}
        )
    if to not in INTRODUCTION_TRANSITIONS[row.status]:
        raise AccelerationError(
            _("The introduction is %(status)s; it cannot become %(to)s.")
            % {
                "status": row.get_status_display(),
                "to": IntroductionStatus(to).label,
            },
            "wrong_state",
        )
    return row


def _dated_note(row: Introduction, on: date, note: str, status: str) -> None:
    note = (note or "").strip()
    line = f"{on.isoformat()} · {IntroductionStatus(status).label}"
    row.notes = "\n".join(
        part for part in [row.notes.strip(), f"{line}: {note}" if note else line] if part
    )


def _check_date(row: Introduction, on: date | None, field: str, label: str) -> date:
    if on is None:
        raise AccelerationError(
            _("%(label)s: give the date.") % {"label": label}, "date_missing", field=field
        )
    today = timezone.localdate()
    if on > today:
        raise AccelerationError(
            _("%(label)s: %(date)s is in the future; record what has happened.")
            % {"label": label, "date": on.isoformat()},
            "date_future",
            field=field,
        )
    requested = timezone.localdate(row.requested_at)
    if on < requested:
        raise AccelerationError(
            _("%(label)s: %(date)s is before the request (%(requested)s).")
            % {"label": label, "date": on.isoformat(), "requested": requested.isoformat()},
            "date_before_request",
            field=field,
        )
    return on


def _save_move(row: Introduction, by: Any, to: str, data: dict[str, Any]) -> Introduction:
    was = row.status
    row.status = to
    full_clean_on_field(row)
    row.save()
    audit_log(
        actor=by,
        verb=f"acceleration.introduction_{to}",
        target=row,
        data={"from": was, **data},
    )
    return row


def _answer(introduction: Introduction, by: Any, to: str, note: str) -> Introduction:
    row = _lock_for_move(introduction, by, to)
    row.answered_at = timezone.now()
    row.answered_by = by
    row.answer_note = (note or "").strip()
    _dated_note(row, timezone.localdate(row.answered_at), row.answer_note, to)
    _save_move(row, by, to, {"note": row.answer_note})
    _notify(row, jobs.ACCEPTED if to == IntroductionStatus.ACCEPTED else jobs.DECLINED)
    return row


@transaction.atomic
def introduction_accept(*, introduction: Introduction, by: Any, note: str = "") -> Introduction:
    """Accept a requested introduction (the programme's staff on the entry's behalf, or the
    entry's contact person); the participant's members are e-mailed after commit. Refuses
    anyone else and an introduction not requested (naming its state)."""
    return _answer(introduction, by, IntroductionStatus.ACCEPTED, note)


@transaction.atomic
def introduction_decline(*, introduction: Introduction, by: Any, note: str = "") -> Introduction:
    """Decline a requested introduction, with an optional reason the participant reads in
    the e-mail. Refuses anyone but the staff and the entry's contact person, and an
    introduction not requested (naming its state)."""
    return _answer(introduction, by, IntroductionStatus.DECLINED, note)


@transaction.atomic
def introduction_record_meeting(
    *, introduction: Introduction, by: Any, on: date | None, note: str = ""
) -> Introduction:
    """Record that the meeting took place on ``on``. Refuses anyone but the staff and the
    entry's contact person, an introduction not accepted, and a date in the future or
    before the request."""
    row = _lock_for_move(introduction, by, IntroductionStatus.MEETING_HELD)
    row.meeting_on = _check_date(row, on, "meeting_on", _("Meeting held on"))
    _dated_note(row, row.meeting_on, note, IntroductionStatus.MEETING_HELD)
    return _save_move(row, by, IntroductionStatus.MEETING_HELD, {"on": str(on)})


@transaction.atomic
def introduction_record_offer(
    *, introduction: Introduction, by: Any, on: date | None, note: str = ""
) -> Introduction:
    """Record a term sheet (investor, platform) or an offer (procurer) received on ``on``.
    Refuses anyone but the staff and the entry's contact person, an introduction whose
    meeting is not recorded, and a date in the future or before the request."""
    row = _lock_for_move(introduction, by, IntroductionStatus.OFFER_MADE)
    row.offer_on = _check_date(row, on, "offer_on", _("Term sheet or offer on"))
    _dated_note(row, row.offer_on, note, IntroductionStatus.OFFER_MADE)
    return _save_move(row, by, IntroductionStatus.OFFER_MADE, {"on": str(on)})


@transaction.atomic
def introduction_record_investment(
    *,
    introduction: Introduction,
    by: Any,
    amount: Decimal | None,
    on: date | None,
    note: str = "",
) -> Introduction:
    """Record the investment made (EUR, to the cent) on ``on``: it counts in the
    programme's figure of money raised through introductions. Refuses anyone but the staff
    and the entry's contact person, a public procurer's introduction (it wins a contract
    instead), an introduction before its meeting, an amount not above zero, and a date in
    the future or before the request."""
    row = _lock_for_move(introduction, by, IntroductionStatus.INVESTMENT_MADE)
    if row.entry.kind == EntryKind.PROCURER:
        raise AccelerationError(
            _("“%(entry)s” is a public procurer: record the contract won, not an investment.")
            % {"entry": row.entry.name},
            "procurer_investment",
        )
    if amount is None:
        raise AccelerationError(
            _("Investment made: give the amount in euros."), "amount_missing", field="amount"
        )
    row.investment_amount = _positive_money(amount, "amount", _("Investment made"))
    row.investment_on = _check_date(row, on, "on", _("Investment made on"))
    _dated_note(
        row,
        row.investment_on,
        f"{format_money(row.investment_amount)}. {note or ''}".strip(),
        IntroductionStatus.INVESTMENT_MADE,
    )
    row.closed_on = row.investment_on
    return _save_move(
        row,
        by,
        IntroductionStatus.INVESTMENT_MADE,
        {"amount": str(row.investment_amount), "on": str(on)},
    )


@transaction.atomic
def introduction_record_contract(
    *,
    introduction: Introduction,
    by: Any,
    value: Decimal | None,
    on: date | None,
    note: str = "",
) -> Introduction:
    """Record the contract won from a public procurer (its value in EUR) on ``on``.
    Refuses anyone but the staff and the entry's contact person, an investor's or
    platform's introduction, an introduction before its meeting, a value not above zero,
    and a date in the future or before the request."""
    row = _lock_for_move(introduction, by, IntroductionStatus.CONTRACT_WON)
    if row.entry.kind != EntryKind.PROCURER:
        raise AccelerationError(
            _("“%(entry)s” is not a public procurer: record the investment made instead.")
            % {"entry": row.entry.name},
            "investor_contract",
        )
    if value is None:
        raise AccelerationError(
            _("Contract value: give the value in euros."), "amount_missing", field="amount"
        )
    row.contract_value = _positive_money(value, "amount", _("Contract value"))
    row.contract_on = _check_date(row, on, "on", _("Contract won on"))
    _dated_note(
        row,
        row.contract_on,
        f"{format_money(row.contract_value)}. {note or ''}".strip(),
        IntroductionStatus.CONTRACT_WON,
    )
    row.closed_on = row.contract_on
    return _save_move(
        row,
        by,
        IntroductionStatus.CONTRACT_WON,
        {"value": str(row.contract_value), "on": str(on)},
    )


@transaction.atomic
def introduction_close(
    *, introduction: Introduction, by: Any, on: date | None = None, note: str = ""
) -> Introduction:
    """Close an accepted introduction with no follow-up (today, or ``on``); the pair may
    then ask again. Refuses anyone but the staff and the entry's contact person, an
    introduction not under way, and a date in the future or before the request."""
    row = _lock_for_move(introduction, by, IntroductionStatus.NO_FOLLOW_UP)
    row.closed_on = _check_date(row, on or timezone.localdate(), "on", _("Closed on"))
    _dated_note(row, row.closed_on, note, IntroductionStatus.NO_FOLLOW_UP)
    return _save_move(row, by, IntroductionStatus.NO_FOLLOW_UP, {"on": str(row.closed_on)})


def introduction_move(
    *,
    introduction: Introduction,
    by: Any,
    to: str,
    on: date | None = None,
    amount: Decimal | None = None,
    note: str = "",
) -> Introduction:
    """Move an introduction to ``to`` through the service of that step (the back office's
    and the contact person's one form); refuses what that service refuses and an unknown
    step."""
    if to == IntroductionStatus.ACCEPTED:
        return introduction_accept(introduction=introduction, by=by, note=note)
    if to == IntroductionStatus.DECLINED:
        return introduction_decline(introduction=introduction, by=by, note=note)
    if to == IntroductionStatus.MEETING_HELD:
        return introduction_record_meeting(introduction=introduction, by=by, on=on, note=note)
    if to == IntroductionStatus.OFFER_MADE:
        return introduction_record_offer(introduction=introduction, by=by, on=on, note=note)
    if to == IntroductionStatus.INVESTMENT_MADE:
        return introduction_record_investment(
            introduction=introduction, by=by, amount=amount, on=on, note=note
        )
    if to == IntroductionStatus.CONTRACT_WON:
        return introduction_record_contract(
            introduction=introduction, by=by, value=amount, on=on, note=note
        )
    if to == IntroductionStatus.NO_FOLLOW_UP:
        return introduction_close(introduction=introduction, by=by, on=on, note=note)
    raise AccelerationError(
        _("Next step: choose one of the steps offered."), "step_unknown", field="to"
    )
