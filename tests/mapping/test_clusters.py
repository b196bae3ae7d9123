"""The cluster questionnaire (six dimensions, four inclusion criteria, installed once), the
registry's services, its public list with filters and the country map with its table, the
cluster page, the shipped outlines, the demo's 30 clusters and the back office."""

from __future__ import annotations

import json
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from demo.mapping.clusters import CLUSTERS, seed_clusters
from mapping.clusters import countrymap
from mapping.clusters.questionnaire import (
    CLUSTER_QUESTIONNAIRE_SLUG,
    CRITERIA_KEYS,
    cluster_questionnaire_install,
)
from mapping.clusters.services import cluster_save
from mapping.errors import MappingError
from mapping.models import Cluster, ClusterStatus, Dimension, Question, Survey, SurveyKind
from socialtech.audit.models import AuditEvent
from socialtech.tenancy.context import tenant_context
from tests.conftest import login


def _cluster(tenant, **fields):
    values = {
        "name": "Valley cluster",
        "country": "IT",
        "status": ClusterStatus.PUBLISHED,
        **fields,
    }
    with tenant_context(tenant):
        return cluster_save(by=None, **values)


# --- The questionnaire ---------------------------------------------------------------------


def test_the_cluster_questionnaire_has_six_dimensions_and_four_required_criteria(tenant_a):
    survey = cluster_questionnaire_install(tenant_a)
    with tenant_context(tenant_a):
        assert survey.kind == SurveyKind.CLUSTER and survey.slug == CLUSTER_QUESTIONNAIRE_SLUG
        keys = list(Dimension.objects.filter(survey=survey).values_list("key", flat=True))
        assert keys == [
            "identification",
            "description",
            "implementation",
            "governance",
            "evaluation",
            "transferability",
        ]
        criteria = list(Question.objects.filter(survey=survey, key__in=CRITERIA_KEYS))
        assert len(criteria) == 4
        for question in criteria:
            assert question.required and question.dimension is None
            assert [value for value, _label in question.option_pairs()] == ["yes", "no"]
        assert "governance" in criteria[1].label
        # Every dimension asks something.
        for dimension in Dimension.objects.filter(survey=survey):
            assert Question.objects.filter(dimension=dimension).count() >= 3


def test_installing_the_questionnaire_twice_keeps_staff_edits(tenant_a):
    survey = cluster_questionnaire_install(tenant_a)
    with tenant_context(tenant_a):
        Survey.objects.filter(pk=survey.pk).update(title="Edited")
    again = cluster_questionnaire_install(tenant_a)
    with tenant_context(tenant_a):
        assert again.pk == survey.pk and Survey.objects.get(pk=survey.pk).title == "Edited"
        assert Survey.objects.filter(slug=CLUSTER_QUESTIONNAIRE_SLUG).count() == 1


def test_the_questionnaire_page_shows_the_criteria_and_dimensions(tenant_a, client, applicant):
    cluster_questionnaire_install(tenant_a)
    login(client, applicant)
    page = client.get(reverse("mapping_survey", args=[CLUSTER_QUESTIONNAIRE_SLUG]))
    text = page.content.decode()
    assert page.status_code == 200
    for title in ("Identification", "Governance", "Transferability"):
        assert title in text
    assert "distinctive third entity" in text


# --- Services --------------------------------------------------------------------------------


def test_a_cluster_is_saved_with_an_audit_row_and_a_slug(tenant_a, alice):
    cluster = _cluster(tenant_a, name="Valle Verde", sectors=["food"], founded_year=2010)
    assert cluster.slug == "valle-verde"
    with tenant_context(tenant_a):
        assert AuditEvent.objects.filter(verb="mapping.cluster_created").count() == 1


@pytest.mark.parametrize(
    ("fields", "code", "field"),
    [
        ({"country": "US"}, "country_invalid", "country"),
        ({"sectors": ["mining"]}, "sector_invalid", "sectors"),
        ({"scope": "galactic"}, "scope_invalid", "scope"),
        ({"founded_year": 3000}, "year_invalid", "founded_year"),
        ({"name": "  "}, "name_required", "name"),
    ],
)
def test_the_registry_refuses_bad_fields_naming_them(tenant_a, fields, code, field):
    with pytest.raises(MappingError) as refused:
        _cluster(tenant_a, **fields)
    assert refused.value.code == code and refused.value.field == field


