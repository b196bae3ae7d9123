"""A cohort's demo day: participants apply to pitch, staff select up to the slots, the
directory's investors are invited, and each pitch's outcome is noted after the day."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from acceleration.models.cohorts import Cohort, Participant
from acceleration.models.investors import DirectoryEntry
from socialtech.tenancy.models import TenantOwnedModel


class DemoDay(TenantOwnedModel):
    """One cohort's demo day (optional), with its application window and pitch slots."""

    cohort = models.ForeignKey(
        Cohort, on_delete=models.PROTECT, related_name="+", verbose_name=_("cohort")
    )
    slug = models.SlugField(_("slug"), max_length=80)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), max_length=4000, blank=True)
    starts_at = models.DateTimeField(_("starts at"))
    time_zone = models.CharField(
        _("time zone"), max_length=64, default="Europe/Brussels", help_text=_("e.g. Europe/Rome")
    )
    place = models.CharField(_("place"), max_length=300, blank=True)
    online_url = models.URLField(_("online link"), blank=True)
    applications_close_at = models.DateTimeField(_("applications close at"))
    pitch_slots = models.PositiveSmallIntegerField(_("pitch slots"))
    invited_entries = models.ManyToManyField(
        DirectoryEntry,
        blank=True,
        related_name="+",
        verbose_name=_("investors invited"),
    )
    is_published = models.BooleanField(_("published"), default=False)
    selection_published_at = models.DateTimeField(
        _("selection published at"), null=True, blank=True
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("demo day")
        verbose_name_plural = _("demo days")
        ordering = ["-starts_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["tenant", "slug"], name="acceleration_demo_day_slug_per_tenant"
            ),
            models.UniqueConstraint(fields=["cohort"], name="acceleration_one_demo_day_per_cohort"),
        ]

    def __str__(self) -> str:
        return self.title


class PitchStatus(models.TextChoices):
    APPLIED = "applied", pgettext_lazy("pitch status", "Applied")
    SELECTED = "selected", pgettext_lazy("pitch status", "Selected")
    NOT_SELECTED = "not_selected", pgettext_lazy("pitch status", "Not selected")


P = PitchStatus
# The one table of allowed moves of a pitch application.
PITCH_TRANSITIONS: dict[str, set[str]] = {
    P.APPLIED: {P.SELECTED, P.NOT_SELECTED},
    P.SELECTED: {P.NOT_SELECTED},
    P.NOT_SELECTED: {P.SELECTED},
}


class PitchApplication(TenantOwnedModel):
    """A participant's application to pitch at a demo day."""

    demo_day = models.ForeignKey(
        DemoDay, on_delete=models.CASCADE, related_name="pitches", verbose_name=_("demo day")
    )
    participant = models.ForeignKey(
        Participant, on_delete=models.PROTECT, related_name="+", verbose_name=_("participant")
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("submitted by"),
    )
    summary = models.TextField(_("pitch summary"), max_length=3000)
    ask = models.TextField(_("what the enterprise asks for"), max_length=1000)
    status = models.CharField(
        _("status"), max_length=20, choices=PitchStatus.choices, default=PitchStatus.APPLIED
    )
    pitch_order = models.PositiveSmallIntegerField(_("pitch order"), null=True, blank=True)
    outcome_note = models.TextField(_("outcome"), max_length=3000, blank=True)
    applied_at = models.DateTimeField(_("applied at"), default=timezone.now)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)

    class Meta:
        verbose_name = _("pitch application")
        verbose_name_plural = _("pitch applications")
        ordering = ["demo_day", "pitch_order", "applied_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["demo_day", "participant"], name="acceleration_one_pitch_per_participant"
            )
        ]

    def __str__(self) -> str:
        return f"{self.participant.organisation} · {self.demo_day}"
