from __future__ import annotations

from datetime import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from calls.models import Call
from organisations.models import Organisation
from socialtech.tenancy.models import TenantOwnedModel


class ApplicationStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    ELIGIBLE = "eligible", _("Eligible")
    INELIGIBLE = "ineligible", _("Ineligible")
    IN_EVALUATION = "in_evaluation", _("In evaluation")
    EVALUATED = "evaluated", _("Evaluated")
    MAIN_LIST = "main_list", _("Main list")
    RESERVE_LIST = "reserve_list", _("Reserve list")
    REJECTED_THRESHOLD = "rejected_threshold", _("Rejected: below threshold")
    REJECTED_BUDGET = "rejected_budget", _("Rejected: budget exhausted")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    SUPERSEDED = "superseded", _("Superseded")
    OFFERED = "offered", _("Offered")
    ACCEPTED = "accepted", pgettext_lazy("application status", "Accepted")
    DECLINED = "declined", pgettext_lazy("application status", "Declined")


S = ApplicationStatus
# The one table of allowed status changes.
APPLICATION_TRANSITIONS: dict[str, set[str]] = {
    S.DRAFT: {S.SUBMITTED, S.WITHDRAWN},
    S.SUBMITTED: {S.ELIGIBLE, S.INELIGIBLE, S.WITHDRAWN, S.SUPERSEDED},
    S.ELIGIBLE: {S.IN_EVALUATION, S.WITHDRAWN, S.INELIGIBLE},
    S.INELIGIBLE: {S.ELIGIBLE},
    S.IN_EVALUATION: {S.EVALUATED, S.WITHDRAWN},
    S.EVALUATED: {
        S.MAIN_LIST,
        S.RESERVE_LIST,
        S.REJECTED_THRESHOLD,
        S.REJECTED_BUDGET,
        S.WITHDRAWN,
        S.IN_EVALUATION,
    },
    S.MAIN_LIST: {S.OFFERED, S.RESERVE_LIST},
    S.RESERVE_LIST: {S.MAIN_LIST, S.OFFERED},
    S.REJECTED_THRESHOLD: {S.IN_EVALUATION},
    S.REJECTED_BUDGET: {S.RESERVE_LIST, S.IN_EVALUATION},
    S.OFFERED: {S.ACCEPTED, S.DECLINED},
    S.ACCEPTED: set(),
    S.DECLINED: set(),
    S.WITHDRAWN: set(),
    S.SUPERSEDED: set(),
}
# Before results an applicant may still withdraw.
WITHDRAWABLE = {S.DRAFT, S.SUBMITTED, S.ELIGIBLE, S.IN_EVALUATION, S.EVALUATED}


