"""The work the offer tasks wrap, callable directly too: write an offer, promote the reserve
list once per lapsed offer, expire offers past their deadline, and the e-mails, each sent once.

A job takes keyword-only ids, loads its rows and writes its audit rows itself; it imports
selectors and models, never the services or tasks of this package.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal
from functools import partial
from typing import Any

from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from applications.models import Application, ApplicationStatus
from applications.selectors import format_money, mail_language, zoned
from applications.services import application_status_move
from calls.models import Call, CallKind
from grants.models import LAPSED_STATUSES, Award, AwardStatus
from grants.notices import notify_once_each
from grants.offers import selectors
from grants.offers.errors import OfferError
from socialtech.accounts.roles import programme_staff
from socialtech.audit.claims import claimed_once
from socialtech.audit.services import audit_log
from socialtech.emails import programme_email
from socialtech.tenancy.context import require_active_tenant
from socialtech.tenancy.links import tenant_absolute_url

S = ApplicationStatus
CENT = Decimal("0.01")
# An offer promoted from the reserve list gets this long to answer when the lapsed offer
# gives no period of its own.
DEFAULT_ACCEPTANCE_PERIOD = timedelta(days=14)
# The expiry sweep sends again, for this long, the notices of promotions a failed send missed.
NOTICE_RETRY_WINDOW = timedelta(days=1)

OFFER_NOTICE_SENT = "award.offer_notice_sent"
OFFER_NOTICE_FAILED = "award.offer_notice_failed"
PROMOTION_NOTICE_SENT = "award.promotion_notice_sent"
PROMOTION_NOTICE_FAILED = "award.promotion_notice_failed"


def offer_write(
    *,
    application: Application,
    amount: Decimal,
    reason: str,
    deadline: datetime,
    by: Any | None,
    from_reserve: bool = False,
) -> Award:
    """Offer ``amount`` to ``application`` (locked by the caller, inside its transaction).

    The one write behind a staff offer and a promotion from the reserve list: the
    application must be on a published main list (or, for a promotion, reserve list), the
    amount positive and at most the amount requested, a reduction explained, the deadline
    in the future, and the organisation's awards within the programme's cap.
    """
    tenant = require_active_tenant()
    allowed = (
        selectors.is_on_published_reserve_list(application)
        if from_reserve
        else selectors.is_on_published_main_list(application)
    )
    if not allowed:
        raise OfferError(
            _(
                "Offers are made only to applications on the main list of published results; "
                "this application is “%(status)s”."
            )
            % {"status": application.get_status_display()},
            "not_on_published_main_list",
        )
    if application.call.kind == CallKind.VOUCHER:
        # A voucher call's selection gives vouchers (the vouchers app), not grant offers.
        raise OfferError(
            _("A voucher call's selected applications receive vouchers, not grant offers."),
            "voucher_call",
        )
    if Award.objects.filter(application=application).exists():
        raise OfferError(_("This application already has an offer."), "already_offered")
    amount = Decimal(amount).quantize(CENT)
    requested = application.requested_amount
    if amount <= 0:
        raise OfferError(_("The amount offered must be more than zero."), "amount_not_positive")
    if requested is not None and amount > requested:
        raise OfferError(
            _("The amount offered (%(amount)s) cannot exceed the amount requested (%(requested)s).")
            % {"amount": format_money(amount), "requested": format_money(requested)},
            "amount_above_requested",
        )
    reason = (reason or "").strip()
    if requested is not None and amount < requested and not reason:
        raise OfferError(
            _("Give the reason for offering less than the amount requested."),
            "reduction_reason_missing",
        )
    if deadline <= timezone.now():
        raise OfferError(_("The acceptance deadline must be in the future."), "deadline_past")
    check = selectors.cap_check(tenant=tenant, organisation=application.organisation, amount=amount)
    if check.exceeded:
        raise OfferError.cap_exceeded(check)
    application_status_move(application=application, to=S.OFFERED)
    application.save(update_fields=["status", "updated_at"])
    award = Award(
        tenant=tenant,
        application=application,
        organisation=application.organisation,
        call=application.call,
        amount=amount,
        amount_requested=requested,
        reduction_reason=reason if requested is not None and amount < requested else "",
        status=AwardStatus.OFFERED,
        offered_at=timezone.now(),
        offered_by=by if getattr(by, "is_authenticated", False) else None,
        acceptance_deadline=deadline,
        from_reserve=from_reserve,
    )
    award.full_clean()
    award.save()
    audit_log(
        actor=by,
        verb="award.offered",
        target=award,
        data={
            "application": application.pk,
            "amount": str(amount),
            "requested": str(requested) if requested is not None else None,
            "reason": award.reduction_reason,
            "deadline": deadline.isoformat(),
            "from_reserve": from_reserve,
        },
    )
    return award


def reserve_promote(*, award_id: int) -> int | None:
    """Offer the money freed by the lapsed award ``award_id`` to the first reserve application
    (ranking order) that the call's remaining budget funds; returns the new award's id.

    Once per lapsed offer, however many runners race: the call's row is locked while the
    reserve is read and the lapsed offer is marked done in the same transaction, so a second
    runner waits, then finds the promotion done. The new offeree and the programme's staff
    are told afterwards (each e-mail once); a rerun after a failed e-mail sends it again.
    Call it outside any transaction: the e-mails leave after the promotion commits.
    """
    with transaction.atomic():
        lapsed = Award.objects.select_related("call").filter(pk=award_id).first()
        if lapsed is None:
            return None
        # The call's row serialises every promotion of the call (budget and reserve read once).
        list(Call.objects.select_for_update().filter(pk=lapsed.call_id).values_list("pk"))
        lapsed = (
            Award.objects.select_for_update(of=("self",)).select_related("call").get(pk=award_id)
        )
        if lapsed.status not in LAPSED_STATUSES:
            return None
        if lapsed.promotion_done_at is None:
            _promote(lapsed)
        replacement_id = lapsed.replaced_by_id
    if replacement_id is not None:
        offer_notice_send(award_id=replacement_id)
    promotion_notice_send(award_id=award_id)
    return replacement_id


def _promote(lapsed: Award) -> None:
    call = lapsed.call
    period = lapsed.acceptance_deadline - lapsed.offered_at
    if period <= timedelta(0):
        period = DEFAULT_ACCEPTANCE_PERIOD
    remaining = selectors.call_remaining(call)
    tenant = require_active_tenant()
    replacement = None
    skipped: list[dict[str, Any]] = []
    for candidate in selectors.reserve_in_order(call):
        requested = candidate.requested_amount
        if requested is None or requested <= 0 or requested > remaining:
            continue
        check = selectors.cap_check(
            tenant=tenant, organisation=candidate.organisation, amount=requested
        )
        if check.exceeded:
            skipped.append({"application": candidate.pk, "reason": "cap_exceeded"})
            continue
        candidate = (
            Application.objects.select_for_update(of=("self",))
            .select_related("organisation", "call")
            .get(pk=candidate.pk)
        )
        replacement = offer_write(
            application=candidate,
            amount=requested,
            reason="",
            deadline=timezone.now() + period,
            by=None,
            from_reserve=True,
        )
        break
    lapsed.promotion_done_at = timezone.now()
    lapsed.replaced_by = replacement
    lapsed.save(update_fields=["promotion_done_at", "replaced_by", "updated_at"])
    audit_log(
        actor=None,
        verb="award.reserve_promoted" if replacement else "award.reserve_none_fundable",
        target=lapsed,
        data={
            "replacement": replacement.pk if replacement else None,
            "application": replacement.application_id if replacement else None,
            "remaining_budget": str(remaining),
            "skipped": skipped,
        },
    )


def offers_expire(*, now: datetime | None = None) -> list[int]:
    """Expire every offer of the active programme whose deadline has passed, then promote the
    reserve list for each; returns the expired awards' ids. Safe to run twice: an offer is
    expired by a conditional update, once, and its promotion runs once."""
    now = now or timezone.now()
    due = list(
        Award.objects.filter(status=AwardStatus.OFFERED, acceptance_deadline__lte=now)
        .order_by("acceptance_deadline", "pk")
        .values_list("pk", flat=True)
    )
    expired: list[int] = []
    for award_id in due:
        with transaction.atomic():
            award = (
                Award.objects.select_for_update()
                .filter(pk=award_id, status=AwardStatus.OFFERED, acceptance_deadline__lte=now)
                .first()
            )
            if award is None:
                continue
            application = Application.objects.select_for_update().get(pk=award.application_id)
            award.status = AwardStatus.EXPIRED
            award.decided_at = now
            award.save(update_fields=["status", "decided_at", "updated_at"])
            application_status_move(application=application, to=S.DECLINED)
            application.save(update_fields=["status", "updated_at"])
            audit_log(
                actor=None,
                verb="award.expired",
                target=award,
                data={"deadline": award.acceptance_deadline.isoformat()},
            )
        expired.append(award_id)
    # Lapsed offers whose promotion has not run yet (this sweep's, or an earlier one cut short).
    pending = Award.objects.filter(
        status=AwardStatus.EXPIRED, promotion_done_at__isnull=True
    ).values_list("pk", flat=True)
    for award_id in list(pending):
        reserve_promote(award_id=award_id)
    # E-mails of recent promotions that a failed send left unsent go out now (each is
    # claimed per recipient, so a notice already sent is not sent again).
    recent = now - NOTICE_RETRY_WINDOW
    for award_id in Award.objects.filter(
        status=AwardStatus.OFFERED, from_reserve=True, offered_at__gte=recent
    ).values_list("pk", flat=True):
        offer_notice_send(award_id=award_id)
    for award_id in Award.objects.filter(
        status__in=LAPSED_STATUSES, promotion_done_at__gte=recent
    ).values_list("pk", flat=True):
        promotion_notice_send(award_id=award_id)
    return expired


# --- E-mails ------------------------------------------------------------------------------------


def _award_url(award: Award) -> str:
    return tenant_absolute_url(award.tenant, reverse("grants_offer", args=[award.pk]))


def offer_notice_send(*, award_id: int) -> int:
    """E-mail each member of the organisation once that an offer awaits them, in their
    language, with the amount and the deadline in the call's zone and theirs."""
    award = (
        Award.objects.select_related("call", "call__tenant", "organisation", "application")
        .filter(pk=award_id, status=AwardStatus.OFFERED)
        .first()
    )
    if award is None:
        return 0
    return notify_once_each(
        award=award,
        verb=OFFER_NOTICE_SENT,
        failed_verb=OFFER_NOTICE_FAILED,
        template="grants/emails/offer",
        context=partial(_offer_context, award),
    )


