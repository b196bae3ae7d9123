"""Reads of eligibility screening: the call's rules, each rule's checks by two staff members,
the summary that decides, and the applications awaiting screening."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from applications.models import (
    Application,
    ApplicationStatus,
    Attachment,
    EligibilityCheck,
)
from applications.selectors import eligibility_failures
from calls.models import Call, FieldType

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


# Two different staff members must give the same answer on every rule.
REQUIRED_SCREENERS = 2


# --- Eligibility screening ----------------------------------------------------------------


@dataclass(frozen=True)
class ScreeningRule:
    key: str
    label: StrOrPromise
    question: StrOrPromise


RULES: dict[str, ScreeningRule] = {
    rule.key: rule
    for rule in [
        ScreeningRule(
            "countries",
            _("Country of establishment"),
            _("Is the organisation established in an eligible country?"),
        ),
        ScreeningRule(
            "legal_forms", _("Legal form"), _("Is the organisation's legal form eligible?")
        ),
        ScreeningRule("sme_only", _("SME"), _("Is the organisation an SME?")),
        ScreeningRule(
            "social_economy_only",
            _("Social economy"),
            _("Does the organisation belong to the social economy?"),
        ),
        ScreeningRule(
            "max_applications",
            _("Applications per organisation"),
            _("Is this within the number of applications one organisation may submit?"),
        ),
        ScreeningRule(
            "funding_cap",
            _("Funding cap"),
            _("Is the support received earlier in the programme below the cap per recipient?"),
        ),
        ScreeningRule(
            "documents_complete",
            _("Documents complete"),
            _("Are all required documents attached, readable and the right ones?"),
        ),
        ScreeningRule(
            "declarations_signed",
            _("Declarations signed"),
            _("Are all declarations of honour confirmed by the organisation?"),
        ),
    ]
}


def screening_rules(call: Call) -> list[ScreeningRule]:
    """The checklist for ``call``: the eligibility rules it sets, plus documents and declarations."""
    keys = ["countries"]
    if call.eligible_legal_forms:
        keys.append("legal_forms")
    if call.sme_only:
        keys.append("sme_only")
    if call.social_economy_only:
        keys.append("social_economy_only")
    keys.append("max_applications")
    if call.check_funding_cap:
        keys.append("funding_cap")
    keys += ["documents_complete", "declarations_signed"]
    return [RULES[key] for key in keys]


@dataclass
class RuleScreening:
    rule: ScreeningRule
    checks: list[EligibilityCheck] = field(default_factory=list)
    hint: str = ""

    @property
    def people(self) -> int:
        return len({check.checked_by_id for check in self.checks})

    @property
    def is_agreed(self) -> bool:
        return self.people >= REQUIRED_SCREENERS and len({c.is_met for c in self.checks}) == 1

    @property
    def has_disagreement(self) -> bool:
        return len({check.is_met for check in self.checks}) > 1

    @property
    def is_met(self) -> bool | None:
        """The agreed answer, or ``None`` while answers are missing or differ."""
        return self.checks[0].is_met if self.is_agreed else None

    @property
    def state(self) -> str:
        if self.has_disagreement:
            return "disagreement"
        if self.is_agreed:
            return "met" if self.is_met else "not_met"
        return "waiting"


@dataclass
class ScreeningSummary:
    rules: list[RuleScreening]

    @property
    def is_ready(self) -> bool:
        """Every rule answered by two different people who agree."""
        return bool(self.rules) and all(rule.is_agreed for rule in self.rules)

    @property
    def waiting(self) -> list[RuleScreening]:
        return [r for r in self.rules if not r.has_disagreement and not r.is_agreed]

    @property
    def disagreements(self) -> list[RuleScreening]:
        return [r for r in self.rules if r.has_disagreement]

    @property
    def is_eligible(self) -> bool | None:
        """Eligible only when every rule is met; ``None`` until the screening is ready."""
        if not self.is_ready:
            return None
        return all(rule.is_met for rule in self.rules)

    @property
    def unmet(self) -> list[RuleScreening]:
        return [r for r in self.rules if r.is_agreed and not r.is_met]

    def answers_of(self, user: Any) -> dict[str, EligibilityCheck]:
        return {
            rule.rule.key: check
            for rule in self.rules
            for check in rule.checks
            if check.checked_by_id == getattr(user, "pk", None)
        }

    @property
    def screeners(self) -> list[Any]:
        people: dict[int, Any] = {}
        for rule in self.rules:
            for check in rule.checks:
                people.setdefault(check.checked_by_id, check.checked_by)
        return list(people.values())


def screening_summary(
    *,
    rules: Iterable[ScreeningRule],
    checks: Iterable[EligibilityCheck],
    hints: dict[str, str] | None = None,
) -> ScreeningSummary:
    """Group ``checks`` by rule; checks on rules the call no longer has are left out."""
    by_rule = {
        rule.key: RuleScreening(rule, hint=(hints or {}).get(rule.key, "")) for rule in rules
    }
    for check in checks:
        if check.rule in by_rule:
            by_rule[check.rule].checks.append(check)
    return ScreeningSummary(list(by_rule.values()))


def application_checks(application: Application) -> QuerySet[EligibilityCheck]:
    return EligibilityCheck.objects.filter(application=application).select_related("checked_by")


def screening_hints(application: Application) -> dict[str, str]:
    """What the platform itself finds for each rule today, to help (never replace) the screener."""
    call = application.call
    failures = {
        failure.rule: failure.message
        for failure in eligibility_failures(
            call=call, organisation=application.organisation, excluding=application
        )
    }
    hints = {
        key: failures.get(key, str(_("The platform's check finds this rule met."))) for key in RULES
    }
    fields = list(call.fields.all())
    attached = set(
        Attachment.objects.filter(application=application).values_list("field_key", flat=True)
    )
    files = [f for f in fields if f.type == FieldType.FILE]
    missing = [f.label_text for f in files if f.required and f.key not in attached]
    hints["documents_complete"] = (
        str(_("Missing: %(files)s.")) % {"files": ", ".join(missing)}
        if missing
        else str(_("%(count)s of %(total)s file fields have a file."))
        % {"count": len([f for f in files if f.key in attached]), "total": len(files)}
    )
    answers = application.submitted_answers or application.answers or {}
    declarations = [f for f in fields if f.type == FieldType.DECLARATION]
    unconfirmed = [f.label_text for f in declarations if answers.get(f.key) is not True]
    hints["declarations_signed"] = (
        str(_("Not confirmed: %(labels)s.")) % {"labels": ", ".join(unconfirmed)}
        if unconfirmed
        else ngettext(
            "%(count)s declaration confirmed.",
            "%(count)s declarations confirmed.",
            len(declarations),
        )
        % {"count": len(declarations)}
    )
    return hints


def application_screening(
    *, application: Application, with_hints: bool = False
) -> ScreeningSummary:
    """The screening of ``application`` so far, rule by rule."""
    return screening_summary(
        rules=screening_rules(application.call),
        checks=application_checks(application),
        hints=screening_hints(application) if with_hints else None,
    )


def applications_awaiting_screening_count() -> int:
    """Submitted applications of the active programme no one has screened yet (one query)."""
    return Application.objects.filter(status=ApplicationStatus.SUBMITTED).count()
