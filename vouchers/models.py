"""The tables of the vouchers app: a ``VoucherScheme`` on a voucher call, the accredited
``ServiceProvider`` and its ``Accreditation`` per service category, the ``Voucher`` issued
to a selected application, and the ``Claim`` for its reimbursement (DESIGN.md §3.5).
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from applications.models import Application
from calls.models import Call
from organisations.models import Organisation
from socialtech.documents.models import StoredDocument
from socialtech.documents.uploads import random_storage_name
from socialtech.tenancy.models import TenantOwnedModel
from vouchers.codes import VOUCHER_CODE_LENGTH, validate_voucher_code


class ServiceCategory(models.TextChoices):
    TRAINING = "training", _("Training")
    DIGITAL_AUDIT = "digital_audit", _("Digital audit")
    TECHNOLOGY_FEASIBILITY = "technology_feasibility", _("Technology feasibility")
    GREEN_CONSULTING = "green_consulting", _("Green transition consulting")
    LEGAL_BUSINESS_MODEL = "legal_business_model", _("Legal and business model")
    OTHER = "other", pgettext_lazy("service category", "Other")


class ClaimSubmitter(models.TextChoices):
    """Who submits the claim, and so who is reimbursed: the scheme decides."""

    PROVIDER = "provider", _("The service provider")
    ENTERPRISE = "enterprise", _("The enterprise")


class VoucherScheme(TenantOwnedModel):
    """The rules of the vouchers a voucher call gives: value, co-funding, validity, services."""

    call = models.OneToOneField(
        Call, on_delete=models.PROTECT, related_name="voucher_scheme", verbose_name=_("call")
    )
    value = models.DecimalField(
        _("voucher value (EUR)"),
        max_digits=10,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.01"))],
    )
    co_funding_percent = models.DecimalField(
        _("co-funding paid by the enterprise (%)"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("0.00"),
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))],
        help_text=_("Share of the service's price the enterprise pays the provider itself."),
    )
    validity_months = models.PositiveSmallIntegerField(
        _("validity (months)"),
        default=12,
        validators=[MinValueValidator(1), MaxValueValidator(60)],
    )
    service_categories = models.JSONField(
        _("eligible service categories"),
        default=list,
        help_text=_("The categories of service the vouchers may buy."),
    )
    max_vouchers_per_organisation = models.PositiveSmallIntegerField(
        _("maximum vouchers per organisation"),
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(50)],
    )
    claim_submitter = models.CharField(
        _("claims submitted by"),
        max_length=20,
        choices=ClaimSubmitter.choices,
        default=ClaimSubmitter.PROVIDER,
        help_text=_("Who submits the claim and is reimbursed."),
    )
    budget = models.DecimalField(
        _("budget (EUR)"),
        max_digits=12,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0"))],
        help_text=_(
            "Vouchers are issued while their value fits; expired and cancelled vouchers give it back."
        ),
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("voucher scheme")
        verbose_name_plural = _("voucher schemes")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return str(self.call)


class ProviderStatus(models.TextChoices):
    APPLIED = "applied", pgettext_lazy("accreditation status", "Applied")
    ACCREDITED = "accredited", _("Accredited")
    REFUSED = "refused", pgettext_lazy("accreditation status", "Refused")
    SUSPENDED = "suspended", pgettext_lazy("accreditation status", "Suspended")
    WITHDRAWN = "withdrawn", pgettext_lazy("accreditation status", "Withdrawn")


P = ProviderStatus
# The one table of allowed moves of an accreditation.
ACCREDITATION_TRANSITIONS: dict[str, set[str]] = {
    P.APPLIED: {P.ACCREDITED, P.REFUSED},
    P.ACCREDITED: {P.SUSPENDED, P.WITHDRAWN},
    P.SUSPENDED: {P.ACCREDITED, P.WITHDRAWN},
    # A refused or withdrawn category may be applied for again.
    P.REFUSED: {P.APPLIED},
    P.WITHDRAWN: {P.APPLIED},
}


class ServiceProvider(TenantOwnedModel):
    """An organisation offering services that vouchers buy, with its public profile."""

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="service_providers",
        verbose_name=_("organisation"),
    )
    profile = models.TextField(_("profile"), max_length=4000)
    languages = models.JSONField(
        _("languages of service"), default=list, help_text=_("Language codes, e.g. it, en.")
    )
    countries_served = models.JSONField(
        _("countries served"), default=list, blank=True, help_text=_("ISO country codes.")
    )
    contact_email = models.EmailField(_("contact e-mail"))
    website = models.URLField(_("website"), blank=True)
    references = models.TextField(
        _("references"), max_length=4000, help_text=_("Earlier clients and work, one per line.")
    )
    declarations_accepted_at = models.DateTimeField(_("declarations accepted at"))
    declarations_accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("declarations accepted by"),
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("service provider")
        verbose_name_plural = _("service providers")
        ordering = ["organisation__legal_name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["tenant", "organisation"], name="vouchers_one_provider_per_organisation"
            )
        ]

    def __str__(self) -> str:
        return self.organisation.legal_name


class Accreditation(TenantOwnedModel):
    """A provider's accreditation for one service category, with its services and prices."""

    provider = models.ForeignKey(
        ServiceProvider,
        on_delete=models.CASCADE,
        related_name="accreditations",
        verbose_name=_("service provider"),
    )
    category = models.CharField(_("category"), max_length=40, choices=ServiceCategory.choices)
    services = models.JSONField(
        _("services and prices"),
        default=list,
        help_text=_('Rows {"service", "price"}: what the provider offers and its price in EUR.'),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=ProviderStatus.choices, default=ProviderStatus.APPLIED
    )
    reason = models.TextField(_("reason of the last decision"), blank=True)
    applied_at = models.DateTimeField(_("applied at"), default=timezone.now)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("decided by"),
    )

    class Meta:
        verbose_name = _("accreditation")
        verbose_name_plural = _("accreditations")
        ordering = ["provider_id", "category"]
        constraints = [
            models.UniqueConstraint(
                fields=["provider", "category"], name="vouchers_one_accreditation_per_category"
            )
        ]
        indexes = [models.Index(fields=["tenant", "status", "category"])]

    def __str__(self) -> str:
        return f"{self.provider} · {self.get_category_display()}"


