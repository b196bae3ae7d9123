"""Mentors, their pairings with participants, and the cohort's sessions with attendance.

A ``MentorProfile`` is a user of the platform who mentors in a programme; a ``Pairing``
puts one mentor beside one participant. A ``Session`` is a workshop for the whole cohort
or a one-to-one between a participant and its mentor; ``Attendance`` records, per
participant, whether they were there.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from acceleration.models.cohorts import Cohort, Participant
from organisations.models import Organisation
from socialtech.tenancy.models import TenantOwnedModel


class MentorProfile(TenantOwnedModel):
    """A person who mentors the programme's enterprises, with what they know and how many
    enterprises they can follow at once."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("user"),
    )
    display_name = models.CharField(_("name shown"), max_length=200)
    employer = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("works for"),
        help_text=_("The organisation the mentor works for: they may not mentor it."),
    )
    expertise = models.JSONField(
        _("expertise tags"), default=list, blank=True, help_text=_("A list of short tags.")
    )
    languages = models.JSONField(
        _("languages"), default=list, blank=True, help_text=_("Language codes, such as en, it.")
    )
    countries = models.JSONField(
        _("countries"), default=list, blank=True, help_text=_("ISO country codes, such as IT, ES.")
    )
    bio = models.TextField(_("biography"), blank=True, default="")
    availability = models.CharField(
        _("availability"),
        max_length=300,
        blank=True,
        default="",
        help_text=_("In words, such as “two afternoons a month, online”."),
    )
    max_mentees = models.PositiveSmallIntegerField(
        _("maximum number of mentees"),
        default=3,
        validators=[MinValueValidator(1), MaxValueValidator(50)],
    )
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("mentor")
        verbose_name_plural = _("mentors")
        ordering = ["display_name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["tenant", "user"], name="acceleration_mentor_per_user")
        ]

    def __str__(self) -> str:
        return self.display_name

    @property
    def title(self) -> str:
        return self.display_name


class Pairing(TenantOwnedModel):
    """A mentor following one participant."""

    mentor = models.ForeignKey(
        MentorProfile, on_delete=models.PROTECT, related_name="pairings", verbose_name=_("mentor")
    )
    participant = models.ForeignKey(
        Participant,
        on_delete=models.CASCADE,
        related_name="pairings",
        verbose_name=_("participant"),
    )
    created_at = models.DateTimeField(_("paired at"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("mentor pairing")
        verbose_name_plural = _("mentor pairings")
        ordering = ["mentor__display_name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["mentor", "participant"], name="acceleration_pairing_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.mentor} · {self.participant}"


class SessionKind(models.TextChoices):
    WORKSHOP = "workshop", _("Workshop (whole cohort)")
    ONE_TO_ONE = "one_to_one", _("One-to-one mentoring")


class Session(TenantOwnedModel):
    """A workshop of the whole cohort, or a one-to-one of one participant with a mentor."""

    cohort = models.ForeignKey(
        Cohort, on_delete=models.CASCADE, related_name="sessions", verbose_name=_("cohort")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=SessionKind.choices)
    title = models.CharField(_("title"), max_length=200)
    starts_at = models.DateTimeField(_("starts at"))
    duration_minutes = models.PositiveSmallIntegerField(
        _("duration (minutes)"),
        default=90,
        validators=[MinValueValidator(15), MaxValueValidator(600)],
    )
    place = models.CharField(_("place"), max_length=300, blank=True, default="")
    online_url = models.URLField(_("online link"), blank=True, default="")
    participant = models.ForeignKey(
        Participant,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="one_to_ones",
        verbose_name=_("participant (one-to-one)"),
    )
    mentor = models.ForeignKey(
        MentorProfile,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="sessions",
        verbose_name=_("mentor"),
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        ordering = ["starts_at", "pk"]

    def __str__(self) -> str:
        return self.title

    @property
    def ends_at(self) -> datetime:
        return self.starts_at + timedelta(minutes=self.duration_minutes)


class AttendanceStatus(models.TextChoices):
    PRESENT = "present", pgettext_lazy("attendance", "Present")
    ABSENT = "absent", pgettext_lazy("attendance", "Absent")
    EXCUSED = "excused", pgettext_lazy("attendance", "Excused")


class Attendance(TenantOwnedModel):
    """Whether one participant was at one session."""

    session = models.ForeignKey(
        Session, on_delete=models.CASCADE, related_name="attendances", verbose_name=_("session")
    )
    participant = models.ForeignKey(
        Participant,
        on_delete=models.CASCADE,
        related_name="attendances",
        verbose_name=_("participant"),
    )
    status = models.CharField(_("attendance"), max_length=20, choices=AttendanceStatus.choices)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now)

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendances")
        ordering = ["session__starts_at", "participant__organisation__legal_name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["session", "participant"], name="acceleration_attendance_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.session} · {self.participant.organisation} · {self.get_status_display()}"
