"""The work after a learner completes a course, callable directly too: every published
path containing the course whose courses the learner has now all completed awards its
badge, once, and the learner is e-mailed once per badge, in their language.

A badge is one row per path and learner (the table's unique constraint): two runs at once
both try, one writes, the other finds it. The e-mail is claimed in the audit trail, so a
retried task sends only what did not leave.
"""

from __future__ import annotations

import secrets
from functools import partial
from typing import Any

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from socialtech.audit.claims import claimed_once
from socialtech.audit.services import audit_log
from socialtech.documents.models import generate_document_code
from socialtech.emails import programme_email
from socialtech.tenancy.links import tenant_absolute_url
from upskilling.badges import selectors
from upskilling.errors import UpskillingError
from upskilling.models import Badge, LearningPath, PathStatus

EMAIL_TEMPLATE = "upskilling/emails/badge_awarded"
AWARDED = "upskilling.badge_awarded"
AWARDED_NOTICE_SENT = "upskilling.badge_awarded_notice_sent"
SALT_BYTES = 16
# A new code colliding with a stored one is a 1 in 31^12 event; a few tries are plenty.
CODE_TRIES = 5


def badge_award(*, path: LearningPath, user: Any) -> tuple[Badge, bool]:
    """Award ``path``'s badge to ``user``: a new public code and salt, an audit row.
    Returns the badge and whether this call awarded it; a badge already awarded (even by
    a run at the same moment) is returned as it is.

    Refuses (``UpskillingError``) a path that is not published (``path_not_published``)
    and a learner who has not completed every course of the path (``path_not_completed``).
    """
    existing = Badge.objects.filter(path=path, user=user).first()
    if existing is not None:
        return existing, False
    if path.status != PathStatus.PUBLISHED:
        raise UpskillingError(
            _("Path: only a published path awards its badge; this one is %(status)s.")
            % {"status": path.get_status_display()},
            "path_not_published",
            field="path",
        )
    if not selectors.path_completed_by(path=path, user=user):
        raise UpskillingError(
            _("Path: the badge is awarded once every course of the path is completed."),
            "path_not_completed",
            field="path",
        )
    for _attempt in range(CODE_TRIES):
        try:
            with transaction.atomic():
                badge = Badge(
                    tenant_id=path.tenant_id,
                    path=path,
                    user=user,
                    code=generate_document_code(),
                    salt=secrets.token_hex(SALT_BYTES),
                )
                # The database's unique constraints decide races; checking them first
                # would only read what may change before the insert.
                badge.full_clean(validate_unique=False, validate_constraints=False)
                badge.save()
                audit_log(
                    actor=None,
                    verb=AWARDED,
                    target=badge,
                    data={"path": path.pk, "user": user.pk, "code": badge.code},
                )
            return badge, True
        except IntegrityError:
            existing = Badge.objects.filter(path=path, user=user).first()
            if existing is not None:
                return existing, False
    raise RuntimeError("No free badge code after several tries.")


def _notice_send(badge: Badge) -> None:
    user = badge.user
    with translation.override(selectors.learner_language(user)):
        programme_email(
            tenant=badge.tenant,
            template=EMAIL_TEMPLATE,
            context={
                "name": selectors.learner_name(user),
                "programme": badge.tenant,
                "badge_name": badge.path.badge_name,
                "path_title": badge.path.title,
                "badge_page": tenant_absolute_url(
                    badge.tenant, reverse("upskilling_badge", args=[badge.code])
                ),
                "my_badges": tenant_absolute_url(badge.tenant, reverse("upskilling_badges_mine")),
                "code": badge.code,
            },
            to=[user.email],
        ).send()


def badge_awarded_notice_send(*, badge_id: int) -> int:
    """E-mail the learner once that they earned the badge, in their language, with the
    badge's public page and where to download it. Returns 1 when the e-mail left now, 0
    when it had left before, the badge is revoked or gone, or there is nobody to write to."""
    badge = selectors.badge_of(badge_id)
    if badge is None or badge.revoked_at is not None:
        return 0
    user = badge.user
    if not user.is_active or not user.email:
        return 0
    return int(
        claimed_once(
            target=badge,
            verb=AWARDED_NOTICE_SENT,
            failed_verb=f"{AWARDED_NOTICE_SENT}_failed",
            key={"to": user.email},
            do=partial(_notice_send, badge),
        )
    )


def path_badges_check(*, enrolment_id: int) -> list[Badge]:
    """After the enrolment's course is completed: award the badge of every published path
    containing the course that its learner has now completed, then e-mail each badge once.
    Returns the badges awarded now. Safe to run twice, or twice at once. Does nothing for
    an enrolment that is gone or not completed."""
    enrolment = selectors.enrolment_for_badges(enrolment_id)
    if enrolment is None or enrolment.completed_at is None:
        return []
    awarded: list[Badge] = []
    for path in selectors.paths_due(user=enrolment.user, course_id=enrolment.course_id):
        try:
            badge, created = badge_award(path=path, user=enrolment.user)
        except UpskillingError:
            continue  # changed meanwhile (unpublished, a course added): nothing is due
        if created:
            awarded.append(badge)
    for badge in awarded:
        badge_awarded_notice_send(badge_id=badge.pk)
    return awarded
