"""Grant agreements: the templates, the bank account, the generated agreements and their batches (DESIGN.md §3.4, issue 12 points 4 and 5)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from calls.models import Call
from grants.banking import clean_bic, clean_iban
from grants.models.awards import Award
from grants.placeholders import placeholder_check
from socialtech.tenancy.models import TenantOwnedModel


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
