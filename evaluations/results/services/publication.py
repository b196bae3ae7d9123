"""Publication of results: the call moves to results, the redress window opens, and each
member gets the evaluation summary report in their language, once.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from applications.models import Application
from calls.models import Call, CallStatus
from calls.services import call_results_announce
from evaluations.models import RankingRun
from evaluations.results import selectors
from evaluations.results.tasks import send_results
from socialtech.accounts.roles import require_programme_staff
from socialtech.audit.services import audit_log
from socialtech.tasks import enqueue_on_commit


@transaction.atomic
def call_publish_results(*, call: Call, by: Any) -> RankingRun:
    """Publish the results of ``call`` from its latest ranking.

    The call moves to results; the redress window opens (it closes ``call.redress_days``
    days after the first publication, see ``selectors.redress_window``); after
    commit each ranked application's evaluation summary report is made in the language of
    each member of the organisation and e-mailed to them. Safe to repeat: a ranking is
    published once, each report is made once per content and language, each member gets
    each report once. After an upheld redress, a new ranking is published the same way.
    Each ranked application's applicant sees the published outcome from now on
    (``Application.published_outcome``); a later ranking stays unseen until published.
    Refuses anyone but staff and coordinators, and a call that is not ready (the reasons
    named: no ranking, applications still in evaluation, an out-of-date ranking).
    """
    require_programme_staff(by)
    call = Call.objects.select_for_update().get(pk=call.pk)
    problems = selectors.publication_problems(call)
    if problems:
        raise ValidationError(problems, code="not_ready")
    run = selectors.ranking_latest(call)
    assert run is not None  # publication_problems refuses a call with no ranking
    if call.status == CallStatus.EVALUATION:
        call = call_results_announce(call=call, by=by)
    if run.pk not in selectors.published_run_ids(call):
        now = timezone.now()
        window = selectors.redress_window(call)
        deadline = (
            window.deadline if window is not None else now + timedelta(days=call.redress_days)
        )
        audit_log(
            actor=by,
            verb=selectors.RESULTS_PUBLISHED,
            target=call,
            data={
                "ranking_run": run.pk,
                "published_at": now.isoformat(),
                "redress_days": window.days if window is not None else call.redress_days,
                "redress_deadline": deadline.isoformat(),
                "applications": len(run.results),
            },
        )
    _record_published_outcomes(run)
    for row in run.results:
        enqueue_on_commit(send_results, tenant_id=call.tenant_id, application_id=row["application"])
    return run


def _record_published_outcomes(run: RankingRun) -> None:
    """Each ranked application now shows its applicant the outcome just published (and
    nothing newer until the next publication; see ``applications.visibility``)."""
    by_outcome: dict[str, list[int]] = {}
    for pk, outcome in selectors.ranked_outcomes(run).items():
        by_outcome.setdefault(outcome, []).append(pk)
    for outcome, pks in by_outcome.items():
        Application.objects.filter(pk__in=pks).update(published_outcome=outcome)
