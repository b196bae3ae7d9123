from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand
from django.db import transaction
from django_celery_beat.models import CrontabSchedule, IntervalSchedule, PeriodicTask

from socialtech.registry import schedules

PREFIX = "socialtech:"


class Command(BaseCommand):
    help = "Install or update the periodic tasks the apps register (idempotent)."

    @transaction.atomic
    def handle(self, *args: Any, **options: Any) -> None:
        wanted = {f"{PREFIX}{schedule.name}": schedule for schedule in schedules()}
        for name, schedule in wanted.items():
            defaults: dict[str, Any] = {
                "task": "tenancy.fan_out" if schedule.per_tenant else schedule.task,
                "description": schedule.description,
                "enabled": True,
                "kwargs": json.dumps({"task_name": schedule.task} if schedule.per_tenant else {}),
                "interval": None,
                "crontab": None,
            }
            if schedule.every:
                defaults["interval"], _ = IntervalSchedule.objects.get_or_create(
                    every=schedule.every, period=IntervalSchedule.SECONDS
                )
            else:
                crontab_fields = {
                    "minute": "*",
                    "hour": "*",
                    "day_of_week": "*",
                    "day_of_month": "*",
                    "month_of_year": "*",
                }
                crontab_fields.update(schedule.crontab)
                defaults["crontab"], _ = CrontabSchedule.objects.get_or_create(
                    timezone="UTC", **crontab_fields
                )
            PeriodicTask.objects.update_or_create(name=name, defaults=defaults)
        stale = PeriodicTask.objects.filter(name__startswith=PREFIX).exclude(name__in=wanted)
        removed = stale.count()
        stale.delete()
        self.stdout.write(f"Schedules: {len(wanted)} installed, {removed} removed.")
