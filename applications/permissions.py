"""Who may see and change an application in the applicant pages (views, tasks and API alike).

Members of the applying organisation see its applications; owners and editors change
them. Everyone else gets a 404 from the applicant pages, programme staff included: staff
work on applications in the admin site, never through these pages.
"""

from __future__ import annotations

from typing import Any

from applications.models import Application
from organisations.permissions import member_role, role_can_edit


def viewer_role(user: Any, application: Application) -> str | None:
    """The role of ``user`` in the applying organisation, or ``None`` for a non-member.

    An application loaded by :func:`applications.selectors.member_applications` carries the
    role as ``viewer_role`` (for ``viewer_id``); then no query is needed.
    """
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return None
    if getattr(application, "viewer_id", None) == user.pk:
        return application.viewer_role  # type: ignore[attr-defined]
    return member_role(user, application.organisation)


def can_view_application(user: Any, application: Application) -> bool:
    return viewer_role(user, application) is not None


def can_edit_application(user: Any, application: Application) -> bool:
    """Owners and editors of the organisation; whether the draft is still open is the
    application's own state (:meth:`Application.is_editable`), checked separately."""
    return role_can_edit(viewer_role(user, application))
