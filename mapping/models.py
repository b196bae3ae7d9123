"""WP2 mapping: surveys (the needs and twin-transition readiness self-assessment and others),
their dimensions and questions, and the responses people give.

A question's type is one of the call form's field types (so ``calls.answers`` checks its
answers) or a ``scale`` from 1 to 5 with labelled ends, which a dimension's score is
computed from.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django_countries.fields import CountryField

from calls.models import DEFAULT_FILE_MAX_BYTES, DEFAULT_FILE_TYPES, FieldType, key_validator
from organisations.countries import EligibleCountries
from socialtech.i18n import localise
from socialtech.tenancy.models import TenantOwnedModel

SCALE_MIN, SCALE_MAX = 1, 5


class SurveyKind(models.TextChoices):
    SELF_ASSESSMENT = "self_assessment", _("Self-assessment")
    CLUSTER = "cluster", _("Cluster questionnaire")
    GENERAL = "general", _("General survey")


class SurveyStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    OPEN = "open", pgettext_lazy("survey status", "Open")
    CLOSED = "closed", _("Closed")


class QuestionType(models.TextChoices):
    """The call form's field types a survey can ask (same values), plus the 1–5 scale."""

    TEXT = FieldType.TEXT.value, FieldType.TEXT.label
    TEXTAREA = FieldType.TEXTAREA.value, FieldType.TEXTAREA.label
    NUMBER = FieldType.NUMBER.value, FieldType.NUMBER.label
    DATE = FieldType.DATE.value, FieldType.DATE.label
    CHOICE = FieldType.CHOICE.value, FieldType.CHOICE.label
    MULTIPLE_CHOICE = FieldType.MULTIPLE_CHOICE.value, FieldType.MULTIPLE_CHOICE.label
    COUNTRY = FieldType.COUNTRY.value, FieldType.COUNTRY.label
    DECLARATION = FieldType.DECLARATION.value, FieldType.DECLARATION.label
    SCALE = "scale", _("Scale from 1 to 5")


class ResponseStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")


