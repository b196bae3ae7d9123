"""The tables of the grants app: an ``Award`` is the offer made to a selected application
and, once accepted, the grant that the agreement, the tranches and the reports follow.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from applications.models import Application
from calls.models import Call, FieldType, FormField, key_validator
from grants.banking import clean_bic, clean_iban
from grants.placeholders import placeholder_check
from organisations.models import Organisation
from socialtech.tenancy.models import Tenant, TenantOwnedModel


class AwardStatus(models.TextChoices):
    OFFERED = "offered", pgettext_lazy("award status", "Offered")
    ACCEPTED = "accepted", pgettext_lazy("award status", "Accepted")
    DECLINED = "declined", pgettext_lazy("award status", "Declined")
    EXPIRED = "expired", pgettext_lazy("award status", "Expired")
    AGREEMENT_SENT = "agreement_sent", _("Agreement sent")
    SIGNED = "signed", _("Signed")
    ACTIVE = "active", pgettext_lazy("award status", "Active")
    COMPLETED = "completed", pgettext_lazy("award status", "Completed")
    TERMINATED = "terminated", pgettext_lazy("award status", "Terminated")


A = AwardStatus
# The one table of allowed moves (DESIGN.md §3.4).
AWARD_TRANSITIONS: dict[str, set[str]] = {
    A.OFFERED: {A.ACCEPTED, A.DECLINED, A.EXPIRED},
    A.ACCEPTED: {A.AGREEMENT_SENT, A.TERMINATED},
    A.DECLINED: set(),
    A.EXPIRED: set(),
    A.AGREEMENT_SENT: {A.SIGNED, A.TERMINATED},
    # An amendment (a new agreement version) sends a signed or active grant back for the
    # signature of the new version (issue 12 point 6).
    A.SIGNED: {A.AGREEMENT_SENT, A.ACTIVE, A.TERMINATED},
    A.ACTIVE: {A.AGREEMENT_SENT, A.COMPLETED, A.TERMINATED},
    A.COMPLETED: set(),
    A.TERMINATED: set(),
}
# Money awarded: the offer accepted, and every later state (the cap per recipient counts it).
AWARDED_STATUSES = (
    A.ACCEPTED,
    A.AGREEMENT_SENT,
    A.SIGNED,
    A.ACTIVE,
    A.COMPLETED,
    A.TERMINATED,
)
# An offer that came to nothing frees its money for the reserve list.
LAPSED_STATUSES = (A.DECLINED, A.EXPIRED)


class Award(TenantOwnedModel):
    """The offer of a grant to one application, and the grant once it is accepted."""

    application = models.OneToOneField(
        Application,
        on_delete=models.PROTECT,
        related_name="award",
        verbose_name=_("application"),
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="awards",
        verbose_name=_("organisation"),
    )
    call = models.ForeignKey(
        Call, on_delete=models.PROTECT, related_name="awards", verbose_name=_("call")
    )
    amount = models.DecimalField(_("amount offered (EUR)"), max_digits=12, decimal_places=2)
    amount_requested = models.DecimalField(
        _("amount requested (EUR)"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    reduction_reason = models.TextField(_("reason for the reduced amount"), blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=AwardStatus.choices, default=AwardStatus.OFFERED
    )
    offered_at = models.DateTimeField(_("offered at"), default=timezone.now)
    offered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("offered by"),
    )
    acceptance_deadline = models.DateTimeField(_("accept by"))
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decline_reason = models.TextField(_("reason for declining"), blank=True)
    # The applicant's declaration at acceptance: other public funding for the same costs,
    # as rows {"source", "amount"} (amount a decimal string); empty means "none".
    other_public_funding = models.JSONField(
        _("other public funding declared"), default=list, blank=True
    )
    # Offered because an earlier offer of the call lapsed (decline or expiry).
    from_reserve = models.BooleanField(_("offered from the reserve list"), default=False)
    # Set once the money freed by this lapsed offer has been offered on (or found no taker):
    # the promotion of the reserve list happens once per lapsed offer.
    promotion_done_at = models.DateTimeField(null=True, blank=True, editable=False)
    replaced_by = models.OneToOneField(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="replaces",
        editable=False,
        verbose_name=_("replaced by"),
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("award")
        verbose_name_plural = _("awards")
        ordering = ["-offered_at", "-pk"]
        indexes = [
            models.Index(fields=["tenant", "status", "acceptance_deadline"]),
            models.Index(fields=["tenant", "organisation", "status"]),
            models.Index(fields=["call", "status"]),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="award_amount_positive"),
            models.UniqueConstraint(fields=["application"], name="award_one_per_application"),
        ]

    def __str__(self) -> str:
        return _("Award %(application)s") % {"application": self.application}


# --- Grant agreements (DESIGN.md §3.4, issue 12 points 4 and 5) --------------------------------


class AgreementTemplate(TenantOwnedModel):
    """The text of a programme's grant agreement for one call kind in one language: HTML with
    ``{{ placeholders }}`` filled from the award when an agreement is generated."""

    name = models.CharField(_("name"), max_length=200)
    call_kind = models.CharField(
        _("call kind"),
        max_length=20,
        choices=Call._meta.get_field("kind").choices,
        blank=True,
        help_text=_("Empty: used for every kind of call that has no template of its own."),
    )
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES)
    body = models.TextField(
        _("text (HTML)"),
        help_text=_("HTML with placeholders such as {{ organisation_name }}; see the list below."),
    )
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("agreement template")
        verbose_name_plural = _("agreement templates")
        ordering = ["call_kind", "language", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["tenant", "call_kind", "language"],
                condition=Q(is_active=True),
                name="agreement_template_one_active_per_kind_language",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.language}, v{self.version})"

    def clean(self) -> None:

        placeholder_check(self.body)


class BankAccount(TenantOwnedModel):
    """The account an award's grant is paid to (IBAN checked with its check digits)."""

    award = models.OneToOneField(
        Award, on_delete=models.PROTECT, related_name="bank_account", verbose_name=_("award")
    )
    holder = models.CharField(_("account holder"), max_length=200)
    iban = models.CharField(_("IBAN"), max_length=34)
    bic = models.CharField(_("BIC"), max_length=11, blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("bank account")
        verbose_name_plural = _("bank accounts")
        ordering = ["-pk"]

    def __str__(self) -> str:
        return _("Bank account of award %(award)s") % {"award": self.award_id}

    def clean(self) -> None:

        self.iban = clean_iban(self.iban)
        self.bic = clean_bic(self.bic)


class RunStatus(models.TextChoices):
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Stopped with an error")


# The batch of agreements and the near-duplicate check name their states alike.
AgreementBatchStatus = RunStatus


class BackgroundRun(TenantOwnedModel):
    """Work over many rows that a person started and the worker does, with its progress:
    ``done`` of ``total``, the state, the error that stopped it, who started it and when."""

    status = models.CharField(
        _("status"), max_length=10, choices=RunStatus.choices, default=RunStatus.RUNNING
    )
    error = models.TextField(_("error"), blank=True)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("started by"),
    )
    started_at = models.DateTimeField(_("started at"), default=timezone.now, editable=False)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        abstract = True
        ordering = ["-started_at", "-pk"]


