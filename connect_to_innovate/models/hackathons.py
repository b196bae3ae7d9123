"""Hackathons of the programme: social enterprises bring challenges, coaches and sparring
partners sign up, staff form one team around each accepted challenge, and each team records
what came out of it.

A ``Hackathon`` moves draft → open (sign-up) → closed (teams formed) → held → completed
(outcomes in). A ``HackathonChallenge`` is one organisation's challenge for one hackathon;
a ``HackathonSignup`` is one person's place as a coach or a sparring partner (sparring
partners beyond the capacity wait in line); a ``HackathonTeam`` works on one accepted
challenge, its people are the sign-ups pointing to it (so a person is in one team at most),
and it holds the outcome.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone as django_timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from organisations.models import Organisation
from socialtech.formatting import known_zone
from socialtech.tenancy.models import TenantOwnedModel


class HackathonStatus(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("hackathon status", "Draft")
    OPEN = "open", pgettext_lazy("hackathon status", "Open for sign-up")
    CLOSED = "closed", pgettext_lazy("hackathon status", "Sign-up closed, teams being formed")
    HELD = "held", pgettext_lazy("hackathon status", "Held")
    COMPLETED = "completed", pgettext_lazy("hackathon status", "Completed")


# The skills a challenge asks for and a coach or sparring partner offers.
class SkillTag(models.TextChoices):
    DESIGN = "design", _("Design and user research")
    CREATIVE = "creative", _("Creative and cultural work")
    COMMUNICATION = "communication", _("Communication and storytelling")
    MARKETING = "marketing", _("Marketing and sales")
    TECH = "tech", _("Software and hardware")
    DATA = "data", _("Data and AI")
    BUSINESS = "business", _("Business models")
    FINANCE = "finance", _("Finance and funding")
    SOCIAL_IMPACT = "social_impact", _("Social impact and care")
    FACILITATION = "facilitation", _("Facilitation and design thinking")


# Languages a coach or sparring partner may speak at the hackathon (ISO 639-1).
SPOKEN_LANGUAGES = (
    "en", "de", "it", "fr", "es", "ro", "sv", "pt", "nl", "pl", "el", "bg", "hr", "sl", "fi",
    "da", "cs", "hu",
)  # fmt: skip


class Hackathon(TenantOwnedModel):
    """An event of a weekend or so where teams work on social enterprises' challenges,
    on the clock of its own time zone."""

    slug = models.SlugField(_("slug"), max_length=80)
    title = models.CharField(_("title"), max_length=200)
    summary = models.TextField(_("summary"), max_length=1000)
    description = models.TextField(_("description"), blank=True)
    place = models.CharField(
        _("place"), max_length=300, blank=True, help_text=_("Required unless it is online.")
    )
    is_online = models.BooleanField(_("online"), default=False)
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    timezone = models.CharField(
        _("time zone"),
        max_length=64,
        default="Europe/Brussels",
        help_text=_("The clock the times are shown on, e.g. Europe/Berlin."),
    )
    signup_closes_at = models.DateTimeField(
        _("sign-up closes at"),
        help_text=_("Challenges and sign-ups are taken until then; no later than the start."),
    )
    challenge_capacity = models.PositiveIntegerField(
        _("challenges"), validators=[MinValueValidator(1)], help_text=_("Challenges accepted.")
    )
    sparring_capacity = models.PositiveIntegerField(
        _("sparring partners"),
        validators=[MinValueValidator(1)],
        help_text=_("Places for sparring partners; later sign-ups wait in line."),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=HackathonStatus.choices, default=HackathonStatus.DRAFT
    )
    opened_at = models.DateTimeField(_("opened at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    teams_published_at = models.DateTimeField(_("teams published at"), null=True, blank=True)
    held_at = models.DateTimeField(_("held at"), null=True, blank=True)
    completed_at = models.DateTimeField(_("completed at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), default=django_timezone.now, editable=False)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("hackathon")
        verbose_name_plural = _("hackathons")
        ordering = ["-starts_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["tenant", "slug"], name="connect_hackathon_slug_per_tenant"
            ),
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")),
                name="connect_hackathon_ends_after_start",
            ),
        ]
        indexes = [models.Index(fields=["tenant", "status", "starts_at"])]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            errors["ends_at"] = _("Ends at: must be after the start.")
        if self.signup_closes_at and self.starts_at and self.signup_closes_at > self.starts_at:
            errors["signup_closes_at"] = _("Sign-up closes at: must be no later than the start.")
        if not self.is_online and not (self.place or "").strip():
            errors["place"] = _("Place: required unless the hackathon is online.")
        if known_zone(self.timezone) is None:
            errors["timezone"] = _("Time zone: “%(zone)s” is not a known time zone.") % {
                "zone": self.timezone
            }
        if errors:
            raise ValidationError(errors)


class ChallengeStatus(models.TextChoices):
    SUBMITTED = "submitted", pgettext_lazy("hackathon challenge status", "Submitted")
    ACCEPTED = "accepted", pgettext_lazy("hackathon challenge status", "Accepted")
    DECLINED = "declined", pgettext_lazy("hackathon challenge status", "Declined")


class HackathonChallenge(TenantOwnedModel):
    """A social enterprise's challenge brought to a hackathon: one per organisation."""

    hackathon = models.ForeignKey(
        Hackathon, on_delete=models.CASCADE, related_name="challenges", verbose_name=_("hackathon")
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+", verbose_name=_("organisation")
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("submitted by"),
    )
    title = models.CharField(_("title"), max_length=200)
    problem = models.TextField(_("the problem"), max_length=4000)
    help_wanted = models.TextField(_("the help wanted"), max_length=4000)
    skills_wanted = models.JSONField(_("skills wanted"), default=list, blank=True)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=ChallengeStatus.choices,
        default=ChallengeStatus.SUBMITTED,
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    created_at = models.DateTimeField(
        _("submitted at"), default=django_timezone.now, editable=False
    )

    class Meta:
        verbose_name = _("hackathon challenge")
        verbose_name_plural = _("hackathon challenges")
        ordering = ["hackathon_id", "created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["hackathon", "organisation"],
                name="connect_hackathon_challenge_once_per_organisation",
            )
        ]

    def __str__(self) -> str:
        return self.title


