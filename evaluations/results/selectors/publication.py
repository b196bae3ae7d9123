"""Publication of results, the redress window it opens, and the evaluation summary
reports issued to each member in their language.
"""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from applications.models import Application
from calls.models import Call, CallStatus
from evaluations.results.selectors.common import (
    AGGREGATION_STATUSES,
    ESR_ISSUED,
    RESULTS_PUBLISHED,
    S,
    audit_events_of,
)
from evaluations.results.selectors.ranking import ranked_outcomes, ranking_latest
from organisations.models import OrganisationMember
from socialtech.audit.models import AuditEvent
from socialtech.documents.models import StoredDocument


@dataclass(frozen=True)
class RedressWindow:
    published_at: datetime
    deadline: datetime
    days: int

    def is_open(self, now: datetime | None = None) -> bool:
        return (now or timezone.now()) < self.deadline


def publication_events(call: Call) -> QuerySet[AuditEvent]:
    return audit_events_of(Call, [call.pk], [RESULTS_PUBLISHED]).filter(tenant_id=call.tenant_id)


def published_run_ids(call: Call) -> set[int]:
    return {
        int(event.data.get("ranking_run"))
        for event in publication_events(call)
        if event.data.get("ranking_run") is not None
    }


def redress_window(call: Call) -> RedressWindow | None:
    """The redress window of ``call``: it opens when results are first published and closes
    ``call.redress_days`` days later; ``None`` before publication."""
    first = publication_events(call).order_by("at", "pk").first()
    if first is None:
        return None
    days = int(first.data.get("redress_days", call.redress_days))
    return RedressWindow(published_at=first.at, deadline=first.at + timedelta(days=days), days=days)


def publication_problems(call: Call) -> list[str]:
    """Why the results of ``call`` cannot be published now, in words; empty when they can."""
    problems = []
    if call.status not in (CallStatus.EVALUATION, CallStatus.RESULTS):
        problems.append(
            _("Results are published from a call in evaluation; this call is %(status)s.")
            % {"status": call.get_status_display()}
        )
        return problems
    run = ranking_latest(call)
    if run is None:
        return [_("The call has no ranking yet: rank the evaluated applications first.")]
    statuses = dict(
        Application.objects.filter(call=call, status__in=AGGREGATION_STATUSES).values_list(
            "pk", "status"
        )
    )
    in_evaluation = sum(status == S.IN_EVALUATION for status in statuses.values())
    if in_evaluation:
        problems.append(
            ngettext(
                "%(count)s application is still in evaluation.",
                "%(count)s applications are still in evaluation.",
                in_evaluation,
            )
            % {"count": in_evaluation}
        )
    outcomes = ranked_outcomes(run)
    unranked = sum(status == S.EVALUATED and pk not in outcomes for pk, status in statuses.items())
    changed = sum(statuses.get(pk) not in (outcome, None) for pk, outcome in outcomes.items())
    if unranked or changed:
        problems.append(
            _(
                "The latest ranking is out of date: %(unranked)s evaluated since and not in it, "
                "%(changed)s with another status since. Rank again."
            )
            % {"unranked": unranked, "changed": changed}
        )
    return problems


# --- Evaluation summary reports -------------------------------------------------------------


def esr_key(application_id: int, language: str) -> str:
    return f"esr:application:{application_id}:{language}"


def member_language(user: Any, application: Application) -> str:
    known = dict(settings.LANGUAGES)
    for language in (getattr(user, "language", ""), application.language):
        if language and language in known:
            return language
    return settings.LANGUAGE_CODE


def members_by_language(application: Application) -> dict[str, list[Any]]:
    """The organisation's active members grouped by the language their letters are in."""
    grouped: dict[str, list[Any]] = defaultdict(list)
    members = (
        OrganisationMember.objects.filter(
            organisation_id=application.organisation_id, user__is_active=True
        )
        .select_related("user")
        .order_by("created_at", "pk")
    )
    for member in members:
        grouped[member_language(member.user, application)].append(member.user)
    return dict(grouped)


def esr_fingerprint(data: Mapping[str, Any]) -> str:
    """A digest of what an evaluation summary report says (outcome, scores, comments), so a
    report is made again only when its content changes (after a re-evaluation)."""
    canonical = json.dumps(data, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(canonical.encode()).hexdigest()


def esr_documents(application: Application) -> list[StoredDocument]:
    """Every evaluation summary report issued for ``application``, newest first."""
    return list(
        StoredDocument.objects.filter(
            idempotency_key__startswith=f"esr:application:{application.pk}:"
        ).order_by("-created_at", "-pk")
    )


def esr_language(document: StoredDocument) -> str:
    parts = (document.idempotency_key or "").split(":")
    return parts[3] if len(parts) > 3 else ""


def esr_for_reader(application: Application, language: str) -> StoredDocument | None:
    """The current report (the content issued last) in ``language``, else in any language;
    reports of an earlier evaluation round are never offered in place of the current one."""
    documents = esr_documents(application)
    if not documents:
        return None
    issues = audit_events_of(Application, [application.pk], [ESR_ISSUED]).filter(
        tenant_id=application.tenant_id
    )
    latest = issues.order_by("-at", "-pk").first()
    candidates = documents
    if latest is not None and latest.data.get("fingerprint"):
        current = {
            event.data.get("document")
            for event in issues.filter(data__fingerprint=latest.data["fingerprint"])
        }
        candidates = [document for document in documents if document.pk in current] or documents
    for document in candidates:
        if esr_language(document) == language:
            return document
    return candidates[0]


def esr_latest_issue(application: Application, language: str) -> AuditEvent | None:
    return (
        audit_events_of(Application, [application.pk], [ESR_ISSUED])
        .filter(tenant_id=application.tenant_id, data__language=language)
        .order_by("-at", "-pk")
        .first()
    )
