"""What follows a match: an expression of interest in a (challenge, offer) pair, the
message thread between the two organisations, meeting requests, and the joint application
to a feasibility-study call that an accepted interest may lead to.

Only members of the two organisations read and write a thread; the programme's staff read
it in the back office only (read-only), never on the site's pages.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from applications.models import Application
from connect_to_innovate.models.challenges import Challenge
from connect_to_innovate.models.offers import TechnologyOffer
from organisations.models import Organisation
from socialtech.tenancy.models import TenantOwnedModel


class Side(models.TextChoices):
    """Which side of a (challenge, offer) pair a person or an act is on."""

    CHALLENGE = "challenge", _("The social enterprise (challenge)")
    OFFER = "offer", _("The technology provider (offer)")


class InterestStatus(models.TextChoices):
    PENDING = "pending", pgettext_lazy("interest status", "Awaiting an answer")
    ACCEPTED = "accepted", pgettext_lazy("interest status", "Accepted")
    DECLINED = "declined", pgettext_lazy("interest status", "Declined")


INTEREST_TRANSITIONS: dict[str, set[str]] = {
    InterestStatus.PENDING: {InterestStatus.ACCEPTED, InterestStatus.DECLINED},
    InterestStatus.ACCEPTED: set(),
    InterestStatus.DECLINED: set(),
}


class Interest(TenantOwnedModel):
    """One side's interest in working with the other on a challenge; the other side accepts
    or declines. One per (challenge, offer) pair."""

    challenge = models.ForeignKey(
        Challenge, on_delete=models.PROTECT, related_name="interests", verbose_name=_("challenge")
    )
    offer = models.ForeignKey(
        TechnologyOffer,
        on_delete=models.PROTECT,
        related_name="interests",
        verbose_name=_("technology offer"),
    )
    initiated_by_side = models.CharField(_("expressed by"), max_length=20, choices=Side.choices)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("expressed by person"),
    )
    message = models.TextField(_("message"))
    status = models.CharField(
        _("status"), max_length=20, choices=InterestStatus.choices, default=InterestStatus.PENDING
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("answered by"),
    )
    decided_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("expression of interest")
        verbose_name_plural = _("expressions of interest")
        ordering = ["-created_at", "-pk"]
        # The back office's list (newest first, by status).
        indexes = [
            models.Index(fields=["tenant", "-created_at", "-id"], name="c2i_interest_list_order"),
            models.Index(fields=["tenant", "status"], name="c2i_interest_status"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["challenge", "offer"], name="c2i_interest_one_per_pair")
        ]

    def __str__(self) -> str:
        return f"{self.challenge} ↔ {self.offer}"

    @property
    def answering_side(self) -> str:
        return Side.OFFER if self.initiated_by_side == Side.CHALLENGE else Side.CHALLENGE


class InterestMessage(TenantOwnedModel):
    """One message of the thread between the two organisations of an interest."""

    interest = models.ForeignKey(
        Interest, on_delete=models.CASCADE, related_name="messages", verbose_name=_("interest")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("author"),
    )
    side = models.CharField(_("side"), max_length=20, choices=Side.choices)
    body = models.TextField(_("message"))
    created_at = models.DateTimeField(_("sent at"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.author} · {self.created_at:%Y-%m-%d %H:%M}"


class MeetingStatus(models.TextChoices):
    PROPOSED = "proposed", pgettext_lazy("meeting status", "Proposed")
    CONFIRMED = "confirmed", pgettext_lazy("meeting status", "Confirmed")
    DECLINED = "declined", pgettext_lazy("meeting status", "Declined")


MEETING_TRANSITIONS: dict[str, set[str]] = {
    MeetingStatus.PROPOSED: {MeetingStatus.CONFIRMED, MeetingStatus.DECLINED},
    MeetingStatus.CONFIRMED: set(),
    MeetingStatus.DECLINED: set(),
}


class MeetingRequest(TenantOwnedModel):
    """One side proposes one to three times to meet; the other picks one or declines."""

    interest = models.ForeignKey(
        Interest, on_delete=models.CASCADE, related_name="meetings", verbose_name=_("interest")
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("proposed by"),
    )
    side = models.CharField(_("proposed by side"), max_length=20, choices=Side.choices)
    slot_1 = models.DateTimeField(_("first time"))
    slot_2 = models.DateTimeField(_("second time"), null=True, blank=True)
    slot_3 = models.DateTimeField(_("third time"), null=True, blank=True)
    note = models.CharField(_("where or how"), max_length=300, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=MeetingStatus.choices, default=MeetingStatus.PROPOSED
    )
    chosen_at = models.DateTimeField(_("meeting time"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("answered by"),
    )
    decided_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("meeting request")
        verbose_name_plural = _("meeting requests")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        # Not the interest's name: an inline lists many requests, each would read its pair.
        return f"{self.get_side_display()} · {self.get_status_display()}"

    @property
    def slots(self) -> list:
        return [slot for slot in (self.slot_1, self.slot_2, self.slot_3) if slot is not None]


class JointApplication(TenantOwnedModel):
    """A draft application to a feasibility-study call, started from an accepted interest:
    the challenge's organisation leads, the offer's organisation is the partner."""

    interest = models.OneToOneField(
        Interest,
        on_delete=models.PROTECT,
        related_name="joint_application",
        verbose_name=_("interest"),
    )
    application = models.OneToOneField(
        Application, on_delete=models.PROTECT, related_name="+", verbose_name=_("application")
    )
    lead_organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("lead organisation"),
    )
    partner_organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("partner organisation"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("started by"),
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("joint application")
        verbose_name_plural = _("joint applications")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.lead_organisation} + {self.partner_organisation}"