def test_a_slug_is_unique_in_the_programme(tenant_a):
    _cluster(tenant_a, name="Same")
    with pytest.raises(MappingError) as refused:
        _cluster(tenant_a, name="Same")
    assert refused.value.code == "slug_taken"


# --- The registry page -----------------------------------------------------------------------


def _names(page) -> list[str]:
    return re.findall(r'<h3><a href="/clusters/[^"]+/">([^<]+)</a></h3>', page.content.decode())


def test_the_registry_filters_by_country_sector_scope_and_words(tenant_a, client):
    _cluster(tenant_a, name="Roma Hub", country="IT", sectors=["food"], scope="local")
    _cluster(tenant_a, name="Madrid Works", country="ES", sectors=["waste"], scope="regional")
    _cluster(tenant_a, name="Sevilla Loop", country="ES", sectors=["food"], scope="local")
    _cluster(tenant_a, name="Hidden", country="ES", status=ClusterStatus.DRAFT)
    url = reverse("mapping_clusters")
    assert _names(client.get(url)) == ["Madrid Works", "Roma Hub", "Sevilla Loop"]
    assert _names(client.get(url, {"country": "ES"})) == ["Madrid Works", "Sevilla Loop"]
    assert _names(client.get(url, {"sector": "food"})) == ["Roma Hub", "Sevilla Loop"]
    assert _names(client.get(url, {"scope": "regional"})) == ["Madrid Works"]
    assert _names(client.get(url, {"q": "loop"})) == ["Sevilla Loop"]
    empty = client.get(url, {"country": "FI"})
    assert _names(empty) == [] and "No cluster matches these filters." in empty.content.decode()


def test_a_bad_filter_is_a_400_naming_it(tenant_a, client):
    page = client.get(reverse("mapping_clusters"), {"country": "ZZ", "sector": "x"})
    assert page.status_code == 400
    text = page.content.decode()
    assert "Country: choose one of the listed countries." in text
    assert "Sector: choose one of the listed sectors." in text


def test_an_empty_registry_says_so(tenant_a, client):
    page = client.get(reverse("mapping_clusters"))
    assert "The registry has no cluster yet." in page.content.decode()


def test_the_map_colours_countries_by_count_with_links_titles_and_a_table(tenant_a, client):
    for number in range(3):
        _cluster(tenant_a, name=f"Spain {number}", country="ES")
    _cluster(tenant_a, name="Italy 1", country="IT")
    text = client.get(reverse("mapping_clusters")).content.decode()
    spain = re.search(
        r'<a href="([^"]+)"><path d="[^"]+" fill="(#[0-9a-f]+)" data-country="ES">'
        r"<title>([^<]+)</title>",
        text,
    )
    italy = re.search(r'<path d="[^"]+" fill="(#[0-9a-f]+)" data-country="IT">', text)
    france = re.search(r'<path d="[^"]+" fill="(#[0-9a-f]+)" data-country="FR">', text)
    assert spain and italy and france
    assert spain.group(1) == "/clusters/?country=ES#results"
    assert spain.group(3) == "Spain: 3 clusters"
    assert spain.group(2) == countrymap.PALETTE[-1]
    assert italy.group(1) != spain.group(2) and italy.group(1) in countrymap.PALETTE
    assert france.group(1) == countrymap.NO_CLUSTER
    # The table gives the same figures, most first.
    rows = re.findall(r'<th scope="row"><a href="[^"]+">([^<]+)</a></th><td>(\d+)</td>', text)
    assert rows == [("Spain", "3"), ("Italy", "1")]


def test_the_map_marks_the_chosen_country(tenant_a, client):
    _cluster(tenant_a, name="Spain 1", country="ES")
    text = client.get(reverse("mapping_clusters"), {"country": "ES"}).content.decode()
    assert re.search(r'stroke="#000" stroke-width="2.5" data-country="ES"', text)


