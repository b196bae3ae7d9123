"""Ordering and filter parameters cannot inject SQL or sort or filter by hidden fields.

The staff lists are the admin change lists (``?o=`` picks a shown column by its number,
other parameters are lookups), the API's lists (django-filter filter sets, no free
ordering). A hostile parameter is ignored (the same rows in the same order), or refused
with a 400 or Django's "invalid filter" redirect (``?e=1``); never a 500, never a list
sorted or narrowed by a password hash, never the hash itself.
"""

from __future__ import annotations

import pytest
from django.contrib import admin
from django.test import Client
from django.urls import NoReverseMatch, reverse

from tests.applications.test_staff import submitted
from tests.calls.factories import CallFactory
from tests.conftest import HOST_A, login
from tests.factories import OrganisationFactory, UserFactory

# Each would sort by a password hash, or smuggle SQL into ORDER BY.
HOSTILE_ORDERINGS = [
    {"o": "password"},
    {"o": "-password"},
    {"o": "-user__password"},
    {"o": "created_by__password"},
    {"o": "password.-user__password.9999"},
    {"o": "1 desc; DROP TABLE accounts_user; --"},
    {"o": "(SELECT password FROM accounts_user LIMIT 1)"},
    {"o": "99999"},
    {"o": "-0.-0.-0"},
    {"ordering": "password"},
    {"ordering": "-user__password"},
    {"sort": "password"},
    {"order_by": "created_by__password"},
]
# Each would narrow the list by a hidden field (guessing a hash letter by letter) or carry SQL.
HOSTILE_FILTERS = [
    {"password__startswith": "pbkdf2"},
    {"user__password__startswith": "p"},
    {"created_by__password__startswith": "p"},
    {"organisation__owner__password__regex": "^pbkdf2"},
    {"status": "submitted' OR '1'='1"},
    {"is_staff__exact": "1' OR '1'='1"},
    {"q": "') OR 1=1; --"},
    {"q": "%' UNION SELECT password FROM accounts_user --"},
]
HASH_PREFIXES = ("pbkdf2_", "argon2$", "bcrypt", "scrypt")


@pytest.fixture
def operator(db):
    return UserFactory(email="operator@example.org", is_superuser=True, is_staff=True)


@pytest.fixture
def people(in_tenant_a):
    """Users whose password hashes sort otherwise than the list's default order."""
    users = []
    for index, password in enumerate(["zzz-last", "aaa-first", "mmm-middle", "bbb-second"]):
        user = UserFactory(email=f"person{index}@example.org")
        user.set_password(password)
        user.save()
        users.append(user)
    return users


@pytest.fixture
def applications(in_tenant_a, people):
    call = CallFactory(tenant=in_tenant_a, reference="ORD1")
    return [
        submitted(
            call,
            OrganisationFactory(owner=person, legal_name=f"Cooperativa {index}"),
            person,
            number=index + 1,
        )
        for index, person in enumerate(people)
    ]


def shown_rows(response):
    return [row.pk for row in response.context["cl"].result_list]


def check_hostile(client, url, baseline, params):
    response = client.get(url, params)
    assert response.status_code in {200, 302, 400}, (params, response.status_code)
    body = response.content.decode(errors="replace")
    assert not any(prefix in body for prefix in HASH_PREFIXES), params
    if response.status_code == 302:
        # Django's answer to a filter it does not know: the same list, saying so.
        assert response["Location"].endswith("?e=1"), (params, response["Location"])
    elif response.status_code == 200:
        rows = shown_rows(response)
        if "q" in params:
            assert rows == [], params  # searched as text, found nowhere
        else:
            assert rows == baseline, params
    return response


@pytest.mark.parametrize("params", HOSTILE_ORDERINGS + HOSTILE_FILTERS)
def test_the_user_list_ignores_or_refuses_hostile_parameters(operator, people, params):
    client = login(Client(HTTP_HOST=HOST_A), operator, mfa=True)
    url = reverse("admin:accounts_user_changelist")
    baseline = shown_rows(client.get(url))
    assert len(baseline) >= len(people)

    check_hostile(client, url, baseline, params)


