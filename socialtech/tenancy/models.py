from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from socialtech.i18n import localise
from socialtech.tenancy.context import get_active_tenant, is_scope_disabled, require_active_tenant
from socialtech.tenancy.tenant import Domain, Tenant, default_languages, hex_colour, host_cache_key


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
    "default_languages",
    "get_active_tenant",
    "hex_colour",
    "host_cache_key",
    "same_tenant",
]
