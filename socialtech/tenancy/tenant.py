"""The programme (tenant) and its host names: the rows every tenant-owned row points to.

This module knows nothing of the active tenant, so the context that holds it can name
:class:`Tenant` without an import circle; ``socialtech.tenancy.models`` re-exports both.
"""

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
    de_minimis_ceiling = models.DecimalField(
        _("de minimis ceiling over three years (EUR)"),
        max_digits=12,
        decimal_places=2,
        default=Decimal("300000.00"),
        validators=[MinValueValidator(Decimal("0"))],
        help_text=_(
            "State aid an undertaking may receive over three years under the de minimis "
            "rules (EUR 300,000 under Regulation (EU) 2023/2831); vouchers are refused above it."
        ),
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