class Survey(TenantOwnedModel):
    """A questionnaire of the programme, answered on the public site."""

    slug = models.SlugField(_("slug"), max_length=80)
    title = models.CharField(_("title"), max_length=200)
    intro = models.TextField(_("introduction"), max_length=4000, blank=True)
    kind = models.CharField(
        _("kind"), max_length=20, choices=SurveyKind.choices, default=SurveyKind.GENERAL
    )
    allows_anonymous = models.BooleanField(
        _("allows anonymous responses"),
        default=True,
        help_text=_("People may answer without signing in; their response keeps no name."),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=SurveyStatus.choices, default=SurveyStatus.DRAFT
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)
    opened_at = models.DateTimeField(_("opened at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("survey")
        verbose_name_plural = _("surveys")
        ordering = ["title", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["tenant", "slug"], name="mapping_survey_slug_per_tenant"
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_open(self) -> bool:
        return self.status == SurveyStatus.OPEN


class Dimension(TenantOwnedModel):
    """A group of a survey's scale questions that gets a score (0–100) on submission,
    and what helps a respondent who scores low in it."""

    survey = models.ForeignKey(
        Survey, on_delete=models.CASCADE, related_name="dimensions", verbose_name=_("survey")
    )
    key = models.CharField(_("key"), max_length=50, validators=[key_validator])
    title = models.CharField(_("title"), max_length=200)
    order = models.PositiveIntegerField(_("order"), default=0)
    course_topics = models.JSONField(
        _("course topics"),
        default=list,
        blank=True,
        help_text=_("Topics of the courses recommended for this dimension."),
    )
    service_categories = models.JSONField(
        _("voucher service categories"),
        default=list,
        blank=True,
        help_text=_("Categories of the accredited providers recommended for this dimension."),
    )
    call_keywords = models.JSONField(
        _("call work packages and keywords"),
        default=list,
        blank=True,
        help_text=_("Work package codes or words that make an open call a better match."),
    )

    class Meta:
        verbose_name = _("dimension")
        verbose_name_plural = _("dimensions")
        ordering = ["survey", "order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["survey", "key"], name="mapping_dimension_unique_key")
        ]

    def __str__(self) -> str:
        return self.title


class Question(TenantOwnedModel):
    """One question of a survey. It offers what ``calls.answers`` and the applicant's form
    read from a call's form field (label_text, option_pairs, …), so both are reused."""

    survey = models.ForeignKey(
        Survey, on_delete=models.CASCADE, related_name="questions", verbose_name=_("survey")
    )
    dimension = models.ForeignKey(
        Dimension,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="questions",
        verbose_name=_("dimension"),
    )
    key = models.CharField(_("key"), max_length=50, validators=[key_validator])
    label = models.CharField(_("question"), max_length=500)
    help = models.CharField(_("help text"), max_length=1000, blank=True)
    type = models.CharField(_("type"), max_length=20, choices=QuestionType.choices)
    required = models.BooleanField(_("required"), default=True)
    order = models.PositiveIntegerField(_("order"), default=0)
    options = models.JSONField(
        _("options"),
        default=list,
        blank=True,
        help_text=_('Choices: a list of {"value", "label"}.'),
    )
    scale_low_label = models.CharField(
        _("label of 1"), max_length=100, blank=True, help_text=_("Scale: what 1 means.")
    )
    scale_high_label = models.CharField(
        _("label of 5"), max_length=100, blank=True, help_text=_("Scale: what 5 means.")
    )
    max_words = models.PositiveIntegerField(_("word limit"), null=True, blank=True)

    # What calls.answers and the applicant form read from a form field.
    min_value: Decimal | None = None
    max_value: Decimal | None = None
    is_requested_amount = False
    file_max_bytes = DEFAULT_FILE_MAX_BYTES
    file_types = list(DEFAULT_FILE_TYPES)

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["survey", "order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["survey", "key"], name="mapping_question_unique_key")
        ]

    def __str__(self) -> str:
        return f"{self.key}: {self.label}"

    @property
    def label_text(self) -> str:
        return self.label or self.key

    @property
    def help_text(self) -> str:
        return self.help

    @property
    def section_text(self) -> str:
        return self.dimension.title if self.dimension_id and self.dimension else ""

    def option_pairs(self) -> list[tuple[str, str]]:
        return [
            (str(option.get("value")), localise(option.get("label")) or str(option.get("value")))
            for option in self.options or []
            if isinstance(option, dict)
        ]


class Response(TenantOwnedModel):
    """One person's answers to a survey: a draft saved as it is typed, then submitted.

    A signed-in person's response names them; an anonymous one holds only a random token
    (kept in that person's session) and no personal data.
    """

    survey = models.ForeignKey(
        Survey, on_delete=models.CASCADE, related_name="responses", verbose_name=_("survey")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("respondent"),
    )
    anonymous_token = models.CharField(
        _("anonymous token"), max_length=64, blank=True, default="", editable=False
    )
    status = models.CharField(
        _("status"), max_length=10, choices=ResponseStatus.choices, default=ResponseStatus.DRAFT
    )
    started_at = models.DateTimeField(_("started at"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("saved at"), auto_now=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    answers = models.JSONField(_("answers"), default=dict, blank=True)
    scores = models.JSONField(
        _("scores"), default=dict, blank=True, help_text=_("0–100 per dimension key.")
    )

    class Meta:
        verbose_name = _("response")
        verbose_name_plural = _("responses")
        ordering = ["-started_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["survey", "user"],
                condition=models.Q(user__isnull=False),
                name="mapping_response_one_per_user",
            ),
            models.UniqueConstraint(
                fields=["survey", "anonymous_token"],
                condition=~models.Q(anonymous_token=""),
                name="mapping_response_unique_token",
            ),
        ]
        indexes = [models.Index(fields=["tenant", "survey", "status"])]

    def __str__(self) -> str:
        return f"{self.survey} #{self.pk}"

    @property
    def is_anonymous(self) -> bool:
        return self.user_id is None

    def score_of(self, key: str) -> Any:
        return (self.scores or {}).get(key)


class ClusterScope(models.TextChoices):
    """The largest geographical scope of a cluster (the report's table T6)."""

    LOCAL = "local", _("Local")
    REGIONAL = "regional", _("Regional")
    NATIONAL = "national", _("National")
    TRANSNATIONAL = "transnational", _("Transnational")


class ClusterSector(models.TextChoices):
    """What a cluster works on: the report's thematic families and the sectors it names."""

    URBAN_REGENERATION = "urban_regeneration", _("Industrial and urban regeneration")
    RURAL_REGENERATION = "rural_regeneration", _("Rural regeneration")
    LABOUR_INCLUSION = "labour_inclusion", _("Labour-market inclusion")
    INCUBATION = "incubation", _("Social economy business and incubation")
    ECOLOGICAL = "ecological", _("Ecological and circular economy")
    PROCUREMENT = "procurement", _("Public procurement")
    EDUCATION = "education", _("Education")
    CREATIVE = "creative", _("Creative and cultural industries")
    CONSTRUCTION = "construction", _("Construction and eco-construction")
    WASTE = "waste", _("Waste and recycling")
    FOOD = "food", _("Food and agriculture")


class ClusterStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")


class Cluster(TenantOwnedModel):
    """A cluster of social and ecological innovation in the programme's public registry."""

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=80)
    country = CountryField(_("country"), countries=EligibleCountries)
    region = models.CharField(_("region or city"), max_length=200, blank=True)
    scope = models.CharField(
        _("largest geographical scope"),
        max_length=20,
        choices=ClusterScope.choices,
        blank=True,
    )
    sectors = models.JSONField(
        _("sectors"), default=list, blank=True, help_text=_("Keys of the sectors it works in.")
    )
    members_count = models.PositiveIntegerField(_("number of members"), null=True, blank=True)
    founded_year = models.PositiveIntegerField(_("year of creation"), null=True, blank=True)
    website = models.URLField(_("website"), max_length=300, blank=True)
    description = models.TextField(_("description"), max_length=4000, blank=True)
    source = models.CharField(
        _("source"),
        max_length=200,
        blank=True,
        help_text=_("Where the information comes from, e.g. GECES report 2021, Appendix III."),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=ClusterStatus.choices, default=ClusterStatus.DRAFT
    )
    response = models.ForeignKey(
        Response,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="clusters",
        verbose_name=_("cluster questionnaire response"),
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("cluster")
        verbose_name_plural = _("clusters")
        ordering = ["name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["tenant", "slug"], name="mapping_cluster_slug_per_tenant"
            )
        ]
        indexes = [models.Index(fields=["tenant", "status", "country"])]

    def __str__(self) -> str:
        return self.name

    @property
    def sector_labels(self) -> list[str]:
        labels = dict(ClusterSector.choices)
        return [str(labels.get(key, key)) for key in self.sectors or []]
