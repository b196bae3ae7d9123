"""Writes of the evaluator pool: an expert's global profile, and their invitation to a
call with the load they may take.

Every function here that staff call checks that the person acting is staff or coordinator
of the active programme, locks the call while it changes, and writes its audit event in
the same transaction. The invitation e-mail leaves once the transaction commits.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django_countries import countries

from calls.models import Call
from evaluations.models import (
    EXPERTISE_TAGS,
    Assignment,
    CallEvaluator,
    EvaluatorProfile,
)
from evaluations.pool.tasks import send_invitation
from evaluations.selectors import (
    EU_LANGUAGES,
    check_back_office,
    evaluator_label,
    evaluator_profiles_for_tenant,
    lock_call,
)
from organisations.models import Organisation
from socialtech.accounts.models import User
from socialtech.accounts.roles import Role
from socialtech.accounts.services import membership_grant
from socialtech.audit.services import audit_log
from socialtech.documents.uploads import check_upload, random_storage_name
from socialtech.tasks import enqueue_on_commit
from socialtech.tenancy.context import require_active_tenant

MAX_KEYWORDS = 30
MAX_KEYWORD_LENGTH = 60
CV_TYPES = ("pdf",)


def _clean_keywords(keywords: Iterable[str]) -> list[str]:
    cleaned: list[str] = []
    seen: set[str] = set()
    for keyword in keywords:
        text = " ".join(str(keyword).split())
        if text and text.lower() not in seen:
            seen.add(text.lower())
            cleaned.append(text)
    return cleaned


def evaluator_profile_problems(
    *, expertise: list[str], keywords: list[str], languages: list[str], country: str
) -> dict[str, str]:
    """What is wrong with a profile's lists, by field; empty when nothing is."""
    errors: dict[str, str] = {}
    known_tags = {key for key, _label in EXPERTISE_TAGS}
    if unknown := [tag for tag in expertise if tag not in known_tags]:
        errors["expertise"] = _("Unknown expertise: %(tags)s. Choose from the list.") % {
            "tags": ", ".join(unknown)
        }
    if len(keywords) > MAX_KEYWORDS:
        errors["keywords"] = _("Keywords: at most %(limit)s, separated by commas.") % {
            "limit": MAX_KEYWORDS
        }
    elif long := [keyword for keyword in keywords if len(keyword) > MAX_KEYWORD_LENGTH]:
        errors["keywords"] = _(
            "Keywords: each at most %(limit)s characters; “%(keyword)s” is longer."
        ) % {
            "limit": MAX_KEYWORD_LENGTH,
            "keyword": long[0],
        }
    if unknown := [code for code in languages if code not in EU_LANGUAGES]:
        errors["languages"] = _("Unknown language code: %(codes)s. Choose from the list.") % {
            "codes": ", ".join(unknown)
        }
    if country and country not in countries:
        errors["country"] = _("Country: give a two-letter ISO code such as IT or SE.")
    return errors


@transaction.atomic
def evaluator_profile_save(
    *,
    by: Any,
    profile: EvaluatorProfile | None = None,
    email: str = "",
    expertise: list[str],
    keywords: list[str],
    languages: list[str],
    country: str = "",
    employer_name: str = "",
    employer: Organisation | None = None,
    cv: Any | None = None,
) -> EvaluatorProfile:
    """Add an expert to the programme's pool (by the e-mail of their account) or change
    their profile.

    Adding gives the person the evaluator role in the programme, so the profile shows in
    its pool and they reach the evaluation workspace. Profiles are global: adding someone
    who already has one (from another programme) updates it with what was entered.
    Refuses: an e-mail no account uses, a profile outside the programme's pool, unknown
    expertise tags or languages, too many or too long keywords, an unknown country, and a
    CV that is not a PDF within the upload limit (checked from its bytes).
    """
    check_back_office(by)
    tenant = require_active_tenant()
    keywords = _clean_keywords(keywords)
    expertise = list(dict.fromkeys(expertise))
    languages = list(dict.fromkeys(code.lower() for code in languages))
    country = (country or "").upper()
    errors: dict[str, Any] = evaluator_profile_problems(
        expertise=expertise, keywords=keywords, languages=languages, country=country
    )
    is_new = profile is None
    if profile is None:
        user = User.objects.filter(email__iexact=email.strip()).first() if email.strip() else None
        if user is None:
            errors["email"] = _(
                "No account uses this e-mail address; ask the expert to register first."
            )
        else:
            profile = EvaluatorProfile.objects.filter(user=user).first() or EvaluatorProfile(
                user=user
            )
    elif not evaluator_profiles_for_tenant(tenant).filter(pk=profile.pk).exists():
        raise PermissionDenied(_("This expert is not in the programme's pool."))
    checked = check_upload(errors, "cv", cv, field_label=_("CV"), allowed_types=CV_TYPES)
    if errors:
        raise ValidationError(errors)
    assert profile is not None
    profile.expertise = expertise
    profile.keywords = keywords
    profile.languages = languages
    profile.country = country
    profile.employer_name = employer_name.strip()
    profile.employer = employer
    if checked is not None and cv is not None:
        old_name = profile.cv.name if profile.cv else None
        storage = profile.cv.storage
        # The field's upload_to gives the folder; the name is random, never the one uploaded.
        profile.cv.save(random_storage_name("", checked.kind), cv, save=False)
        if old_name:
            transaction.on_commit(lambda: storage.delete(old_name))
    profile.full_clean()
    profile.save()
    if is_new:
        membership_grant(tenant=tenant, user=profile.user, role=Role.EVALUATOR, granted_by=by)
    audit_log(
        actor=by,
        verb="evaluator_profile.added" if is_new else "evaluator_profile.changed",
        target=profile,
        data={
            "expertise": expertise,
            "languages": languages,
            "country": country,
            "cv_sha256": checked.sha256 if checked else None,
        },
    )
    return profile


