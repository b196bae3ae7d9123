"""Double funding: text fingerprints, their bands and the near-duplicate flags (issue 12 point 3)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from applications.models import Application
from calls.models import Call
from grants.models.agreements import BackgroundRun, RunStatus
from socialtech.tenancy.models import Tenant, TenantOwnedModel


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