class AgreementBatch(BackgroundRun):
    """Generating the agreements of every accepted award of a call, with its progress."""

    call = models.ForeignKey(
        Call, on_delete=models.PROTECT, related_name="agreement_batches", verbose_name=_("call")
    )
    award_ids = models.JSONField(default=list, editable=False)
    total = models.PositiveIntegerField(_("agreements to make"), default=0)
    done = models.PositiveIntegerField(_("agreements made"), default=0)

    class Meta:
        verbose_name = _("agreement batch")
        verbose_name_plural = _("agreement batches")
        ordering = ["-started_at", "-pk"]

    def __str__(self) -> str:
        return _("Agreement batch %(number)s") % {"number": self.pk}


class Agreement(TenantOwnedModel):
    """One generated version of an award's grant agreement: the stored PDF and what made it."""

    award = models.ForeignKey(
        Award, on_delete=models.PROTECT, related_name="agreements", verbose_name=_("award")
    )
    version = models.PositiveIntegerField(_("version"), default=1)
    template = models.ForeignKey(
        AgreementTemplate,
        on_delete=models.PROTECT,
        related_name="agreements",
        verbose_name=_("template"),
    )
    template_version = models.PositiveIntegerField(_("template version"))
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES)
    document = models.OneToOneField(
        "documents.StoredDocument",
        on_delete=models.PROTECT,
        related_name="agreement",
        verbose_name=_("document"),
    )
    iban = models.CharField(_("IBAN"), max_length=34, blank=True)
    batch = models.ForeignKey(
        AgreementBatch,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="agreements",
        verbose_name=_("batch"),
    )
    created_at = models.DateTimeField(_("generated at"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("grant agreement")
        verbose_name_plural = _("grant agreements")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["award", "version"], name="agreement_one_per_version"),
        ]

    def __str__(self) -> str:
        return _("Agreement %(award)s v%(version)s") % {
            "award": self.award_id,
            "version": self.version,
        }