@pytest.mark.parametrize("params", HOSTILE_ORDERINGS + HOSTILE_FILTERS)
def test_the_staff_list_of_applications_ignores_or_refuses_hostile_parameters(
    alice, applications, params
):
    client = login(Client(HTTP_HOST=HOST_A), alice, mfa=True)
    url = reverse("admin:applications_application_changelist")
    baseline = shown_rows(client.get(url))
    assert sorted(baseline) == sorted(a.pk for a in applications)

    check_hostile(client, url, baseline, params)


def test_a_shown_column_still_sorts(operator, people):
    """The ``o`` parameter keeps working for what the list shows (the test is not vacuous)."""
    client = login(Client(HTTP_HOST=HOST_A), operator, mfa=True)
    url = reverse("admin:accounts_user_changelist")
    by_email = client.get(url, {"o": "1"})
    by_email_desc = client.get(url, {"o": "-1"})

    assert shown_rows(by_email) == list(reversed(shown_rows(by_email_desc)))
    emails = [user.email for user in by_email.context["cl"].result_list]
    assert emails == sorted(emails)


def test_a_hidden_part_next_to_a_shown_column_is_dropped(operator, people):
    client = login(Client(HTTP_HOST=HOST_A), operator, mfa=True)
    url = reverse("admin:accounts_user_changelist")

    mixed = client.get(url, {"o": "-1.password.-user__password"})

    assert mixed.status_code == 200
    assert shown_rows(mixed) == shown_rows(client.get(url, {"o": "-1"}))


def test_every_change_list_survives_hostile_ordering_and_hidden_lookups(operator, applications):
    client = login(Client(HTTP_HOST=HOST_A), operator, mfa=True)
    probes = [
        {"o": "password"},
        {"o": "-user__password.1"},
        {"o": "1; DROP TABLE accounts_user"},
        {"user__password__startswith": "p"},
        {"created_by__password__startswith": "p"},
        {"q": "' OR 1=1 --"},
    ]
    checked = 0
    for model, _model_admin in admin.site._registry.items():
        try:
            url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
        except NoReverseMatch:
            continue
        for params in probes:
            response = client.get(url, params)
            assert response.status_code != 500, (url, params)
            assert response.status_code in {200, 302, 400, 403, 404}, (
                url,
                params,
                response.status_code,
            )
            body = response.content.decode(errors="replace")
            assert not any(prefix in body for prefix in HASH_PREFIXES), (url, params)
        checked += 1
    assert checked > 20


# --- The API's lists --------------------------------------------------------------------------


@pytest.fixture
def open_calls(in_tenant_a):
    return [
        CallFactory(tenant=in_tenant_a, reference=f"API{number}", slug=f"call-{number}")
        for number in range(4)
    ]


def slugs(response):
    return [call["slug"] for call in response.json()["results"]]


@pytest.mark.parametrize("params", HOSTILE_ORDERINGS)
def test_the_api_ignores_ordering_it_does_not_offer(client, open_calls, params):
    baseline = slugs(client.get("/api/v1/calls/"))
    assert len(baseline) == len(open_calls)

    response = client.get("/api/v1/calls/", params)

    assert response.status_code in {200, 400}, params
    if response.status_code == 200:
        assert slugs(response) == baseline, params


@pytest.mark.parametrize(
    "params",
    [
        {"status": "open' OR '1'='1"},
        {"kind": "grant; DROP TABLE calls_call"},
        {"work_package": "wp5' UNION SELECT password FROM accounts_user --"},
    ],
)
def test_the_api_filters_refuse_sql_with_a_400(client, open_calls, params):
    response = client.get("/api/v1/calls/", params)

    assert response.status_code == 400, params
    assert set(response.json()["errors"]) == set(params)


@pytest.mark.parametrize("params", HOSTILE_FILTERS[:4])
def test_the_api_ignores_lookups_on_hidden_fields(client, open_calls, params):
    baseline = slugs(client.get("/api/v1/calls/"))

    response = client.get("/api/v1/calls/", params)

    assert response.status_code in {200, 400}, params
    if response.status_code == 200:
        assert slugs(response) == baseline, params
