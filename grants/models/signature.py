"""The signature of an agreement: online acceptance or an uploaded signed copy, and the programme's countersignature (issue 12 point 6)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from grants.models.agreements import Agreement
from socialtech.tenancy.models import TenantOwnedModel


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