def _offer_context(award: Award, user: Any) -> dict[str, Any]:
    return {
        "amount": format_money(award.amount),
        "requested": format_money(award.amount_requested)
        if award.amount_requested is not None
        else "",
        "reduced": award.amount_requested is not None and award.amount < award.amount_requested,
        "reason": award.reduction_reason,
        "from_reserve": award.from_reserve,
        "deadline": zoned(
            award.acceptance_deadline, call=award.call, viewer_zone=getattr(user, "timezone", "")
        ),
        "url": _award_url(award),
    }


def promotion_notice_send(*, award_id: int) -> int:
    """Tell the programme's staff once what became of the money of the lapsed award
    ``award_id``: offered to the next reserve application, or no reserve application fits."""
    lapsed = (
        Award.objects.select_related(
            "call",
            "call__tenant",
            "application",
            "replaced_by__application",
            "replaced_by__organisation",
        )
        .filter(pk=award_id, promotion_done_at__isnull=False)
        .first()
    )
    if lapsed is None:
        return 0
    replacement = lapsed.replaced_by
    sent = 0
    for user in programme_staff(lapsed.tenant):
        sent += claimed_once(
            target=lapsed,
            verb=PROMOTION_NOTICE_SENT,
            failed_verb=PROMOTION_NOTICE_FAILED,
            key={"to": user.email},
            do=partial(_promotion_notice, lapsed, replacement, user),
        )
    return sent


def _promotion_notice(lapsed: Award, replacement: Award | None, user: Any) -> None:
    with translation.override(mail_language(user=user)):
        context = {
            "name": user.full_name or user.email,
            "programme": lapsed.call.tenant,
            "call_title": lapsed.call.title_text,
            "lapsed": lapsed,
            "lapsed_status": lapsed.get_status_display(),
            "replacement": replacement,
            "replacement_amount": format_money(replacement.amount) if replacement else "",
            "replacement_deadline": zoned(
                replacement.acceptance_deadline,
                call=lapsed.call,
                viewer_zone=getattr(user, "timezone", ""),
            )
            if replacement
            else None,
            "remaining": format_money(selectors.call_remaining(lapsed.call)),
        }
        programme_email(
            tenant=lapsed.call.tenant,
            template="grants/emails/promotion",
            context=context,
            to=[user.email],
        ).send()
