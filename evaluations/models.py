from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from applications.models import Application
from calls.models import Call
from organisations.models import Organisation
from socialtech.tenancy.models import TenantOwnedModel

# The controlled list evaluators choose their expertise from (plus free keywords).
EXPERTISE_TAGS: list[tuple[str, Any]] = [
    ("ai_data", _("Artificial intelligence and data")),
    ("digital_platforms", _("Digital platforms and e-commerce")),
    ("assistive_technology", _("Assistive and cognitive-support technology")),
    ("e_learning", _("E-learning and digital skills")),
    ("iot_robotics", _("Internet of things and robotics")),
    ("cybersecurity", _("Cybersecurity and data protection")),
    ("circular_economy", _("Circular economy, reuse and repair")),
    ("energy", _("Energy efficiency and renewable energy")),
    ("sustainable_food", _("Sustainable food systems and short chains")),
    ("mobility", _("Sustainable mobility and logistics")),
    ("labour_inclusion", _("Work integration and labour-market inclusion")),
    ("care", _("Care, health and social services")),
    ("education", _("Education and youth")),
    ("housing", _("Housing and urban regeneration")),
    ("rural_development", _("Rural development and living labs")),
    ("culture", _("Culture and creative industries")),
    ("social_finance", _("Social finance and impact investment")),
    ("impact_measurement", _("Impact measurement")),
    ("cooperative_governance", _("Cooperative governance and legal forms")),
    ("public_procurement", _("Socially responsible public procurement")),
    ("business_models", _("Business models, marketing and scaling")),
]


class EvaluatorProfile(models.Model):
    """An expert; global, because one expert serves several programmes."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="evaluator_profile"
    )
    expertise = models.JSONField(_("expertise"), default=list, blank=True)
    keywords = models.JSONField(_("keywords"), default=list, blank=True)
    languages = models.JSONField(_("languages"), default=list, blank=True)
    country = models.CharField(_("country"), max_length=2, blank=True)
    employer_name = models.CharField(_("employer"), max_length=255, blank=True)
    employer = models.ForeignKey(
        Organisation,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="employed_evaluators",
        verbose_name=_("employer organisation"),
    )
    cv = models.FileField(_("CV"), upload_to="evaluators/cv/", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("evaluator profile")
        verbose_name_plural = _("evaluator profiles")

    def __str__(self) -> str:
        return str(self.user)

    @property
    def email_domain(self) -> str:
        return self.user.email.rsplit("@", 1)[-1].lower()


class CallEvaluator(TenantOwnedModel):
    """An expert invited to evaluate one call, with the load they may take."""

    class Status(models.TextChoices):
        INVITED = "invited", _("Invited")
        ACCEPTED = "accepted", pgettext_lazy("invitation status", "Accepted")
        DECLINED = "declined", pgettext_lazy("invitation status", "Declined")

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="evaluators")
    evaluator = models.ForeignKey(EvaluatorProfile, on_delete=models.PROTECT, related_name="calls")
    min_load = models.PositiveSmallIntegerField(_("minimum applications"), default=0)
    max_load = models.PositiveSmallIntegerField(_("maximum applications"), default=10)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.INVITED)
    is_consortium_partner = models.BooleanField(
        _("works for a consortium partner"),
        default=False,
        help_text=_("Partner employees are in conflict on calls that forbid it."),
    )
    standing_declaration_at = models.DateTimeField(
        _("standing declaration signed"),
        null=True,
        blank=True,
        help_text=_(
            "Code of conduct, confidentiality and the duty to report conflicts, for this call."
        ),
    )
    invited_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("call evaluator")
        verbose_name_plural = _("call evaluators")
        constraints = [
            models.UniqueConstraint(fields=["call", "evaluator"], name="call_evaluator_once"),
            models.CheckConstraint(
                condition=models.Q(min_load__lte=models.F("max_load")), name="call_evaluator_loads"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.evaluator} · {self.call}"

    @property
    def has_accepted(self) -> bool:
        """The expert accepted the invitation and signed the call's standing declaration."""
        return self.status == self.Status.ACCEPTED and self.standing_declaration_at is not None


class Bid(TenantOwnedModel):
    """An invited evaluator's preference for one application of the call, before assignment.

    Bids add to the affinity the solver maximises; they never override a conflict.
    """

    class Choice(models.TextChoices):
        WANT = "want", _("I would like to evaluate it")
        OK = "ok", _("I can evaluate it")
        RATHER_NOT = "rather_not", _("I would rather not")

    call_evaluator = models.ForeignKey(CallEvaluator, on_delete=models.CASCADE, related_name="bids")
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="bids")
    choice = models.CharField(_("preference"), max_length=12, choices=Choice.choices)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("bid")
        verbose_name_plural = _("bids")
        constraints = [
            models.UniqueConstraint(fields=["call_evaluator", "application"], name="bid_once")
        ]

    def __str__(self) -> str:
        return f"{self.call_evaluator} · {self.application}: {self.choice}"


