"""Writes on technology offers: a member of a provider organisation writes one (a draft),
submits it for review, changes it when staff return it and submits it again, and may close
it; the programme's staff publish it or return it with a reason, and the poster is e-mailed.

The same review flow as the challenges (``connect_to_innovate.review``); each service checks
the person, validates, saves and writes its audit row; a refusal is a ``ConnectError``.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from connect_to_innovate.errors import ConnectError
from connect_to_innovate.models import ProviderType, ReviewStatus, TechnologyOffer
from connect_to_innovate.offers import jobs
from connect_to_innovate.offers.tasks import send_offer_notice
from connect_to_innovate.permissions import acts_for, may_review
from connect_to_innovate.review import (
    full_clean_on_field,
    key_of,
    normalise_countries,
    normalise_languages,
    normalise_sectors,
    normalise_tags,
    require_reason,
    review_move,
)
from organisations.models import Organisation
from socialtech.accounts.roles import require_programme_staff
from socialtech.audit.services import audit_log
from socialtech.tasks import enqueue_on_commit
from socialtech.tenancy.context import require_active_tenant


def _require_member(by: Any, organisation_id: int) -> None:
    if not acts_for(by, organisation_id):
        raise PermissionDenied(
            _("Only owners and editors of the organisation may change its technology offers.")
        )


def _lock(offer: TechnologyOffer) -> TechnologyOffer:
    return TechnologyOffer.objects.select_for_update().get(pk=offer.pk)


def _notify(offer: TechnologyOffer, notice: str) -> None:
    enqueue_on_commit(
        send_offer_notice, tenant_id=offer.tenant_id, offer_id=offer.pk, notice=notice
    )


@transaction.atomic
def offer_save(
    *,
    by: Any,
    offer: TechnologyOffer | None = None,
    organisation: Organisation,
    provider_type: str,
    title: str,
    description: str,
    technologies: Iterable[str] | str,
    sectors: Iterable[str],
    countries: Iterable[str],
    languages: Iterable[str],
    references: str,
) -> TechnologyOffer:
    """Write a new technology offer (a draft) for ``organisation`` or change one still a
    draft or returned. Technologies are kept as lower-case tags. Refuses anyone but the
    organisation's owners and editors, an offer awaiting review, published or closed,
    moving an offer to another organisation, an unknown provider type, no sector, country
    or language (or one not listed), and what the table refuses (named by field)."""
    _require_member(by, organisation.pk)
    if offer is not None:
        row = _lock(offer)
        if row.organisation_id != organisation.pk:
            raise ConnectError(
                _("Organisation: an offer stays with the organisation that wrote it."),
                "organisation_changed",
                field="organisation",
            )
        if not row.is_editable:
            raise ConnectError(
                _("“%(title)s” is %(status)s; it can change only as a draft or when returned.")
                % {"title": row.title, "status": row.get_status_display().lower()},
                "not_editable",
            )
    else:
        row = TechnologyOffer(
            tenant=require_active_tenant(), organisation=organisation, created_by=by
        )
    if provider_type not in ProviderType.values:
        raise ConnectError(
            _("Provider type: choose one of the types listed."),
            "provider_type_unknown",
            field="provider_type",
        )
    row.provider_type = provider_type
    row.title = (title or "").strip()
    row.description = (description or "").strip()
    row.tags = normalise_tags(technologies, field="technologies")
    row.sectors = normalise_sectors(sectors)
    row.sectors_key = key_of(row.sectors)
    row.countries = normalise_countries(countries)
    row.countries_key = key_of(row.countries)
    row.languages = normalise_languages(languages)
    row.languages_key = key_of(row.languages)
    row.references = (references or "").strip()
    full_clean_on_field(row)
    row.save()
    audit_log(
        actor=by,
        verb="connect_to_innovate.offer_changed"
        if offer is not None
        else "connect_to_innovate.offer_created",
        target=row,
        data={"organisation": organisation.pk, "status": row.status},
    )
    return row


@transaction.atomic
def offer_submit(*, offer: TechnologyOffer, by: Any) -> TechnologyOffer:
    """Send a draft or returned offer to the programme's staff for review; it stays hidden
    until they publish it (they are e-mailed). Refuses anyone but the organisation's owners
    and editors and an offer in any other state."""
    row = _lock(offer)
    _require_member(by, row.organisation_id)
    changed = review_move(row, ReviewStatus.SUBMITTED, by=by)
    row.save(update_fields=changed)
    audit_log(actor=by, verb="connect_to_innovate.offer_submitted", target=row)
    _notify(row, jobs.SUBMITTED)
    return row


@transaction.atomic
def offer_approve(*, offer: TechnologyOffer, by: Any) -> TechnologyOffer:
    """Publish an offer awaiting review: it shows in the lists and the matches; the poster
    is e-mailed. Refuses anyone but the programme's staff and an offer not awaiting review."""
    require_programme_staff(by)
    row = _lock(offer)
    changed = review_move(row, ReviewStatus.PUBLISHED, by=by)
    row.save(update_fields=changed)
    audit_log(actor=by, verb="connect_to_innovate.offer_published", target=row)
    _notify(row, jobs.PUBLISHED)
    return row


@transaction.atomic
def offer_return(*, offer: TechnologyOffer, by: Any, reason: str) -> TechnologyOffer:
    """Return an offer awaiting review to its organisation with the reason (e-mailed to the
    poster). Refuses anyone but the programme's staff, an empty reason and an offer not
    awaiting review."""
    require_programme_staff(by)
    reason = require_reason(reason)
    row = _lock(offer)
    changed = review_move(row, ReviewStatus.RETURNED, by=by, reason=reason)
    row.save(update_fields=changed)
    audit_log(
        actor=by, verb="connect_to_innovate.offer_returned", target=row, data={"reason": reason}
    )
    _notify(row, jobs.RETURNED)
    return row


@transaction.atomic
def offer_close(*, offer: TechnologyOffer, by: Any) -> TechnologyOffer:
    """Close an offer: it leaves the lists and the matches; its interests stay readable by
    the two sides. Refuses anyone but the organisation's owners and editors and the
    programme's staff, and an offer awaiting review or already closed."""
    row = _lock(offer)
    if not (acts_for(by, row.organisation_id) or may_review(by)):
        raise PermissionDenied(_("Only the organisation's owners and editors may close it."))
    changed = review_move(row, ReviewStatus.CLOSED, by=by)
    row.save(update_fields=changed)
    audit_log(actor=by, verb="connect_to_innovate.offer_closed", target=row)
    return row