# --- Signature (issue 12 point 6) ---------------------------------------------------------------


class SignatureMethod(models.TextChoices):
    ONLINE = "online", _("Accepted online")
    UPLOAD = "upload", _("Signed PDF uploaded")


def signed_copy_path(instance: Signature, filename: str) -> str:
    """``signatures/<tenant slug>/<random>.pdf``: the name the person gave never reaches the disk."""
    from socialtech.documents.uploads import random_storage_name

    return random_storage_name(f"signatures/{instance.tenant.slug}", "pdf")


class Signature(TenantOwnedModel):
    """The organisation's signature of one agreement version (accepted online by its legal
    representative, or the signed PDF uploaded), and the programme's countersignature."""

    agreement = models.OneToOneField(
        Agreement, on_delete=models.PROTECT, related_name="signature", verbose_name=_("agreement")
    )
    method = models.CharField(_("method"), max_length=10, choices=SignatureMethod.choices)
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("signed by"),
    )
    typed_name = models.CharField(_("full name typed"), max_length=200, blank=True)
    # The keys of the declarations ticked (grants.signature.selectors.DECLARATIONS).
    declarations = models.JSONField(_("declarations"), default=list, blank=True)
    signed_at = models.DateTimeField(_("signed at"), default=timezone.now)
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    user_agent = models.CharField(_("browser"), max_length=300, blank=True)
    # The SHA-256 of the agreement PDF the person accepted, read from the stored file when
    # they signed: it equals the stored document's hash, so the signature names its text.
    agreement_sha256 = models.CharField(_("SHA-256 of the agreement signed"), max_length=64)
    signed_file = models.FileField(
        _("signed PDF"), upload_to=signed_copy_path, max_length=300, blank=True
    )
    signed_file_name = models.CharField(_("signed PDF's file name"), max_length=255, blank=True)
    signed_file_sha256 = models.CharField(_("SHA-256 of the signed PDF"), max_length=64, blank=True)
    signed_file_size = models.PositiveBigIntegerField(
        _("size of the signed PDF"), null=True, blank=True
    )
    countersigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("countersigned by"),
    )
    countersigned_at = models.DateTimeField(_("countersigned at"), null=True, blank=True)

    class Meta:
        verbose_name = _("signature")
        verbose_name_plural = _("signatures")
        ordering = ["-signed_at", "-pk"]
        indexes = [models.Index(fields=["tenant", "countersigned_at"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(method="online") | ~Q(signed_file=""),
                name="signature_upload_has_its_file",
            ),
        ]

    def __str__(self) -> str:
        return _("Signature of agreement %(award)s v%(version)s") % {
            "award": self.agreement.award_id,
            "version": self.agreement.version,
        }


# --- Double funding: near-duplicate applications (issue 12 point 3) ---------------------------


class TextFingerprint(TenantOwnedModel):
    """The MinHash signature of an application's written answers (text and long-text fields),
    kept so that its near duplicates are found without reading any other text again."""

    application = models.OneToOneField(
        Application,
        on_delete=models.CASCADE,
        related_name="text_fingerprint",
        verbose_name=_("application"),
    )
    call = models.ForeignKey(
        Call, on_delete=models.CASCADE, related_name="+", verbose_name=_("call")
    )
    # Of the text the signature was computed from: an unchanged text is not computed again.
    text_sha256 = models.CharField(_("text SHA-256"), max_length=64)
    word_count = models.PositiveIntegerField(_("words"), default=0)
    # Empty when the text is too short to be judged.
    signature = models.JSONField(_("signature"), default=list, blank=True)
    computed_at = models.DateTimeField(_("computed at"), default=timezone.now)

    class Meta:
        verbose_name = _("text fingerprint")
        verbose_name_plural = _("text fingerprints")
        ordering = ["-computed_at", "-pk"]

    def __str__(self) -> str:
        return _("Fingerprint of %(application)s") % {"application": self.application_id}

    @property
    def is_judged(self) -> bool:
        return bool(self.signature)


class FingerprintBand(TenantOwnedModel):
    """One band hash of a fingerprint: applications sharing a (band, value) are candidates.

    The lookup of every candidate of a text, in every programme of the installation, is one
    query over the index on ``value`` (the band's number is hashed into the value)."""

    fingerprint = models.ForeignKey(TextFingerprint, on_delete=models.CASCADE, related_name="bands")
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="+")
    band = models.PositiveSmallIntegerField()
    value = models.BigIntegerField()

    class Meta:
        indexes = [models.Index(fields=["value", "band"], name="fingerprint_band_lookup")]
        constraints = [
            models.UniqueConstraint(
                fields=["fingerprint", "band"], name="fingerprint_band_one_per_band"
            )
        ]

    def __str__(self) -> str:
        return f"{self.fingerprint_id}:{self.band}"


