"""Each programme's public content version: one number in the shared cache.

Public pages are stored under keys that carry the version of their programme; bumping the
number leaves the old pages unreachable (they expire on their own), so a programme's change
costs one cache write and never touches another programme's pages.

The number is bumped after every save or delete of a row shown on the public pages (the
signals below cover the services, the admin and the demo loader alike). A page whose
version moved while it was being made is not stored (socialtech/public_cache/pages.py).
What remains: a page begun after the write but before its transaction commits shows the
row as it was, and may be served so for ``PUBLIC_PAGE_CACHE_SECONDS`` at most. (A second
bump on commit would close that, at the price of an extra commit callback in every
transaction that touches a call, which the services' tests count.)
"""

from __future__ import annotations

import logging
import time
from typing import Any

from django.core.cache import cache
from django.db.models.signals import post_delete, post_save

log = logging.getLogger(__name__)

# The rows the public pages show, as "app_label.ModelName"; a whole app when no model is
# named. Learners' progress, enrolments and newsletter subscribers are left out: they are
# written often and are not part of any anonymous page.
PUBLIC_CONTENT = (
    "calls",
    "dissemination.NewsPost",
    "dissemination.Event",
    "dissemination.Registration",  # an event's seats left
    "mooc.Course",
    "mooc.Module",
    "mooc.Lesson",
    "tenancy",
)


def version_key(tenant_id: int) -> str:
    return f"public-pages:version:{tenant_id}"


def current_version(tenant_id: int) -> int:
    """The programme's version, started from the clock when the cache holds none (after an
    eviction or a flush), so a restarted count never meets pages stored under an old one."""
    key = version_key(tenant_id)
    version = cache.get(key)
    if version is None:
        cache.add(key, time.time_ns() // 1000, timeout=None)
        version = cache.get(key)
    return int(version or 0)


def bump(tenant_id: int | None) -> None:
    """Make the programme's public pages fresh (no-op for a row of no programme)."""
    if not tenant_id:
        return
    key = version_key(tenant_id)
    try:
        cache.incr(key)
    except ValueError:  # no number yet: any new one is unlike every stored page's
        cache.set(key, time.time_ns() // 1000, timeout=None)
    except Exception as error:  # the cache is down: nothing is served from it either
        log.warning("public page version not bumped: %s", type(error).__name__)


def _tenant_id_of(instance: Any) -> int | None:
    if instance._meta.label == "tenancy.Tenant":
        return int(instance.pk) if instance.pk else None
    return getattr(instance, "tenant_id", None)


def _changed(sender: Any, instance: Any, **kwargs: Any) -> None:
    if kwargs.get("raw"):  # fixtures loading: nothing is cached for them yet
        return
    bump(_tenant_id_of(instance))


def is_public_content(model: Any) -> bool:
    meta = model._meta
    return meta.app_label in PUBLIC_CONTENT or meta.label in PUBLIC_CONTENT


def connect_signals() -> None:
    from django.apps import apps

    for model in apps.get_models():
        if is_public_content(model):
            uid = f"public-pages:{model._meta.label}"
            post_save.connect(_changed, sender=model, dispatch_uid=f"{uid}:save")
            post_delete.connect(_changed, sender=model, dispatch_uid=f"{uid}:delete")
