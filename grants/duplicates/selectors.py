"""Reads of the near-duplicate check: the written text of an application, the applications
to fingerprint, the candidates sharing a band hash, and the flags staff see.

The candidate and signature reads cross programmes on purpose (``unscoped``): they return
ids and signatures only, never a text, and only the jobs of this package call them. Every
read for a page is scoped to the active programme.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db.models import F, Q, QuerySet
from django.urls import reverse
from django.utils.formats import number_format
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from applications.models import Application, ApplicationStatus
from calls.models import FieldType, FormField
from grants.duplicates import minhash
from grants.models import (
    DuplicateCheck,
    DuplicateCheckStatus,
    DuplicateFlag,
    DuplicateFlagStatus,
    FingerprintBand,
    TextFingerprint,
)
from socialtech.accounts.models import Role
from socialtech.accounts.roles import has_role

S = ApplicationStatus
# Never compared: not submitted, taken back, or replaced by a newer version of itself.
NOT_COMPARED = (S.DRAFT, S.WITHDRAWN, S.SUPERSEDED)
TEXT_TYPES = (FieldType.TEXT, FieldType.TEXTAREA)
DEFAULT_THRESHOLD = Decimal("0.800")
# Lookups by many values go in slices the databases accept in one statement (SQLite takes
# 32,766 parameters from 3.32, PostgreSQL 65,535): band hashes of 125 applications a query.
CHUNK = 500
BAND_CHUNK = 4000
# Flags staff still act on (a dismissed pair is no warning).
WARNING_STATUSES = (DuplicateFlagStatus.OPEN, DuplicateFlagStatus.CONFIRMED)


def similarity_threshold() -> Decimal:
    """From this similarity up a pair is flagged (setting ``GRANTS_DUPLICATE_THRESHOLD``)."""
    value = Decimal(str(getattr(settings, "GRANTS_DUPLICATE_THRESHOLD", DEFAULT_THRESHOLD)))
    return minhash.as_similarity(min(max(value, Decimal("0.1")), Decimal("1")))


def chunks(values: Sequence[Any], size: int = CHUNK) -> Iterable[Sequence[Any]]:
    for start in range(0, len(values), size):
        yield values[start : start + size]


# --- The text ---------------------------------------------------------------------------------


def text_field_keys(call_ids: Iterable[int]) -> dict[int, list[str]]:
    """The keys of the text and long-text fields of each call, in the form's order (one query)."""
    keys: dict[int, list[str]] = {call_id: [] for call_id in call_ids}
    rows = (
        FormField.objects.filter(call_id__in=list(keys), type__in=TEXT_TYPES)
        .order_by("call_id", "order", "pk")
        .values_list("call_id", "key")
    )
    for call_id, key in rows:
        keys[call_id].append(key)
    return keys


def application_text(application: Application, keys: Sequence[str]) -> str:
    """The written answers of ``application`` as submitted (the draft's while none), joined."""
    answers = application.submitted_answers or application.answers or {}
    parts = [answers.get(key) for key in keys]
    return "\n".join(part.strip() for part in parts if isinstance(part, str) and part.strip())


def applications_for_fingerprint(application_ids: Sequence[int]) -> list[Application]:
    """The active programme's applications among ``application_ids`` that are compared."""
    return list(
        Application.objects.filter(pk__in=list(application_ids))
        .exclude(status__in=NOT_COMPARED)
        .only("pk", "tenant_id", "call_id", "status", "answers", "submitted_answers")
        .order_by("pk")
    )


def fingerprints_by_application(application_ids: Sequence[int]) -> dict[int, TextFingerprint]:
    return {
        fingerprint.application_id: fingerprint
        for fingerprint in TextFingerprint.objects.filter(application_id__in=list(application_ids))
    }


def applications_without_fingerprint(*, limit: int) -> list[int]:
    """Ids of the active programme's submitted applications with no fingerprint yet, or one
    older than their (re)submission, oldest first."""
    return list(
        Application.objects.exclude(status__in=NOT_COMPARED)
        .filter(
            Q(text_fingerprint__isnull=True)
            | Q(text_fingerprint__computed_at__lt=F("submitted_at"))
        )
        .order_by("pk")
        .values_list("pk", flat=True)[:limit]
    )


def applications_of_call(call_id: int) -> list[int]:
    """Ids of the call's applications that are compared (submitted, not withdrawn)."""
    return list(
        Application.objects.filter(call_id=call_id)
        .exclude(status__in=NOT_COMPARED)
        .order_by("pk")
        .values_list("pk", flat=True)
    )


# --- Candidates, across the installation --------------------------------------------------------


@dataclass(frozen=True)
class Print:
    """A fingerprint as the matching reads it: whose, where, and its signature."""

    application_id: int
    tenant_id: int
    call_id: int
    signature: list[int]


