"""Reads for the applicant pages, the receipt and the notices: which applications a user
sees, what their answers look like to a reader, what is still missing, and when things
happen in the call's time zone and the reader's."""

from __future__ import annotations

import functools
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from decimal import Decimal, InvalidOperation
from typing import Any
from zoneinfo import ZoneInfo, available_timezones

from django.conf import settings
from django.db.models import Case, CharField, Count, Prefetch, QuerySet, Value, When
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django_countries import countries

from applications.models import Application, ApplicationStatus, Attachment, SubmissionAttempt
from applications.visibility import applicant_status_label
from calls.answers import AnswerError, budget_total, check_for_submission, count_words
from calls.eligibility import EligibilityFailure, check_eligibility
from calls.models import PUBLIC_STATUSES, Call, FieldType, FormField
from organisations.models import Organisation, OrganisationMember
from organisations.permissions import EDITING_ROLES
from socialtech.documents.models import StoredDocument
from socialtech.formatting import format_datetime
from socialtech.registry import funding_received, funding_received_by_organisation
from socialtech.tenancy.context import require_active_tenant

MISSING_CODES = frozenset({"required", "declaration_required"})

COUNTING_STATUSES = [
    s
    for s in ApplicationStatus.values
    if s not in (ApplicationStatus.WITHDRAWN, ApplicationStatus.SUPERSEDED)
]


# --- Which applications a user sees ------------------------------------------------------


