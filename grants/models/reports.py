"""Beneficiaries' reports: the call's questions, the reports and their files (issue 12 point 8)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from calls.models import Call, FieldType, FormField, key_validator
from grants.models.awards import Award
from socialtech.tenancy.models import TenantOwnedModel


class ReportKind(models.TextChoices):
    PROGRESS = "progress", _("Progress report")
    FINAL = "final", _("Final report")


class ReportStatus(models.TextChoices):
    DUE = "due", pgettext_lazy("report status", "Due")
    SUBMITTED = "submitted", pgettext_lazy("report status", "Submitted")
    CHANGES_REQUESTED = "changes_requested", _("Changes requested")
    APPROVED = "approved", pgettext_lazy("report status", "Approved")
    CANCELLED = "cancelled", pgettext_lazy("report status", "Cancelled")


R = ReportStatus
# The one table of allowed moves of a report.
REPORT_TRANSITIONS: dict[str, set[str]] = {
    R.DUE: {R.SUBMITTED, R.CANCELLED},
    R.SUBMITTED: {R.CHANGES_REQUESTED, R.APPROVED, R.CANCELLED},
    R.CHANGES_REQUESTED: {R.SUBMITTED, R.CANCELLED},
    R.APPROVED: set(),
    R.CANCELLED: set(),
}
# The beneficiary may write in these states.
REPORT_EDITABLE_STATUSES = (R.DUE, R.CHANGES_REQUESTED)


class ReportField(TenantOwnedModel):
    """One question of a call's progress or final report: the same types and rules as the
    questions of its application form. A call without its own uses the default questions."""

    call = models.ForeignKey(
        Call, on_delete=models.CASCADE, related_name="report_fields", verbose_name=_("call")
    )
    kind = models.CharField(_("report"), max_length=10, choices=ReportKind.choices)
    key = models.CharField(_("key"), max_length=50, validators=[key_validator])
    order = models.PositiveIntegerField(_("order"), default=0)
    section = models.JSONField(_("section heading"), default=dict, blank=True)
    type = models.CharField(_("type"), max_length=20, choices=FieldType.choices)
    label = models.JSONField(_("label"), default=dict)
    help = models.JSONField(_("help text"), default=dict, blank=True)
    required = models.BooleanField(_("required"), default=True)
    options = models.JSONField(_("options"), default=list, blank=True)
    max_words = models.PositiveIntegerField(_("word limit"), null=True, blank=True)
    max_bytes = models.PositiveIntegerField(_("size limit (bytes)"), null=True, blank=True)
    allowed_types = models.JSONField(_("allowed file types"), default=list, blank=True)
    min_value = models.DecimalField(
        _("minimum"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    max_value = models.DecimalField(
        _("maximum"), max_digits=14, decimal_places=2, null=True, blank=True
    )

    class Meta:
        verbose_name = _("report question")
        verbose_name_plural = _("report questions")
        ordering = ["call", "kind", "order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["call", "kind", "key"], name="report_field_unique_key")
        ]

    def __str__(self) -> str:
        return f"{self.kind}: {self.key}"

    def as_form_field(self) -> FormField:
        """The question as an (unsaved) form field: the application form's machinery (the
        form, the checks of ``calls.answers``) reads it as it reads the call's own."""
        return FormField(
            call_id=self.call_id,
            key=self.key,
            order=self.order,
            section=self.section,
            type=self.type,
            label=self.label,
            help=self.help,
            required=self.required,
            options=self.options,
            max_words=self.max_words,
            max_bytes=self.max_bytes,
            allowed_types=self.allowed_types,
            min_value=self.min_value,
            max_value=self.max_value,
        )


class BeneficiaryReport(TenantOwnedModel):
    """A progress or final report an award owes: due on a date, written by the beneficiary,
    reviewed by staff (changes requested, or approved, which makes the next tranche due)."""

    award = models.ForeignKey(
        Award, on_delete=models.PROTECT, related_name="reports", verbose_name=_("award")
    )
    kind = models.CharField(_("report"), max_length=10, choices=ReportKind.choices)
    number = models.PositiveSmallIntegerField(_("number"), default=1)
    due_on = models.DateField(_("due on"))
    status = models.CharField(
        _("status"), max_length=20, choices=ReportStatus.choices, default=ReportStatus.DUE
    )
    answers = models.JSONField(_("answers"), default=dict, blank=True)
    version = models.PositiveIntegerField(default=0, editable=False)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("submitted by"),
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("reviewed by"),
    )
    review_comment = models.TextField(_("review comment"), blank=True)
    # The reminders sent, by name ("14_days", "3_days", "overdue"): each once.
    reminders_sent = models.JSONField(default=list, blank=True, editable=False)
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("beneficiary report")
        verbose_name_plural = _("beneficiary reports")
        ordering = ["due_on", "pk"]
        indexes = [models.Index(fields=["tenant", "status", "due_on"])]
        constraints = [
            models.UniqueConstraint(
                fields=["award", "kind", "number"], name="beneficiary_report_one_per_number"
            )
        ]

    def __str__(self) -> str:
        return _("%(kind)s of award %(award)s") % {
            "kind": self.get_kind_display(),
            "award": self.award_id,
        }

    @property
    def is_editable(self) -> bool:
        return self.status in REPORT_EDITABLE_STATUSES


def report_file_path(instance: ReportFile, filename: str) -> str:
    from socialtech.documents.uploads import random_storage_name

    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return random_storage_name(f"reports/{instance.tenant.slug}", extension)


class ReportFile(TenantOwnedModel):
    """A file uploaded to a file question of a report; served only through a permission check."""

    report = models.ForeignKey(
        BeneficiaryReport, on_delete=models.CASCADE, related_name="files", verbose_name=_("report")
    )
    field_key = models.CharField(_("field"), max_length=50)
    file = models.FileField(_("file"), upload_to=report_file_path, max_length=300)
    original_name = models.CharField(_("file name"), max_length=255)
    size = models.PositiveBigIntegerField(_("size"))
    sha256 = models.CharField(max_length=64)
    content_type = models.CharField(max_length=120)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("report file")
        verbose_name_plural = _("report files")
        ordering = ["report", "field_key", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["report", "field_key"], name="report_file_one_per_field"
            )
        ]

    def __str__(self) -> str:
        return self.original_name
