"""Legal entities that apply: profile, members, SME self-assessment.

Organisations are global, not tenant-owned: one legal entity applies to many programmes.
"""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from organisations.countries import ELIGIBLE_COUNTRIES, EligibleCountries
from organisations.sme import BalanceSheetBand, SMEAssessment, TurnoverBand, sme_status
from organisations.validators import (
    normalise_vat_number,
    validate_founding_year,
    validate_registration_number,
)
from socialtech.tenancy.models import Tenant

INVITATION_VALIDITY = timedelta(days=14)


class LegalForm(models.TextChoices):
    COOPERATIVE = "cooperative", _("Cooperative")
    SOCIAL_COOPERATIVE = "social_cooperative", _("Social cooperative")
    ASSOCIATION = "association", _("Association")
    FOUNDATION = "foundation", _("Foundation")
    MUTUAL = "mutual", _("Mutual")
    LIMITED_PROFIT_COMPANY = (
        "limited_profit_company",
        _("Company with limited profit distribution (e.g. gGmbH, SRL SB, impresa sociale)"),
    )
    LIMITED_COMPANY = "limited_company", _("Limited company")
    SOLE_TRADER = "sole_trader", _("Sole trader")
    PUBLIC_BODY = "public_body", _("Public body")
    OTHER = "other", _("Other")


class SocialEconomyType(models.TextChoices):
    """Families of the social economy (Social Economy Action Plan, COM(2021) 778)."""

    SOCIAL_ENTERPRISE = "social_enterprise", _("Social enterprise")
    WISE = "wise", _("Work-integration social enterprise (WISE)")
    COOPERATIVE = "cooperative", _("Cooperative")
    MUTUAL = "mutual", _("Mutual benefit society")
    ASSOCIATION = "association", _("Association or charity")
    FOUNDATION = "foundation", _("Foundation")
    SUPPORT_ORGANISATION = (
        "support_organisation",
        _("Support organisation, network or cluster of the social economy"),
    )
    NOT_SOCIAL_ECONOMY = "not_social_economy", _("Not part of the social economy")


class MemberRole(models.TextChoices):
    OWNER = "owner", _("Owner")
    EDITOR = "editor", _("Editor")


