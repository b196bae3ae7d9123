"""The Celery app. With no broker configured it uses the embedded file-system runner."""

from __future__ import annotations

import os
from typing import Any

from celery import Celery, Task

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "socialtech.settings")

app = Celery("socialtech")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


class TenantTask(Task):
    """A task that runs inside one tenant: its first keyword argument is ``tenant_id``."""

    abstract = True
    # tenant_id is consumed here, not by the task function: skip Celery's signature check.
    typing = False

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        from socialtech.tenancy.context import tenant_context

        tenant_id = kwargs.pop("tenant_id", None)
        if tenant_id is None:
            raise TypeError(f"{self.name} needs tenant_id=")
        with tenant_context(int(tenant_id)):
            return super().__call__(*args, **kwargs)