class DuplicateFlagStatus(models.TextChoices):
    OPEN = "open", _("To review")
    DISMISSED = "dismissed", _("Not a double funding")
    CONFIRMED = "confirmed", _("Double funding confirmed")


_OPEN, _DISMISSED, _CONFIRMED = (
    DuplicateFlagStatus.OPEN,
    DuplicateFlagStatus.DISMISSED,
    DuplicateFlagStatus.CONFIRMED,
)
# The one table of allowed reviews: a review may be corrected, and a flag opened again.
DUPLICATE_FLAG_TRANSITIONS: dict[str, set[str]] = {
    _OPEN: {_DISMISSED, _CONFIRMED},
    _DISMISSED: {_OPEN, _CONFIRMED},
    _CONFIRMED: {_OPEN, _DISMISSED},
}


class DuplicateFlag(TenantOwnedModel):
    """An application of this programme whose text is a near duplicate of another
    application's, here or in another programme of the installation, with the similarity.

    Each programme holds its own side of a pair. The other side is linked only when it is an
    application of the same programme; of another programme only its programme is named,
    never its text, title, organisation or reference."""

    application = models.ForeignKey(
        Application,
        on_delete=models.CASCADE,
        related_name="duplicate_flags",
        verbose_name=_("application"),
    )
    call = models.ForeignKey(
        Call, on_delete=models.CASCADE, related_name="duplicate_flags", verbose_name=_("call")
    )
    other_application = models.ForeignKey(
        Application,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("near duplicate of"),
    )
    # The other application's internal number, whatever its programme: one flag per pair.
    # Never shown (of another programme it says nothing to staff here anyway).
    other_key = models.PositiveBigIntegerField(editable=False)
    other_tenant = models.ForeignKey(
        Tenant,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("programme of the other application"),
    )
    same_programme = models.BooleanField(_("same programme"), default=True)
    similarity = models.DecimalField(_("similarity"), max_digits=4, decimal_places=3)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=DuplicateFlagStatus.choices,
        default=DuplicateFlagStatus.OPEN,
    )
    found_at = models.DateTimeField(_("found at"), default=timezone.now)
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("reviewed by"),
    )
    review_note = models.TextField(_("review note"), blank=True)

    class Meta:
        verbose_name = _("near-duplicate application")
        verbose_name_plural = _("near-duplicate applications")
        ordering = ["-similarity", "-found_at", "-pk"]
        indexes = [models.Index(fields=["tenant", "call", "status"])]
        constraints = [
            models.UniqueConstraint(
                fields=["application", "other_key"], name="duplicate_flag_one_per_pair"
            ),
            models.CheckConstraint(
                condition=Q(similarity__gte=0) & Q(similarity__lte=1),
                name="duplicate_flag_similarity_range",
            ),
        ]

    def __str__(self) -> str:
        return _("Near duplicate: %(application)s") % {"application": self.application}