class ConflictDeclaration(TenantOwnedModel):
    """An evaluator's answer on one application: no conflict, or a conflict and why."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="conflict_declarations"
    )
    evaluator = models.ForeignKey(
        EvaluatorProfile, on_delete=models.PROTECT, related_name="conflict_declarations"
    )
    has_conflict = models.BooleanField(_("conflict of interest"))
    reason = models.TextField(_("reason"), blank=True)
    declared_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("conflict declaration")
        verbose_name_plural = _("conflict declarations")
        constraints = [
            models.UniqueConstraint(
                fields=["application", "evaluator"], name="conflict_declared_once"
            )
        ]

    def __str__(self) -> str:
        return (
            f"{self.evaluator} · {self.application}: {'conflict' if self.has_conflict else 'none'}"
        )


class Assignment(TenantOwnedModel):
    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Proposed")
        ACCEPTED = "accepted", pgettext_lazy("assignment status", "Accepted")
        DECLINED_CONFLICT = "declined_conflict", _("Declined: conflict of interest")
        DECLINED_OTHER = "declined_other", pgettext_lazy("assignment status", "Declined")
        IN_PROGRESS = "in_progress", _("In progress")
        SUBMITTED = "submitted", _("Submitted")

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="assignments"
    )
    evaluator = models.ForeignKey(
        EvaluatorProfile, on_delete=models.PROTECT, related_name="assignments"
    )
    status = models.CharField(
        max_length=20, choices=Status.choices, default=Status.PROPOSED, db_index=True
    )
    affinity = models.FloatField(default=0)
    due_at = models.DateTimeField(null=True, blank=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        constraints = [
            models.UniqueConstraint(fields=["application", "evaluator"], name="assignment_once")
        ]

    def __str__(self) -> str:
        return f"{self.evaluator} → {self.application}"


ASSIGNMENT_TRANSITIONS: dict[str, set[str]] = {
    Assignment.Status.PROPOSED: {
        Assignment.Status.ACCEPTED,
        Assignment.Status.DECLINED_CONFLICT,
        Assignment.Status.DECLINED_OTHER,
    },
    Assignment.Status.ACCEPTED: {
        Assignment.Status.IN_PROGRESS,
        Assignment.Status.DECLINED_CONFLICT,
        Assignment.Status.DECLINED_OTHER,
    },
    Assignment.Status.IN_PROGRESS: {
        Assignment.Status.SUBMITTED,
        Assignment.Status.DECLINED_CONFLICT,
    },
    Assignment.Status.SUBMITTED: set(),
    Assignment.Status.DECLINED_CONFLICT: set(),
    Assignment.Status.DECLINED_OTHER: set(),
}


class AssignmentAlternate(TenantOwnedModel):
    """A ranked stand-in for an application, used when an assigned evaluator declines."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="alternates"
    )
    evaluator = models.ForeignKey(EvaluatorProfile, on_delete=models.PROTECT, related_name="+")
    position = models.PositiveSmallIntegerField()
    affinity = models.FloatField(default=0)

    class Meta:
        verbose_name = _("alternate evaluator")
        verbose_name_plural = _("alternate evaluators")
        ordering = ["application", "position"]
        constraints = [
            models.UniqueConstraint(fields=["application", "evaluator"], name="alternate_once")
        ]

    def __str__(self) -> str:
        return f"{self.position}. {self.evaluator}"


class Review(TenantOwnedModel):
    """An evaluator's individual evaluation report: a score and a comment per criterion."""

    assignment = models.OneToOneField(Assignment, on_delete=models.CASCADE, related_name="review")
    scores = models.JSONField(default=dict, blank=True)
    comments = models.JSONField(default=dict, blank=True)
    overall_comment = models.TextField(blank=True)
    version = models.PositiveIntegerField(default=1)
    submitted_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("review")
        verbose_name_plural = _("reviews")
        # The review list's "not submitted" filter: the few open reviews among many.
        indexes = [
            models.Index(
                fields=["tenant", "assignment"],
                name="review_not_submitted",
                condition=models.Q(submitted_at__isnull=True),
            )
        ]

    def __str__(self) -> str:
        return f"{_('Review')} {self.assignment}"


class Consensus(TenantOwnedModel):
    """The agreed scores and comments for an application, drafted by a rapporteur."""

    application = models.OneToOneField(
        Application, on_delete=models.CASCADE, related_name="consensus"
    )
    rapporteur = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    scores = models.JSONField(default=dict, blank=True)
    comments = models.JSONField(default=dict, blank=True)
    drafted_at = models.DateTimeField(null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("consensus report")
        verbose_name_plural = _("consensus reports")

    def __str__(self) -> str:
        return f"{_('Consensus')} {self.application}"


class RankingRun(TenantOwnedModel):
    """One ranking of a call: the seed of the draw, and each application's place and outcome."""

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="ranking_runs")
    seed = models.PositiveBigIntegerField()
    budget = models.DecimalField(
        max_digits=12, decimal_places=2, validators=[MinValueValidator(Decimal("0"))]
    )
    results = models.JSONField(default=list)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("ranking")
        verbose_name_plural = _("rankings")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.call} · {self.created_at:%Y-%m-%d %H:%M}"


class RedressRequest(TenantOwnedModel):
    class Status(models.TextChoices):
        OPEN = "open", pgettext_lazy("redress request status", "Open")
        UPHELD = "upheld", _("Upheld")
        REJECTED = "rejected", _("Rejected")

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="redress_requests"
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    grounds = models.TextField(_("grounds"))
    evidence = models.FileField(_("evidence"), upload_to="redress/%Y/", blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    answer = models.TextField(_("answer"), blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    submitted_at = models.DateTimeField(auto_now_add=True)
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("redress request")
        verbose_name_plural = _("redress requests")

    def __str__(self) -> str:
        return f"{_('Redress')} {self.application}"
