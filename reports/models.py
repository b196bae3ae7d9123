"""The tables of the reports app: a funding report built in the background for the person
who asked, with its progress and the file to download once it is ready."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from socialtech.tenancy.models import TenantOwnedModel


class ReportKind(models.TextChoices):
    RECIPIENTS = "recipients", _("Recipients")
    CALLS = "calls", _("Sub-calls")
    VOUCHERS = "vouchers", _("Vouchers")


class ReportFormat(models.TextChoices):
    CSV = "csv", _("CSV")
    XLSX = "xlsx", _("Excel workbook (XLSX)")


class ReportExportStatus(models.TextChoices):
    RUNNING = "running", _("Being prepared")
    DONE = "done", _("Ready")
    FAILED = "failed", _("Stopped with an error")


def report_file_path(instance: ReportExport, filename: str) -> str:
    """``reports/<tenant slug>/<random>.<extension>``: never a name anyone typed."""
    from socialtech.documents.uploads.names import random_storage_name

    return random_storage_name(f"reports/{instance.tenant.slug}", instance.format)


class ReportExport(TenantOwnedModel):
    """A funding report prepared by a background task: what was asked (report, format,
    filters), how far it got, and the file kept for the person who asked."""

    kind = models.CharField(_("report"), max_length=20, choices=ReportKind.choices)
    format = models.CharField(_("format"), max_length=8, choices=ReportFormat.choices)
    # The filters as the request gave them (parameter name -> text), checked before saving.
    filters = models.JSONField(_("filters"), default=dict, blank=True)
    language = models.CharField(_("language"), max_length=8, default="en")
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=ReportExportStatus.choices,
        default=ReportExportStatus.RUNNING,
    )
    total = models.PositiveIntegerField(_("rows to write"), default=0)
    done = models.PositiveIntegerField(_("rows written"), default=0)
    error = models.TextField(_("error"), blank=True)
    file = models.FileField(_("file"), upload_to=report_file_path, max_length=300, blank=True)
    filename = models.CharField(_("file name"), max_length=200, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("requested by"),
    )
    requested_at = models.DateTimeField(_("requested at"), default=timezone.now, editable=False)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        verbose_name = _("funding report file")
        verbose_name_plural = _("funding report files")
        ordering = ["-requested_at", "-pk"]
        indexes = [models.Index(fields=["tenant", "requested_by", "-requested_at"])]

    def __str__(self) -> str:
        return _("Funding report %(number)s") % {"number": self.pk}

    @property
    def progress(self) -> int:
        """Per cent of the rows written (100 once ready)."""
        if self.status == ReportExportStatus.DONE:
            return 100
        return min(99, self.done * 100 // self.total) if self.total else 0


# --- Public list of beneficiaries (issue 13 point 5) -------------------------------------------


class BeneficiaryOptOut(TenantOwnedModel):
    """A grant kept off the public list of beneficiaries and its open data, on a reasoned
    request (publication would threaten the rights and freedoms of the person concerned, or
    harm their commercial interests), recorded by programme staff."""

    award = models.OneToOneField(
        "grants.Award",
        on_delete=models.PROTECT,
        related_name="publication_opt_out",
        verbose_name=_("grant"),
    )
    reason = models.TextField(_("reason"))
    requested_by = models.CharField(
        _("requested by"),
        max_length=200,
        help_text=_("Who asked, and how: e.g. the legal representative, by e-mail."),
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("beneficiary opt-out")
        verbose_name_plural = _("beneficiary opt-outs")
        ordering = ["-recorded_at", "-pk"]

    def __str__(self) -> str:
        return _("Opt-out of grant %(award)s") % {"award": self.award_id}


class BeneficiaryRemoval(TenantOwnedModel):
    """A grant taken off the public list once its publication period ended (2 years after
    the end of the financial year of its award), by the daily job: the award is kept, only
    its publication ends."""

    award = models.OneToOneField(
        "grants.Award",
        on_delete=models.PROTECT,
        related_name="publication_removal",
        verbose_name=_("grant"),
    )
    published_until = models.DateField(_("published until"))
    removed_at = models.DateTimeField(_("removed at"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("beneficiary removed from the public list")
        verbose_name_plural = _("beneficiaries removed from the public list")
        ordering = ["-removed_at", "-pk"]

    def __str__(self) -> str:
        return _("Grant %(award)s, published until %(date)s") % {
            "award": self.award_id,
            "date": self.published_until.isoformat(),
        }


# --- Programme budget (issue 13 point 6) --------------------------------------------------------


class Partner(TenantOwnedModel):
    """A partner of the programme's consortium: the budget for support to third parties is
    split between them (and, within each, by work package)."""

    name = models.CharField(_("name"), max_length=200)
    short_name = models.CharField(
        _("short name"), max_length=20, help_text=_("As the grant agreement writes it, e.g. SEN.")
    )
    country = CountryField(_("country"))

    class Meta:
        verbose_name = _("consortium partner")
        verbose_name_plural = _("consortium partners")
        ordering = ["short_name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["tenant", "short_name"], name="partner_unique_short_name"
            )
        ]

    def __str__(self) -> str:
        return f"{self.short_name} · {self.name}"


class BudgetLine(TenantOwnedModel):
    """The money one partner holds, in one work package, for support to third parties; the
    calls drawing on it commit and pay from it."""

    partner = models.ForeignKey(
        Partner, on_delete=models.PROTECT, related_name="budget_lines", verbose_name=_("partner")
    )
    work_package = models.ForeignKey(
        "calls.WorkPackage",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("work package"),
    )
    amount = models.DecimalField(
        _("budget (EUR)"),
        max_digits=14,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0"))],
    )
    label = models.CharField(_("label"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("budget line")
        verbose_name_plural = _("budget lines")
        ordering = ["partner__short_name", "work_package__order", "work_package__code", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["partner", "work_package"], name="budget_line_one_per_partner_and_wp"
            ),
            models.CheckConstraint(
                condition=models.Q(amount__gte=0), name="budget_line_amount_not_negative"
            ),
        ]

    def __str__(self) -> str:
        text = f"{self.partner.short_name} · {self.work_package.code}"
        return f"{text} · {self.label}" if self.label else text


class CallBudgetLine(TenantOwnedModel):
    """The budget line a call draws on (one per call)."""

    call = models.OneToOneField(
        "calls.Call",
        on_delete=models.CASCADE,
        related_name="budget_line_link",
        verbose_name=_("call"),
    )
    line = models.ForeignKey(
        BudgetLine,
        on_delete=models.PROTECT,
        related_name="call_links",
        verbose_name=_("budget line"),
    )

    class Meta:
        verbose_name = _("call's budget line")
        verbose_name_plural = _("calls' budget lines")
        ordering = ["line", "call__reference", "pk"]

    def __str__(self) -> str:
        return _("%(call)s draws on %(line)s") % {"call": self.call.reference, "line": self.line}