DuplicateCheckStatus = RunStatus


class DuplicateCheck(BackgroundRun):
    """Staff's check of every submitted application of a call for near duplicates, with its
    progress."""

    call = models.ForeignKey(
        Call, on_delete=models.PROTECT, related_name="duplicate_checks", verbose_name=_("call")
    )
    total = models.PositiveIntegerField(_("applications to check"), default=0)
    done = models.PositiveIntegerField(_("applications checked"), default=0)
    found = models.PositiveIntegerField(_("near duplicates found"), default=0)

    class Meta:
        verbose_name = _("near-duplicate check")
        verbose_name_plural = _("near-duplicate checks")
        ordering = ["-started_at", "-pk"]

    def __str__(self) -> str:
        return _("Near-duplicate check %(number)s") % {"number": self.pk}


# --- Payments (issue 12 point 7) ---------------------------------------------------------------


class TrancheTrigger(models.TextChoices):
    SIGNATURE = "signature", _("On signature of the agreement")
    PROGRESS_REPORT = "progress_report", _("On approval of the progress report")
    FINAL_REPORT = "final_report", _("On approval of the final report")


class PaymentPlanStep(TenantOwnedModel):
    """One tranche of a call's payment plan: a share of each award of the call and the event
    that makes it due. A call without steps follows the default plan (40 % / 60 %)."""

    call = models.ForeignKey(
        Call,
        on_delete=models.CASCADE,
        related_name="payment_plan_steps",
        verbose_name=_("call"),
    )
    position = models.PositiveSmallIntegerField(_("tranche number"))
    percent = models.DecimalField(_("share (%)"), max_digits=5, decimal_places=2)
    trigger = models.CharField(
        _("due"), max_length=20, choices=TrancheTrigger.choices, default=TrancheTrigger.SIGNATURE
    )

    class Meta:
        verbose_name = _("payment plan step")
        verbose_name_plural = _("payment plan steps")
        ordering = ["call", "position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["call", "position"], name="payment_plan_step_position"),
            models.CheckConstraint(
                condition=Q(percent__gt=0) & Q(percent__lte=100),
                name="payment_plan_step_percent_range",
            ),
        ]

    def __str__(self) -> str:
        return _("Tranche %(position)s: %(percent)s %%") % {
            "position": self.position,
            "percent": self.percent,
        }


class TrancheStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    DUE = "due", pgettext_lazy("tranche status", "Due")
    APPROVED = "approved", pgettext_lazy("tranche status", "Approved")
    PAID = "paid", pgettext_lazy("tranche status", "Paid")
    CANCELLED = "cancelled", pgettext_lazy("tranche status", "Cancelled")


T = TrancheStatus
# The one table of allowed moves of a tranche.
TRANCHE_TRANSITIONS: dict[str, set[str]] = {
    T.PLANNED: {T.DUE, T.CANCELLED},
    T.DUE: {T.APPROVED, T.CANCELLED},
    T.APPROVED: {T.PAID, T.CANCELLED},
    T.PAID: set(),
    T.CANCELLED: set(),
}
# Tranches not paid yet and not cancelled: what a recovery order reduces.
OPEN_TRANCHE_STATUSES = (T.PLANNED, T.DUE, T.APPROVED)


