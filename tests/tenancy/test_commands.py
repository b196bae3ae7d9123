from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django_celery_beat.models import PeriodicTask

from socialtech import registry
from socialtech.accounts.models import Membership
from socialtech.tenancy.context import get_active_tenant
from socialtech.tenancy.management.base import TenantCommand


class CountMemberships(TenantCommand):
    seen: list[tuple[str, int]]

    def handle_tenant(self, tenant, **options):
        assert get_active_tenant() == tenant
        self.seen.append((tenant.slug, Membership.objects.count()))


def test_tenant_command_runs_inside_the_named_tenant(alice, bob, charlie):
    command = CountMemberships()
    command.seen = []
    call_command(command, tenant="alpha")
    assert command.seen == [("alpha", 2)]


def test_tenant_command_runs_in_every_tenant(alice, bob, charlie):
    command = CountMemberships()
    command.seen = []
    call_command(command, all_tenants=True)
    assert command.seen == [("alpha", 2), ("beta", 1)]


def test_tenant_command_names_the_known_slugs_for_an_unknown_one(tenant_a, tenant_b):
    command = CountMemberships()
    command.seen = []
    with pytest.raises(CommandError, match="Known: alpha, beta"):
        call_command(command, tenant="gamma")


def test_install_schedules_is_idempotent_and_removes_stale_rows(db, monkeypatch):
    monkeypatch.setattr(registry, "_schedules", {})
    registry.register_schedule(
        registry.Schedule(name="close-calls", task="calls.close_due", every=60)
    )
    call_command("install_schedules", stdout=StringIO())
    call_command("install_schedules", stdout=StringIO())
    task = PeriodicTask.objects.get(name="socialtech:close-calls")
    assert task.task == "tenancy.fan_out"
    assert json.loads(task.kwargs) == {"task_name": "calls.close_due"}
    assert task.interval.every == 60

    monkeypatch.setattr(registry, "_schedules", {})
    call_command("install_schedules", stdout=StringIO())
    assert not PeriodicTask.objects.filter(name__startswith="socialtech:").exists()


def test_a_schedule_needs_exactly_one_timing():
    with pytest.raises(ValueError, match="either every= or crontab="):
        registry.register_schedule(registry.Schedule(name="x", task="y"))


def test_fan_out_queues_the_task_once_per_active_tenant(tenant_a, tenant_b, monkeypatch):
    from socialtech.tenancy import tasks

    sent = []
    monkeypatch.setattr(tasks.app, "send_task", lambda name, kwargs: sent.append((name, kwargs)))
    tenant_b.is_active = False
    tenant_b.save()
    assert tasks.fan_out("calls.close_due") == 1
    assert sent == [("calls.close_due", {"tenant_id": tenant_a.pk})]


def test_tenant_task_runs_inside_its_tenant_and_needs_the_id(tenant_a):
    from socialtech.celery import TenantTask, app

    @app.task(base=TenantTask, name="tests.active_tenant_slug")
    def active_tenant_slug():
        return get_active_tenant().slug

    assert active_tenant_slug.apply(kwargs={"tenant_id": tenant_a.pk}).get() == "alpha"
    with pytest.raises(TypeError, match="needs tenant_id"):
        active_tenant_slug.apply(kwargs={}).get()