class VoucherStatus(models.TextChoices):
    ISSUED = "issued", pgettext_lazy("voucher status", "Issued")
    PROVIDER_SELECTED = "provider_selected", _("Provider selected")
    IN_DELIVERY = "in_delivery", _("In delivery")
    CLAIM_SUBMITTED = "claim_submitted", _("Claim submitted")
    VERIFIED = "verified", pgettext_lazy("voucher status", "Verified")
    REIMBURSED = "reimbursed", pgettext_lazy("voucher status", "Reimbursed")
    EXPIRED = "expired", pgettext_lazy("voucher status", "Expired")
    CANCELLED = "cancelled", pgettext_lazy("voucher status", "Cancelled")


V = VoucherStatus
# The one table of allowed moves (DESIGN.md §3.5). A provider that declines, or an
# enterprise that changes its mind before the provider accepts, sends the voucher back to
# issued; a claim sent back for changes keeps the voucher in claim_submitted.
VOUCHER_TRANSITIONS: dict[str, set[str]] = {
    V.ISSUED: {V.PROVIDER_SELECTED, V.EXPIRED, V.CANCELLED},
    V.PROVIDER_SELECTED: {V.ISSUED, V.IN_DELIVERY, V.EXPIRED, V.CANCELLED},
    V.IN_DELIVERY: {V.CLAIM_SUBMITTED, V.EXPIRED, V.CANCELLED},
    V.CLAIM_SUBMITTED: {V.VERIFIED, V.CANCELLED},
    V.VERIFIED: {V.REIMBURSED},
    V.REIMBURSED: set(),
    V.EXPIRED: set(),
    V.CANCELLED: set(),
}
# A voucher in these states holds its value against the scheme's budget.
COMMITTED_STATUSES = tuple(status for status in V if status not in (V.EXPIRED, V.CANCELLED))
# Unused vouchers: the expiry job expires these when their validity ends. A voucher whose
# delivery both sides confirmed in time was used: it waits for its claim instead.
UNUSED_STATUSES = (V.ISSUED, V.PROVIDER_SELECTED, V.IN_DELIVERY)
UNUSED = Q(status__in=UNUSED_STATUSES) & ~Q(
    delivery_confirmed_by_enterprise_at__isnull=False,
    delivery_confirmed_by_provider_at__isnull=False,
)


