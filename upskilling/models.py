"""The tables of the programme's upskilling over the course engine (DESIGN.md §4, WP3).

A ``LearningPath`` orders courses (``PathCourse``) for one audience; a learner who completes
every course of a published path is awarded its ``Badge`` (once), which can be shown
elsewhere as an Open Badges 2.0 assertion signed with the programme's ``BadgeKey``. A
``CourseOffer`` puts a price on a provider's course: learners take it through a place
(``TrainingPlace``) paid by a training voucher.
"""

from __future__ import annotations

import uuid
from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from mooc.models import Course
from socialtech.documents.models import CODE_LENGTH, CODE_PATTERN
from socialtech.tenancy.models import TenantOwnedModel
from vouchers.models import ServiceProvider, Voucher


class Audience(models.TextChoices):
    ENTERPRISE_STAFF = "enterprise_staff", _("Social enterprise staff")
    CLUSTER_MANAGERS = "cluster_managers", _("Cluster managers")


class PathStatus(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("learning path status", "Draft")
    PUBLISHED = "published", pgettext_lazy("learning path status", "Published")
    ARCHIVED = "archived", pgettext_lazy("learning path status", "Archived")


class LearningPath(TenantOwnedModel):
    """Courses in order for one audience, and the badge that marks their completion."""

    slug = models.SlugField(_("slug"), max_length=80)
    title = models.CharField(_("title"), max_length=200)
    summary = models.TextField(_("summary"), max_length=2000)
    audience = models.CharField(_("audience"), max_length=30, choices=Audience.choices)
    status = models.CharField(
        _("status"), max_length=20, choices=PathStatus.choices, default=PathStatus.DRAFT
    )
    badge_name = models.CharField(_("badge name"), max_length=200)
    badge_description = models.TextField(_("badge description"), max_length=2000)
    badge_criteria = models.TextField(
        _("badge criteria"),
        max_length=2000,
        help_text=_("What a learner did to earn the badge, as shown to whoever checks it."),
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("learning path")
        verbose_name_plural = _("learning paths")
        ordering = ["audience", "title", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["tenant", "slug"], name="upskilling_path_slug_per_tenant"
            )
        ]
        indexes = [models.Index(fields=["tenant", "status", "audience"])]

    def __str__(self) -> str:
        return self.title


class PathCourse(TenantOwnedModel):
    """A course's place on a learning path."""

    path = models.ForeignKey(
        LearningPath, on_delete=models.CASCADE, related_name="steps", verbose_name=_("path")
    )
    course = models.ForeignKey(
        Course, on_delete=models.PROTECT, related_name="+", verbose_name=_("course")
    )
    order = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("course of a path")
        verbose_name_plural = _("courses of the path")
        ordering = ["path_id", "order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["path", "course"], name="upskilling_course_once_per_path"
            )
        ]

    def __str__(self) -> str:
        return f"{self.path} · {self.course}"


class Badge(TenantOwnedModel):
    """A path's badge awarded to a learner who completed every course of it (once)."""

    path = models.ForeignKey(
        LearningPath, on_delete=models.PROTECT, related_name="badges", verbose_name=_("path")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="badges",
        verbose_name=_("learner"),
    )
    code = models.CharField(
        _("verification code"),
        max_length=CODE_LENGTH,
        unique=True,
        editable=False,
        validators=[RegexValidator(CODE_PATTERN, _("A badge code looks like D7K2-9XQ4-MT3P."))],
    )
    uid = models.UUIDField(_("assertion id"), default=uuid.uuid4, unique=True, editable=False)
    salt = models.CharField(_("recipient salt"), max_length=64, editable=False)
    awarded_at = models.DateTimeField(_("awarded at"), default=timezone.now)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revocation_reason = models.TextField(_("reason of the revocation"), blank=True)

    class Meta:
        verbose_name = _("badge")
        verbose_name_plural = _("badges")
        ordering = ["-awarded_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["path", "user"], name="upskilling_one_badge_per_path")
        ]

    def __str__(self) -> str:
        return f"{self.path.badge_name} · {self.user}"


class BadgeKey(TenantOwnedModel):
    """The programme's key pair that signs its badges' assertions. The private key is kept
    encrypted with a key derived from the installation's secret; the public one is
    published for whoever checks a badge."""

    kid = models.UUIDField(_("key id"), default=uuid.uuid4, unique=True, editable=False)
    public_pem = models.TextField(_("public key (PEM)"), editable=False)
    private_pem = models.TextField(_("private key (encrypted PEM)"), editable=False)
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)
    retired_at = models.DateTimeField(_("retired at"), null=True, blank=True)

    class Meta:
        verbose_name = _("badge signing key")
        verbose_name_plural = _("badge signing keys")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return str(self.kid)


class CourseOffer(TenantOwnedModel):
    """A provider's course with its price per learner: learners take it through a place
    paid by a training voucher."""

    course = models.OneToOneField(
        Course, on_delete=models.PROTECT, related_name="offer", verbose_name=_("course")
    )
    provider = models.ForeignKey(
        ServiceProvider,
        on_delete=models.PROTECT,
        related_name="course_offers",
        verbose_name=_("provider"),
    )
    price = models.DecimalField(
        _("price per learner (EUR)"),
        max_digits=10,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.01"))],
    )
    active = models.BooleanField(_("open to training vouchers"), default=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("course offer")
        verbose_name_plural = _("course offers")
        ordering = ["course__title", "pk"]

    def __str__(self) -> str:
        return str(self.course)


class TrainingPlace(TenantOwnedModel):
    """A learner's place on a provider's course, paid by a training voucher: the learner
    may enrol once the provider accepted the voucher's work."""

    voucher = models.OneToOneField(
        Voucher, on_delete=models.CASCADE, related_name="training_place", verbose_name=_("voucher")
    )
    offer = models.ForeignKey(
        CourseOffer, on_delete=models.PROTECT, related_name="places", verbose_name=_("course offer")
    )
    learner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="training_places",
        verbose_name=_("learner"),
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("training place")
        verbose_name_plural = _("training places")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["tenant", "learner"])]

    def __str__(self) -> str:
        return f"{self.offer} · {self.learner}"
