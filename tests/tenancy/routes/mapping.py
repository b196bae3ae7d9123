"""Isolation entries for the survey pages (see tests/tenancy/test_isolation.py).

Programme A gets an open survey with a submitted response. Charlie, staff of programme B,
must not find the survey in B's list, must get 404 on B's host for its page, its autosave
its result and its aggregated results (page, CSV, PDF), and for each back-office row (the
survey, the response, the cluster). A published cluster of A must not show in B's registry,
and its page is 404 on B's host.
"""

from __future__ import annotations

from typing import Any

from mapping.clusters.services import cluster_save
from mapping.models import Cluster, ClusterStatus, Response, Survey
from socialtech.tenancy.context import tenant_context
from tests.mapping.factories import small_survey, submitted_response
from tests.tenancy.kinds import ObjectPage, OwnList


def _survey(objects: dict[str, Any]) -> dict[str, Any]:
    return {"slug": objects["mapping_survey"].slug}


ROUTES: dict[str, Any] = {
    "mapping_surveys": OwnList(lambda objects: str(objects["mapping_survey"].title)),
    "mapping_survey": ObjectPage(_survey),
    "mapping_survey_autosave": ObjectPage(_survey, method="post"),
    "mapping_survey_result": ObjectPage(_survey),
    "mapping_results": ObjectPage(_survey),
    "mapping_results_csv": ObjectPage(_survey),
    "mapping_results_pdf": ObjectPage(_survey),
    "mapping_clusters": OwnList(lambda objects: str(objects["mapping_cluster"].name)),
    "mapping_cluster": ObjectPage(lambda objects: {"slug": objects["mapping_cluster"].slug}),
}


def build(objects: dict[str, Any], *, tenant_a: Any, alice: Any, bob: Any) -> None:
    with tenant_context(tenant_a):
        survey = small_survey(tenant_a, title="Alpha-only readiness survey", slug="readiness")
    objects["mapping_survey"] = survey
    objects["mapping_response"] = submitted_response(tenant_a, survey, user=alice)
    with tenant_context(tenant_a):
        objects["mapping_cluster"] = cluster_save(
            by=alice,
            name="Alpha-only valley cluster",
            country="IT",
            status=ClusterStatus.PUBLISHED,
        )


ADMIN_OBJECTS = {
    Survey: lambda objects: objects["mapping_survey"],
    Response: lambda objects: objects["mapping_response"],
    Cluster: lambda objects: objects["mapping_cluster"],
}
