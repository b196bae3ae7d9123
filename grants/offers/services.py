"""Writes on offers: staff make an offer, the applicant accepts or declines it.

Each validates, writes and records its audit row in one transaction; the e-mails and the
promotion of the reserve list follow after commit as tasks.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from applications.models import Application, ApplicationStatus
from applications.services import application_status_move
from calls.models import Call
from grants.models import Award, AwardStatus
from grants.offers import selectors
from grants.offers.errors import OfferError
from grants.offers.jobs import offer_write
from grants.offers.tasks import promote_reserve, send_offer_notice
from organisations.models import Organisation
from socialtech.accounts.roles import require_programme_staff
from socialtech.audit.services import audit_log
from socialtech.tasks import enqueue_on_commit
from socialtech.tenancy.context import require_active_tenant

S = ApplicationStatus
CENT = Decimal("0.01")
MAX_FUNDING_ROWS = 20


@transaction.atomic
def offer_make(
    *, application: Application, amount: Decimal, reason: str, deadline: datetime, by: Any
) -> Award:
    """Offer ``amount`` to a main-list application of published results, with an acceptance
    deadline; a reduced amount needs ``reason``. Refuses (``OfferError``) an application not
    on a published main list, an amount above the request, and an award that would take the
    organisation over the programme's cap (the figures named). The organisation's members
    are e-mailed after commit."""
    require_programme_staff(by)
    # The call's row serialises offers and promotions of one call.
    list(Call.objects.select_for_update().filter(pk=application.call_id).values_list("pk"))
    locked = (
        Application.objects.select_for_update(of=("self",))
        .select_related("organisation", "call")
        .get(pk=application.pk)
    )
    award = offer_write(application=locked, amount=amount, reason=reason, deadline=deadline, by=by)
    enqueue_on_commit(send_offer_notice, tenant_id=award.tenant_id, award_id=award.pk)
    return award


def _lock_offer(award: Award, user: Any) -> Award:
    # Only the award's row (``of``): the call's row is the promotions' lock, taken first there.
    locked = (
        Award.objects.select_for_update(of=("self",))
        .select_related("call", "organisation", "application")
        .get(pk=award.pk)
    )
    if not selectors.may_act_for(user, locked):
        raise OfferError(
            _("Only the organisation's owners and editors may answer this offer."), "forbidden"
        )
    if locked.status != AwardStatus.OFFERED:
        raise OfferError(
            _("This offer was already answered or has lapsed (%(status)s).")
            % {"status": locked.get_status_display()},
            "not_open",
        )
    if locked.acceptance_deadline <= timezone.now():
        raise OfferError(_("The deadline to accept this offer has passed."), "deadline_passed")
    return locked


def clean_funding_rows(rows: Iterable[Mapping[str, Any]]) -> list[dict[str, str]]:
    """The declaration of other public funding as rows {"source", "amount"}; blank rows dropped."""
    cleaned: list[dict[str, str]] = []
    for row in rows:
        source = str(row.get("source") or "").strip()
        raw = str(row.get("amount") or "").strip()
        if not source and not raw:
            continue
        if not source:
            raise OfferError(_("Name the source of each other funding declared."), "funding_source")
        try:
            amount = Decimal(raw.replace(",", ".")).quantize(CENT)
        except (InvalidOperation, ValueError):
            raise OfferError(
                _("Give the amount of “%(source)s” as a number of euros.") % {"source": source},
                "funding_amount",
            ) from None
        if not amount.is_finite() or amount < 0 or amount >= Decimal("1e10"):
            raise OfferError(
                _("Give the amount of “%(source)s” as a number of euros.") % {"source": source},
                "funding_amount",
            )
        cleaned.append({"source": source[:300], "amount": str(amount)})
    if len(cleaned) > MAX_FUNDING_ROWS:
        raise OfferError(
            _("Declare at most %(count)s other sources of funding.") % {"count": MAX_FUNDING_ROWS},
            "funding_rows",
        )
    return cleaned


@transaction.atomic
def offer_accept(
    *,
    award: Award,
    by: Any,
    declared: bool,
    other_public_funding: Iterable[Mapping[str, Any]] = (),
) -> Award:
    """Accept an open offer for the organisation, with the declaration of other public
    funding for the same costs (``other_public_funding``: none, or rows of source and
    amount; ``declared`` confirms it is complete). The programme's cap is checked again:
    awards accepted meanwhile in other calls count."""
    tenant = require_active_tenant()
    # One organisation's acceptances take turns, so two calls cannot both pass the cap.
    list(
        Organisation.objects.select_for_update().filter(pk=award.organisation_id).values_list("pk")
    )
    locked = _lock_offer(award, by)
    if not declared:
        raise OfferError(
            _("Confirm the declaration of other public funding before accepting."),
            "declaration_missing",
        )
    rows = clean_funding_rows(other_public_funding)
    check = selectors.cap_check(
        tenant=tenant, organisation=locked.organisation, amount=locked.amount, excluding=locked
    )
    if check.exceeded:
        raise OfferError.cap_exceeded(check)
    application = Application.objects.select_for_update().get(pk=locked.application_id)
    application_status_move(application=application, to=S.ACCEPTED)
    application.save(update_fields=["status", "updated_at"])
    locked.status = AwardStatus.ACCEPTED
    locked.decided_at = timezone.now()
    locked.decided_by = by
    locked.other_public_funding = rows
    locked.full_clean()
    locked.save()
    audit_log(
        actor=by,
        verb="award.accepted",
        target=locked,
        data={"amount": str(locked.amount), "other_public_funding": rows},
    )
    return locked


@transaction.atomic
def offer_decline(*, award: Award, by: Any, reason: str) -> Award:
    """Decline an open offer for the organisation; the reserve list is promoted after commit."""
    locked = _lock_offer(award, by)
    reason = (reason or "").strip()
    application = Application.objects.select_for_update().get(pk=locked.application_id)
    application_status_move(application=application, to=S.DECLINED)
    application.save(update_fields=["status", "updated_at"])
    locked.status = AwardStatus.DECLINED
    locked.decided_at = timezone.now()
    locked.decided_by = by
    locked.decline_reason = reason[:4000]
    locked.full_clean()
    locked.save()
    audit_log(
        actor=by, verb="award.declined", target=locked, data={"reason": locked.decline_reason}
    )
    enqueue_on_commit(promote_reserve, tenant_id=locked.tenant_id, award_id=locked.pk)
    return locked