class SignupRole(models.TextChoices):
    COACH = "coach", _("Team coach")
    SPARRING_PARTNER = "sparring_partner", _("Sparring partner")


class SignupStatus(models.TextChoices):
    CONFIRMED = "confirmed", pgettext_lazy("hackathon sign-up status", "Confirmed")
    WAITING = "waiting", pgettext_lazy("hackathon sign-up status", "On the waiting list")
    WITHDRAWN = "withdrawn", pgettext_lazy("hackathon sign-up status", "Withdrawn")


class HackathonTeam(TenantOwnedModel):
    """The team working on one accepted challenge; it records the outcome."""

    hackathon = models.ForeignKey(
        Hackathon, on_delete=models.CASCADE, related_name="teams", verbose_name=_("hackathon")
    )
    challenge = models.OneToOneField(
        HackathonChallenge,
        on_delete=models.CASCADE,
        related_name="team",
        verbose_name=_("challenge"),
    )
    name = models.CharField(_("team name"), max_length=120)
    outcome = models.TextField(_("outcome"), blank=True, max_length=4000)
    next_steps = models.TextField(_("next steps"), blank=True, max_length=4000)
    plans_to_apply = models.BooleanField(_("plans to apply to a call"), null=True, blank=True)
    outcome_recorded_at = models.DateTimeField(_("outcome recorded at"), null=True, blank=True)
    outcome_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("outcome recorded by"),
    )
    created_at = models.DateTimeField(_("formed at"), default=django_timezone.now, editable=False)

    class Meta:
        verbose_name = _("hackathon team")
        verbose_name_plural = _("hackathon teams")
        ordering = ["hackathon_id", "name", "pk"]

    def __str__(self) -> str:
        return self.name


class HackathonSignup(TenantOwnedModel):
    """A signed-in person's sign-up as a coach or a sparring partner: one per person and
    hackathon. ``position`` orders the sparring partners' waiting list (lower first);
    ``show_name`` is the person's consent to have their name on the public results."""

    hackathon = models.ForeignKey(
        Hackathon, on_delete=models.CASCADE, related_name="signups", verbose_name=_("hackathon")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("person"),
    )
    role = models.CharField(_("role"), max_length=20, choices=SignupRole.choices)
    profession = models.CharField(_("profession"), max_length=120)
    skills = models.JSONField(_("skills"), default=list, blank=True)
    languages = models.JSONField(_("languages"), default=list, blank=True)
    bio = models.TextField(_("short bio"), max_length=1000, blank=True)
    show_name = models.BooleanField(_("name shown on the results"), default=False)
    status = models.CharField(_("status"), max_length=20, choices=SignupStatus.choices)
    position = models.PositiveIntegerField(_("waiting-list position"), null=True, blank=True)
    team = models.ForeignKey(
        HackathonTeam,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="members",
        verbose_name=_("team"),
    )
    created_at = models.DateTimeField(_("signed up at"), default=django_timezone.now)
    promoted_at = models.DateTimeField(_("promoted at"), null=True, blank=True)
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)

    class Meta:
        verbose_name = _("hackathon sign-up")
        verbose_name_plural = _("hackathon sign-ups")
        ordering = ["hackathon_id", "created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["hackathon", "user"], name="connect_hackathon_signup_once_per_person"
            )
        ]
        indexes = [models.Index(fields=["hackathon", "status", "position"])]

    def __str__(self) -> str:
        return f"{self.hackathon} · {self.user}"
