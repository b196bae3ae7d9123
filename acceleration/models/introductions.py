"""Introductions of cohort participants to the directory's investors and procurers.

An organisation's member asks; staff (or the entry's own contact person) accept or
decline; then the programme follows what came of it, up to the money raised or the
contract won.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from acceleration.models.cohorts import Participant
from acceleration.models.investors import DirectoryEntry
from socialtech.tenancy.models import TenantOwnedModel


class IntroductionStatus(models.TextChoices):
    REQUESTED = "requested", pgettext_lazy("introduction status", "Requested")
    ACCEPTED = "accepted", pgettext_lazy("introduction status", "Accepted")
    DECLINED = "declined", pgettext_lazy("introduction status", "Declined")
    MEETING_HELD = "meeting_held", pgettext_lazy("introduction status", "Meeting held")
    OFFER_MADE = "offer_made", pgettext_lazy("introduction status", "Term sheet or offer")
    INVESTMENT_MADE = "investment_made", pgettext_lazy("introduction status", "Investment made")
    CONTRACT_WON = "contract_won", pgettext_lazy("introduction status", "Contract won")
    NO_FOLLOW_UP = "no_follow_up", pgettext_lazy("introduction status", "No follow-up")


S = IntroductionStatus
# The one table of allowed moves of an introduction.
INTRODUCTION_TRANSITIONS: dict[str, set[str]] = {
    S.REQUESTED: {S.ACCEPTED, S.DECLINED},
    S.ACCEPTED: {S.MEETING_HELD, S.NO_FOLLOW_UP},
    S.MEETING_HELD: {S.OFFER_MADE, S.INVESTMENT_MADE, S.CONTRACT_WON, S.NO_FOLLOW_UP},
    S.OFFER_MADE: {S.INVESTMENT_MADE, S.CONTRACT_WON, S.NO_FOLLOW_UP},
    S.DECLINED: set(),
    S.INVESTMENT_MADE: set(),
    S.CONTRACT_WON: set(),
    S.NO_FOLLOW_UP: set(),
}
# While an introduction is in one of these, the same pair may not ask again.
OPEN_STATUSES: tuple[str, ...] = (S.REQUESTED, S.ACCEPTED, S.MEETING_HELD, S.OFFER_MADE)


class Introduction(TenantOwnedModel):
    """A participant's request to be introduced to a directory entry, and what came of it."""

    participant = models.ForeignKey(
        Participant,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("participant"),
    )
    entry = models.ForeignKey(
        DirectoryEntry,
        on_delete=models.PROTECT,
        related_name="introductions",
        verbose_name=_("investor or procurer"),
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("requested by"),
    )
    reason = models.TextField(_("why this introduction"), max_length=3000)
    seeking = models.TextField(
        _("what the enterprise seeks"),
        max_length=2000,
        blank=True,
        help_text=_("For a procurer: the product or service offered."),
    )
    amount_sought = models.DecimalField(
        _("amount sought (EUR)"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=IntroductionStatus.choices,
        default=IntroductionStatus.REQUESTED,
    )
    requested_at = models.DateTimeField(_("requested at"), default=timezone.now)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("answered by"),
    )
    answer_note = models.TextField(_("answer"), max_length=2000, blank=True)
    meeting_on = models.DateField(_("meeting held on"), null=True, blank=True)
    offer_on = models.DateField(_("term sheet or offer on"), null=True, blank=True)
    investment_amount = models.DecimalField(
        _("investment made (EUR)"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    investment_on = models.DateField(_("investment made on"), null=True, blank=True)
    contract_value = models.DecimalField(
        _("contract value (EUR)"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    contract_on = models.DateField(_("contract won on"), null=True, blank=True)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    notes = models.TextField(
        _("follow-up notes"), blank=True, help_text=_("Each step's note, dated, newest last.")
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("introduction")
        verbose_name_plural = _("introductions")
        ordering = ["-requested_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["participant", "entry"],
                condition=Q(status__in=OPEN_STATUSES),
                name="acceleration_one_open_introduction_per_pair",
            )
        ]
        indexes = [
            models.Index(fields=["tenant", "status"]),
            # The back office's introduction list, newest request first.
            models.Index(fields=["tenant", "-requested_at", "-id"], name="introduction_list_order"),
        ]

    def __str__(self) -> str:
        return f"{self.participant.organisation} → {self.entry}"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES
