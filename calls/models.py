from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from socialtech.i18n import localise
from socialtech.tenancy.models import TenantOwnedModel


class CallKind(models.TextChoices):
    GRANT = "grant", _("Grant")
    VOUCHER = "voucher", _("Voucher")
    ACCELERATION = "acceleration", _("Acceleration place")
    TRAINING = "training", _("Training")
    CHALLENGE = "challenge", _("Challenge")


class WorkPackage(TenantOwnedModel):
    """A work package of the programme (e.g. "WP5 Acceleration"): each programme keeps its own.

    Calls are filed under one; the public call list filters by them.
    """

    code = models.SlugField(
        _("code"),
        max_length=20,
        help_text=_("Short, fixed identifier used in filters and the API, e.g. wp5."),
    )
    name = models.JSONField(_("name"), default=dict, blank=True, help_text=_("Per language."))
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("work package")
        verbose_name_plural = _("work packages")
        ordering = ["order", "code"]
        constraints = [
            models.UniqueConstraint(fields=["tenant", "code"], name="work_package_unique_code")
        ]

    def __str__(self) -> str:
        return self.name_text or self.code

    @property
    def name_text(self) -> str:
        return localise(self.name)

    def clean(self) -> None:
        if not localise(self.name, "en"):
            raise ValidationError({"name": _("Give the work package a name.")})


class CallStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Announced")
    OPEN = "open", pgettext_lazy("call status", "Open")
    CLOSED = "closed", _("Closed")
    EVALUATION = "evaluation", _("In evaluation")
    RESULTS = "results", _("Results published")
    ARCHIVED = "archived", _("Archived")


# The one table of allowed status changes (STYLE.md: explicit state machines).
CALL_TRANSITIONS: dict[str, set[str]] = {
    CallStatus.DRAFT: {CallStatus.PUBLISHED},
    CallStatus.PUBLISHED: {CallStatus.OPEN, CallStatus.CLOSED},
    CallStatus.OPEN: {CallStatus.CLOSED},
    CallStatus.CLOSED: {CallStatus.EVALUATION},
    CallStatus.EVALUATION: {CallStatus.RESULTS},
    CallStatus.RESULTS: {CallStatus.ARCHIVED},
    CallStatus.ARCHIVED: set(),
}
PUBLIC_STATUSES = [s for s in CallStatus.values if s != CallStatus.DRAFT]

DEFAULT_TIE_BREAK_CHAIN = [
    "criterion:1",
    "criterion:2",
    "country_not_yet_funded",
    "earlier_submission",
    "seeded_draw",
]

reference_validator = RegexValidator(
    r"^[A-Z0-9]{1,8}$", _("Use 1 to 8 capital letters or digits, for example OC1.")
)


def validate_timezone_name(value: str) -> None:
    from zoneinfo import available_timezones

    if value not in available_timezones():
        raise ValidationError(
            _("Unknown time zone %(value)s; use a name such as Europe/Brussels."),
            params={"value": value},
        )