class Voucher(TenantOwnedModel):
    """A voucher issued to a selected application's organisation, spent with one provider."""

    code = models.CharField(
        _("voucher code"),
        max_length=VOUCHER_CODE_LENGTH,
        unique=True,
        editable=False,
        validators=[validate_voucher_code],
    )
    scheme = models.ForeignKey(
        VoucherScheme, on_delete=models.PROTECT, related_name="vouchers", verbose_name=_("scheme")
    )
    application = models.OneToOneField(
        Application,
        on_delete=models.PROTECT,
        related_name="voucher",
        verbose_name=_("application"),
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="vouchers",
        verbose_name=_("beneficiary"),
    )
    value = models.DecimalField(_("value (EUR)"), max_digits=10, decimal_places=2)
    co_funding_percent = models.DecimalField(
        _("co-funding paid by the enterprise (%)"), max_digits=5, decimal_places=2
    )
    status = models.CharField(
        _("status"), max_length=20, choices=VoucherStatus.choices, default=VoucherStatus.ISSUED
    )
    issued_at = models.DateTimeField(_("issued at"), default=timezone.now)
    expires_at = models.DateTimeField(_("valid until"))
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("issued by"),
    )
    declared_de_minimis = models.DecimalField(
        _("de minimis aid declared (EUR)"),
        max_digits=12,
        decimal_places=2,
        default=Decimal("0.00"),
        help_text=_(
            "Aid the enterprise declared for the last three years when the voucher was issued."
        ),
    )
    document = models.ForeignKey(
        StoredDocument,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("voucher PDF"),
    )
    # The redemption: the enterprise picks a provider and a scope, the provider accepts,
    # both confirm the delivery.
    provider = models.ForeignKey(
        ServiceProvider,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="vouchers",
        verbose_name=_("service provider"),
    )
    category = models.CharField(
        _("service category"), max_length=40, choices=ServiceCategory.choices, blank=True
    )
    scope = models.TextField(_("scope of work"), max_length=6000, blank=True)
    agreed_price = models.DecimalField(
        _("agreed price (EUR)"), max_digits=10, decimal_places=2, null=True, blank=True
    )
    provider_selected_at = models.DateTimeField(_("provider selected at"), null=True, blank=True)
    provider_accepted_at = models.DateTimeField(_("provider accepted at"), null=True, blank=True)
    provider_answer = models.TextField(_("provider's answer"), blank=True)
    delivery_confirmed_by_enterprise_at = models.DateTimeField(
        _("delivery confirmed by the enterprise at"), null=True, blank=True
    )
    delivery_confirmed_by_provider_at = models.DateTimeField(
        _("delivery confirmed by the provider at"), null=True, blank=True
    )
    # The expiry job's marks: each warning and the expiry happen once.
    warned_30_days_at = models.DateTimeField(_("30-day warning sent at"), null=True, blank=True)
    warned_7_days_at = models.DateTimeField(_("7-day warning sent at"), null=True, blank=True)
    ended_at = models.DateTimeField(_("expired or cancelled at"), null=True, blank=True)
    end_reason = models.TextField(_("reason of the cancellation"), blank=True)

    class Meta:
        verbose_name = _("voucher")
        verbose_name_plural = _("vouchers")
        ordering = ["-issued_at", "-pk"]
        indexes = [
            models.Index(fields=["tenant", "status", "expires_at"]),
            models.Index(fields=["tenant", "organisation"]),
            # The back office's voucher list, newest first.
            models.Index(fields=["tenant", "-issued_at", "-id"], name="voucher_list_order"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(value__gt=0), name="vouchers_voucher_value_positive"
            ),
        ]

    def __str__(self) -> str:
        return self.code

    @property
    def is_delivery_confirmed(self) -> bool:
        return bool(
            self.delivery_confirmed_by_enterprise_at and self.delivery_confirmed_by_provider_at
        )


def claim_file_path(instance: Claim, filename: str) -> str:
    """``vouchers/claims/<tenant slug>/<random>.<ext>``: the name a user gave never reaches the disk."""
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "pdf"
    return random_storage_name(f"vouchers/claims/{instance.tenant.slug}", extension)


class ClaimStatus(models.TextChoices):
    SUBMITTED = "submitted", pgettext_lazy("claim status", "Submitted")
    CHANGES_REQUESTED = "changes_requested", _("Changes requested")
    VERIFIED = "verified", pgettext_lazy("claim status", "Verified")
    REIMBURSED = "reimbursed", pgettext_lazy("claim status", "Reimbursed")


class Claim(TenantOwnedModel):
    """The claim for a voucher's reimbursement: invoice, proof of delivery and of co-payment."""

    voucher = models.OneToOneField(
        Voucher, on_delete=models.PROTECT, related_name="claim", verbose_name=_("voucher")
    )
    status = models.CharField(
        _("status"), max_length=20, choices=ClaimStatus.choices, default=ClaimStatus.SUBMITTED
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("submitted by"),
    )
    submitted_at = models.DateTimeField(_("submitted at"), default=timezone.now)
    amount = models.DecimalField(
        _("amount claimed (EUR)"),
        max_digits=10,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.01"))],
    )
    invoice_number = models.CharField(_("invoice number"), max_length=60)
    invoice_date = models.DateField(_("invoice date"))
    invoice = models.FileField(_("invoice"), upload_to=claim_file_path, max_length=255)
    delivery_proof = models.FileField(
        _("proof of delivery"), upload_to=claim_file_path, max_length=255
    )
    co_payment_proof = models.FileField(
        _("proof of the enterprise's co-payment"),
        upload_to=claim_file_path,
        max_length=255,
        blank=True,
    )
    note = models.TextField(_("note"), max_length=4000, blank=True)
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("reviewed by"),
    )
    review_note = models.TextField(_("review note"), blank=True)
    reimbursed_on = models.DateField(_("reimbursed on"), null=True, blank=True)
    reimbursement_reference = models.CharField(_("payment reference"), max_length=100, blank=True)
    reimbursed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("reimbursed by"),
    )

    class Meta:
        verbose_name = _("claim")
        verbose_name_plural = _("claims")
        ordering = ["-submitted_at", "-pk"]
        indexes = [
            models.Index(fields=["tenant", "status"]),
            # The back office's claim list, newest first.
            models.Index(
                fields=["tenant", "-submitted_at", "-id"], name="voucher_claim_list_order"
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__gt=0), name="vouchers_claim_amount_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.voucher.code} · {self.invoice_number}"
