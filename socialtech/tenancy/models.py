from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from socialtech.i18n import localise
from socialtech.tenancy.context import get_active_tenant, is_scope_disabled, require_active_tenant
from socialtech.tenancy.contrast import AA_NORMAL_TEXT, contrast_ratio

hex_colour = RegexValidator(
    r"^#[0-9a-fA-F]{6}$", _("Enter a colour as #RRGGBB, for example #1f5f8b.")
)


def default_languages() -> list[str]:
    return [code for code, _name in settings.LANGUAGES]


class Tenant(models.Model):
    """A programme run on the platform: a Eurocluster, a competence centre, a consortium."""

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=60, unique=True)
    tagline = models.CharField(_("tagline"), max_length=300, blank=True)
    primary_colour = models.CharField(
        _("primary colour"), max_length=7, default="#1f5f8b", validators=[hex_colour]
    )
    accent_colour = models.CharField(
        _("accent colour"), max_length=7, default="#b8410f", validators=[hex_colour]
    )
    logo = models.FileField(_("logo"), upload_to="tenants/logos/", blank=True)
    languages = models.JSONField(_("languages"), default=default_languages)
    currency = models.CharField(_("currency"), max_length=3, default="EUR", editable=False)
    default_timezone = models.CharField(
        _("default time zone"), max_length=64, default="Europe/Brussels"
    )
    fstp_cap_per_recipient = models.DecimalField(
        _("cap of financial support per recipient (EUR)"),
        max_digits=12,
        decimal_places=2,
        default=Decimal("60000.00"),
        validators=[MinValueValidator(Decimal("0"))],
    )
    receipt_prefix = models.CharField(
        _("receipt prefix"),
        max_length=12,
        default="ST",
        help_text=_("Starts every receipt number, e.g. ST4EU."),
    )
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("tenant")
        verbose_name_plural = _("tenants")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        from zoneinfo import available_timezones

        if self.default_timezone not in available_timezones():
            raise ValidationError(
                {"default_timezone": _("Unknown time zone; use a name such as Europe/Brussels.")}
            )
        # The primary colour is the header's background under white text and the colour of
        # links and buttons on the light page: both need WCAG AA contrast (4.5:1).
        errors = {}
        for field in ("primary_colour", "accent_colour"):
            colour = getattr(self, field)
            if (
                re.fullmatch(r"#[0-9a-fA-F]{6}", colour or "")
                and contrast_ratio(colour, "#ffffff") < AA_NORMAL_TEXT
            ):
                errors[field] = _(
                    "%(colour)s is too light: white text on it has a contrast of %(ratio).1f:1, "
                    "and at least 4.5:1 is needed. Choose a darker shade."
                ) % {"colour": colour, "ratio": contrast_ratio(colour, "#ffffff")}
        if errors:
            raise ValidationError(errors)
        known = {code for code, _name in settings.LANGUAGES}
        if not self.languages or any(code not in known for code in self.languages):
            raise ValidationError(
                {
                    "languages": _("Choose languages among: %(codes)s.")
                    % {"codes": ", ".join(sorted(known))}
                }
            )


class Domain(models.Model):
    """A host name that serves one tenant."""

    tenant = models.ForeignKey(
        Tenant, on_delete=models.CASCADE, related_name="domains", verbose_name=_("tenant")
    )
    host = models.CharField(
        _("host"),
        max_length=253,
        unique=True,
        help_text=_("Host name without port, e.g. socialtech4eu.localhost."),
    )
    is_primary = models.BooleanField(_("primary"), default=False)

    class Meta:
        verbose_name = _("domain")
        verbose_name_plural = _("domains")
        ordering = ["host"]

    def __str__(self) -> str:
        return self.host

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.host = self.host.strip().lower()
        super().save(*args, **kwargs)
        cache.delete(host_cache_key(self.host))


def host_cache_key(host: str) -> str:
    return f"tenancy:host:{host}"


class TenantScopedManager(models.Manager):
    """Default manager of tenant-owned models: filters by the active tenant, raises without one."""

    def get_queryset(self) -> models.QuerySet:
        queryset = super().get_queryset()
        if is_scope_disabled():
            return queryset
        return queryset.filter(tenant=require_active_tenant())


class TenantOwnedModel(models.Model):
    """Base of every tenant-owned model: a non-null tenant and a fail-closed default manager."""

    tenant = models.ForeignKey(
        Tenant, on_delete=models.PROTECT, related_name="+", verbose_name=_("tenant"), editable=False
    )

    objects = TenantScopedManager()
    unscoped = models.Manager()  # noqa: DJ012

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        # Stamping the tenant is plumbing, not business logic: a new row always belongs to
        # the tenant that is active while it is created.
        if self.tenant_id is None:
            self.tenant = require_active_tenant()
        super().save(*args, **kwargs)


def validate_card_link(value: str) -> None:
    """A home card leads to a page of this site (``/calls/``) or to a secure outside address."""
    is_site_path = value.startswith("/") and not value.startswith("//")
    if not (is_site_path or value.startswith("https://")) or any(c.isspace() for c in value):
        raise ValidationError(
            _(
                "Enter a path on this site starting with / (for example /calls/) "
                "or an address starting with https://."
            ),
            code="invalid_link",
        )


class HomeCard(TenantOwnedModel):
    """A section of the programme's home page: a card with a title and a line, leading to a page."""

    # blank: clean() names a missing title once, in its own words.
    title = models.JSONField(_("title"), default=dict, blank=True, help_text=_("Per language."))
    text = models.JSONField(_("text"), default=dict, blank=True, help_text=_("Per language."))
    link = models.CharField(
        _("link"),
        max_length=500,
        validators=[validate_card_link],
        help_text=_("Where the card leads: /calls/ or https://…"),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("home page card")
        verbose_name_plural = _("home page cards")
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return localise(self.title)

    @property
    def title_text(self) -> str:
        return localise(self.title)

    @property
    def text_text(self) -> str:
        return localise(self.text)

    def clean(self) -> None:
        if not localise(self.title, "en"):
            raise ValidationError({"title": _("Give the card a title.")})


def same_tenant(*objects: TenantOwnedModel) -> bool:
    tenant_ids = {obj.tenant_id for obj in objects}
    return len(tenant_ids) == 1


__all__ = [
    "Domain",
    "HomeCard",
    "Tenant",
    "TenantOwnedModel",
    "TenantScopedManager",
    "get_active_tenant",
    "same_tenant",
]
