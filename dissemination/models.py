"""The tables of WP6's dissemination: the programme's ``NewsPost``s, its ``Event``s (online,
on site or both, with a capacity) and each person's ``Registration`` to an event, confirmed
or on the waiting list (DESIGN.md §4, dissemination).
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from socialtech.tenancy.models import TenantOwnedModel


class NewsStatus(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("news status", "Draft")
    PUBLISHED = "published", pgettext_lazy("news status", "Published")


class NewsPost(TenantOwnedModel):
    """A news post of the programme, in one language; its body is sanitised HTML."""

    slug = models.SlugField(_("slug"), max_length=80)
    title = models.CharField(_("title"), max_length=200)
    summary = models.TextField(_("summary"), max_length=1000)
    body = models.TextField(_("text"), blank=True, help_text=_("Sanitised HTML."))
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES)
    status = models.CharField(
        _("status"), max_length=20, choices=NewsStatus.choices, default=NewsStatus.DRAFT
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("author"),
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("news post")
        verbose_name_plural = _("news posts")
        ordering = ["-published_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["tenant", "slug"], name="dissemination_news_slug_per_tenant"
            )
        ]
        indexes = [models.Index(fields=["tenant", "status", "published_at"])]

    def __str__(self) -> str:
        return self.title


class EventFormat(models.TextChoices):
    ONLINE = "online", _("Online")
    ON_SITE = "on_site", _("On site")
    HYBRID = "hybrid", _("On site and online")


class EventStatus(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("event status", "Draft")
    PUBLISHED = "published", pgettext_lazy("event status", "Published")
    CANCELLED = "cancelled", pgettext_lazy("event status", "Cancelled")


class Event(TenantOwnedModel):
    """An event of the programme, on the programme's clock (its default time zone).

    ``capacity`` blank means no limit; registration closes at ``registration_closes_at``
    (blank: when the event starts).
    """

    slug = models.SlugField(_("slug"), max_length=80)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True, help_text=_("Sanitised HTML."))
    format = models.CharField(_("format"), max_length=20, choices=EventFormat.choices)
    location = models.CharField(
        _("location"), max_length=300, blank=True, help_text=_("Required on site.")
    )
    online_url = models.URLField(
        _("online link"),
        max_length=500,
        blank=True,
        help_text=_("Required online; shown only to registered people."),
    )
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    capacity = models.PositiveIntegerField(
        _("capacity"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text=_("Seats; leave blank for no limit."),
    )
    registration_closes_at = models.DateTimeField(
        _("registration closes at"),
        null=True,
        blank=True,
        help_text=_("Leave blank to close registration when the event starts."),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=EventStatus.choices, default=EventStatus.DRAFT
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering = ["starts_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["tenant", "slug"], name="dissemination_event_slug_per_tenant"
            ),
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")),
                name="dissemination_event_ends_after_start",
            ),
        ]
        indexes = [models.Index(fields=["tenant", "status", "starts_at"])]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            raise ValidationError({"ends_at": _("Ends at: must be after the start.")})
        if self.format in (EventFormat.ON_SITE, EventFormat.HYBRID) and not self.location.strip():
            raise ValidationError({"location": _("Location: required for an event on site.")})
        if self.format in (EventFormat.ONLINE, EventFormat.HYBRID) and not self.online_url:
            raise ValidationError({"online_url": _("Online link: required for an online event.")})
        if (
            self.registration_closes_at
            and self.starts_at
            and self.registration_closes_at > self.starts_at
        ):
            raise ValidationError(
                {
                    "registration_closes_at": _(
                        "Registration closes at: must be no later than the start."
                    )
                }
            )

    @property
    def is_on_site(self) -> bool:
        return self.format in (EventFormat.ON_SITE, EventFormat.HYBRID)

    @property
    def is_online(self) -> bool:
        return self.format in (EventFormat.ONLINE, EventFormat.HYBRID)

    @property
    def registration_deadline(self) -> object:
        """When registration closes: the given moment, else the start."""
        return self.registration_closes_at or self.starts_at


class RegistrationStatus(models.TextChoices):
    CONFIRMED = "confirmed", pgettext_lazy("registration status", "Confirmed")
    WAITING = "waiting", pgettext_lazy("registration status", "On the waiting list")
    CANCELLED = "cancelled", pgettext_lazy("registration status", "Cancelled")


class Registration(TenantOwnedModel):
    """A signed-in person's place at an event: one per person and event.

    ``position`` orders the waiting list (lower first); ``reminded_at`` records the
    reminder e-mail so it leaves once.
    """

    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="registrations", verbose_name=_("event")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("person"),
    )
    status = models.CharField(_("status"), max_length=20, choices=RegistrationStatus.choices)
    position = models.PositiveIntegerField(_("waiting-list position"), null=True, blank=True)
    created_at = models.DateTimeField(_("registered at"), default=timezone.now)
    promoted_at = models.DateTimeField(_("promoted at"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    reminded_at = models.DateTimeField(_("reminded at"), null=True, blank=True)

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        ordering = ["event_id", "created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "user"], name="dissemination_registration_once_per_person"
            )
        ]
        indexes = [models.Index(fields=["event", "status", "position"])]

    def __str__(self) -> str:
        return f"{self.event} · {self.user}"


class SubscriberStatus(models.TextChoices):
    PENDING = "pending", pgettext_lazy("subscriber status", "Waiting for confirmation")
    CONFIRMED = "confirmed", pgettext_lazy("subscriber status", "Confirmed")
    UNSUBSCRIBED = "unsubscribed", pgettext_lazy("subscriber status", "Unsubscribed")


class Subscriber(TenantOwnedModel):
    """An address on the programme's newsletter list, added by double opt-in.

    ``confirmation_token`` confirms a pending address once, until ``token_expires_at``;
    ``unsubscribe_token`` takes the address off the list without signing in (the link and
    the one-click header of every newsletter e-mail). An unsubscribed row keeps neither:
    both are emptied, and a new subscription issues new ones.
    """

    email = models.EmailField(_("e-mail address"), max_length=254)
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=SubscriberStatus.choices,
        default=SubscriberStatus.PENDING,
    )
    confirmation_token = models.CharField(
        _("confirmation token"), max_length=64, blank=True, default="", editable=False
    )
    token_expires_at = models.DateTimeField(_("confirmation link valid until"), null=True)
    unsubscribe_token = models.CharField(
        _("unsubscribe token"), max_length=64, blank=True, default="", editable=False
    )
    consent_text = models.TextField(_("consent given"), blank=True)
    consented_at = models.DateTimeField(_("consent given at"), null=True, blank=True)
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    unsubscribed_at = models.DateTimeField(_("unsubscribed at"), null=True, blank=True)
    source = models.CharField(_("signed up on"), max_length=40, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("newsletter subscriber")
        verbose_name_plural = _("newsletter subscribers")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["tenant", "email"], name="dissemination_subscriber_once_per_tenant"
            ),
            models.UniqueConstraint(
                fields=["confirmation_token"],
                condition=~models.Q(confirmation_token=""),
                name="dissemination_subscriber_confirmation_token_unique",
            ),
            models.UniqueConstraint(
                fields=["unsubscribe_token"],
                condition=~models.Q(unsubscribe_token=""),
                name="dissemination_subscriber_unsubscribe_token_unique",
            ),
        ]
        indexes = [models.Index(fields=["tenant", "status", "confirmed_at"])]

    def __str__(self) -> str:
        return self.email
