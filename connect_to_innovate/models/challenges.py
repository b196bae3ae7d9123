"""Social challenges posted by social enterprises, and what challenges and offers share:
the sectors, the languages and the review flow (draft → submitted → published | returned →
closed).

A challenge is hidden from everyone but its organisation's members and the programme's
staff until staff publish it.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django_countries.fields import CountryField

from organisations.countries import EligibleCountries
from organisations.models import Organisation
from socialtech.tenancy.models import TenantOwnedModel


class Sector(models.TextChoices):
    """The sectors of the social economy a challenge or an offer is about: the cluster
    registry's thematic families (mapping's ``ClusterSector``, which a work-package app may
    not import) with care and housing, which WP4's challenges often name."""

    CARE_HEALTH = "care_health", _("Care and health")
    HOUSING = "housing", _("Housing and tenant services")
    URBAN_REGENERATION = "urban_regeneration", _("Industrial and urban regeneration")
    RURAL_REGENERATION = "rural_regeneration", _("Rural regeneration")
    LABOUR_INCLUSION = "labour_inclusion", _("Labour-market inclusion")
    INCUBATION = "incubation", _("Social economy business and incubation")
    ECOLOGICAL = "ecological", _("Ecological and circular economy")
    PROCUREMENT = "procurement", _("Public procurement")
    EDUCATION = "education", _("Education")
    CREATIVE = "creative", _("Creative and cultural industries")
    CONSTRUCTION = "construction", _("Construction and eco-construction")
    WASTE = "waste", _("Waste and recycling")
    FOOD = "food", _("Food and agriculture")


# The languages a challenge or an offer may name: the EU's official languages.
LANGUAGE_CODES = (
    "bg", "cs", "da", "de", "el", "en", "es", "et", "fi", "fr", "ga", "hr",
    "hu", "it", "lt", "lv", "mt", "nl", "pl", "pt", "ro", "sk", "sl", "sv",
)  # fmt: skip


class ReviewStatus(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("review status", "Draft")
    SUBMITTED = "submitted", pgettext_lazy("review status", "Awaiting review")
    PUBLISHED = "published", pgettext_lazy("review status", "Published")
    RETURNED = "returned", pgettext_lazy("review status", "Returned for changes")
    CLOSED = "closed", pgettext_lazy("review status", "Closed")


# The one table of allowed moves of a challenge or an offer (STYLE.md: explicit state machines).
REVIEW_TRANSITIONS: dict[str, set[str]] = {
    ReviewStatus.DRAFT: {ReviewStatus.SUBMITTED, ReviewStatus.CLOSED},
    ReviewStatus.SUBMITTED: {ReviewStatus.PUBLISHED, ReviewStatus.RETURNED},
    ReviewStatus.RETURNED: {ReviewStatus.SUBMITTED, ReviewStatus.CLOSED},
    ReviewStatus.PUBLISHED: {ReviewStatus.CLOSED},
    ReviewStatus.CLOSED: set(),
}
# The states in which the organisation may still change what it wrote.
EDITABLE_STATUSES = frozenset({ReviewStatus.DRAFT, ReviewStatus.RETURNED})


class ReviewedPost(TenantOwnedModel):
    """What a challenge and an offer share: the organisation posting it, the review flow and
    its dates, and the keys the lists filter on."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+", verbose_name=_("organisation")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("posted by"),
    )
    title = models.CharField(_("title"), max_length=200)
    languages = models.JSONField(_("languages"), default=list, blank=True)
    tags = models.JSONField(_("tags"), default=list, blank=True)
    # ",it,en," so that a list filters on one language with a plain ``contains``.
    languages_key = models.CharField(max_length=200, blank=True, editable=False)
    status = models.CharField(
        _("status"), max_length=20, choices=ReviewStatus.choices, default=ReviewStatus.DRAFT
    )
    return_reason = models.TextField(_("reason for return"), blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("reviewed by"),
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.title

    @property
    def is_editable(self) -> bool:
        return self.status in EDITABLE_STATUSES

    @property
    def is_published(self) -> bool:
        return self.status == ReviewStatus.PUBLISHED


class Challenge(ReviewedPost):
    """A social challenge a social enterprise wants technology for."""

    problem = models.TextField(_("problem"))
    target_group = models.CharField(_("target group"), max_length=200)
    sector = models.CharField(_("sector"), max_length=40, choices=Sector.choices)
    country = CountryField(_("country"), countries=EligibleCountries)
    budget_min = models.DecimalField(
        _("budget from (EUR)"),
        max_digits=12,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.00"))],
    )
    budget_max = models.DecimalField(
        _("budget up to (EUR)"),
        max_digits=12,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.00"))],
    )

    class Meta:
        verbose_name = _("challenge")
        verbose_name_plural = _("challenges")
        ordering = ["-published_at", "-pk"]
        indexes = [models.Index(fields=["tenant", "status", "-published_at"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(budget_min__lte=models.F("budget_max")),
                name="c2i_challenge_budget_min_not_above_max",
            )
        ]