class Tranche(TenantOwnedModel):
    """One payment of an award, made from the call's plan when the award became active."""

    award = models.ForeignKey(
        Award, on_delete=models.PROTECT, related_name="tranches", verbose_name=_("award")
    )
    position = models.PositiveSmallIntegerField(_("tranche number"))
    percent = models.DecimalField(_("share (%)"), max_digits=5, decimal_places=2)
    amount = models.DecimalField(_("amount (EUR)"), max_digits=12, decimal_places=2)
    trigger = models.CharField(_("due"), max_length=20, choices=TrancheTrigger.choices)
    status = models.CharField(
        _("status"), max_length=10, choices=TrancheStatus.choices, default=TrancheStatus.PLANNED
    )
    due_at = models.DateTimeField(_("due since"), null=True, blank=True)
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("approved by"),
    )
    paid_on = models.DateField(_("paid on"), null=True, blank=True)
    paid_reference = models.CharField(_("payment reference"), max_length=100, blank=True)
    paid_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("payment recorded by"),
    )
    recorded_at = models.DateTimeField(_("payment recorded at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("tranche")
        verbose_name_plural = _("tranches")
        ordering = ["award", "position", "pk"]
        indexes = [models.Index(fields=["tenant", "status"])]
        constraints = [
            models.UniqueConstraint(fields=["award", "position"], name="tranche_one_per_position"),
            models.CheckConstraint(condition=Q(amount__gte=0), name="tranche_amount_not_negative"),
        ]

    def __str__(self) -> str:
        return _("Tranche %(position)s of award %(award)s") % {
            "position": self.position,
            "award": self.award_id,
        }


class RecoveryOrder(TenantOwnedModel):
    """Money the beneficiary is no longer owed (a termination, ineligible costs): it reduces
    the unpaid tranches, and what was paid beyond the new total is to be paid back."""

    award = models.ForeignKey(
        Award, on_delete=models.PROTECT, related_name="recovery_orders", verbose_name=_("award")
    )
    amount = models.DecimalField(_("amount recovered (EUR)"), max_digits=12, decimal_places=2)
    to_recover = models.DecimalField(
        _("to be paid back (EUR)"),
        max_digits=12,
        decimal_places=2,
        default=0,
        help_text=_("The part already paid out, which the beneficiary must pay back."),
    )
    reason = models.TextField(_("reason"))
    issued_at = models.DateTimeField(_("issued at"), default=timezone.now, editable=False)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("issued by"),
    )
    reference = models.CharField(_("reference"), max_length=100, blank=True)
    recovered_on = models.DateField(_("paid back on"), null=True, blank=True)

    class Meta:
        verbose_name = _("recovery order")
        verbose_name_plural = _("recovery orders")
        ordering = ["award", "issued_at", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="recovery_amount_positive"),
        ]

    def __str__(self) -> str:
        return _("Recovery order %(number)s of award %(award)s") % {
            "number": self.pk,
            "award": self.award_id,
        }


# --- Beneficiaries' reports (issue 12 point 8) ---------------------------------------------------


class ReportKind(models.TextChoices):
    PROGRESS = "progress", _("Progress report")
    FINAL = "final", _("Final report")


class ReportStatus(models.TextChoices):
    DUE = "due", pgettext_lazy("report status", "Due")
    SUBMITTED = "submitted", pgettext_lazy("report status", "Submitted")
    CHANGES_REQUESTED = "changes_requested", _("Changes requested")
    APPROVED = "approved", pgettext_lazy("report status", "Approved")
    CANCELLED = "cancelled", pgettext_lazy("report status", "Cancelled")


R = ReportStatus
# The one table of allowed moves of a report.
REPORT_TRANSITIONS: dict[str, set[str]] = {
    R.DUE: {R.SUBMITTED, R.CANCELLED},
    R.SUBMITTED: {R.CHANGES_REQUESTED, R.APPROVED, R.CANCELLED},
    R.CHANGES_REQUESTED: {R.SUBMITTED, R.CANCELLED},
    R.APPROVED: set(),
    R.CANCELLED: set(),
}
# The beneficiary may write in these states.
REPORT_EDITABLE_STATUSES = (R.DUE, R.CHANGES_REQUESTED)


