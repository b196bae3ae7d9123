"""Step 2: two people screen every application and staff start the evaluation."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from applications.models import (
    Application,
    ApplicationStatus,
    EligibilityCheck,
)
from applications.screening.selectors import screening_rules
from applications.staff import (
    ScreeningAnswer,
    application_screening_complete,
    eligibility_checks_record,
)
from calls.models import Call
from evaluations.assignment.services import application_bulk_start_evaluation

# --- Step 2: screening ------------------------------------------------------------------------


def screen_applications(*, call: Call, staff: Any, coordinator: Any) -> int:
    """Two people answer the checklist of every submitted application; returns how many became eligible.

    Every demo application meets every rule, so all of them become eligible. The answers
    are dated to the days after the deadline, as screening would have been.
    """
    rules = screening_rules(call)
    answers = {rule.key: ScreeningAnswer(is_met=True) for rule in rules}
    waiting = list(
        Application.objects.filter(call=call, status=ApplicationStatus.SUBMITTED).order_by(
            "receipt_number"
        )
    )
    for application in waiting:
        for screener in (staff, coordinator):
            if not EligibilityCheck.objects.filter(
                application=application, checked_by=screener
            ).exists():
                eligibility_checks_record(
                    application=application, checked_by=screener, answers=answers
                )
        application_screening_complete(application=application, by=staff)
    if waiting:
        ids = [application.pk for application in waiting]
        for screener, days in ((staff, 1), (coordinator, 2)):
            EligibilityCheck.objects.filter(application_id__in=ids, checked_by=screener).update(
                checked_at=call.deadline + timedelta(days=days, hours=3)
            )
    return len(waiting)


def start_evaluation(*, call: Call, staff: Any) -> int:
    """Staff move the call's eligible applications to evaluation; returns how many moved."""
    outcome = application_bulk_start_evaluation(
        applications=Application.objects.filter(call=call), by=staff
    )
    return outcome.moved
