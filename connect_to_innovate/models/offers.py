"""Technology offers: what a provider (a company, a research centre, a university's
technology transfer office) can bring to social enterprises. Reviewed by staff like a
challenge, hidden until published."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from connect_to_innovate.models.challenges import ReviewedPost


class ProviderType(models.TextChoices):
    COMPANY = "company", _("Technology company")
    RESEARCH_CENTRE = "research_centre", _("Research centre")
    TECHNOLOGY_TRANSFER = "technology_transfer", _("University technology transfer office")
    SOCIAL_TECH = "social_tech", _("Social-tech start-up")
    OTHER = "other", _("Other provider")


class TechnologyOffer(ReviewedPost):
    """A provider's capability offered to the social economy; ``tags`` are its
    technologies."""

    provider_type = models.CharField(
        _("provider type"), max_length=30, choices=ProviderType.choices
    )
    description = models.TextField(_("description"))
    sectors = models.JSONField(_("sectors"), default=list, blank=True)
    countries = models.JSONField(_("countries served"), default=list, blank=True)
    references = models.TextField(
        _("references"),
        blank=True,
        help_text=_("Earlier work with social enterprises or public bodies, one per line."),
    )
    # ",care_health,food," and ",IT,DE," so that the list filters with a plain ``contains``.
    sectors_key = models.CharField(max_length=600, blank=True, editable=False)
    countries_key = models.CharField(max_length=600, blank=True, editable=False)

    class Meta:
        verbose_name = _("technology offer")
        verbose_name_plural = _("technology offers")
        ordering = ["-published_at", "-pk"]
        indexes = [models.Index(fields=["tenant", "status", "-published_at"])]
