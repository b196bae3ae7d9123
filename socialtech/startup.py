"""What a production start needs before it can serve a page, said in words an operator acts on.

With ``DEBUG`` off the static files are served from ``STATIC_ROOT`` through a manifest of
hashed names (WhiteNoise's ``CompressedManifestStaticFilesStorage``). Until
``collectstatic`` has written that manifest, every ``{% static %}`` raises and every page
is a server error. :func:`static_files_problem` says so before the first request: the WSGI
and ASGI entry points refuse to start with it, ``manage.py check_system`` reports it and
Django's system checks warn about it.
"""

from __future__ import annotations

import json

from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import ManifestFilesMixin, staticfiles_storage
from django.core.exceptions import ImproperlyConfigured

COLLECT_COMMAND = "python manage.py collectstatic --noinput"
# The patterns collectstatic ignores by default.
IGNORE_PATTERNS = ["CVS", ".*", "*~"]


def _collected_paths(storage: ManifestFilesMixin) -> set[str] | None:
    """The source paths in the manifest, or ``None`` when there is no manifest."""
    content = storage.read_manifest()
    if content is None:
        return None
    try:
        return set(json.loads(content).get("paths", {}))
    except (ValueError, AttributeError):
        return set()


def _source_paths() -> set[str]:
    paths: set[str] = set()
    for finder in finders.get_finders():
        for path, _storage in finder.list(IGNORE_PATTERNS):
            paths.add(path.replace("\\", "/"))
    return paths


def static_files_problem() -> str | None:
    """What is missing for the static files to be served, or ``None`` when nothing is.

    Only a manifest storage (production) needs ``collectstatic``; the development server
    serves the files where they are.
    """
    storage = staticfiles_storage
    if not isinstance(storage, ManifestFilesMixin):
        return None
    root = settings.STATIC_ROOT
    collected = _collected_paths(storage)
    if collected is None:
        return (
            f"The static files are not collected: {root} has no {storage.manifest_name}, "
            f"so every page would fail with a server error. Run: {COLLECT_COMMAND}"
        )
    missing = sorted(_source_paths() - collected)
    if missing:
        shown = ", ".join(missing[:3]) + (" …" if len(missing) > 3 else "")
        return (
            f"The static files in {root} are out of date: {len(missing)} file(s) are not "
            f"collected ({shown}), so pages using them would fail. Run: {COLLECT_COMMAND}"
        )
    return None


def require_ready_to_serve() -> None:
    """Refuse to start serving (raise :class:`ImproperlyConfigured`) when pages would fail."""
    problem = static_files_problem()
    if problem is not None:
        raise ImproperlyConfigured(problem)