@transaction.atomic
def call_evaluator_save(
    *,
    by: Any,
    call: Call,
    evaluator: EvaluatorProfile,
    call_evaluator: CallEvaluator | None = None,
    min_load: int,
    max_load: int,
    status: str = CallEvaluator.Status.INVITED,
    is_consortium_partner: bool = False,
    standing_declaration_at: datetime | None = None,
) -> CallEvaluator:
    """Invite an expert of the pool to evaluate a call, or change the invitation.

    An invitation gives the expert the evaluator role in the programme. Refuses: a call or
    expert outside the programme, a second invitation of the same expert to the same
    call, changing the call or the expert of an invitation, and a minimum load above the
    maximum.
    """
    check_back_office(by)
    tenant = require_active_tenant()
    call = Call.objects.get(pk=call.pk)
    errors: dict[str, str] = {}
    if not evaluator_profiles_for_tenant(tenant).filter(pk=evaluator.pk).exists():
        errors["evaluator"] = _(
            "This expert is not in the programme's pool; add their profile first."
        )
    if call_evaluator is not None and (
        call_evaluator.call_id != call.pk or call_evaluator.evaluator_id != evaluator.pk
    ):
        raise ValidationError(
            _("An invitation cannot move to another call or expert; invite anew."),
            code="fixed",
        )
    if (
        call_evaluator is None
        and CallEvaluator.objects.filter(call=call, evaluator=evaluator).exists()
    ):
        errors["evaluator"] = _("%(evaluator)s is already invited to this call.") % {
            "evaluator": evaluator_label(evaluator)
        }
    if min_load is not None and max_load is not None and min_load > max_load:
        errors["min_load"] = _(
            "Minimum applications (%(minimum)s) cannot be above the maximum (%(maximum)s)."
        ) % {"minimum": min_load, "maximum": max_load}
    if status not in CallEvaluator.Status.values:
        errors["status"] = _("Unknown status %(status)s.") % {"status": status}
    if errors:
        raise ValidationError(errors)
    is_new = call_evaluator is None
    row = call_evaluator or CallEvaluator(call=call, evaluator=evaluator, tenant=tenant)
    was_declined = row.status == CallEvaluator.Status.DECLINED
    changes = {
        "min_load": min_load,
        "max_load": max_load,
        "status": status,
        "is_consortium_partner": is_consortium_partner,
        "standing_declaration_at": standing_declaration_at,
    }
    for name, value in changes.items():
        setattr(row, name, value)
    row.full_clean()
    row.save()
    if is_new:
        membership_grant(tenant=tenant, user=evaluator.user, role=Role.EVALUATOR, granted_by=by)
    if row.status == CallEvaluator.Status.INVITED and (is_new or was_declined):
        # The expert answers the invitation in the workspace; the e-mail says where.
        enqueue_on_commit(send_invitation, call_evaluator_id=row.pk, tenant_id=row.tenant_id)
    audit_log(
        actor=by,
        verb="call_evaluator.invited" if is_new else "call_evaluator.changed",
        target=call,
        data={
            "evaluator": evaluator.pk,
            "min_load": min_load,
            "max_load": max_load,
            "status": status,
            "is_consortium_partner": is_consortium_partner,
        },
    )
    return row


@transaction.atomic
def call_evaluator_remove(*, call_evaluator: CallEvaluator, by: Any) -> None:
    """Withdraw an invitation. Refuses while the expert has assignments in the call."""
    check_back_office(by)
    row = (
        CallEvaluator.objects.select_for_update(of=("self",))
        .select_related("evaluator__user")
        .get(pk=call_evaluator.pk)
    )
    if Assignment.objects.filter(
        application__call_id=row.call_id, evaluator_id=row.evaluator_id
    ).exists():
        raise ValidationError(
            _(
                "%(evaluator)s has assignments in this call. Set the invitation to Declined and "
                "run the assignment again, or move the assignments to someone else first."
            )
            % {"evaluator": evaluator_label(row.evaluator)},
            code="has_assignments",
        )
    call = row.call
    evaluator_id = row.evaluator_id
    row.delete()
    audit_log(
        actor=by,
        verb="call_evaluator.removed",
        target=call,
        data={"evaluator": evaluator_id},
    )


__all__ = [
    "call_evaluator_remove",
    "call_evaluator_save",
    "check_back_office",
    "evaluator_profile_problems",
    "evaluator_profile_save",
    "lock_call",
]
