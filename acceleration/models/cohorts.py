"""Cohorts of the acceleration programme and the enterprises taking part in them.

A ``Cohort`` is filled from an acceleration call's main list; each selected application
becomes a ``Participant`` (its organisation, in that cohort).
"""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from applications.models import Application
from calls.models import Call
from organisations.models import Organisation
from socialtech.tenancy.models import TenantOwnedModel


class CohortStatus(models.TextChoices):
    PLANNED = "planned", pgettext_lazy("cohort status", "Planned")
    RUNNING = "running", pgettext_lazy("cohort status", "Running")
    COMPLETED = "completed", pgettext_lazy("cohort status", "Completed")


class Cohort(TenantOwnedModel):
    """A group of selected enterprises accelerated together over a few months."""

    slug = models.SlugField(_("slug"), max_length=80)
    name = models.CharField(_("name"), max_length=200)
    call = models.ForeignKey(
        Call,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("acceleration call"),
    )
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    status = models.CharField(
        _("status"), max_length=20, choices=CohortStatus.choices, default=CohortStatus.PLANNED
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("cohort")
        verbose_name_plural = _("cohorts")
        ordering = ["-starts_on", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["tenant", "slug"], name="acceleration_cohort_slug_per_tenant"
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def title(self) -> str:
        return self.name


class ParticipantStatus(models.TextChoices):
    ACTIVE = "active", pgettext_lazy("participant status", "Active")
    WITHDRAWN = "withdrawn", pgettext_lazy("participant status", "Withdrawn")
    COMPLETED = "completed", pgettext_lazy("participant status", "Completed")


class Participant(TenantOwnedModel):
    """A selected enterprise in a cohort, from its application on the call's main list."""

    cohort = models.ForeignKey(
        Cohort, on_delete=models.CASCADE, related_name="participants", verbose_name=_("cohort")
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("organisation"),
    )
    application = models.ForeignKey(
        Application,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("application"),
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=ParticipantStatus.choices,
        default=ParticipantStatus.ACTIVE,
    )
    joined_at = models.DateTimeField(_("joined at"), default=timezone.now, editable=False)
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True, editable=False)
    withdrawal_reason = models.TextField(_("reason for withdrawal"), blank=True, default="")

    class Meta:
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        ordering = ["organisation__legal_name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["cohort", "organisation"], name="acceleration_participant_once_per_cohort"
            ),
            models.UniqueConstraint(
                fields=["application"], name="acceleration_participant_one_per_application"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} · {self.cohort}"

    @property
    def title(self) -> str:
        return str(self.organisation)