class Application(TenantOwnedModel):
    """An organisation's application to a call, from the first draft to the outcome."""

    call = models.ForeignKey(
        Call, on_delete=models.PROTECT, related_name="applications", verbose_name=_("call")
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="applications",
        verbose_name=_("organisation"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("created by"),
    )
    status = models.CharField(
        _("status"),
        max_length=24,
        choices=ApplicationStatus.choices,
        default=ApplicationStatus.DRAFT,
        db_index=True,
    )
    # What the applicant was last told (the eligibility letter, the published results);
    # blank while nothing is announced. See ``applications.visibility``.
    published_outcome = models.CharField(
        _("published outcome"),
        max_length=24,
        choices=ApplicationStatus.choices,
        blank=True,
        default="",
        editable=False,
    )
    answers = models.JSONField(_("answers"), default=dict, blank=True)
    title = models.CharField(_("project title"), max_length=300, blank=True)
    requested_amount = models.DecimalField(
        _("requested amount (EUR)"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    version = models.PositiveIntegerField(_("version"), default=1)
    form_version = models.PositiveIntegerField(_("form version"), default=1)
    language = models.CharField(_("language"), max_length=8, blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True, db_index=True)
    receipt_number = models.CharField(_("receipt number"), max_length=40, blank=True, db_index=True)
    content_sha256 = models.CharField(_("content SHA-256"), max_length=64, blank=True)
    submitted_answers = models.JSONField(
        _("answers as submitted"), null=True, blank=True, editable=False
    )
    extended_until = models.DateTimeField(_("individual extension until"), null=True, blank=True)
    extension_reason = models.TextField(_("reason for the extension"), blank=True)
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last saved"), auto_now=True)
    search_text = models.TextField(blank=True, editable=False)

    class Meta:
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        ordering = ["-updated_at", "-pk"]
        indexes = [
            models.Index(fields=["tenant", "call", "status"]),
            models.Index(fields=["organisation", "call"]),
            # The staff list's default order (newest submission first), drafts left out as
            # the list leaves them out: deep pages are read over this index only.
            models.Index(
                fields=["tenant", "submitted_at", "id"],
                name="application_staff_list_order",
                condition=~models.Q(status="draft"),
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["tenant", "receipt_number"],
                condition=~models.Q(receipt_number=""),
                name="application_unique_receipt",
            )
        ]

    def __str__(self) -> str:
        # Never the title: a draft's content is the applicant's until submission, and this
        # string lands in audit rows that staff read.
        return self.receipt_number or f"{_('Draft')} #{self.pk}"

    def deadline_for_this_application(self) -> datetime:
        """The call's deadline, or the individual extension when staff granted one."""
        if self.extended_until and self.extended_until > self.call.deadline:
            return self.extended_until
        return self.call.deadline

    def is_past_deadline(self, now: datetime | None = None) -> bool:
        return (now or timezone.now()) >= self.deadline_for_this_application()

    def is_editable(self, now: datetime | None = None) -> bool:
        """A draft may change until its deadline; after it the draft is locked, never deleted."""
        return self.status == ApplicationStatus.DRAFT and not self.is_past_deadline(now)


def attachment_path(instance: Attachment, filename: str) -> str:
    from socialtech.documents.uploads import random_storage_name

    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return random_storage_name(f"applications/{instance.tenant.slug}", extension)


class Attachment(TenantOwnedModel):
    """A file uploaded to a file field of an application; served only through a permission check."""

    application = models.ForeignKey(
        Application,
        on_delete=models.CASCADE,
        related_name="attachments",
        verbose_name=_("application"),
    )
    field_key = models.CharField(_("field"), max_length=50)
    file = models.FileField(_("file"), upload_to=attachment_path, max_length=300)
    original_name = models.CharField(_("file name"), max_length=255)
    size = models.PositiveBigIntegerField(_("size"))
    sha256 = models.CharField(max_length=64)
    content_type = models.CharField(max_length=120)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["application", "field_key", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["application", "field_key"], name="attachment_one_per_field"
            )
        ]

    def __str__(self) -> str:
        return self.original_name


class SubmissionAttempt(TenantOwnedModel):
    """Every press of the submit button, kept as evidence for extension and redress decisions."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="submission_attempts"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(default=timezone.now)
    outcome = models.CharField(max_length=30)
    errors = models.JSONField(default=dict, blank=True)

    class Meta:
        verbose_name = _("submission attempt")
        verbose_name_plural = _("submission attempts")
        ordering = ["-at"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M:%S} {self.outcome}"


class EligibilityCheck(TenantOwnedModel):
    """Staff's yes/no answer on one eligibility rule; two different people must agree."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="eligibility_checks"
    )
    rule = models.CharField(_("rule"), max_length=40)
    is_met = models.BooleanField(_("met"))
    note = models.TextField(_("note"), blank=True)
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    checked_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("eligibility check")
        verbose_name_plural = _("eligibility checks")
        ordering = ["application", "rule", "checked_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["application", "rule", "checked_by"],
                name="eligibility_check_once_per_person",
            )
        ]

    def __str__(self) -> str:
        return f"{self.rule}: {'yes' if self.is_met else 'no'}"
