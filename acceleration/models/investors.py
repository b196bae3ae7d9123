"""The directory of investors, crowdfunding platforms and public procurers.

Staff keep it in the back office; a published entry is listed on the public directory
without its contact person, whose name and e-mail only the programme's staff see.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from socialtech.tenancy.models import TenantOwnedModel


class EntryKind(models.TextChoices):
    INVESTOR = "investor", _("Social-impact investor")
    CROWDFUNDING = "crowdfunding", _("Crowdfunding platform")
    PROCURER = "procurer", _("Public procurer")


class Instrument(models.TextChoices):
    EQUITY = "equity", _("Equity")
    QUASI_EQUITY = "quasi_equity", _("Quasi-equity")
    DEBT = "debt", _("Debt")
    GRANT = "grant", pgettext_lazy("instrument", "Grants")
    REVENUE_BASED = "revenue_based", _("Revenue-based financing")
    GUARANTEE = "guarantee", _("Guarantees")
    CROWDFUNDING = "crowdfunding", pgettext_lazy("instrument", "Crowdfunding")
    INNOVATION_PROCUREMENT = "innovation_procurement", _("Innovation procurement")
    PUBLIC_PROCUREMENT = "public_procurement", _("Public procurement")


class DirectoryEntry(TenantOwnedModel):
    """An investor, crowdfunding platform or public procurer enterprises may be introduced to.

    Investors and platforms have a typical ticket (``ticket_min`` ≤ ``ticket_max``, EUR);
    procurers have none, and say instead what they buy and the procedures they use.
    """

    slug = models.SlugField(_("slug"), max_length=80)
    kind = models.CharField(_("kind"), max_length=20, choices=EntryKind.choices)
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), max_length=4000)
    countries = models.JSONField(
        _("countries"), default=list, blank=True, help_text=_("ISO country codes, e.g. IT, DE.")
    )
    sectors = models.JSONField(
        _("sectors and themes"),
        default=list,
        blank=True,
        help_text=_("Words, one per item, e.g. circular economy, inclusion."),
    )
    languages = models.JSONField(
        _("languages"), default=list, blank=True, help_text=_("Language codes, e.g. it, en.")
    )
    instruments = models.JSONField(_("instruments"), default=list, blank=True)
    ticket_min = models.DecimalField(
        _("smallest typical ticket (EUR)"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    ticket_max = models.DecimalField(
        _("largest typical ticket (EUR)"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    buys = models.TextField(
        _("what they buy"), max_length=2000, blank=True, help_text=_("Public procurers only.")
    )
    procedures = models.TextField(
        _("procedures used"),
        max_length=2000,
        blank=True,
        help_text=_(
            "Public procurers only: e.g. pre-commercial procurement, innovation partnership."
        ),
    )
    website = models.URLField(_("website"), blank=True)
    contact_name = models.CharField(_("contact person"), max_length=200, blank=True)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    contact_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("contact person's account"),
        help_text=_("When set, this person answers introduction requests on their own page."),
    )
    is_published = models.BooleanField(_("published"), default=False)
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("directory entry")
        verbose_name_plural = _("investors and procurers")
        ordering = ["name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["tenant", "slug"], name="acceleration_directory_slug_per_tenant"
            ),
            models.CheckConstraint(
                condition=Q(ticket_min__isnull=True)
                | Q(ticket_max__isnull=True)
                | Q(ticket_min__lte=F("ticket_max")),
                name="acceleration_directory_ticket_min_le_max",
                violation_error_message=_(
                    "Smallest typical ticket: the smallest must not exceed the largest."
                ),
            ),
        ]
        indexes = [models.Index(fields=["tenant", "is_published", "kind"])]

    def __str__(self) -> str:
        return self.name

    @property
    def is_procurer(self) -> bool:
        return self.kind == EntryKind.PROCURER
