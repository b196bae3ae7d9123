"""The tables of the course engine: a ``Course`` of ordered ``Module``s of ordered
``Lesson``s, a lesson's ``Quiz`` with its ``Question``s and ``Choice``s, and the learner's
side: an ``Enrolment``, the ``LessonProgress`` of each lesson seen, each ``QuizAttempt``
and the ``Certificate`` issued once on completion (DESIGN.md §4, upskilling over mooc).
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from socialtech.documents.models import StoredDocument
from socialtech.documents.uploads import random_storage_name
from socialtech.tenancy.models import TenantOwnedModel


class Topic(models.TextChoices):
    DIGITAL_TOOLS = "digital_tools", _("Digital tools")
    DATA_AI = "data_ai", _("Data and AI")
    GREEN_TRANSITION = "green_transition", _("Green transition")
    IMPACT_MEASUREMENT = "impact_measurement", _("Social impact measurement")
    BUSINESS_MODELS = "business_models", _("Business models")
    ACCESS_TO_FINANCE = "access_to_finance", _("Access to finance")
    CLUSTER_MANAGEMENT = "cluster_management", _("Cluster management")


class Level(models.TextChoices):
    BEGINNER = "beginner", _("Beginner")
    INTERMEDIATE = "intermediate", _("Intermediate")
    ADVANCED = "advanced", _("Advanced")


class Licence(models.TextChoices):
    CC_BY = "cc_by_4", _("Creative Commons Attribution 4.0 (CC BY 4.0)")
    CC_BY_SA = "cc_by_sa_4", _("Creative Commons Attribution-ShareAlike 4.0 (CC BY-SA 4.0)")
    CC_BY_NC = "cc_by_nc_4", _("Creative Commons Attribution-NonCommercial 4.0 (CC BY-NC 4.0)")
    ALL_RIGHTS_RESERVED = "all_rights_reserved", _("All rights reserved")


class CourseStatus(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("course status", "Draft")
    PUBLISHED = "published", pgettext_lazy("course status", "Published")
    ARCHIVED = "archived", pgettext_lazy("course status", "Archived")


class Course(TenantOwnedModel):
    """A course of the programme's library, in one language."""

    slug = models.SlugField(_("slug"), max_length=80)
    title = models.CharField(_("title"), max_length=200)
    summary = models.TextField(_("summary"), max_length=1000)
    level = models.CharField(_("level"), max_length=20, choices=Level.choices)
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES)
    topics = models.JSONField(_("topics"), default=list)
    duration_minutes = models.PositiveIntegerField(
        _("duration (minutes)"), validators=[MinValueValidator(1), MaxValueValidator(100000)]
    )
    provider_name = models.CharField(
        _("provider"), max_length=200, help_text=_("Who made the course.")
    )
    licence = models.CharField(_("licence"), max_length=30, choices=Licence.choices)
    status = models.CharField(
        _("status"), max_length=20, choices=CourseStatus.choices, default=CourseStatus.DRAFT
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("course")
        verbose_name_plural = _("courses")
        ordering = ["title", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["tenant", "slug"], name="mooc_course_slug_per_tenant")
        ]
        indexes = [models.Index(fields=["tenant", "status", "language", "level"])]

    def __str__(self) -> str:
        return self.title


class Module(TenantOwnedModel):
    """A part of a course: its lessons in order."""

    course = models.ForeignKey(
        Course, on_delete=models.CASCADE, related_name="modules", verbose_name=_("course")
    )
    title = models.CharField(_("title"), max_length=200)
    order = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("module")
        verbose_name_plural = _("modules")
        ordering = ["course_id", "order", "pk"]

    def __str__(self) -> str:
        return self.title


def lesson_file_path(instance: Lesson, filename: str) -> str:
    """``mooc/<tenant slug>/<random>.<ext>``: the name an author gave never reaches the disk."""
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "pdf"
    return random_storage_name(f"mooc/{instance.tenant.slug}", extension)


class Lesson(TenantOwnedModel):
    """A lesson: text (sanitised HTML), an embedded video link, a downloadable file."""

    module = models.ForeignKey(
        Module, on_delete=models.CASCADE, related_name="lessons", verbose_name=_("module")
    )
    title = models.CharField(_("title"), max_length=200)
    order = models.PositiveIntegerField(_("order"), default=0)
    body = models.TextField(_("text"), blank=True, help_text=_("Sanitised HTML."))
    video_url = models.URLField(_("video link"), blank=True)
    file = models.FileField(_("file"), upload_to=lesson_file_path, max_length=255, blank=True)
    file_name = models.CharField(
        _("file name"), max_length=200, blank=True, help_text=_("Offered when downloaded.")
    )
    duration_minutes = models.PositiveIntegerField(_("duration (minutes)"), default=10)

    class Meta:
        verbose_name = _("lesson")
        verbose_name_plural = _("lessons")
        ordering = ["module_id", "order", "pk"]

    def __str__(self) -> str:
        return self.title


