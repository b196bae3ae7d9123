"""Reads for the staff side of applications: the back-office list and detail.

Staff see submitted applications and everything after; a draft is listed (its organisation,
call and dates) but its content stays private to the applicant until it is submitted.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.db import connection
from django.db.models import Q, QuerySet
from django.utils.functional import Promise
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from applications.models import (
    Application,
    ApplicationStatus,
    Attachment,
    SubmissionAttempt,
)
from applications.screening.selectors import application_screening
from calls.answers import budget_total, count_words
from calls.models import FieldType, FormField
from organisations.selectors import sme_condition
from socialtech.audit.models import AuditEvent
from socialtech.audit.selectors import audit_events_of

if TYPE_CHECKING:
    pass

STAFF_VISIBLE_STATUSES = [s for s in ApplicationStatus.values if s != ApplicationStatus.DRAFT]


def staff_label(application: Application) -> str:
    """How staff pages name an application: never by a draft's title, which is its content."""
    if application.receipt_number:
        return application.receipt_number
    if application.status == ApplicationStatus.DRAFT:
        return gettext("Draft #%(pk)s") % {"pk": application.pk}
    return gettext("Application #%(pk)s") % {"pk": application.pk}


def application_list_for_staff() -> QuerySet[Application]:
    """The active programme's applications with what the back-office list shows, in one query."""
    return Application.objects.select_related("call", "organisation")


def applications_visible_by_default(queryset: QuerySet[Application]) -> QuerySet[Application]:
    """Submitted and later: drafts are hidden unless staff ask for them."""
    return queryset.exclude(status=ApplicationStatus.DRAFT)


def _prefixed(condition: Q, prefix: str) -> Q:
    """``condition`` written for a related model, rewritten to be applied through ``prefix``."""
    rewritten = Q()
    rewritten.connector = condition.connector
    rewritten.negated = condition.negated
    rewritten.children = [
        _prefixed(child, prefix) if isinstance(child, Q) else (f"{prefix}__{child[0]}", child[1])  # type: ignore[index]
        for child in condition.children
    ]
    return rewritten


def application_sme_condition() -> Q:
    """Applications whose organisation's self-assessment says it is an SME."""
    return _prefixed(sme_condition(), "organisation")


def application_search(*, queryset: QuerySet[Application], term: str) -> QuerySet[Application]:
    """Applications matching ``term`` by organisation name, receipt number, title or answers.

    Titles and answers of drafts are never searched: a match would reveal what the
    applicant wrote before submitting. On PostgreSQL the answers are matched word by word
    with full-text search; elsewhere (SQLite) by substring.
    """
    term = term.strip()
    if not term:
        return queryset
    by_identity = Q(organisation__legal_name__icontains=term) | Q(receipt_number__icontains=term)
    by_content = Q(title__icontains=term) | Q(search_text__icontains=term)
    if connection.vendor == "postgresql":
        from django.contrib.postgres.search import SearchQuery, SearchVector

        queryset = queryset.annotate(
            staff_search=SearchVector("search_text", "title", config="simple")
        )
        by_content |= Q(staff_search=SearchQuery(term, config="simple", search_type="websearch"))
    return queryset.filter(by_identity | (~Q(status=ApplicationStatus.DRAFT) & by_content))


# --- Detail ---------------------------------------------------------------------------------


@dataclass
class BudgetRow:
    category: str
    description: str
    amount: Decimal | None


@dataclass
class AnswerRow:
    form_field: FormField
    label: str
    section: str
    type: str
    text: str = ""
    values: list[str] = field(default_factory=list)
    words: int | None = None
    budget_rows: list[BudgetRow] = field(default_factory=list)
    budget_total: Decimal | None = None
    attachment: Attachment | None = None
    is_empty: bool = False


def _amount(value: Any) -> Decimal | None:
    try:
        return Decimal(str(value).strip())
    except (ArithmeticError, ValueError):
        return None


