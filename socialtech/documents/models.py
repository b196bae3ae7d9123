from __future__ import annotations

import hashlib
import re
import secrets

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from socialtech.documents.uploads import random_storage_name
from socialtech.tenancy.models import TenantOwnedModel

# No 0/O, 1/I/L: a code read aloud or typed from paper cannot be mistaken.
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
CODE_GROUPS = 3
CODE_GROUP_LENGTH = 4
CODE_PATTERN = re.compile(
    rf"^[{CODE_ALPHABET}]{{{CODE_GROUP_LENGTH}}}(-[{CODE_ALPHABET}]{{{CODE_GROUP_LENGTH}}}){{{CODE_GROUPS - 1}}}$"
)
CODE_LENGTH = CODE_GROUPS * CODE_GROUP_LENGTH + CODE_GROUPS - 1


def generate_document_code() -> str:
    """A random code such as ``D7K2-9XQ4-MT3P`` (31^12, about 59 bits: not guessable)."""
    characters = "".join(
        secrets.choice(CODE_ALPHABET) for _ in range(CODE_GROUPS * CODE_GROUP_LENGTH)
    )
    return "-".join(
        characters[index : index + CODE_GROUP_LENGTH]
        for index in range(0, len(characters), CODE_GROUP_LENGTH)
    )


def normalise_document_code(value: str) -> str:
    """The canonical form of a code as a person typed it: upper case, grouped by dashes.

    Returns the cleaned input unchanged in length when it cannot be a code, so the caller's
    validation reports it.
    """
    compact = "".join(ch for ch in str(value).upper() if ch.isalnum())
    if len(compact) != CODE_GROUPS * CODE_GROUP_LENGTH:
        return compact
    return "-".join(
        compact[index : index + CODE_GROUP_LENGTH]
        for index in range(0, len(compact), CODE_GROUP_LENGTH)
    )


def is_document_code(value: str) -> bool:
    return bool(CODE_PATTERN.fullmatch(value))


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def document_file_path(instance: StoredDocument, filename: str) -> str:
    """``documents/<tenant slug>/<year>/<random>.pdf``: the name a user gave never reaches the disk."""
    created = instance.created_at or timezone.now()
    return random_storage_name(f"documents/{instance.tenant.slug}/{created:%Y}", "pdf")


class DocumentKind(models.TextChoices):
    RECEIPT = "receipt", _("Submission receipt")
    EVALUATION_SUMMARY = "evaluation_summary", _("Evaluation summary report")
    OFFER_LETTER = "offer_letter", _("Offer letter")
    AGREEMENT = "agreement", _("Grant agreement")
    VOUCHER = "voucher", _("Voucher")
    CERTIFICATE = "certificate", _("Certificate")
    REPORT = "report", _("Report")
    OTHER = "other", _("Other document")


class StoredDocument(TenantOwnedModel):
    """A PDF the platform issued, kept with its SHA-256 and a public verification code."""

    code = models.CharField(
        _("verification code"),
        max_length=CODE_LENGTH,
        unique=True,
        editable=False,
        validators=[RegexValidator(CODE_PATTERN, _("A document code looks like D7K2-9XQ4-MT3P."))],
    )
    kind = models.CharField(_("kind"), max_length=32, choices=DocumentKind.choices)
    title = models.CharField(_("title"), max_length=300)
    file = models.FileField(_("file"), upload_to=document_file_path, max_length=255, editable=False)
    filename = models.CharField(
        _("file name"),
        max_length=200,
        help_text=_("Offered when the file is downloaded; never used on disk."),
    )
    sha256 = models.CharField(_("SHA-256"), max_length=64, editable=False)
    size = models.PositiveBigIntegerField(_("size in bytes"), editable=False)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="stored_documents",
        verbose_name=_("owner"),
    )
    idempotency_key = models.CharField(
        _("idempotency key"),
        max_length=200,
        null=True,
        blank=True,
        editable=False,
        help_text=_("Set by the caller so a retried task stores the document once."),
    )
    created_at = models.DateTimeField(
        _("issued at"), default=timezone.now, editable=False, db_index=True
    )

    class Meta:
        verbose_name = _("stored document")
        verbose_name_plural = _("stored documents")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["tenant", "idempotency_key"],
                condition=models.Q(idempotency_key__isnull=False),
                name="documents_unique_idempotency_key_per_tenant",
            ),
        ]
        indexes = [models.Index(fields=["tenant", "owner"])]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"