def member_organisation_roles(user: Any) -> dict[int, str]:
    """``{organisation id: role}`` of every organisation ``user`` belongs to (one query)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return {}
    return dict(
        OrganisationMember.objects.filter(user=user)
        .order_by()
        .values_list("organisation_id", "role")
    )


def member_applications(user: Any) -> QuerySet[Application]:
    """Applications (of the active programme) of organisations ``user`` belongs to.

    The user's organisations are read once and the applications filtered by their ids, so
    the cost follows the user's rows, not the programme's (the organisation index serves
    it). Each row carries ``viewer_role`` (the user's role in the organisation) and
    ``viewer_id``, so permission checks need no further query.
    """
    roles = member_organisation_roles(user)
    if not roles:
        return Application.objects.none()
    return Application.objects.filter(organisation_id__in=list(roles)).annotate(
        viewer_role=Case(
            *(When(organisation_id=pk, then=Value(role)) for pk, role in roles.items()),
            output_field=CharField(),
        ),
        viewer_id=Value(user.pk),
    )


def application_get_for_member(*, user: Any, pk: int) -> Application:
    """One application of ``user``'s organisations; raises ``Application.DoesNotExist`` otherwise."""
    return member_applications(user).select_related("call", "organisation").get(pk=pk)


def dashboard_applications(*, user: Any) -> QuerySet[Application]:
    """The user's drafts and submissions, newest activity first, ready for a page of rows.

    A fixed number of queries per page however many rows: the call and organisation are
    joined, the call's form fields and the attachments' keys are prefetched once.
    """
    return (
        member_applications(user)
        .select_related("call", "organisation")
        .prefetch_related(
            Prefetch("call__fields", queryset=FormField.objects.order_by("order", "pk")),
            Prefetch(
                "attachments",
                queryset=Attachment.objects.only("id", "application_id", "field_key"),
            ),
        )
        .order_by("-updated_at", "-pk")
    )


def organisations_for_applying(*, user: Any) -> list[Organisation]:
    """Organisations in which ``user`` may start an application (owners and editors)."""
    if not getattr(user, "is_authenticated", False):
        return []
    return list(
        Organisation.objects.filter(
            members__user=user, members__role__in=list(EDITING_ROLES)
        ).order_by("legal_name", "pk")
    )


def call_for_applying(*, slug: str) -> Call:
    """A published (or later) call of the active programme; raises ``Call.DoesNotExist``."""
    return Call.objects.get(slug=slug, status__in=PUBLIC_STATUSES)


def applications_of_call_for_user(*, user: Any, call: Call) -> list[Application]:
    """The user's organisations' applications to ``call``, drafts first."""
    return list(
        member_applications(user)
        .filter(call=call)
        .select_related("organisation")
        .annotate(is_draft=Case(When(status=ApplicationStatus.DRAFT, then=0), default=1))
        .order_by("is_draft", "-updated_at", "-pk")
    )


def form_fields(call: Call) -> list[FormField]:
    return list(call.fields.order_by("order", "pk"))


def application_attachments(application: Application) -> list[Attachment]:
    return list(application.attachments.order_by("field_key", "pk"))


def receipt_idempotency_key(application: Application | int) -> str:
    pk = application if isinstance(application, int) else application.pk
    return f"receipt:application:{pk}"


def receipt_submitter(application: Application) -> Any:
    """Who pressed submit (the attempt that succeeded), else who started the draft."""
    attempt = (
        SubmissionAttempt.objects.filter(application=application, outcome="submitted")
        .select_related("user")
        .order_by("at")
        .first()
    )
    return (
        attempt.user if attempt is not None and attempt.user is not None else application.created_by
    )


def mail_language(*, user: Any, application: Application | None = None) -> str:
    """The language of an e-mail to ``user``: theirs, else the application's, else the site's."""
    for language in (
        getattr(user, "language", ""),
        application.language if application is not None else "",
    ):
        if language and language in dict(settings.LANGUAGES):
            return language
    return settings.LANGUAGE_CODE


def receipt_document(application: Application) -> StoredDocument | None:
    """The stored receipt PDF of ``application``, once it has been made."""
    return StoredDocument.objects.filter(
        idempotency_key=receipt_idempotency_key(application)
    ).first()


# --- Time in the call's zone and the reader's --------------------------------------------


@functools.cache
def _known_timezones() -> frozenset[str]:
    return frozenset(available_timezones())


def valid_timezone(name: str | None) -> str | None:
    """``name`` when it is a known IANA time zone, else ``None``."""
    if not name or name not in _known_timezones():
        return None
    return name


@dataclass(frozen=True)
class ZonedTime:
    """One instant as the call's time zone, UTC and the reader's time zone show it.

    The ``*_text`` properties are the date and time alone (the pages name the zone beside
    them); the ``*_label`` ones end with the zone's name. Both go through
    ``socialtech.formatting``, so they read like every other time of the platform.
    """

    utc: datetime
    call_zone: str
    viewer_zone: str | None

    @property
    def iso(self) -> str:
        return self.utc.astimezone(UTC).isoformat()

    @property
    def call_local(self) -> datetime:
        return timezone.localtime(self.utc, ZoneInfo(self.call_zone))

    @property
    def viewer_local(self) -> datetime | None:
        return (
            timezone.localtime(self.utc, ZoneInfo(self.viewer_zone)) if self.viewer_zone else None
        )

    @property
    def call_text(self) -> str:
        return format_datetime(self.utc, self.call_zone, seconds=True, label=False)

    @property
    def call_label(self) -> str:
        return format_datetime(self.utc, self.call_zone, seconds=True)

    @property
    def utc_text(self) -> str:
        return format_datetime(self.utc, UTC, seconds=True, label=False)

    @property
    def utc_label(self) -> str:
        return format_datetime(self.utc, UTC, seconds=True)

    @property
    def viewer_text(self) -> str:
        if not self.viewer_zone:
            return ""
        return format_datetime(self.utc, self.viewer_zone, seconds=True, label=False)

    @property
    def viewer_label(self) -> str:
        if not self.viewer_zone:
            return ""
        return format_datetime(self.utc, self.viewer_zone, seconds=True)

    @property
    def viewer_differs(self) -> bool:
        """Whether the reader's zone shows a different wall-clock time than the call's."""
        local = self.viewer_local
        return local is not None and local.utcoffset() != self.call_local.utcoffset()


def zoned(moment: datetime, *, call: Call, viewer_zone: str | None) -> ZonedTime:
    return ZonedTime(utc=moment, call_zone=call.timezone, viewer_zone=valid_timezone(viewer_zone))


# --- Answers as a reader sees them -------------------------------------------------------


def format_money(value: Any) -> str:
    try:
        amount = Decimal(str(value).strip().replace(" ", "").replace("\u00a0", ""))
    except (InvalidOperation, ValueError):
        return str(value)
    if not amount.is_finite():
        return str(value)
    return f"EUR {number_format(amount, decimal_pos=2, force_grouping=True)}"


def format_size(size: int) -> str:
    """``193 bytes``, ``1.0 MB``: the size as the pages show it, in the reader's language."""
    return str(filesizeformat(size))


def format_number(value: Decimal) -> str:
    """``500`` rather than ``500.00`` or ``5E+2``; decimals only where there are some."""
    if value == value.to_integral_value():
        return number_format(value.quantize(Decimal(1)), force_grouping=True)
    return number_format(value.normalize(), force_grouping=True)


@dataclass
class AnswerRow:
    """One question with the answer as a reader sees it."""

    key: str
    label: str
    section: str
    type: str
    text: str = ""
    items: list[str] = field(default_factory=list)
    budget_rows: list[dict[str, str]] = field(default_factory=list)
    budget_total: str = ""
    attachment: Attachment | None = None
    is_answered: bool = False
    word_count: int | None = None
    max_words: int | None = None


def _display(form_field: FormField, value: Any, row: AnswerRow) -> None:
    options = dict(form_field.option_pairs())
    if form_field.type == FieldType.CHOICE:
        row.text = options.get(str(value), str(value))
    elif form_field.type == FieldType.MULTIPLE_CHOICE:
        row.items = [options.get(str(item), str(item)) for item in value or []]
        row.text = ", ".join(row.items)
    elif form_field.type == FieldType.COUNTRY:
        code = str(value).upper()
        row.text = f"{countries.name(code) or code} ({code})"
    elif form_field.type == FieldType.MONEY:
        row.text = format_money(value)
    elif form_field.type == FieldType.DECLARATION:
        row.text = _("Confirmed") if value is True else _("Not confirmed")
    elif form_field.type == FieldType.BUDGET_TABLE:
        for budget_row in value if isinstance(value, list) else []:
            if not isinstance(budget_row, dict):
                continue
            category = str(budget_row.get("category") or "")
            row.budget_rows.append(
                {
                    "category": options.get(category, category),
                    "description": str(budget_row.get("description") or ""),
                    "amount": format_money(budget_row.get("amount") or "0"),
                }
            )
        row.budget_total = format_money(budget_total(value))
    elif form_field.type == FieldType.TEXTAREA:
        row.text = str(value)
        row.word_count = count_words(row.text)
        row.max_words = form_field.max_words
    else:
        row.text = str(value)


def answer_rows(
    *, fields: Iterable[FormField], answers: dict[str, Any], attachments: Iterable[Attachment]
) -> list[AnswerRow]:
    """Every question of the form in order, with the answer (or file) given, if any."""
    by_key = {attachment.field_key: attachment for attachment in attachments}
    rows = []
    for form_field in fields:
        row = AnswerRow(
            key=form_field.key,
            label=form_field.label_text,
            section=form_field.section_text,
            type=form_field.type,
        )
        if form_field.type == FieldType.FILE:
            row.attachment = by_key.get(form_field.key)
            row.is_answered = row.attachment is not None
        else:
            value = answers.get(form_field.key)
            row.is_answered = value not in (None, "", [], False)
            if row.is_answered:
                _display(form_field, value, row)
        rows.append(row)
    return rows


def submission_problems(
    *, fields: Iterable[FormField], answers: dict[str, Any], attachments: Iterable[Attachment]
) -> list[AnswerError]:
    """What stops the answers from being submitted, one entry per field (no query)."""
    return check_for_submission(
        fields, answers or {}, {attachment.field_key for attachment in attachments}
    )


# --- The next step on the dashboard -------------------------------------------------------


@dataclass(frozen=True)
class NextStep:
    text: str
    kind: str  # "edit", "review", "receipt", "closed", "none"


def next_step(*, application: Application, now: datetime | None = None) -> NextStep:
    """What the applicant should do next; uses prefetched fields and attachments."""
    now = now or timezone.now()
    status = application.status
    if status == ApplicationStatus.DRAFT:
        if application.is_past_deadline(now):
            return NextStep(_("Deadline passed"), "closed")
        problems = submission_problems(
            fields=application.call.fields.all(),
            answers=application.answers,
            attachments=application.attachments.all(),
        )
        missing = sum(1 for problem in problems if problem.code in MISSING_CODES)
        invalid = len(problems) - missing
        parts = []
        if missing:
            parts.append(
                ngettext(
                    "Complete %(count)s missing field",
                    "Complete %(count)s missing fields",
                    missing,
                )
                % {"count": missing}
            )
        if invalid:
            parts.append(
                ngettext("fix %(count)s answer", "fix %(count)s answers", invalid)
                % {"count": invalid}
            )
        if parts:
            text = ", ".join(parts)
            return NextStep(text[:1].upper() + text[1:], "edit")
        return NextStep(_("Ready: review and submit"), "review")
    if status == ApplicationStatus.WITHDRAWN:
        return NextStep(_("Withdrawn"), "none")
    if application.receipt_number:
        return NextStep(
            _("Submitted — receipt %(number)s") % {"number": application.receipt_number},
            "receipt",
        )
    return NextStep(applicant_status_label(application), "none")


# --- Who hears about a call -------------------------------------------------------------


def draft_holders(*, call: Call) -> dict[Any, list[Application]]:
    """Members of the organisations holding a draft of ``call``, each with their drafts.

    One person in two organisations appears once, with both drafts.
    """
    drafts = list(
        Application.objects.filter(call=call, status=ApplicationStatus.DRAFT)
        .select_related("organisation")
        .order_by("pk")
    )
    by_organisation: dict[int, list[Application]] = {}
    for draft in drafts:
        by_organisation.setdefault(draft.organisation_id, []).append(draft)
    holders: dict[Any, list[Application]] = {}
    members = (
        OrganisationMember.objects.filter(organisation_id__in=list(by_organisation))
        .select_related("user")
        .order_by("user_id", "organisation_id")
    )
    for member in members:
        if not member.user.is_active:
            continue
        holders.setdefault(member.user, []).extend(by_organisation[member.organisation_id])
    return holders


def eligibility_failures(
    *, call: Call, organisation: Organisation, excluding: Application | None = None
) -> list[EligibilityFailure]:
    existing = Application.objects.filter(
        call=call, organisation=organisation, status__in=COUNTING_STATUSES
    )
    if excluding is not None:
        existing = existing.exclude(pk=excluding.pk)
    tenant = require_active_tenant()
    return check_eligibility(
        call=call,
        organisation=organisation,
        applications_count=existing.count(),
        funding_received=funding_received(tenant=tenant, organisation=organisation),
        funding_cap=tenant.fstp_cap_per_recipient,
    )


def eligibility_failures_by_organisation(
    *, call: Call, organisations: Iterable[Organisation]
) -> dict[int, list[EligibilityFailure]]:
    """:func:`eligibility_failures` of each of ``organisations`` for ``call``, by id.

    The applications already counting are read in one query for all of them, and each
    funding source is asked once where it can answer for many.
    """
    organisations = list(organisations)
    counts = dict(
        Application.objects.filter(
            call=call,
            organisation__in=[organisation.pk for organisation in organisations],
            status__in=COUNTING_STATUSES,
        )
        .order_by()
        .values("organisation")
        .annotate(count=Count("pk"))
        .values_list("organisation", "count")
    )
    tenant = require_active_tenant()
    received = funding_received_by_organisation(tenant=tenant, organisations=organisations)
    return {
        organisation.pk: check_eligibility(
            call=call,
            organisation=organisation,
            applications_count=counts.get(organisation.pk, 0),
            funding_received=received[organisation.pk],
            funding_cap=tenant.fstp_cap_per_recipient,
        )
        for organisation in organisations
    }