def test_legend_steps_cover_one_to_the_largest_count():
    assert countrymap.steps(0) == []
    assert countrymap.steps(2) == [(1, 1), (2, 2)]
    ranges = countrymap.steps(12)
    assert ranges[0][0] == 1 and ranges[-1][1] == 12 and len(ranges) == 5
    assert countrymap.colour_of(12, ranges) == countrymap.PALETTE[-1]
    assert countrymap.colour_of(1, ranges) == countrymap.PALETTE[0]
    assert countrymap.colour_of(1, countrymap.steps(1)) == countrymap.PALETTE[-1]
    assert [colour for colour, _low, _high in countrymap.legend(countrymap.steps(2))] == list(
        countrymap.PALETTE[-2:]
    )


def test_the_registry_reads_a_constant_number_of_queries(tenant_a, client):
    _cluster(tenant_a, name="First", country="IT")
    client.get(reverse("mapping_clusters"))
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("mapping_clusters"))
    for number in range(15):
        _cluster(tenant_a, name=f"More {number}", country=["ES", "FR", "DE"][number % 3])
    with CaptureQueriesContext(connection) as many:
        client.get(reverse("mapping_clusters"))
    assert len(many) == len(few)


def test_a_cluster_page_shows_its_facts_and_a_draft_is_404(tenant_a, client):
    cluster = _cluster(
        tenant_a,
        name="Valle Verde",
        region="Piemonte",
        sectors=["food", "rural_regeneration"],
        members_count=28,
        website="https://example.org",
        source="GECES report 2021, Appendix III",
    )
    text = client.get(reverse("mapping_cluster", args=[cluster.slug])).content.decode()
    for expected in (
        "Valle Verde",
        "Piemonte",
        "Food and agriculture, Rural regeneration",
        "28",
        "GECES report 2021, Appendix III",
        "Italy",
    ):
        assert expected in text
    draft = _cluster(tenant_a, name="Draft one", status=ClusterStatus.DRAFT)
    assert client.get(reverse("mapping_cluster", args=[draft.slug])).status_code == 404


# --- Outlines and demo -----------------------------------------------------------------------


def test_the_outlines_load_and_cover_the_demo_clusters_countries():
    data = countrymap.outlines()
    assert data["width"] == 800 and data["height"] > 400
    demo_countries = {row[1] for row in CLUSTERS}
    assert demo_countries <= set(data["paths"])
    for code in ("DE", "FR", "IT", "ES", "PL", "SE", "MT", "LU", "CY", "GB", "CH", "NO"):
        assert data["paths"][code].startswith("M") and data["paths"][code].endswith("Z")
    with countrymap.OUTLINES.open(encoding="utf-8") as handle:
        assert "Natural Earth" in json.load(handle)["source"]


def test_the_demo_publishes_the_thirty_clusters_once(tenant_a):
    assert seed_clusters(tenant_a) == 30
    assert seed_clusters(tenant_a) == 0
    with tenant_context(tenant_a):
        assert Cluster.objects.filter(status=ClusterStatus.PUBLISHED).count() == 30
        ecobi = Cluster.objects.get(name="ecoBI")
        assert ecobi.members_count == 28 and ecobi.country == "IT"
        assert Cluster.objects.get(name="Elephant path").country == "GB"


# --- Back office -----------------------------------------------------------------------------


def test_staff_create_a_cluster_in_the_back_office_and_refusals_name_the_field(
    tenant_a, client, alice
):
    login(client, alice, mfa=True)
    url = reverse("admin:mapping_cluster_add")
    assert client.get(url).status_code == 200
    data = {
        "name": "Back office cluster",
        "slug": "back-office-cluster",
        "country": "PT",
        "scope": "local",
        "sectors": ["food"],
        "status": "published",
    }
    saved = client.post(url, data)
    assert saved.status_code == 302
    with tenant_context(tenant_a):
        cluster = Cluster.objects.get(slug="back-office-cluster")
        assert cluster.sectors == ["food"] and cluster.country == "PT"
        assert AuditEvent.objects.filter(verb="mapping.cluster_created").exists()
    refused = client.post(url, {**data, "slug": "other", "founded_year": "2999"})
    assert refused.status_code == 200
    assert "Year of creation: between 1800 and this year." in refused.content.decode()
    listing = client.get(reverse("admin:mapping_cluster_changelist"))
    assert "Back office cluster" in listing.content.decode()
