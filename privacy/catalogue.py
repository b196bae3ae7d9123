"""Where the platform holds personal data: one entry per model, checked against the models.

Every model that points to the user model, or has an e-mail or another personal field, must
be named here: either in ``HOLDINGS`` (exported, with the lookups that lead from a row to
the person) or in ``NOT_PERSONAL`` (with the reason it is not the person's data, or the
parent whose export already holds it). ``unlisted_personal_models()`` finds the models that
are neither; a test keeps it empty, so a new model cannot be forgotten.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.apps import apps
from django.conf import settings
from django.db import models

# Field names that hold a person's data even without a link to the account.
PERSONAL_FIELD_NAMES = frozenset(
    {
        "full_name",
        "first_name",
        "last_name",
        "phone",
        "phone_number",
        "mobile",
        "bio",
        "date_of_birth",
        "birth_date",
        "ip_address",
        "contact_name",
        "home_address",
    }
)
# Never written into an export: secrets and derived search text.
SECRET_FIELD_NAMES = frozenset(
    {
        "password",
        "key_hash",
        "confirmation_token",
        "unsubscribe_token",
        "search_text",
        "data",
        "key",
    }
)


@dataclass(frozen=True)
class Holding:
    """Rows of ``label`` about a person: those whose ``user_paths`` lead to the account or
    whose ``email_paths`` hold one of the person's addresses."""

    label: str
    user_paths: tuple[str, ...] = ()
    email_paths: tuple[str, ...] = ()
    secret_fields: frozenset[str] = field(default_factory=frozenset)

    @property
    def model(self) -> type[models.Model]:
        return apps.get_model(self.label)


_HOLDINGS = [
    Holding("accounts.User", user_paths=("pk",)),
    Holding("account.EmailAddress", user_paths=("user",)),
    Holding("mfa.Authenticator", user_paths=("user",)),
    Holding("accounts.Membership", user_paths=("user",)),
    Holding("accounts.ApiToken", user_paths=("user",)),
    Holding("audit.AuditEvent", user_paths=("actor",)),
    Holding("documents.StoredDocument", user_paths=("owner",)),
    Holding("organisations.OrganisationMember", user_paths=("user",)),
    Holding(
        "organisations.OrganisationInvitation",
        user_paths=("invited_by", "accepted_by"),
        email_paths=("email",),
    ),
    Holding("applications.Application", user_paths=("created_by",)),
    Holding("applications.Attachment", user_paths=("uploaded_by", "application__created_by")),
    Holding("applications.SubmissionAttempt", user_paths=("user",)),
    Holding("evaluations.EvaluatorProfile", user_paths=("user",)),
    Holding("evaluations.ConflictDeclaration", user_paths=("evaluator__user",)),
    Holding("evaluations.Review", user_paths=("assignment__evaluator__user",)),
    Holding("evaluations.Consensus", user_paths=("rapporteur",)),
    Holding("evaluations.RedressRequest", user_paths=("submitted_by",)),
    Holding("grants.BeneficiaryReport", user_paths=("submitted_by",)),
    Holding("grants.ReportFile", user_paths=("uploaded_by",)),
    Holding("grants.Signature", user_paths=("signed_by", "countersigned_by")),
    Holding("vouchers.Voucher", user_paths=("application__created_by",)),
    Holding("vouchers.Claim", user_paths=("submitted_by",)),
    Holding("mooc.Enrolment", user_paths=("user",)),
    Holding("mooc.Certificate", user_paths=("enrolment__user",)),
    Holding("mooc.QuizAttempt", user_paths=("enrolment__user",)),
    Holding("mooc.LessonProgress", user_paths=("enrolment__user",)),
    Holding("upskilling.Badge", user_paths=("user",)),
    Holding("upskilling.TrainingPlace", user_paths=("learner",)),
    Holding("mapping.Response", user_paths=("user",)),
    Holding("acceleration.KpiReport", user_paths=("participant__application__created_by",)),
    Holding("acceleration.PitchApplication", user_paths=("submitted_by",)),
    Holding("acceleration.Introduction", user_paths=("requested_by",)),
    Holding("acceleration.MentorProfile", user_paths=("user",)),
    Holding(
        "acceleration.DirectoryEntry", user_paths=("contact_user",), email_paths=("contact_email",)
    ),
    Holding("connect_to_innovate.HackathonSignup", user_paths=("user",)),
    Holding("connect_to_innovate.HackathonChallenge", user_paths=("submitted_by",)),
    Holding("connect_to_innovate.Challenge", user_paths=("created_by",)),
    Holding("connect_to_innovate.TechnologyOffer", user_paths=("created_by",)),
    Holding("connect_to_innovate.Interest", user_paths=("created_by",)),
    Holding("connect_to_innovate.InterestMessage", user_paths=("author",)),
    Holding("connect_to_innovate.MeetingRequest", user_paths=("proposed_by",)),
    Holding("connect_to_innovate.JointApplication", user_paths=("created_by",)),
    Holding("dissemination.Registration", user_paths=("user",)),
    Holding(
        "dissemination.Subscriber",
        email_paths=("email",),
        secret_fields=frozenset({"confirmation_token", "unsubscribe_token"}),
    ),
    Holding("dissemination.NewsPost", user_paths=("author",)),
]
HOLDINGS: dict[str, Holding] = {holding.label: holding for holding in _HOLDINGS}

