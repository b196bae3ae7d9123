"""The dashboard's link on the back office's index, for those who may read it."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from reports.dashboard.selectors import may_read_dashboard
from socialtech.admin_dashboard import PageLink, register_page_link


def register() -> None:
    register_page_link(
        PageLink(
            name="reports-coordinator-dashboard",
            title=_("Coordinator dashboard"),
            url_name="admin:reports_dashboard",
            allowed=lambda request: may_read_dashboard(getattr(request, "user", None)),
            order=10,
        )
    )


__all__ = ["register"]
