"""The eligibility result letter: the work its task runs, sent once per screening decision."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from applications.models import Application, ApplicationStatus
from applications.screening.selectors import application_checks, screening_rules, screening_summary
from organisations.models import OrganisationMember
from socialtech.audit.claims import claimed_once
from socialtech.audit.selectors import audit_events_of
from socialtech.emails import send_together
from socialtech.i18n import localise
from socialtech.tenancy.context import require_active_tenant, tenant_context
from socialtech.tenancy.links import tenant_absolute_url

SCREENED = "application.screened"
LETTER_SENT = "application.eligibility_letter_sent"
LETTER_FAILED = "application.eligibility_letter_failed"


def _result_email(
    application: Application, member: OrganisationMember, unmet: list[dict[str, Any]], url: str
) -> EmailMessage:
    user = member.user
    known = dict(settings.LANGUAGES)
    language = next(
        (code for code in (user.language, application.language) if code and code in known),
        settings.LANGUAGE_CODE,
    )
    with translation.override(language):
        context = {
            "application": application,
            "recipient": user,
            "organisation": application.organisation,
            "call_title": localise(application.call.title, language) or application.call.slug,
            "programme": application.tenant,
            "is_eligible": application.status == ApplicationStatus.ELIGIBLE,
            "unmet": [{"label": str(item["rule"].label), "notes": item["notes"]} for item in unmet],
            "redress_days": application.call.redress_days,
            "url": url,
        }
        subject = " ".join(
            render_to_string("applications/emails/eligibility_result_subject.txt", context).split()
        )
        body = render_to_string("applications/emails/eligibility_result_body.txt", context)
    return EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email])


def eligibility_result_send(*, application_id: int, tenant_id: int | None = None) -> int:
    """E-mail the eligibility result letter to each active member of the organisation.

    Each member gets it in their own language (else the application's, else the default).
    The letter names every rule found not met, with the screeners' notes. Safe to run
    twice: the sending is claimed in the audit trail first, and the claim is given back
    if sending fails so that a retry sends. Returns how many letters went out. Runs in the
    programme ``tenant_id`` (by default the active one).
    """
    with tenant_context(tenant_id if tenant_id is not None else require_active_tenant()):
        application = Application.objects.select_related("call", "organisation", "tenant").get(
            pk=application_id
        )
        if application.status not in (ApplicationStatus.ELIGIBLE, ApplicationStatus.INELIGIBLE):
            return 0
        decision = audit_events_of(application).filter(verb=SCREENED).order_by("-at", "-pk").first()
        if decision is None:
            return 0
        summary = screening_summary(
            rules=screening_rules(application.call), checks=application_checks(application)
        )
        url = tenant_absolute_url(application.tenant, reverse("application_dashboard"))
        unmet = [
            {
                "rule": rule.rule,
                "notes": sorted({c.note for c in rule.checks if not c.is_met and c.note}),
            }
            for rule in summary.unmet
        ]
        members = OrganisationMember.objects.filter(
            organisation=application.organisation, user__is_active=True
        ).select_related("user")
        messages = [_result_email(application, member, unmet, url) for member in members]
        # The letter of one decision goes once: claimed in the audit trail (the application's
        # row locked while it is read), given back if sending fails so that a retry sends.
        sent = claimed_once(
            target=application,
            verb=LETTER_SENT,
            failed_verb=LETTER_FAILED,
            key={"decision": decision.pk},
            data={"outcome": application.status, "recipients": len(messages)},
            do=lambda: send_together(messages),
        )
    return len(messages) if sent else 0


__all__ = ["LETTER_SENT", "SCREENED", "eligibility_result_send"]
