"""Writes of the cluster registry: a cluster created or changed by staff (or the demo).

Every refusal raises :class:`~mapping.errors.MappingError` naming the field and the rule:
an unknown country, scope or sector, a year of creation in the future or before 1800, a
slug another cluster of the programme has, a response that is not a submitted cluster
questionnaire.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from mapping.errors import MappingError
from mapping.models import (
    Cluster,
    ClusterScope,
    ClusterSector,
    ClusterStatus,
    Response,
    ResponseStatus,
    SurveyKind,
)
from organisations.countries import ELIGIBLE_COUNTRIES
from socialtech.audit.services import audit_log

FIELDS = (
    "name",
    "slug",
    "country",
    "region",
    "scope",
    "sectors",
    "members_count",
    "founded_year",
    "website",
    "description",
    "source",
    "status",
    "response",
)


def _check(values: dict[str, Any], cluster: Cluster | None) -> dict[str, Any]:
    name = str(values.get("name") or "").strip()
    if not name:
        raise MappingError(_("Name: required."), "name_required", field="name")
    slug = slugify(str(values.get("slug") or "") or name)[:80]
    if not slug:
        raise MappingError(_("Slug: letters or digits required."), "slug_invalid", field="slug")
    taken = Cluster.objects.filter(slug=slug)
    if cluster is not None:
        taken = taken.exclude(pk=cluster.pk)
    if taken.exists():
        raise MappingError(
            _("Slug: another cluster of the programme has “%(slug)s”.") % {"slug": slug},
            "slug_taken",
            field="slug",
        )
    country = str(values.get("country") or "").upper()
    if country not in ELIGIBLE_COUNTRIES:
        raise MappingError(
            _("Country: an EU member state or an associated country is required."),
            "country_invalid",
            field="country",
        )
    scope = str(values.get("scope") or "")
    if scope and scope not in ClusterScope.values:
        raise MappingError(_("Scope: not one of the scopes."), "scope_invalid", field="scope")
    sectors = [str(key) for key in values.get("sectors") or []]
    unknown = [key for key in sectors if key not in ClusterSector.values]
    if unknown:
        raise MappingError(
            _("Sectors: “%(key)s” is not one of the sectors.") % {"key": unknown[0]},
            "sector_invalid",
            field="sectors",
        )
    year = values.get("founded_year")
    if year is not None and not (1800 <= int(year) <= timezone.now().year):
        raise MappingError(
            _("Year of creation: between 1800 and this year."), "year_invalid", field="founded_year"
        )
    members = values.get("members_count")
    if members is not None and int(members) < 0:
        raise MappingError(
            _("Number of members: zero or more."), "members_invalid", field="members_count"
        )
    status = str(values.get("status") or ClusterStatus.DRAFT)
    if status not in ClusterStatus.values:
        raise MappingError(_("Status: draft or published."), "status_invalid", field="status")
    response = values.get("response")
    if response is not None and (
        not isinstance(response, Response)
        or response.status != ResponseStatus.SUBMITTED
        or response.survey.kind != SurveyKind.CLUSTER
    ):
        raise MappingError(
            _("Response: a submitted response to a cluster questionnaire is required."),
            "response_invalid",
            field="response",
        )
    return {
        "name": name[:200],
        "slug": slug,
        "country": country,
        "region": str(values.get("region") or "")[:200],
        "scope": scope,
        "sectors": list(dict.fromkeys(sectors)),
        "members_count": None if members is None else int(members),
        "founded_year": None if year is None else int(year),
        "website": str(values.get("website") or "")[:300],
        "description": str(values.get("description") or ""),
        "source": str(values.get("source") or "")[:200],
        "status": status,
        "response": response,
    }


@transaction.atomic
def cluster_save(*, by: Any, cluster: Cluster | None = None, **values: Any) -> Cluster:
    """Create a cluster (``cluster`` None) or change one; the slug defaults to the name's.
    Refuses what ``_check`` refuses (see the module's docstring)."""
    checked = _check(values, cluster)
    if cluster is None:
        cluster = Cluster.objects.create(**checked)
        verb = "mapping.cluster_created"
    else:
        cluster = Cluster.objects.select_for_update().get(pk=cluster.pk)
        for field, value in checked.items():
            setattr(cluster, field, value)
        cluster.save()
        verb = "mapping.cluster_changed"
    audit_log(
        actor=by if getattr(by, "is_authenticated", False) else None,
        verb=verb,
        target=cluster,
        data={"slug": cluster.slug, "status": cluster.status},
    )
    return cluster
