"""What an erasure leaves behind: funding records kept for their legal retention."""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from applications.models import Application
from socialtech.accounts.models import User
from socialtech.tenancy.models import TenantOwnedModel


class RetentionHold(TenantOwnedModel):
    """An application of an erased person, kept until its retention ends.

    The end is computed when the retention job runs (``privacy.retention.selectors``),
    so a payment made after the erasure moves it on.
    """

    application = models.OneToOneField(
        Application,
        on_delete=models.CASCADE,
        related_name="retention_hold",
        verbose_name=_("application"),
    )
    erased_user_id = models.PositiveBigIntegerField(_("erased account number"))
    created_at = models.DateTimeField(_("kept since"), default=timezone.now)

    class Meta:
        verbose_name = _("record kept after an erasure")
        verbose_name_plural = _("records kept after an erasure")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.application.receipt_number or self.application.pk} (erased {self.erased_user_id})"


class Person(User):
    """A person as the privacy back office sees them: their data, its export and erasure."""

    class Meta:
        proxy = True
        verbose_name = _("person's data")
        verbose_name_plural = _("people's data")