def judged_prints(application_ids: Sequence[int]) -> dict[int, Print]:
    """The fingerprints long enough to be judged of ``application_ids``, in any programme
    (for the duplicate jobs only: ids and signatures, no text)."""
    found: dict[int, Print] = {}
    for part in chunks(list(application_ids)):
        rows = (
            TextFingerprint.unscoped.filter(
                application_id__in=list(part), word_count__gte=minhash.MIN_WORDS
            )
            .exclude(application__status__in=NOT_COMPARED)
            .values_list("application_id", "tenant_id", "call_id", "signature")
        )
        for application_id, tenant_id, call_id, signature in rows:
            if signature:
                found[application_id] = Print(application_id, tenant_id, call_id, signature)
    return found


def candidate_pairs(prints: Iterable[Print]) -> set[tuple[int, int]]:
    """Pairs (this application, another) sharing at least one band hash, the other in any
    programme of the installation and compared: one indexed query per ``BAND_CHUNK`` hashes."""
    wanted: dict[tuple[int, int], list[int]] = defaultdict(list)
    for row in prints:
        for band, value in enumerate(minhash.band_hashes(row.signature)):
            wanted[(band, value)].append(row.application_id)
    values = sorted({value for _band, value in wanted})
    pairs: set[tuple[int, int]] = set()
    for part in chunks(values, BAND_CHUNK):
        rows = (
            FingerprintBand.unscoped.filter(value__in=list(part))
            .exclude(application__status__in=NOT_COMPARED)
            .values_list("band", "value", "application_id")
        )
        for band, value, other_id in rows:
            for own_id in wanted.get((band, value), ()):
                if own_id != other_id:
                    pairs.add((own_id, other_id))
    return pairs


# --- What staff see ---------------------------------------------------------------------------


def flags_for_staff() -> QuerySet[DuplicateFlag]:
    return DuplicateFlag.objects.select_related(
        "application__organisation", "call", "other_application", "other_tenant", "reviewed_by"
    )


def open_flags_count() -> int:
    return DuplicateFlag.objects.filter(status=DuplicateFlagStatus.OPEN).count()


def flags_by_application(application_ids: Iterable[int]) -> dict[int, list[DuplicateFlag]]:
    """The flags still to act on of each application (open or confirmed), in one query."""
    found: dict[int, list[DuplicateFlag]] = defaultdict(list)
    for flag in (
        DuplicateFlag.objects.filter(
            application_id__in=list(application_ids), status__in=WARNING_STATUSES
        )
        .select_related("other_application", "other_tenant")
        .order_by("-similarity", "pk")
    ):
        found[flag.application_id].append(flag)
    return dict(found)


def similarity_text(value: Decimal) -> str:
    return number_format(value, decimal_pos=2)


def flag_other_text(flag: DuplicateFlag) -> str:
    """The other side of the pair in words: its reference in this programme, or only the
    name of the other programme."""
    if flag.same_programme and flag.other_application is not None:
        return str(flag.other_application)
    return _("an application in another programme (%(programme)s)") % {
        "programme": flag.other_tenant.name
    }


def flag_warning(flag: DuplicateFlag) -> SafeString:
    """The warning on a flag: "near duplicate of <reference> (similarity 0.93)", the
    reference a link to the other application, or of an application in another programme."""
    similarity = similarity_text(flag.similarity)
    if flag.same_programme and flag.other_application is not None:
        url = reverse("admin:applications_application_change", args=[flag.other_application_id])
        return format_html(
            _("Near duplicate of {reference} (similarity {similarity})."),
            reference=format_html('<a href="{}">{}</a>', url, str(flag.other_application)),
            similarity=similarity,
        )
    return format_html(
        _(
            "Near duplicate of an application in another programme, {programme} (similarity {similarity})."
        ),
        programme=flag.other_tenant.name,
        similarity=similarity,
    )


def running_check(call_id: int) -> DuplicateCheck | None:
    return (
        DuplicateCheck.objects.filter(call_id=call_id, status=DuplicateCheckStatus.RUNNING)
        .order_by("-started_at")
        .first()
    )


def flags_of_call_count(call_id: int) -> int:
    return DuplicateFlag.objects.filter(call_id=call_id).count()


def offer_warnings(
    applications: QuerySet[Application] | Iterable[Application],
) -> list[dict[str, Any]]:
    """The near-duplicate warnings of ``applications`` (a queryset or rows; one query) for
    the offer pages: rows {"application", "warnings"} of those with a flag still to act on,
    by reference."""
    rows: dict[int, dict[str, Any]] = {}
    flags = (
        DuplicateFlag.objects.filter(application__in=applications, status__in=WARNING_STATUSES)
        .select_related("application", "other_application", "other_tenant")
        .order_by("application__receipt_number", "application_id", "-similarity", "pk")
    )
    for flag in flags:
        row = rows.setdefault(
            flag.application_id, {"application": flag.application, "warnings": []}
        )
        row["warnings"].append(flag_warning(flag))
    return list(rows.values())


def flags_visible_to(user: Any) -> QuerySet[DuplicateFlag]:
    """Every flag of the programme for its staff and coordinators; none for anyone else."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return DuplicateFlag.objects.none()
    if not (user.is_superuser or has_role(user, Role.STAFF, Role.COORDINATOR)):
        return DuplicateFlag.objects.none()
    return DuplicateFlag.objects.select_related(
        "application", "call", "other_application", "other_tenant"
    )
