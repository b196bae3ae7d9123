"""The second lock: PostgreSQL row-level security on every tenant-owned table.

The test database is reached as a superuser, which PostgreSQL never holds to a policy.
So the tests that prove the policies make a plain role inside the test's transaction
(rolled back with it), grant it the table, ``SET ROLE`` to it and query with raw SQL.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction
from django.http import HttpRequest, HttpResponse
from django.test import RequestFactory

from socialtech.tenancy import rls
from socialtech.tenancy.context import no_tenant_scope, tenant_context
from socialtech.tenancy.middleware import TenantMiddleware
from socialtech.tenancy.models import HomeCard, Tenant, TenantOwnedModel
from tests.conftest import HOST_A

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="row-level security of PostgreSQL"
    ),
]

PROBE_ROLE = "socialtech_rls_probe"
CARDS = "tenancy_homecard"


def setting(name: str) -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_setting(%s, true)", [name])
        return cursor.fetchone()[0] or ""


def card(tenant: Tenant, title: str) -> HomeCard:
    with tenant_context(tenant):
        return HomeCard.objects.create(title={"en": title}, link="/calls/")


@pytest.fixture
def cards(tenant_a: Tenant, tenant_b: Tenant) -> dict[str, set[int]]:
    return {
        "a": {card(tenant_a, "Alpha one").pk, card(tenant_a, "Alpha two").pk},
        "b": {card(tenant_b, "Beta one").pk},
    }


@pytest.fixture
def as_plain_role() -> Iterator[Any]:
    """A cursor acting as an ordinary role (no superuser, not the owner) with the grants."""
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE ROLE {PROBE_ROLE} NOLOGIN NOSUPERUSER NOBYPASSRLS")
        cursor.execute(f"GRANT USAGE ON SCHEMA public TO {PROBE_ROLE}")
        cursor.execute(f"GRANT SELECT, INSERT, UPDATE, DELETE ON {CARDS} TO {PROBE_ROLE}")
        cursor.execute(f"GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO {PROBE_ROLE}")
        cursor.execute(
            "GRANT SELECT ON acceleration_demoday, acceleration_demoday_invited_entries "
            f"TO {PROBE_ROLE}"
        )
        cursor.execute(
            "SELECT set_config(%s, '', false), set_config(%s, '', false)",
            [rls.TENANT_SETTING, rls.BYPASS_SETTING],
        )
        cursor.execute(f"SET ROLE {PROBE_ROLE}")
        try:
            yield cursor
        finally:
            cursor.execute("RESET ROLE")


def visible_cards(cursor: Any) -> set[int]:
    cursor.execute("SELECT id FROM tenancy_homecard")
    return {row[0] for row in cursor.fetchall()}


def use(cursor: Any, tenant_id: int | str = "", bypass: str = "") -> None:
    cursor.execute(
        "SELECT set_config(%s, %s, false), set_config(%s, %s, false)",
        [rls.TENANT_SETTING, str(tenant_id), rls.BYPASS_SETTING, bypass],
    )


# --- The policies, as an ordinary role sees them ---------------------------------------------


def test_without_the_setting_a_raw_query_returns_nothing(cards, as_plain_role):
    assert visible_cards(as_plain_role) == set()


def test_with_the_setting_a_raw_query_returns_only_that_programmes_rows(
    cards, as_plain_role, tenant_a, tenant_b
):
    use(as_plain_role, tenant_a.pk)
    assert visible_cards(as_plain_role) == cards["a"]
    use(as_plain_role, tenant_b.pk)
    assert visible_cards(as_plain_role) == cards["b"]


def test_a_row_of_another_programme_is_refused_on_insert_and_update(
    cards, as_plain_role, tenant_a, tenant_b
):
    use(as_plain_role, tenant_a.pk)
    insert = (
        'INSERT INTO tenancy_homecard (tenant_id, title, text, link, "order") '
        "VALUES (%s, '{}', '{}', '/calls/', 0)"
    )
    with pytest.raises(DatabaseError, match="row-level security"), transaction.atomic():
        as_plain_role.execute(insert, [tenant_b.pk])
    with pytest.raises(DatabaseError, match="row-level security"), transaction.atomic():
        as_plain_role.execute("UPDATE tenancy_homecard SET tenant_id = %s", [tenant_b.pk])
    # Its own programme's row goes in.
    as_plain_role.execute(insert + " RETURNING id", [tenant_a.pk])
    assert as_plain_role.fetchone()[0] in visible_cards(as_plain_role)


def test_another_programmes_rows_cannot_be_changed_or_deleted(cards, as_plain_role, tenant_a):
    use(as_plain_role, tenant_a.pk)
    as_plain_role.execute("DELETE FROM tenancy_homecard WHERE id = ANY(%s)", [list(cards["b"])])
    assert as_plain_role.rowcount == 0
    use(as_plain_role, bypass="on")
    assert visible_cards(as_plain_role) >= cards["b"]


def test_the_bypass_shows_every_programme(cards, as_plain_role):
    use(as_plain_role, bypass="on")
    assert visible_cards(as_plain_role) == cards["a"] | cards["b"]
    use(as_plain_role, bypass="yes please")  # only the exact word opens it
    assert visible_cards(as_plain_role) == set()


@pytest.fixture
def invitations(tenant_a: Tenant, tenant_b: Tenant, alice: Any, charlie: Any) -> dict[str, int]:
    """A demo day with one invited directory entry in each programme: tenant pk -> demo day pk."""
    from tests.acceleration.factories_investors import cohort_make, demo_day_make, entry_make

    days: dict[str, int] = {}
    for key, tenant, staff in (("a", tenant_a, alice), ("b", tenant_b, charlie)):
        with tenant_context(tenant):
            day = demo_day_make(staff, cohort=cohort_make(), invited_entries=[entry_make(staff)])
            days[key] = day.pk
    return days


def test_a_row_reached_through_its_parent_follows_the_parents_programme(
    invitations, tenant_a, as_plain_role
):
    query = "SELECT demoday_id FROM acceleration_demoday_invited_entries"
    as_plain_role.execute(query)
    assert as_plain_role.fetchall() == []
    use(as_plain_role, tenant_a.pk)
    as_plain_role.execute(query)
    assert [row[0] for row in as_plain_role.fetchall()] == [invitations["a"]]
    use(as_plain_role, bypass="on")
    as_plain_role.execute(query)
    assert sorted(row[0] for row in as_plain_role.fetchall()) == sorted(invitations.values())
    policy = next(
        row for row in rls.protected_tables() if row.table == "acceleration_demoday_invited_entries"
    )
    assert policy.parent == "acceleration_demoday"


# --- Every tenant-owned table, found from the models -----------------------------------------


def test_every_tenant_owned_table_has_the_policy():
    assert rls.tables_without_policy() == []


def test_every_tenant_owned_model_is_found():
    tables = {row.table for row in rls.protected_tables()}
    owned = {
        model._meta.db_table
        for model in apps.get_models()
        if issubclass(model, TenantOwnedModel) and model._meta.managed
    }
    assert owned <= tables
    # a model with a tenant column either has the policy or is named with its reason
    for model in apps.get_models():
        if rls._tenant_foreign_key(model) is not None and model._meta.db_table not in tables:
            assert model._meta.label in rls.EXEMPT


def test_a_table_without_the_policy_is_reported_and_apply_rls_restores_it():
    with connection.cursor() as cursor:
        cursor.execute(f"DROP POLICY {rls.POLICY} ON {CARDS}")
    assert rls.tables_without_policy() == [CARDS]
    with pytest.raises(CommandError, match=CARDS):
        call_command("apply_rls", "--check")
    call_command("apply_rls")
    assert rls.tables_without_policy() == []


def test_after_migrate_a_table_left_without_the_policy_gets_it():
    with connection.cursor() as cursor:
        cursor.execute(f"ALTER TABLE {CARDS} DISABLE ROW LEVEL SECURITY")
    assert rls.tables_without_policy() == [CARDS]
    rls.apply_after_migrate(sender=apps.get_app_config("tenancy"))
    assert rls.tables_without_policy() == []


def test_a_table_with_rls_not_forced_is_reported():
    with connection.cursor() as cursor:
        cursor.execute(f"ALTER TABLE {CARDS} NO FORCE ROW LEVEL SECURITY")
    assert rls.tables_without_policy() == [CARDS]


# --- The setting follows the active tenant ---------------------------------------------------


def test_tenant_context_sets_the_setting_and_resets_it_after(tenant_a, tenant_b):
    assert setting(rls.TENANT_SETTING) == ""
    with tenant_context(tenant_a):
        assert setting(rls.TENANT_SETTING) == str(tenant_a.pk)
        with tenant_context(tenant_b):
            assert setting(rls.TENANT_SETTING) == str(tenant_b.pk)
        assert setting(rls.TENANT_SETTING) == str(tenant_a.pk)
    assert setting(rls.TENANT_SETTING) == ""


def test_no_tenant_scope_opens_the_bypass_and_closes_it_after(tenant_a):
    with tenant_context(tenant_a):
        assert setting(rls.BYPASS_SETTING) == ""
        with no_tenant_scope():
            assert setting(rls.BYPASS_SETTING) == "on"
        assert setting(rls.BYPASS_SETTING) == ""


def test_the_middleware_sets_the_request_programme_and_resets_it(tenant_a):
    seen: dict[str, str] = {}

    def view(request: HttpRequest) -> HttpResponse:
        seen["tenant"] = setting(rls.TENANT_SETTING)
        return HttpResponse("ok")

    response = TenantMiddleware(view)(RequestFactory().get("/", HTTP_HOST=HOST_A))
    assert response.status_code == 200
    assert seen["tenant"] == str(tenant_a.pk)
    assert setting(rls.TENANT_SETTING) == ""


def test_a_tenant_task_runs_with_its_programmes_setting(tenant_a):
    from socialtech.celery import TenantTask, app

    @app.task(base=TenantTask, name="tests.rls.read_setting")
    def read_setting() -> str:
        return setting(rls.TENANT_SETTING)

    assert read_setting(tenant_id=tenant_a.pk) == str(tenant_a.pk)
    assert setting(rls.TENANT_SETTING) == ""


def test_a_new_connection_starts_with_the_active_programme(tenant_a):
    with tenant_context(tenant_a):
        # within the test's transaction the connection cannot be replaced; the hook is
        # what a reconnect runs, so call it as Django's signal would
        use(connection.cursor(), "")
        rls.on_connection_created(sender=None, connection=connection)
        assert setting(rls.TENANT_SETTING) == str(tenant_a.pk)


def test_through_the_orm_the_plain_role_sees_only_the_active_programme(
    cards, as_plain_role, tenant_a
):
    # The base manager (what Django follows a foreign key with) has no tenant filter of
    # its own: only the database's lock keeps the other programme's rows out.
    with tenant_context(tenant_a):
        assert set(HomeCard._base_manager.values_list("pk", flat=True)) == cards["a"]
        assert set(HomeCard.objects.values_list("pk", flat=True)) == cards["a"]
    assert set(HomeCard._base_manager.values_list("pk", flat=True)) == set()


def test_the_allow_listed_doors_open_the_database_lock_too(cards, as_plain_role, tenant_a):
    every = cards["a"] | cards["b"]
    with tenant_context(tenant_a):
        assert set(HomeCard.unscoped.values_list("pk", flat=True)) == every
        assert HomeCard.unscoped.count() == len(every)
        assert HomeCard.unscoped.filter(pk__in=cards["b"]).exists()
        assert {card.pk for card in HomeCard.unscoped.iterator()} == every
        with no_tenant_scope():
            assert set(HomeCard.objects.values_list("pk", flat=True)) == every
        # and close it again after
        assert set(HomeCard._base_manager.values_list("pk", flat=True)) == cards["a"]


def test_the_unscoped_door_writes_the_programme_it_names(tenant_a, tenant_b, as_plain_role):
    # an operator's write for an explicit programme, made while another one is active
    with tenant_context(tenant_a):
        written = HomeCard.unscoped.create(tenant=tenant_b, title={"en": "For beta"}, link="/")
        HomeCard.unscoped.bulk_create(
            [HomeCard(tenant=tenant_b, title={"en": "Also beta"}, link="/")]
        )
        HomeCard.unscoped.filter(pk=written.pk).update(order=3)
        assert HomeCard._base_manager.filter(tenant=tenant_b).count() == 0
    with tenant_context(tenant_b):
        assert HomeCard._base_manager.get(pk=written.pk).order == 3
        assert HomeCard._base_manager.count() == 2
