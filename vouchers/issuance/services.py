"""Writes on the issuing of vouchers: staff issue a voucher to an application on a
published main list of a voucher call (one at a time or to the whole list), and cancel one.

Each validates, writes and records its audit row in one transaction; the voucher's PDF and
the e-mail to the enterprise follow after commit as a task.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any

from dateutil.relativedelta import relativedelta
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from applications.models import Application
from applications.selectors import format_money
from calls.models import Call, CallKind
from organisations.models import Organisation
from socialtech.accounts.roles import require_programme_staff
from socialtech.audit.services import audit_log
from socialtech.registry import funding_received
from socialtech.tasks import enqueue_on_commit
from vouchers.codes import generate_voucher_code
from vouchers.errors import VoucherError
from vouchers.issuance import selectors
from vouchers.issuance.tasks import send_cancelled_notice, voucher_issued_follow_up_task
from vouchers.models import Voucher, VoucherScheme, VoucherStatus
from vouchers.schemes.selectors import scheme_remaining
from vouchers.transitions import lock_voucher, voucher_move

CENT = Decimal("0.01")
CODE_ATTEMPTS = 10
# The refusal that ends a batch: no voucher after it can fit either.
BUDGET_EXHAUSTED = "budget_exhausted"


def expiry_of(issued_at: datetime, months: int) -> datetime:
    """``months`` calendar months after ``issued_at`` (31 January + 1 month: 28 or 29
    February)."""
    return issued_at + relativedelta(months=months)


@dataclass(frozen=True)
class DeMinimisCheck:
    declared: Decimal
    received: Decimal
    this_voucher: Decimal
    ceiling: Decimal

    @property
    def total(self) -> Decimal:
        return self.declared + self.received + self.this_voucher

    @property
    def exceeded(self) -> bool:
        return self.total > self.ceiling

    def message(self) -> str:
        return _(
            "This voucher would take the enterprise over the de minimis ceiling: declared aid "
            "of the last three years %(declared)s, received from the programme %(received)s, "
            "this voucher %(voucher)s, total %(total)s, ceiling %(ceiling)s."
        ) % {
            "declared": format_money(self.declared),
            "received": format_money(self.received),
            "voucher": format_money(self.this_voucher),
            "total": format_money(self.total),
            "ceiling": format_money(self.ceiling),
        }


def _scheme_of(application: Application) -> VoucherScheme:
    call = application.call
    if call.kind != CallKind.VOUCHER:
        raise VoucherError(
            _("Vouchers are given by voucher calls only; “%(call)s” is a %(kind)s call.")
            % {"call": call.title_text, "kind": CallKind(call.kind).label},
            "not_voucher_call",
        )
    scheme = VoucherScheme.objects.select_for_update().filter(call_id=call.pk).first()
    if scheme is None:
        raise VoucherError(
            _("The call “%(call)s” has no voucher scheme yet: set its value and rules first.")
            % {"call": call.title_text},
            "no_scheme",
        )
    return scheme


def _new_code() -> str:
    for _attempt in range(CODE_ATTEMPTS):
        code = generate_voucher_code()
        if not selectors.code_is_taken(code):
            return code
    raise RuntimeError("Could not find a free voucher code; the random source is broken.")


def _save_with_free_code(voucher: Voucher) -> Voucher:
    """Save ``voucher`` under a code no voucher has; a clash with a code taken meanwhile
    draws another."""
    for _attempt in range(CODE_ATTEMPTS):
        voucher.code = _new_code()
        voucher.full_clean(exclude=["document", "provider"])
        try:
            with transaction.atomic():
                voucher.save()
        except IntegrityError:
            if selectors.code_is_taken(voucher.code):
                continue
            raise
        return voucher
    raise RuntimeError("Could not store the voucher under a free code.")


@transaction.atomic
def voucher_issue(*, application: Application, by: Any) -> Voucher:
    """Issue the voucher of an application on the published main list of a voucher call
    with a scheme: a new code with its check character, the scheme's value and co-funding,
    valid for the scheme's months. A second call for the same application returns the
    voucher already issued. Its PDF and the e-mail to the enterprise follow after commit.

    Refuses anyone but staff, a call that is not a voucher call or has no scheme, an
    application not on a published main list, an organisation that already has the
    scheme's maximum of vouchers, a scheme whose remaining budget is below the value, and a
    voucher that would take the enterprise over the programme's de minimis ceiling (the
    figures named)."""
    require_programme_staff(by)
    locked = (
        Application.objects.select_for_update(of=("self",))
        .select_related("call", "organisation", "tenant")
        .get(pk=application.pk)
    )
    existing = selectors.voucher_of_application(locked)
    if existing is not None:
        return existing
    # The scheme's row serialises the issuing of one scheme (its budget and counts).
    scheme = _scheme_of(locked)
    if not selectors.is_on_published_main_list(locked):
        raise VoucherError(
            _(
                "Application %(application)s is not on a published main list (%(status)s): "
                "vouchers go to the main list once the results are published."
            )
            % {
                "application": locked.receipt_number or locked.pk,
                "status": locked.get_status_display(),
            },
            "not_on_main_list",
        )
    # One organisation's vouchers across schemes take turns, so two cannot both pass the
    # de minimis ceiling.
    list(
        Organisation.objects.select_for_update().filter(pk=locked.organisation_id).values_list("pk")
    )
    held = selectors.organisation_vouchers_in_scheme(
        scheme=scheme, organisation=locked.organisation
    )
    if held >= scheme.max_vouchers_per_organisation:
        raise VoucherError(
            _(
                "%(organisation)s already has %(held)s voucher(s) of this scheme; the scheme "
                "allows %(maximum)s per organisation."
            )
            % {
                "organisation": locked.organisation.legal_name,
                "held": held,
                "maximum": scheme.max_vouchers_per_organisation,
            },
            "max_per_organisation",
        )
    value = selectors.voucher_value_for(scheme=scheme, application=locked)
    remaining = scheme_remaining(scheme)
    if remaining < value:
        raise VoucherError(
            _(
                "The scheme's budget is exhausted: %(remaining)s remains, this voucher would be "
                "worth %(value)s."
            )
            % {"remaining": format_money(remaining), "value": format_money(value)},
            BUDGET_EXHAUSTED,
        )
    tenant = locked.tenant
    declared = selectors.declared_de_minimis(locked)
    check = DeMinimisCheck(
        declared=declared,
        received=Decimal(
            funding_received(tenant=tenant, organisation=locked.organisation)
        ).quantize(CENT),
        this_voucher=value,
        ceiling=Decimal(tenant.de_minimis_ceiling).quantize(CENT),
    )
    if check.exceeded:
        raise VoucherError(check.message(), "de_minimis_ceiling")
    issued_at = timezone.now()
    voucher = _save_with_free_code(
        Voucher(
            tenant=tenant,
            scheme=scheme,
            application=locked,
            organisation=locked.organisation,
            value=value,
            co_funding_percent=scheme.co_funding_percent,
            status=VoucherStatus.ISSUED,
            issued_at=issued_at,
            expires_at=expiry_of(issued_at, scheme.validity_months),
            issued_by=by,
            declared_de_minimis=declared,
        )
    )
    audit_log(
        actor=by,
        verb="voucher_issued",
        target=voucher,
        data={
            "code": voucher.code,
            "application": locked.pk,
            "scheme": scheme.pk,
            "value": str(voucher.value),
            "co_funding_percent": str(voucher.co_funding_percent),
            "expires_at": voucher.expires_at.isoformat(),
            "declared_de_minimis": str(check.declared),
            "received_from_programme": str(check.received),
            "de_minimis_ceiling": str(check.ceiling),
        },
    )
    enqueue_on_commit(voucher_issued_follow_up_task, tenant_id=tenant.pk, voucher_id=voucher.pk)
    return voucher


@dataclass(frozen=True)
class Refusal:
    """An application the batch did not issue a voucher to, and why."""

    application: Application
    code: str
    message: str


class IssuedVouchers(list[Voucher]):
    """The vouchers a batch issued, in order, with the ``refusals`` it met on the way and
    whether it ``stopped_at_budget``."""

    def __init__(self) -> None:
        super().__init__()
        self.refusals: list[Refusal] = []
        self.stopped_at_budget = False


def vouchers_issue_for_call(*, call: Call, by: Any) -> IssuedVouchers:
    """Issue a voucher to every application on ``call``'s published main list that has
    none, in ranking order. Each voucher is issued (and committed) on its own, so what was
    issued stays if a later one fails. A refusal (maximum per organisation, de minimis
    ceiling) is collected and the batch goes on; when the budget runs out the batch stops
    there and the applications left are collected as refused too. Refuses anyone but staff
    and a call that is not a voucher call with a scheme (nothing is issued)."""
    require_programme_staff(by)
    if call.kind != CallKind.VOUCHER:
        raise VoucherError(
            _("Vouchers are given by voucher calls only; “%(call)s” is a %(kind)s call.")
            % {"call": call.title_text, "kind": CallKind(call.kind).label},
            "not_voucher_call",
        )
    if not VoucherScheme.objects.filter(call_id=call.pk).exists():
        raise VoucherError(
            _("The call “%(call)s” has no voucher scheme yet: set its value and rules first.")
            % {"call": call.title_text},
            "no_scheme",
        )
    result = IssuedVouchers()
    waiting = selectors.main_list_without_voucher(call)
    for index, application in enumerate(waiting):
        try:
            result.append(voucher_issue(application=application, by=by))
        except VoucherError as error:
            result.refusals.append(Refusal(application, error.code, error.message))
            if error.code == BUDGET_EXHAUSTED:
                result.stopped_at_budget = True
                left_message = _("Not issued: the scheme's budget ran out before this application.")
                result.refusals.extend(
                    Refusal(left, BUDGET_EXHAUSTED, left_message) for left in waiting[index + 1 :]
                )
                break
    return result


@transaction.atomic
def voucher_cancel(*, voucher: Voucher, by: Any, reason: str) -> Voucher:
    """Cancel a voucher with the reason staff give: its value goes back to the scheme's
    budget. Refuses anyone but staff, an empty reason, and a voucher whose state does not
    allow it (verified, reimbursed, expired or already cancelled), naming the state. The
    enterprise's members (and the chosen provider's) are e-mailed after commit."""
    require_programme_staff(by)
    reason = (reason or "").strip()
    if not reason:
        raise VoucherError(
            _("Give the reason for cancelling the voucher."),
            "reason_missing",
            field="reason",
        )
    locked = lock_voucher(voucher)
    locked.ended_at = timezone.now()
    locked.end_reason = reason[:4000]
    cancelled = voucher_move(
        voucher=locked,
        to=VoucherStatus.CANCELLED,
        by=by,
        verb="voucher_cancelled",
        data={"reason": locked.end_reason, "value": str(locked.value)},
        update_fields=["ended_at", "end_reason"],
    )
    enqueue_on_commit(send_cancelled_notice, tenant_id=cancelled.tenant_id, voucher_id=cancelled.pk)
    return cancelled
