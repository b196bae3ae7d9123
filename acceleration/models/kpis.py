"""Milestones of each participant and its quarterly KPI reports.

A ``KpiReport`` gives, for one participant and one calendar quarter, the enterprise's
revenue, jobs created, people reached, customers, investment raised and public contracts
won; it moves draft → submitted → approved | returned (a returned report is corrected and
submitted again).
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from acceleration.models.cohorts import Participant
from socialtech.tenancy.models import TenantOwnedModel

ZERO = Decimal("0.00")


class Milestone(TenantOwnedModel):
    """A step a participant means to reach by a date."""

    participant = models.ForeignKey(
        Participant,
        on_delete=models.CASCADE,
        related_name="milestones",
        verbose_name=_("participant"),
    )
    title = models.CharField(_("title"), max_length=200)
    due_on = models.DateField(_("due on"))
    done_on = models.DateField(_("done on"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
        ordering = ["due_on", "pk"]

    def __str__(self) -> str:
        return self.title

    @property
    def is_done(self) -> bool:
        return self.done_on is not None


class KpiReportStatus(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("KPI report status", "Draft")
    SUBMITTED = "submitted", pgettext_lazy("KPI report status", "Submitted")
    APPROVED = "approved", pgettext_lazy("KPI report status", "Approved")
    RETURNED = "returned", pgettext_lazy("KPI report status", "Returned for correction")


# Figures of a report, in the order the pages, the charts and the exports show them.
KPI_FIELDS = (
    "revenue",
    "jobs_created",
    "people_reached",
    "customers",
    "investment_raised",
    "public_contracts_won",
)
MONEY_FIELDS = ("revenue", "investment_raised")


class KpiReport(TenantOwnedModel):
    """One participant's figures for one calendar quarter."""

    participant = models.ForeignKey(
        Participant,
        on_delete=models.CASCADE,
        related_name="kpi_reports",
        verbose_name=_("participant"),
    )
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    quarter = models.PositiveSmallIntegerField(
        _("quarter"), validators=[MinValueValidator(1), MaxValueValidator(4)]
    )
    revenue = models.DecimalField(
        _("revenue (EUR)"),
        max_digits=14,
        decimal_places=2,
        default=ZERO,
        validators=[MinValueValidator(ZERO)],
    )
    jobs_created = models.PositiveIntegerField(_("jobs created"), default=0)
    people_reached = models.PositiveIntegerField(_("people reached"), default=0)
    customers = models.PositiveIntegerField(_("customers"), default=0)
    investment_raised = models.DecimalField(
        _("investment raised (EUR)"),
        max_digits=14,
        decimal_places=2,
        default=ZERO,
        validators=[MinValueValidator(ZERO)],
    )
    public_contracts_won = models.PositiveIntegerField(_("public contracts won"), default=0)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=KpiReportStatus.choices,
        default=KpiReportStatus.DRAFT,
    )
    returned_reason = models.TextField(_("reason for return"), blank=True, default="")
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True, editable=False)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True, editable=False)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
        verbose_name=_("decided by"),
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("KPI report")
        verbose_name_plural = _("KPI reports")
        ordering = ["year", "quarter", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["participant", "year", "quarter"],
                name="acceleration_kpi_report_once_per_quarter",
            ),
            models.CheckConstraint(
                condition=models.Q(quarter__gte=1, quarter__lte=4),
                name="acceleration_kpi_report_quarter_1_to_4",
            ),
            models.CheckConstraint(
                condition=models.Q(revenue__gte=0, investment_raised__gte=0),
                name="acceleration_kpi_report_money_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.participant.organisation} · {self.period}"

    @property
    def period(self) -> str:
        return f"{self.year} Q{self.quarter}"

    @property
    def title(self) -> str:
        return str(self)
