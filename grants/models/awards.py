"""The award: the offer of a grant to one application and the grant once accepted."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from applications.models import Application
from calls.models import Call
from organisations.models import Organisation
from socialtech.tenancy.models import TenantOwnedModel


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
            # The back office's award list, newest offer first.
            models.Index(fields=["tenant", "-offered_at", "-id"], name="award_list_order"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="award_amount_positive"),
            models.UniqueConstraint(fields=["application"], name="award_one_per_application"),
        ]

    def __str__(self) -> str:
        return _("Award %(application)s") % {"application": self.application}
