"""Writes on challenges: a member of a social enterprise writes one (a draft), submits it
for review, changes it when staff return it and submits it again, and may close it; the
programme's staff publish it or return it with a reason, and the poster is e-mailed.

Each service checks the person, validates, saves and writes its audit row; a refusal is a
``ConnectError`` naming the field or the rule, with a stable code.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from connect_to_innovate.challenges import jobs
from connect_to_innovate.challenges.tasks import send_challenge_notice
from connect_to_innovate.errors import ConnectError
from connect_to_innovate.models import Challenge, ReviewStatus, Sector
from connect_to_innovate.permissions import acts_for, may_review
from connect_to_innovate.review import (
    full_clean_on_field,
    key_of,
    normalise_languages,
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
            _("Only owners and editors of the organisation may change its challenges.")
        )


def _lock(challenge: Challenge) -> Challenge:
    return Challenge.objects.select_for_update().get(pk=challenge.pk)


def _notify(challenge: Challenge, notice: str) -> None:
    enqueue_on_commit(
        send_challenge_notice,
        tenant_id=challenge.tenant_id,
        challenge_id=challenge.pk,
        notice=notice,
    )


@transaction.atomic
def challenge_save(
    *,
    by: Any,
    challenge: Challenge | None = None,
    organisation: Organisation,
    title: str,
    problem: str,
    target_group: str,
    sector: str,
    country: str,
    languages: Iterable[str],
    budget_min: Decimal,
    budget_max: Decimal,
    tags: Iterable[str] | str,
) -> Challenge:
    """Write a new challenge (a draft) for ``organisation`` or change one still a draft or
    returned. Tags are kept lower-case, each once. Refuses anyone but the organisation's
    owners and editors, a challenge awaiting review, published or closed, moving a
    challenge to another organisation, an unknown sector, no language or one outside the
    EU's, a budget below zero or whose minimum is above its maximum, and what the table
    refuses (named by field)."""
    _require_member(by, organisation.pk)
    if challenge is not None:
        row = _lock(challenge)
        if row.organisation_id != organisation.pk:
            raise ConnectError(
                _("Organisation: a challenge stays with the organisation that wrote it."),
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
        row = Challenge(tenant=require_active_tenant(), organisation=organisation, created_by=by)
    if sector not in Sector.values:
        raise ConnectError(
            _("Sector: choose one of the sectors listed."), "sector_unknown", field="sector"
        )
    if budget_min is not None and budget_max is not None and budget_min > budget_max:
        raise ConnectError(
            _("Budget: the minimum (EUR %(min)s) is above the maximum (EUR %(max)s).")
            % {"min": budget_min, "max": budget_max},
            "budget_range",
            field="budget_max",
        )
    row.title = (title or "").strip()
    row.problem = (problem or "").strip()
    row.target_group = (target_group or "").strip()
    row.sector = sector
    row.country = (country or "").upper()
    row.languages = normalise_languages(languages)
    row.languages_key = key_of(row.languages)
    row.tags = normalise_tags(tags)
    row.budget_min = budget_min
    row.budget_max = budget_max
    full_clean_on_field(row)
    row.save()
    audit_log(
        actor=by,
        verb="connect_to_innovate.challenge_changed"
        if challenge is not None
        else "connect_to_innovate.challenge_created",
        target=row,
        data={"organisation": organisation.pk, "status": row.status},
    )
    return row


@transaction.atomic
def challenge_submit(*, challenge: Challenge, by: Any) -> Challenge:
    """Send a draft or returned challenge to the programme's staff for review; it stays
    hidden until they publish it (they are e-mailed). Refuses anyone but the organisation's
    owners and editors and a challenge in any other state."""
    row = _lock(challenge)
    _require_member(by, row.organisation_id)
    changed = review_move(row, ReviewStatus.SUBMITTED, by=by)
    row.save(update_fields=changed)
    audit_log(actor=by, verb="connect_to_innovate.challenge_submitted", target=row)
    _notify(row, jobs.SUBMITTED)
    return row


@transaction.atomic
def challenge_approve(*, challenge: Challenge, by: Any) -> Challenge:
    """Publish a challenge awaiting review: it shows in the lists and the matches; the
    poster is e-mailed. Refuses anyone but the programme's staff and a challenge not
    awaiting review."""
    require_programme_staff(by)
    row = _lock(challenge)
    changed = review_move(row, ReviewStatus.PUBLISHED, by=by)
    row.save(update_fields=changed)
    audit_log(actor=by, verb="connect_to_innovate.challenge_published", target=row)
    _notify(row, jobs.PUBLISHED)
    return row


@transaction.atomic
def challenge_return(*, challenge: Challenge, by: Any, reason: str) -> Challenge:
    """Return a challenge awaiting review to its organisation with the reason (e-mailed to
    the poster); they may change it and submit it again. Refuses anyone but the
    programme's staff, an empty reason and a challenge not awaiting review."""
    require_programme_staff(by)
    reason = require_reason(reason)
    row = _lock(challenge)
    changed = review_move(row, ReviewStatus.RETURNED, by=by, reason=reason)
    row.save(update_fields=changed)
    audit_log(
        actor=by,
        verb="connect_to_innovate.challenge_returned",
        target=row,
        data={"reason": reason},
    )
    _notify(row, jobs.RETURNED)
    return row


@transaction.atomic
def challenge_close(*, challenge: Challenge, by: Any) -> Challenge:
    """Close a challenge (solved, or no longer wanted): it leaves the lists and the matches;
    its interests and threads stay readable by the two sides. Refuses anyone but the
    organisation's owners and editors and the programme's staff, and a challenge awaiting
    review or already closed."""
    row = _lock(challenge)
    if not (acts_for(by, row.organisation_id) or may_review(by)):
        raise PermissionDenied(_("Only the organisation's owners and editors may close it."))
    changed = review_move(row, ReviewStatus.CLOSED, by=by)
    row.save(update_fields=changed)
    audit_log(actor=by, verb="connect_to_innovate.challenge_closed", target=row)
    return row