# Models that point to the account or carry a personal-looking field, yet hold no data
# about the person beyond the staff action already in their audit events, or whose rows
# are exported through a parent above.
_STAFF_ACTION = "the person acted as staff; the action is exported from the audit log"
NOT_PERSONAL: dict[str, str] = {
    "admin.LogEntry": _STAFF_ACTION,
    "account.EmailConfirmation": "exported via parent account.EmailAddress",
    "tenancy.Tenant": "the programme's own contact address, not a person's",
    "organisations.Organisation": "the organisation's legal data; membership is exported",
    "calls.CallAmendment": _STAFF_ACTION,
    "applications.EligibilityCheck": _STAFF_ACTION,
    "evaluations.RankingRun": _STAFF_ACTION,
    "grants.Award": "the organisation's grant; exported via parent applications.Application",
    "grants.BankAccount": "the organisation's bank account, not a person's",
    "grants.AgreementBatch": _STAFF_ACTION,
    "grants.Agreement": "the organisation's agreement; the person's signatures are exported",
    "grants.DuplicateFlag": _STAFF_ACTION,
    "grants.DuplicateCheck": _STAFF_ACTION,
    "grants.Tranche": _STAFF_ACTION,
    "grants.RecoveryOrder": _STAFF_ACTION,
    "vouchers.ServiceProvider": "the provider organisation's contact address",
    "vouchers.Accreditation": _STAFF_ACTION,
    "reports.ReportExport": _STAFF_ACTION,
    "reports.BeneficiaryOptOut": _STAFF_ACTION,
    "connect_to_innovate.HackathonTeam": _STAFF_ACTION,
    "acceleration.Attendance": _STAFF_ACTION,
    "privacy.RetentionHold": "bookkeeping of the erasure; holds no personal field",
    "privacy.Person": "the back office's view of accounts.User, exported as such",
}


def _user_model() -> type[models.Model]:
    return apps.get_model(settings.AUTH_USER_MODEL)


def personal_reasons(model: type[models.Model]) -> list[str]:
    """Why ``model`` may hold personal data (empty: it does not look like it)."""
    user_model = _user_model()
    reasons = []
    if model is user_model:
        reasons.append("is the user model")
    for model_field in model._meta.get_fields():
        if not getattr(model_field, "concrete", False):
            continue
        if model_field.is_relation and model_field.related_model is user_model:
            reasons.append(f"{model_field.name} points to the user")
        elif isinstance(model_field, models.EmailField):
            reasons.append(f"{model_field.name} is an e-mail address")
        elif model_field.name in PERSONAL_FIELD_NAMES:
            reasons.append(f"{model_field.name} is a personal field")
    return reasons


def unlisted_personal_models() -> dict[str, list[str]]:
    """Models that look personal yet are neither exported nor explained."""
    return {
        model._meta.label: reasons
        for model in apps.get_models()
        if (reasons := personal_reasons(model))
        and model._meta.label not in HOLDINGS
        and model._meta.label not in NOT_PERSONAL
    }