class ReportField(TenantOwnedModel):
    """One question of a call's progress or final report: the same types and rules as the
    questions of its application form. A call without its own uses the default questions."""

    call = models.ForeignKey(
        Call, on_delete=models.CASCADE, related_name="report_fields", verbose_name=_("call")
    )
    kind = models.CharField(_("report"), max_length=10, choices=ReportKind.choices)
    key = models.CharField(_("key"), max_length=50, validators=[key_validator])
    order = models.PositiveIntegerField(_("order"), default=0)
    section = models.JSONField(_("section heading"), default=dict, blank=True)
    type = models.CharField(_("type"), max_length=20, choices=FieldType.choices)
    label = models.JSONField(_("label"), default=dict)
    help = models.JSONField(_("help text"), default=dict, blank=True)
    required = models.BooleanField(_("required"), default=True)
    options = models.JSONField(_("options"), default=list, blank=True)
    max_words = models.PositiveIntegerField(_("word limit"), null=True, blank=True)
    max_bytes = models.PositiveIntegerField(_("size limit (bytes)"), null=True, blank=True)
    allowed_types = models.JSONField(_("allowed file types"), default=list, blank=True)
    min_value = models.DecimalField(
        _("minimum"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    max_value = models.DecimalField(
        _("maximum"), max_digits=14, decimal_places=2, null=True, blank=True
    )

    class Meta:
        verbose_name = _("report question")
        verbose_name_plural = _("report questions")
        ordering = ["call", "kind", "order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["call", "kind", "key"], name="report_field_unique_key")
        ]

    def __str__(self) -> str:
        return f"{self.kind}: {self.key}"

    def as_form_field(self) -> FormField:
        """The question as an (unsaved) form field: the application form's machinery (the
        form, the checks of ``calls.answers``) reads it as it reads the call's own."""
        return FormField(
            call_id=self.call_id,
            key=self.key,
            order=self.order,
            section=self.section,
            type=self.type,
            label=self.label,
            help=self.help,
            required=self.required,
            options=self.options,
            max_words=self.max_words,
            max_bytes=self.max_bytes,
            allowed_types=self.allowed_types,
            min_value=self.min_value,
            max_value=self.max_value,
        )


class BeneficiaryReport(TenantOwnedModel):
    """A progress or final report an award owes: due on a date, written by the beneficiary,
    reviewed by staff (changes requested, or approved, which makes the next tranche due)."""

    award = models.ForeignKey(
        Award, on_delete=models.PROTECT, related_name="reports", verbose_name=_("award")
    )
    kind = models.CharField(_("report"), max_length=10, choices=ReportKind.choices)
    number = models.PositiveSmallIntegerField(_("number"), default=1)
    due_on = models.DateField(_("due on"))
    status = models.CharField(
        _("status"), max_length=20, choices=ReportStatus.choices, default=ReportStatus.DUE
    )
    answers = models.JSONField(_("answers"), default=dict, blank=True)
    version = models.PositiveIntegerField(default=0, editable=False)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("submitted by"),
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("reviewed by"),
    )
    review_comment = models.TextField(_("review comment"), blank=True)
    # The reminders sent, by name ("14_days", "3_days", "overdue"): each once.
    reminders_sent = models.JSONField(default=list, blank=True, editable=False)
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("beneficiary report")
        verbose_name_plural = _("beneficiary reports")
        ordering = ["due_on", "pk"]
        indexes = [models.Index(fields=["tenant", "status", "due_on"])]
        constraints = [
            models.UniqueConstraint(
                fields=["award", "kind", "number"], name="beneficiary_report_one_per_number"
            )
        ]

    def __str__(self) -> str:
        return _("%(kind)s of award %(award)s") % {
            "kind": self.get_kind_display(),
            "award": self.award_id,
        }

    @property
    def is_editable(self) -> bool:
        return self.status in REPORT_EDITABLE_STATUSES


def report_file_path(instance: ReportFile, filename: str) -> str:
    from socialtech.documents.uploads import random_storage_name

    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return random_storage_name(f"reports/{instance.tenant.slug}", extension)


class ReportFile(TenantOwnedModel):
    """A file uploaded to a file question of a report; served only through a permission check."""

    report = models.ForeignKey(
        BeneficiaryReport, on_delete=models.CASCADE, related_name="files", verbose_name=_("report")
    )
    field_key = models.CharField(_("field"), max_length=50)
    file = models.FileField(_("file"), upload_to=report_file_path, max_length=300)
    original_name = models.CharField(_("file name"), max_length=255)
    size = models.PositiveBigIntegerField(_("size"))
    sha256 = models.CharField(max_length=64)
    content_type = models.CharField(max_length=120)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("report file")
        verbose_name_plural = _("report files")
        ordering = ["report", "field_key", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["report", "field_key"], name="report_file_one_per_field"
            )
        ]

    def __str__(self) -> str:
        return self.original_name