class Call(TenantOwnedModel):
    """An open call of a programme: what it funds, when, for whom, and how it is judged."""

    slug = models.SlugField(_("slug"), max_length=80)
    reference = models.CharField(
        _("reference"),
        max_length=8,
        validators=[reference_validator],
        help_text=_("Short code used in receipt numbers, e.g. OC1."),
    )
    kind = models.CharField(
        _("kind"), max_length=20, choices=CallKind.choices, default=CallKind.GRANT
    )
    work_package = models.ForeignKey(
        WorkPackage,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="calls",
        verbose_name=_("work package"),
    )
    title = models.JSONField(_("title"), default=dict, help_text=_("Per language."))
    summary = models.JSONField(_("summary"), default=dict, blank=True)
    body = models.JSONField(
        _("body"), default=dict, blank=True, help_text=_("Markdown, per language.")
    )
    topics = models.JSONField(
        _("topics"), default=list, blank=True, help_text=_("Keywords used to match evaluators.")
    )
    opens_at = models.DateTimeField(_("opens at"))
    deadline = models.DateTimeField(_("deadline"))
    timezone = models.CharField(
        _("time zone"),
        max_length=64,
        default="Europe/Brussels",
        validators=[validate_timezone_name],
    )
    budget = models.DecimalField(
        _("budget (EUR)"),
        max_digits=12,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0"))],
    )
    max_award_per_applicant = models.DecimalField(
        _("maximum award per applicant (EUR)"),
        max_digits=12,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0"))],
    )
    expected_awards = models.PositiveIntegerField(_("expected number of awards"), default=1)
    evaluators_per_application = models.PositiveSmallIntegerField(
        _("evaluators per application"),
        default=3,
        validators=[MinValueValidator(1), MaxValueValidator(7)],
    )
    partner_staff_may_evaluate = models.BooleanField(
        _("consortium-partner staff may evaluate"),
        default=False,
        help_text=_(
            "Leave unticked to keep evaluators who work for a consortium partner off this "
            "call's applications."
        ),
    )
    exclude_same_country = models.BooleanField(
        _("no evaluator from the applicant's country"),
        default=False,
        help_text=_("An evaluator never reviews an applicant from their own country."),
    )
    one_evaluator_per_country = models.BooleanField(
        _("at most one evaluator per country on an application"),
        default=False,
        help_text=_("The evaluators of one application come from different countries."),
    )
    evaluation_deadline = models.DateTimeField(_("evaluation deadline"), null=True, blank=True)
    redress_days = models.PositiveSmallIntegerField(_("redress window (days)"), default=15)
    total_threshold = models.DecimalField(
        _("total threshold"), max_digits=5, decimal_places=2, default=Decimal("10")
    )
    reserve_list_length = models.PositiveSmallIntegerField(_("reserve list length"), default=5)
    tie_break_chain = models.JSONField(_("tie-break chain"), default=list, blank=True)

    # Eligibility rules, checked when a draft starts and again at submission.
    eligible_countries = models.JSONField(
        _("eligible countries"),
        default=list,
        blank=True,
        help_text=_("ISO codes; empty: every eligible country."),
    )
    eligible_legal_forms = models.JSONField(
        _("eligible legal forms"), default=list, blank=True, help_text=_("Empty: every legal form.")
    )
    sme_only = models.BooleanField(_("SMEs only"), default=False)
    social_economy_only = models.BooleanField(_("social economy only"), default=False)
    max_applications_per_organisation = models.PositiveSmallIntegerField(
        _("applications per organisation"), default=1
    )
    check_funding_cap = models.BooleanField(
        _("refuse organisations at the funding cap"),
        default=True,
        help_text=_(
            "Refuse applicants whose earlier support in this programme reached the cap per recipient."
        ),
    )

    status = models.CharField(
        _("status"),
        max_length=20,
        choices=CallStatus.choices,
        default=CallStatus.DRAFT,
        db_index=True,
    )
    form_version = models.PositiveIntegerField(_("form version"), default=1)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    submission_counter = models.PositiveIntegerField(default=0, editable=False)
    reminders_sent = models.JSONField(default=list, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("call")
        verbose_name_plural = _("calls")
        ordering = ["-deadline"]
        # The public call list and feeds: the programme's published calls by status.
        indexes = [models.Index(fields=["tenant", "status", "deadline"], name="call_list_status")]
        constraints = [
            models.UniqueConstraint(fields=["tenant", "slug"], name="call_unique_slug_per_tenant"),
            models.UniqueConstraint(
                fields=["tenant", "reference"], name="call_unique_reference_per_tenant"
            ),
            models.CheckConstraint(
                condition=models.Q(deadline__gt=models.F("opens_at")),
                name="call_deadline_after_opening",
            ),
        ]

    def __str__(self) -> str:
        return self.title_text or self.slug

    # --- presentation ------------------------------------------------------------------
    @property
    def title_text(self) -> str:
        return localise(self.title)

    @property
    def summary_text(self) -> str:
        return localise(self.summary)

    @property
    def body_text(self) -> str:
        return localise(self.body)

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    def deadline_local(self) -> datetime:
        return timezone.localtime(self.deadline, self.zone)

    # --- time ---------------------------------------------------------------------------
    def effective_status(self, now: datetime | None = None) -> str:
        """The status the clock says, even when the scheduler has not caught up yet."""
        now = now or timezone.now()
        if self.status in (CallStatus.PUBLISHED, CallStatus.OPEN) and now >= self.deadline:
            return CallStatus.CLOSED
        if self.status == CallStatus.PUBLISHED and now >= self.opens_at:
            return CallStatus.OPEN
        return self.status

    def is_open(self, now: datetime | None = None) -> bool:
        return self.effective_status(now) == CallStatus.OPEN

    def is_frozen(self) -> bool:
        return self.status != CallStatus.DRAFT

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        if not localise(self.title, "en"):
            errors["title"] = _("Write at least the English title.")
        if self.opens_at and self.deadline and self.deadline <= self.opens_at:
            errors["deadline"] = _("The deadline must come after the opening.")
        if (
            self.budget is not None
            and self.max_award_per_applicant is not None
            and self.max_award_per_applicant > self.budget
        ):
            errors["max_award_per_applicant"] = _("The maximum award cannot exceed the budget.")
        if self.evaluation_deadline and self.deadline and self.evaluation_deadline <= self.deadline:
            errors["evaluation_deadline"] = _(
                "The evaluation deadline must come after the submission deadline."
            )
        work_package = self.work_package if self.work_package_id is not None else None
        if (
            work_package is not None
            and self.tenant_id is not None
            and work_package.tenant_id != self.tenant_id
        ):
            errors["work_package"] = _("Choose one of this programme's work packages.")
        if errors:
            raise ValidationError(errors)


class FieldType(models.TextChoices):
    TEXT = "text", _("Short text")
    TEXTAREA = "textarea", _("Long text")
    NUMBER = "number", _("Number")
    MONEY = "money", _("Amount in EUR")
    DATE = "date", _("Date")
    CHOICE = "choice", _("Single choice")
    MULTIPLE_CHOICE = "multiple_choice", _("Multiple choice")
    COUNTRY = "country", _("Country")
    FILE = "file", _("File")
    DECLARATION = "declaration", _("Declaration")
    BUDGET_TABLE = "budget_table", _("Budget table")


# A file field that says nothing else takes PDF files up to 10 MB.
DEFAULT_FILE_MAX_BYTES = 10 * 1024 * 1024
DEFAULT_FILE_TYPES = ("pdf",)

key_validator = RegexValidator(
    r"^[a-z][a-z0-9_]{0,49}$",
    _("Use lower-case letters, digits and underscores, starting with a letter."),
)


class FormField(TenantOwnedModel):
    """One question of a call's application form."""

    call = models.ForeignKey(
        Call, on_delete=models.CASCADE, related_name="fields", verbose_name=_("call")
    )
    key = models.CharField(_("key"), max_length=50, validators=[key_validator])
    order = models.PositiveIntegerField(_("order"), default=0)
    section = models.JSONField(_("section heading"), default=dict, blank=True)
    type = models.CharField(_("type"), max_length=20, choices=FieldType.choices)
    label = models.JSONField(_("label"), default=dict)
    help = models.JSONField(_("help text"), default=dict, blank=True)
    required = models.BooleanField(_("required"), default=True)
    options = models.JSONField(
        _("options"),
        default=list,
        blank=True,
        help_text=_('Choices and budget categories: a list of {"value", "label"}.'),
    )
    max_words = models.PositiveIntegerField(_("word limit"), null=True, blank=True)
    max_bytes = models.PositiveIntegerField(_("size limit (bytes)"), null=True, blank=True)
    allowed_types = models.JSONField(_("allowed file types"), default=list, blank=True)
    min_value = models.DecimalField(
        _("minimum"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    max_value = models.DecimalField(
        _("maximum"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    is_requested_amount = models.BooleanField(
        _("is the requested amount"),
        default=False,
        help_text=_(
            "The applicant's answer (money or budget table total) is the amount requested."
        ),
    )

    class Meta:
        verbose_name = _("form field")
        verbose_name_plural = _("form fields")
        ordering = ["call", "order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["call", "key"], name="form_field_unique_key")
        ]

    def __str__(self) -> str:
        return f"{self.key}: {self.label_text}"

    @property
    def label_text(self) -> str:
        return localise(self.label) or self.key

    @property
    def help_text(self) -> str:
        return localise(self.help)

    @property
    def section_text(self) -> str:
        return localise(self.section)

    @property
    def file_max_bytes(self) -> int:
        return self.max_bytes or DEFAULT_FILE_MAX_BYTES

    @property
    def file_types(self) -> list[str]:
        return list(self.allowed_types or DEFAULT_FILE_TYPES)

    def option_pairs(self) -> list[tuple[str, str]]:
        return [
            (str(option.get("value")), localise(option.get("label")) or str(option.get("value")))
            for option in self.options or []
        ]


class Criterion(TenantOwnedModel):
    """An award criterion scored 0–5 in half points."""

    call = models.ForeignKey(
        Call, on_delete=models.CASCADE, related_name="criteria", verbose_name=_("call")
    )
    name = models.JSONField(_("name"), default=dict)
    description = models.JSONField(_("description"), default=dict, blank=True)
    weight = models.DecimalField(
        _("weight for ranking"),
        max_digits=4,
        decimal_places=2,
        default=Decimal("1"),
        validators=[MinValueValidator(Decimal("0"))],
    )
    threshold = models.DecimalField(
        _("threshold"),
        max_digits=3,
        decimal_places=1,
        default=Decimal("3"),
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("5"))],
    )
    order = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")
        ordering = ["call", "order", "pk"]

    def __str__(self) -> str:
        return self.name_text

    @property
    def name_text(self) -> str:
        return localise(self.name)

    @property
    def description_text(self) -> str:
        return localise(self.description)


class CallAmendment(TenantOwnedModel):
    """A change to a published call's form or criteria, announced to every draft holder."""

    call = models.ForeignKey(
        Call, on_delete=models.CASCADE, related_name="amendments", verbose_name=_("call")
    )
    version = models.PositiveIntegerField(_("form version"))
    summary = models.JSONField(_("what changed"), default=dict)
    changes = models.JSONField(default=dict, blank=True)
    created_by = models.ForeignKey(
        "accounts.User", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    notified_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("amendment")
        verbose_name_plural = _("amendments")
        ordering = ["call", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["call", "version"], name="amendment_unique_version")
        ]

    def __str__(self) -> str:
        return f"v{self.version}: {localise(self.summary)}"


REMINDER_OFFSETS: dict[str, timedelta] = {
    "t-7d": timedelta(days=7),
    "t-48h": timedelta(hours=48),
    "t-24h": timedelta(hours=24),
}
