"""Writes on applications by programme staff: eligibility screening and bulk moves.

Each service checks that the person holds a back-office role (staff or coordinator) in the
active programme, locks what it changes, and writes its audit event in the same
transaction. Refusals come back as ``ApplicationError`` (with a code) or ``ValidationError``
keyed by rule, so the admin pages can show them next to the right input.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from applications.models import (
    Application,
    ApplicationStatus,
    EligibilityCheck,
)
from applications.screening.answers import ScreeningAnswer
from applications.screening.jobs import SCREENED
from applications.screening.selectors import application_checks, screening_rules, screening_summary
from applications.screening.tasks import send_eligibility_result
from applications.services import ApplicationError, application_status_move
from socialtech.accounts.roles import Role, require_programme_staff
from socialtech.audit.services import audit_log
from socialtech.formatting import format_datetime
from socialtech.tasks import enqueue_on_commit

SCREENING_ROLES = (Role.STAFF, Role.COORDINATOR)


@dataclass
class BulkOutcome:
    """What a bulk action did: how many moved, and the others counted by status."""

    moved: int = 0
    skipped: dict[str, int] = field(default_factory=dict)

    @property
    def skipped_total(self) -> int:
        return sum(self.skipped.values())

    def skipped_text(self) -> str:
        return ", ".join(
            f"{count} {ApplicationStatus(status).label}"
            for status, count in sorted(self.skipped.items())
        )


def _locked(application: Application) -> Application:
    return (
        Application.objects.select_for_update()
        .select_related("call", "organisation")
        .get(pk=application.pk)
    )


def _refuse_unless_submitted(application: Application) -> None:
    if application.status != ApplicationStatus.SUBMITTED:
        raise ApplicationError(
            _("Only a submitted application is screened; this one has the status “%(status)s”.")
            % {"status": application.get_status_display()},
            "not_submitted",
        )


@transaction.atomic
def eligibility_checks_record(
    *,
    application: Application,
    checked_by: Any,
    answers: Mapping[str, ScreeningAnswer],
    replace: bool = False,
) -> list[EligibilityCheck]:
    """Record one staff member's answers on every rule of the application's checklist.

    Refuses an application that is not submitted (drafts are never screened, decided ones
    are closed), answers that leave a rule out or name a rule the call does not have, a
    "not met" without a note (the note is quoted in the letter to the applicant), and a
    second set of answers from the same person: the second opinion must come from someone
    else. With ``replace`` the person corrects their own earlier answers instead, which is
    how a disagreement is resolved after the screeners talk.
    """
    require_programme_staff(checked_by)
    application = _locked(application)
    _refuse_unless_submitted(application)
    rules = {rule.key: rule for rule in screening_rules(application.call)}
    errors: dict[str, str] = {}
    for key in answers:
        if key not in rules:
            errors[key] = _("This call has no eligibility rule %(key)s.") % {"key": key}
    for key, rule in rules.items():
        answer = answers.get(key)
        if answer is None:
            errors[key] = _("%(rule)s: answer yes or no.") % {"rule": rule.label}
        elif not answer.is_met and not answer.note.strip():
            errors[key] = _(
                "%(rule)s: say why the rule is not met; the note is quoted in the letter to the applicant."
            ) % {"rule": rule.label}
    if errors:
        raise ValidationError(errors)

    own = {
        check.rule: check
        for check in EligibilityCheck.objects.select_for_update().filter(
            application=application, checked_by=checked_by
        )
    }
    if own and not replace:
        earliest = min(check.checked_at for check in own.values())
        raise ApplicationError(
            _(
                "You already answered this checklist on %(date)s. The second opinion must come "
                "from a different staff member; to correct your own answers, choose "
                "“Change my answers”."
            )
            % {"date": format_datetime(earliest)},
            "already_screened",
        )
    now = timezone.now()
    saved = []
    try:
        with transaction.atomic():
            for key in rules:
                answer = answers[key]
                check = own.get(key) or EligibilityCheck(
                    tenant_id=application.tenant_id,
                    application=application,
                    rule=key,
                    checked_by=checked_by,
                )
                check.is_met = answer.is_met
                check.note = answer.note.strip()
                check.checked_at = now
                check.full_clean(exclude=["application", "checked_by"], validate_constraints=False)
                check.save()
                saved.append(check)
    except IntegrityError as error:
        # Two submissions of the same person at once: the database keeps one.
        raise ApplicationError(
            _("Your answers were recorded by another request a moment ago; reload the page."),
            "already_screened",
        ) from error
    audit_log(
        actor=checked_by,
        verb="application.eligibility_checked",
        target=application,
        data={
            "replaced": bool(own),
            "answers": {
                key: {"is_met": a.is_met, "note": a.note.strip()} for key, a in answers.items()
            },
        },
    )
    return saved


@transaction.atomic
def application_screening_complete(*, application: Application, by: Any) -> Application:
    """Decide eligibility once two different people answered every rule and agree.

    The application becomes eligible when every rule is met, ineligible otherwise, and the
    organisation's members get the result letter in their language after commit. Refuses
    while a rule has fewer than two answers or the answers differ (each rule named). A
    decided application is returned as it is, so a double click sends one letter.
    """
    require_programme_staff(by)
    application = _locked(application)
    if application.status in (ApplicationStatus.ELIGIBLE, ApplicationStatus.INELIGIBLE):
        return application
    _refuse_unless_submitted(application)
    summary = screening_summary(
        rules=screening_rules(application.call), checks=application_checks(application)
    )
    if not summary.is_ready:
        problems = []
        if summary.disagreements:
            problems.append(
                _("The screeners disagree on: %(rules)s.")
                % {"rules": ", ".join(str(r.rule.label) for r in summary.disagreements)}
            )
        if summary.waiting:
            problems.append(
                _("Two different people must still answer: %(rules)s.")
                % {"rules": ", ".join(str(r.rule.label) for r in summary.waiting)}
            )
        raise ApplicationError(
            _("The eligibility decision cannot be made yet. %(problems)s")
            % {"problems": " ".join(problems)},
            "screening_incomplete",
            disagreements=[r.rule.key for r in summary.disagreements],
            waiting=[r.rule.key for r in summary.waiting],
        )
    target = ApplicationStatus.ELIGIBLE if summary.is_eligible else ApplicationStatus.INELIGIBLE
    application_status_move(application=application, to=target)
    # The result letter announces an ineligibility; eligibility is one more step of the
    # evaluation, which the applicant sees as "Under evaluation".
    application.published_outcome = target if target == ApplicationStatus.INELIGIBLE else ""
    application.full_clean(validate_constraints=False)
    application.save(update_fields=["status", "published_outcome", "updated_at"])
    audit_log(
        actor=by,
        verb=SCREENED,
        target=application,
        data={
            "outcome": target,
            "rules": {rule.rule.key: rule.is_met for rule in summary.rules},
            "screeners": sorted(person.pk for person in summary.screeners),
        },
    )
    enqueue_on_commit(
        send_eligibility_result, tenant_id=application.tenant_id, application_id=application.pk
    )
    return application


__all__ = [
    "BulkOutcome",
    "ScreeningAnswer",
    "application_screening_complete",
    "eligibility_checks_record",
]