class Quiz(TenantOwnedModel):
    """The quiz at the end of a lesson: passed at ``pass_mark_percent``, in a limited number
    of attempts."""

    lesson = models.OneToOneField(
        Lesson, on_delete=models.CASCADE, related_name="quiz", verbose_name=_("lesson")
    )
    pass_mark_percent = models.PositiveSmallIntegerField(
        _("pass mark (%)"), default=70, validators=[MinValueValidator(1), MaxValueValidator(100)]
    )
    max_attempts = models.PositiveSmallIntegerField(
        _("attempts allowed"), default=3, validators=[MinValueValidator(1), MaxValueValidator(20)]
    )

    class Meta:
        verbose_name = _("quiz")
        verbose_name_plural = _("quizzes")

    def __str__(self) -> str:
        return str(self.lesson)


class QuestionKind(models.TextChoices):
    SINGLE = "single", _("Single choice")
    MULTIPLE = "multiple", _("Multiple choice")


class Question(TenantOwnedModel):
    quiz = models.ForeignKey(
        Quiz, on_delete=models.CASCADE, related_name="questions", verbose_name=_("quiz")
    )
    text = models.TextField(_("question"), max_length=2000)
    kind = models.CharField(
        _("kind"), max_length=20, choices=QuestionKind.choices, default=QuestionKind.SINGLE
    )
    order = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["quiz_id", "order", "pk"]

    def __str__(self) -> str:
        return self.text[:80]


class Choice(TenantOwnedModel):
    question = models.ForeignKey(
        Question, on_delete=models.CASCADE, related_name="choices", verbose_name=_("question")
    )
    text = models.CharField(_("answer"), max_length=500)
    is_correct = models.BooleanField(_("correct"), default=False)
    feedback = models.TextField(
        _("feedback"), blank=True, max_length=2000, help_text=_("Shown after an attempt.")
    )
    order = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        ordering = ["question_id", "order", "pk"]

    def __str__(self) -> str:
        return self.text[:80]


class Enrolment(TenantOwnedModel):
    """A learner on a course: where they left off and when they completed it."""

    course = models.ForeignKey(
        Course, on_delete=models.PROTECT, related_name="enrolments", verbose_name=_("course")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="enrolments",
        verbose_name=_("learner"),
    )
    enrolled_at = models.DateTimeField(_("enrolled at"), default=timezone.now)
    last_lesson = models.ForeignKey(
        Lesson,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("last lesson opened"),
    )
    completed_at = models.DateTimeField(_("completed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("enrolment")
        verbose_name_plural = _("enrolments")
        ordering = ["-enrolled_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["course", "user"], name="mooc_one_enrolment_per_user")
        ]
        indexes = [
            models.Index(fields=["tenant", "user"]),
            # The back office's enrolment list, newest first, read over the index.
            models.Index(fields=["tenant", "-enrolled_at", "-id"], name="enrolment_list_order"),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.course}"


class LessonProgress(TenantOwnedModel):
    """A lesson a learner has seen."""

    enrolment = models.ForeignKey(
        Enrolment, on_delete=models.CASCADE, related_name="progress", verbose_name=_("enrolment")
    )
    lesson = models.ForeignKey(
        Lesson, on_delete=models.CASCADE, related_name="+", verbose_name=_("lesson")
    )
    seen_at = models.DateTimeField(_("seen at"), default=timezone.now)

    class Meta:
        verbose_name = _("lesson seen")
        verbose_name_plural = _("lessons seen")
        constraints = [
            models.UniqueConstraint(
                fields=["enrolment", "lesson"], name="mooc_lesson_seen_once_per_enrolment"
            )
        ]

    def __str__(self) -> str:
        return f"{self.enrolment} · {self.lesson}"


class QuizAttempt(TenantOwnedModel):
    """One attempt at a quiz: the answers given, the score and whether it passed."""

    enrolment = models.ForeignKey(
        Enrolment, on_delete=models.CASCADE, related_name="attempts", verbose_name=_("enrolment")
    )
    quiz = models.ForeignKey(
        Quiz, on_delete=models.CASCADE, related_name="attempts", verbose_name=_("quiz")
    )
    number = models.PositiveSmallIntegerField(_("attempt"))
    answers = models.JSONField(
        _("answers"), default=dict, help_text=_("Question id to the ids of the answers chosen.")
    )
    score_percent = models.DecimalField(
        _("score (%)"), max_digits=5, decimal_places=2, default=Decimal("0.00")
    )
    passed = models.BooleanField(_("passed"), default=False)
    submitted_at = models.DateTimeField(_("submitted at"), default=timezone.now)

    class Meta:
        verbose_name = _("quiz attempt")
        verbose_name_plural = _("quiz attempts")
        ordering = ["enrolment_id", "quiz_id", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["enrolment", "quiz", "number"], name="mooc_attempt_number_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.enrolment} · {self.quiz} · {self.number}"


class Certificate(TenantOwnedModel):
    """The certificate of a completed course, issued once, in the learner's language."""

    enrolment = models.OneToOneField(
        Enrolment,
        on_delete=models.PROTECT,
        related_name="certificate",
        verbose_name=_("enrolment"),
    )
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES)
    document = models.ForeignKey(
        StoredDocument,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("certificate PDF"),
    )
    issued_at = models.DateTimeField(_("issued at"), default=timezone.now)

    class Meta:
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")
        ordering = ["-issued_at", "-pk"]

    def __str__(self) -> str:
        return str(self.enrolment)
