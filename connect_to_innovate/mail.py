"""Sending one piece of news to the people of an organisation, once each, in their language.

Each e-mail is claimed in the audit trail under (recipient, moment), so a retried task
sends only what did not leave.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from functools import partial
from typing import Any

from django.conf import settings
from django.db.models import Model
from django.urls import reverse
from django.utils import translation

from connect_to_innovate.models import ReviewStatus
from organisations.models import OrganisationMember
from organisations.permissions import EDITING_ROLES
from socialtech.accounts.roles import programme_staff
from socialtech.audit.claims import claimed_once
from socialtech.emails import programme_email
from socialtech.tenancy.links import tenant_absolute_url


def mail_language(user: Any) -> str:
    """The reader's language, else the site's."""
    language = getattr(user, "language", "") or ""
    return language if language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


def organisation_people(organisation_id: int) -> list[Any]:
    """The active owners and editors of an organisation, who hear its news."""
    return [
        member.user
        for member in OrganisationMember.objects.filter(
            organisation_id=organisation_id, role__in=EDITING_ROLES, user__is_active=True
        )
        .select_related("user")
        .order_by("pk")
    ]


def _send(*, tenant: Any, template: str, context: dict[str, Any], user: Any) -> None:
    with translation.override(mail_language(user)):
        programme_email(
            tenant=tenant,
            template=template,
            context={**context, "name": user.full_name or user.email},
            to=[user.email],
        ).send()


def send_once_each(
    *,
    target: Model,
    notice: str,
    moment: datetime | None,
    people: Iterable[Any],
    tenant: Any,
    template: str,
    context: dict[str, Any],
) -> int:
    """E-mail ``notice`` about ``target`` to each of ``people`` once; returns how many left
    now."""
    if moment is None:
        return 0
    sent = 0
    for user in people:
        if not user.is_active or not user.email:
            continue
        sent += int(
            claimed_once(
                target=target,
                verb=f"connect_to_innovate.{notice}_notice_sent",
                failed_verb=f"connect_to_innovate.{notice}_notice_failed",
                key={"to": user.email, "moment": moment.isoformat()},
                do=partial(_send, tenant=tenant, template=template, context=context, user=user),
            )
        )
    return sent


REVIEW_TEMPLATES = {
    "published": "connect_to_innovate/emails/post_published",
    "returned": "connect_to_innovate/emails/post_returned",
    "submitted": "connect_to_innovate/emails/post_submitted",
}


def review_notice_send(
    *, row: Any, kind: str, notice: str, admin_url_name: str, page_url_name: str
) -> int:
    """E-mail a review notice about a challenge or an offer (``kind``) once: ``<kind>_submitted``
    to the programme's staff, ``<kind>_published`` and ``<kind>_returned`` to the person who
    posted it. 0 when it had left, the decision no longer holds (the row has moved on) or
    there is nobody to write to."""
    step = notice.removeprefix(f"{kind}_")
    if row is None or step not in REVIEW_TEMPLATES or row.status != ReviewStatus(step):
        return 0
    moment = {
        "published": row.published_at,
        "returned": row.updated_at,
        "submitted": row.submitted_at,
    }[step]
    to_staff = step == "submitted"
    path = reverse(admin_url_name if to_staff else page_url_name, args=[row.pk])
    return send_once_each(
        target=row,
        notice=notice,
        moment=moment,
        people=programme_staff(row.tenant) if to_staff else [row.created_by],
        tenant=row.tenant,
        template=REVIEW_TEMPLATES[step],
        context={
            "programme": row.tenant,
            "kind": kind,
            "title": row.title,
            "reason": row.return_reason,
            "organisation": row.organisation.legal_name,
            "url": tenant_absolute_url(row.tenant, path),
        },
    )
