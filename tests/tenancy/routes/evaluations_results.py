"""Isolation entries for the results stage: the admin's aggregation, consensus, ranking,
publication and redress pages, and the applicant's results pages under /results/.

Programme A gets a call with published results: a ranked application of Alice's
organisation with reviews, an approved consensus, the ranking, and a redress request with
evidence. A user of programme B must get 404 for every page about them.
"""

from __future__ import annotations

from typing import Any

from django.core.files.base import ContentFile

from evaluations.models import Consensus, RankingRun, RedressRequest
from evaluations.results.services import (
    call_mark_evaluated,
    call_publish_results,
    call_ranking_run,
)
from socialtech.tenancy.context import tenant_context
from tests.evaluations.test_results import (
    application_of,
    approved_consensus,
    results_call,
    reviewed,
)
from tests.tenancy.kinds import ObjectPage, OwnList

MARKER = "Isolation Results Cooperative"


def _application(objects: dict[str, Any]) -> dict[str, Any]:
    return {"pk": objects["results_application"].pk}


def _call(objects: dict[str, Any]) -> dict[str, Any]:
    return {"call_id": objects["results_call"].pk}


ROUTES: dict[str, Any] = {
    "results_list": OwnList(lambda objects: MARKER),
    "results_detail": ObjectPage(_application),
    "results_esr": ObjectPage(_application),
    "admin:evaluations_rankingrun_aggregation": ObjectPage(_call),
    "admin:evaluations_rankingrun_rank": ObjectPage(_call),
    "admin:evaluations_rankingrun_publish": ObjectPage(_call),
    "admin:evaluations_rankingrun_minutes": ObjectPage(
        lambda objects: {"run_id": objects["results_run"].pk}
    ),
    "admin:evaluations_consensus_rapporteur": ObjectPage(
        lambda objects: {"application_id": objects["results_application"].pk}
    ),
    "admin:evaluations_consensus_draft": ObjectPage(
        lambda objects: {"consensus_id": objects["results_consensus"].pk}
    ),
    "admin:evaluations_consensus_approve": ObjectPage(
        lambda objects: {"consensus_id": objects["results_consensus"].pk}, method="post"
    ),
    "admin:evaluations_redressrequest_answer": ObjectPage(
        lambda objects: {"request_id": objects["results_redress"].pk}
    ),
    "admin:evaluations_redressrequest_evidence": ObjectPage(
        lambda objects: {"request_id": objects["results_redress"].pk}
    ),
}


def build(objects: dict[str, Any], *, tenant_a: Any, alice: Any, bob: Any) -> None:
    with tenant_context(tenant_a):
        call = results_call(tenant_a, reference="ISORES", slug="isolation-results-call")
        application = application_of(call, MARKER, owner=alice, amount="40000")
        reviewed(application, ("2", "4", "4"), ("4", "4", "4"))
        call_mark_evaluated(call=call, by=bob)
        consensus = approved_consensus(application, ("3", "4", "4"), rapporteur=alice, approver=bob)
        run = call_ranking_run(call=call, by=bob, seed=1)
        call_publish_results(call=call, by=bob)
        redress = RedressRequest(
            application=application,
            submitted_by=alice,
            grounds="Isolation grounds " * 10,
        )
        redress.evidence.save("isolation.pdf", ContentFile(b"%PDF-1.4\n"), save=False)
        redress.save()
    objects.update(
        {
            "results_call": call,
            "results_application": application,
            "results_consensus": consensus,
            "results_run": run,
            "results_redress": redress,
        }
    )


ADMIN_OBJECTS = {
    Consensus: lambda objects: objects["results_consensus"],
    RankingRun: lambda objects: objects["results_run"],
    RedressRequest: lambda objects: objects["results_redress"],
}