class Organisation(models.Model):
    """A legal entity that applies to calls, with its SME self-assessment."""

    legal_name = models.CharField(_("legal name"), max_length=255)
    short_name = models.CharField(_("short name"), max_length=80, blank=True)
    country = CountryField(
        _("country"),
        countries=EligibleCountries,
        help_text=_("Where the organisation is legally established."),
        error_messages={
            "invalid_choice": _(
                "The country must be an EU member state or a country associated to the "
                "programme; %(value)r is not one."
            ),
        },
    )
    legal_form = models.CharField(_("legal form"), max_length=40, choices=LegalForm.choices)
    national_legal_form = models.CharField(
        _("national legal form"),
        max_length=200,
        blank=True,
        help_text=_(
            "As registered in your country, e.g. cooperativa sociale di tipo B, eingetragener Verein."
        ),
    )
    social_economy_type = models.CharField(
        _("social-economy type"), max_length=40, choices=SocialEconomyType.choices
    )
    registration_number = models.CharField(
        _("registration number"),
        max_length=64,
        blank=True,
        help_text=_("The number in the national business or associations register."),
    )
    vat_number = models.CharField(
        _("VAT number"),
        max_length=32,
        blank=True,
        help_text=_(
            "With or without the country prefix, e.g. IT00743110157. Leave empty if not registered for VAT."
        ),
    )
    founding_year = models.PositiveSmallIntegerField(
        _("founding year"), validators=[validate_founding_year]
    )
    staff_headcount = models.PositiveIntegerField(
        _("staff headcount"),
        validators=[MaxValueValidator(10_000_000)],
        help_text=_(
            "Annual work units: full-time staff count 1, part-time and seasonal staff a fraction."
        ),
    )
    turnover_band = models.CharField(
        _("annual turnover"), max_length=20, choices=TurnoverBand.choices
    )
    balance_sheet_band = models.CharField(
        _("annual balance sheet total"), max_length=20, choices=BalanceSheetBand.choices
    )
    website = models.URLField(_("website"), blank=True)
    address_line1 = models.CharField(_("address"), max_length=200)
    address_line2 = models.CharField(_("address, second line"), max_length=200, blank=True)
    postcode = models.CharField(_("postcode"), max_length=20, blank=True)
    city = models.CharField(_("city"), max_length=120)
    legal_representative_name = models.CharField(_("legal representative"), max_length=200)
    legal_representative_role = models.CharField(
        _("legal representative's role"),
        max_length=120,
        help_text=_("e.g. President, Managing director."),
    )
    legal_representative_email = models.EmailField(_("legal representative's e-mail"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["legal_name", "pk"]
        indexes = [
            models.Index(fields=["vat_number"]),
            models.Index(fields=["registration_number"]),
        ]

    def __str__(self) -> str:
        return self.legal_name

    def clean(self) -> None:
        super().clean()
        country = str(self.country or "")
        if country not in ELIGIBLE_COUNTRIES:
            return  # the field check reports the country; identifiers depend on it
        errors: dict[str, list[ValidationError]] = {}
        try:
            self.vat_number = normalise_vat_number(country=country, vat_number=self.vat_number)
        except ValidationError as error:
            errors["vat_number"] = [error]
        if self.legal_form != LegalForm.SOLE_TRADER:
            # Sole traders are registered under personal identifiers that the entity
            # registers' check digits do not cover.
            try:
                validate_registration_number(
                    country=country, registration_number=self.registration_number
                )
            except ValidationError as error:
                errors["registration_number"] = [error]
        if errors:
            raise ValidationError(errors)

    @property
    def sme_assessment(self) -> SMEAssessment:
        return sme_status(
            self.staff_headcount,
            self.turnover_band,
            self.balance_sheet_band,
            is_public_body=self.legal_form == LegalForm.PUBLIC_BODY,
        )

    @property
    def is_sme(self) -> bool:
        return self.sme_assessment.is_sme

    @property
    def display_name(self) -> str:
        return self.short_name or self.legal_name


class OrganisationMember(models.Model):
    """A user who may act for an organisation: owners manage members, editors edit."""

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="members",
        verbose_name=_("organisation"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="organisation_memberships",
        verbose_name=_("user"),
    )
    role = models.CharField(_("role"), max_length=20, choices=MemberRole.choices)
    created_at = models.DateTimeField(_("member since"), auto_now_add=True)

    class Meta:
        verbose_name = _("organisation member")
        verbose_name_plural = _("organisation members")
        ordering = ["organisation", "created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "user"], name="organisation_member_unique_user"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()}"


def generate_invitation_token() -> str:
    return secrets.token_urlsafe(32)


def default_invitation_expiry() -> datetime:
    return timezone.now() + INVITATION_VALIDITY


class OrganisationInvitation(models.Model):
    """An invitation by e-mail to join an organisation; one pending per address."""

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="invitations",
        verbose_name=_("organisation"),
    )
    email = models.EmailField(_("e-mail address"))
    role = models.CharField(_("role"), max_length=20, choices=MemberRole.choices)
    token = models.CharField(
        max_length=64, unique=True, default=generate_invitation_token, editable=False
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("invited by"),
    )
    # The programme whose site the invitation was made on; its host is used for the link.
    tenant = models.ForeignKey(
        Tenant,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("programme"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    expires_at = models.DateTimeField(_("expires at"), default=default_invitation_expiry)
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("accepted by"),
    )

    class Meta:
        verbose_name = _("organisation invitation")
        verbose_name_plural = _("organisation invitations")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "email"],
                condition=Q(accepted_at__isnull=True),
                name="organisation_invitation_one_pending_per_email",
            )
        ]

    def __str__(self) -> str:
        return f"{self.email} → {self.organisation}"

    @property
    def is_accepted(self) -> bool:
        return self.accepted_at is not None

    @property
    def is_expired(self) -> bool:
        return not self.is_accepted and timezone.now() >= self.expires_at
