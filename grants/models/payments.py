"""Payments: the call's payment plan, the tranches and the recovery orders (issue 12 point 7)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from calls.models import Call
from grants.models.awards import Award
from socialtech.tenancy.models import TenantOwnedModel


class TrancheTrigger(models.TextChoices):
    SIGNATURE = "signature", _("On signature of the agreement")
    PROGRESS_REPORT = "progress_report", _("On approval of the progress report")
    FINAL_REPORT = "final_report", _("On approval of the final report")


class PaymentPlanStep(TenantOwnedModel):
    """One tranche of a call's payment plan: a share of each award of the call and the event
    that makes it due. A call without steps follows the default plan (40 % / 60 %)."""

    call = models.ForeignKey(
        Call,
        on_delete=models.CASCADE,
        related_name="payment_plan_steps",
        verbose_name=_("call"),
    )
    position = models.PositiveSmallIntegerField(_("tranche number"))
    percent = models.DecimalField(_("share (%)"), max_digits=5, decimal_places=2)
    trigger = models.CharField(
        _("due"), max_length=20, choices=TrancheTrigger.choices, default=TrancheTrigger.SIGNATURE
    )

    class Meta:
        verbose_name = _("payment plan step")
        verbose_name_plural = _("payment plan steps")
        ordering = ["call", "position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["call", "position"], name="payment_plan_step_position"),
            models.CheckConstraint(
                condition=Q(percent__gt=0) & Q(percent__lte=100),
                name="payment_plan_step_percent_range",
            ),
        ]

    def __str__(self) -> str:
        return _("Tranche %(position)s: %(percent)s %%") % {
            "position": self.position,
            "percent": self.percent,
        }


class TrancheStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    DUE = "due", pgettext_lazy("tranche status", "Due")
    APPROVED = "approved", pgettext_lazy("tranche status", "Approved")
    PAID = "paid", pgettext_lazy("tranche status", "Paid")
    CANCELLED = "cancelled", pgettext_lazy("tranche status", "Cancelled")


T = TrancheStatus
# The one table of allowed moves of a tranche.
TRANCHE_TRANSITIONS: dict[str, set[str]] = {
    T.PLANNED: {T.DUE, T.CANCELLED},
    T.DUE: {T.APPROVED, T.CANCELLED},
    T.APPROVED: {T.PAID, T.CANCELLED},
    T.PAID: set(),
    T.CANCELLED: set(),
}
# Tranches not paid yet and not cancelled: what a recovery order reduces.
OPEN_TRANCHE_STATUSES = (T.PLANNED, T.DUE, T.APPROVED)


class Tranche(TenantOwnedModel):
    """One payment of an award, made from the call's plan when the award became active."""

    award = models.ForeignKey(
        Award, on_delete=models.PROTECT, related_name="tranches", verbose_name=_("award")
    )
    position = models.PositiveSmallIntegerField(_("tranche number"))
    percent = models.DecimalField(_("share (%)"), max_digits=5, decimal_places=2)
    amount = models.DecimalField(_("amount (EUR)"), max_digits=12, decimal_places=2)
    trigger = models.CharField(_("due"), max_length=20, choices=TrancheTrigger.choices)
    status = models.CharField(
        _("status"), max_length=10, choices=TrancheStatus.choices, default=TrancheStatus.PLANNED
    )
    due_at = models.DateTimeField(_("due since"), null=True, blank=True)
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("approved by"),
    )
    paid_on = models.DateField(_("paid on"), null=True, blank=True)
    paid_reference = models.CharField(_("payment reference"), max_length=100, blank=True)
    paid_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("payment recorded by"),
    )
    recorded_at = models.DateTimeField(_("payment recorded at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("tranche")
        verbose_name_plural = _("tranches")
        ordering = ["award", "position", "pk"]
        indexes = [models.Index(fields=["tenant", "status"])]
        constraints = [
            models.UniqueConstraint(fields=["award", "position"], name="tranche_one_per_position"),
            models.CheckConstraint(condition=Q(amount__gte=0), name="tranche_amount_not_negative"),
        ]

    def __str__(self) -> str:
        return _("Tranche %(position)s of award %(award)s") % {
            "position": self.position,
            "award": self.award_id,
        }


class RecoveryOrder(TenantOwnedModel):
    """Money the beneficiary is no longer owed (a termination, ineligible costs): it reduces
    the unpaid tranches, and what was paid beyond the new total is to be paid back."""

    award = models.ForeignKey(
        Award, on_delete=models.PROTECT, related_name="recovery_orders", verbose_name=_("award")
    )
    amount = models.DecimalField(_("amount recovered (EUR)"), max_digits=12, decimal_places=2)
    to_recover = models.DecimalField(
        _("to be paid back (EUR)"),
        max_digits=12,
        decimal_places=2,
        default=0,
        help_text=_("The part already paid out, which the beneficiary must pay back."),
    )
    reason = models.TextField(_("reason"))
    issued_at = models.DateTimeField(_("issued at"), default=timezone.now, editable=False)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("issued by"),
    )
    reference = models.CharField(_("reference"), max_length=100, blank=True)
    recovered_on = models.DateField(_("paid back on"), null=True, blank=True)

    class Meta:
        verbose_name = _("recovery order")
        verbose_name_plural = _("recovery orders")
        ordering = ["award", "issued_at", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="recovery_amount_positive"),
        ]

    def __str__(self) -> str:
        return _("Recovery order %(number)s of award %(award)s") % {
            "number": self.pk,
            "award": self.award_id,
        }