def answer_rows(
    *, fields: Iterable[FormField], answers: dict[str, Any], attachments: Iterable[Attachment]
) -> list[AnswerRow]:
    """One row per form field, values made readable in the active language."""
    by_field = {attachment.field_key: attachment for attachment in attachments}
    rows = []
    for form_field in fields:
        value = answers.get(form_field.key)
        row = AnswerRow(
            form_field=form_field,
            label=form_field.label_text,
            section=form_field.section_text,
            type=form_field.type,
        )
        options = dict(form_field.option_pairs())
        if form_field.type == FieldType.FILE:
            row.attachment = by_field.get(form_field.key)
            row.is_empty = row.attachment is None
        elif value in (None, "", []):
            row.is_empty = True
        elif form_field.type == FieldType.TEXTAREA:
            row.text = str(value)
            row.words = count_words(row.text)
        elif form_field.type == FieldType.CHOICE:
            row.text = options.get(str(value), str(value))
        elif form_field.type == FieldType.MULTIPLE_CHOICE:
            row.values = [options.get(str(item), str(item)) for item in value]
        elif form_field.type == FieldType.COUNTRY:
            row.text = f"{countries.name(str(value).upper()) or value} ({str(value).upper()})"
        elif form_field.type == FieldType.DECLARATION:
            row.text = str(_("Confirmed") if value is True else _("Not confirmed"))
        elif form_field.type == FieldType.MONEY:
            row.text = str(value)
            row.budget_total = _amount(value)
        elif form_field.type == FieldType.BUDGET_TABLE:
            for item in value if isinstance(value, list) else []:
                if not isinstance(item, dict):
                    continue
                category = str(item.get("category", ""))
                row.budget_rows.append(
                    BudgetRow(
                        category=options.get(category, category),
                        description=str(item.get("description", "")),
                        amount=_amount(item.get("amount")),
                    )
                )
            row.budget_total = budget_total(value)
        else:
            row.text = str(value)
        rows.append(row)
    return rows


VERB_LABELS: dict[str, Promise] = {
    "application.started": _("Draft started"),
    "application.file_attached": _("File attached"),
    "application.submitted": _("Submitted"),
    "application.withdrawn": _("Withdrawn"),
    "application.extension_granted": _("Extension granted"),
    "application.eligibility_checked": _("Eligibility answers recorded"),
    "application.screened": _("Eligibility decided"),
    "application.evaluation_started": _("Moved to evaluation"),
    "application.eligibility_letter_sent": _("Eligibility letter e-mailed"),
}


def application_audit_events(application: Application) -> QuerySet[AuditEvent]:
    return audit_events_of(application)


def _event_detail(event: AuditEvent, *, is_draft: bool) -> str:
    """A short, staff-readable detail of an event; nothing from a draft's content."""
    data = event.data or {}
    if event.verb == "application.screened" and data.get("outcome") in ApplicationStatus.values:
        return str(ApplicationStatus(data["outcome"]).label)
    if event.verb == "application.extension_granted":
        return str(data.get("reason", ""))
    if event.verb == "application.submitted" and not is_draft:
        return str(data.get("receipt_number", ""))
    return ""


def application_detail_for_staff(application: Application) -> dict[str, Any]:
    """Everything the back-office detail page shows; draft content is left out."""
    is_draft = application.status == ApplicationStatus.DRAFT
    attempts = SubmissionAttempt.objects.filter(application=application).select_related("user")
    events = [
        {
            "event": event,
            "label": VERB_LABELS.get(event.verb, event.verb),
            "detail": _event_detail(event, is_draft=is_draft),
        }
        for event in application_audit_events(application)
    ]
    detail: dict[str, Any] = {
        "is_draft": is_draft,
        "attempts": list(attempts),
        "events": events,
        "deadline_local": localise_deadline(application),
        "answers": [],
        "attachments": [],
        "budget_total": None,
        "screening": None,
    }
    if is_draft:
        return detail
    fields = list(application.call.fields.all())
    attachments = list(Attachment.objects.filter(application=application))
    labels = {form_field.key: form_field.label_text for form_field in fields}
    for attachment in attachments:
        attachment.field_label = labels.get(attachment.field_key, attachment.field_key)  # type: ignore[attr-defined]
    rows = answer_rows(
        fields=fields,
        answers=application.submitted_answers or application.answers,
        attachments=attachments,
    )
    budgets = [
        row.budget_total
        for row in rows
        if row.type == FieldType.BUDGET_TABLE and row.budget_total is not None
    ]
    detail.update(
        answers=rows,
        attachments=attachments,
        budget_total=sum(budgets, Decimal("0.00")) if budgets else None,
        screening=application_screening(application=application),
    )
    return detail


def localise_deadline(application: Application) -> dict[str, Any]:
    """The application's deadline (extension included) in the call's time zone."""
    from django.utils import timezone

    deadline = application.deadline_for_this_application()
    return {
        "at": timezone.localtime(deadline, application.call.zone),
        "zone": application.call.timezone,
        "is_extended": deadline != application.call.deadline,
    }


def status_counts(queryset: QuerySet[Application]) -> dict[str, int]:
    """How many of ``queryset`` are in each status."""
    from django.db.models import Count

    return dict(
        queryset.order_by()
        .values_list("status")
        .annotate(count=Count("pk"))
        .values_list("status", "count")
    )
