"""The back office: Django's admin site, reached through allauth and scoped to the tenant."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.contrib import admin
from django.contrib.admin.apps import AdminConfig
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _


class SocialTechAdminSite(admin.AdminSite):
    site_header = _("SocialTech back office")
    site_title = _("SocialTech back office")
    index_title = _("Programme administration")
    enable_nav_sidebar = True

    def has_permission(self, request: HttpRequest) -> bool:
        # Imported here: this module also holds the AdminConfig, loaded before any model.
        from socialtech.accounts.roles import BACK_OFFICE_ROLES, has_role

        user = request.user
        if not (user.is_authenticated and user.is_active):
            return False
        return bool(user.is_superuser or has_role(user, *BACK_OFFICE_ROLES))

    def login(
        self, request: HttpRequest, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        """Sign-in goes through allauth (rate limits, verification, MFA) for the admin too."""
        next_url = request.GET.get("next", "")
        if not url_has_allowed_host_and_scheme(
            next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        ):
            # Another site's address is never passed on, even to a page that checks it.
            next_url = reverse("admin:index")
        if request.user.is_authenticated and not self.has_permission(request):
            # Signed in, but with no back-office role in this programme.
            raise PermissionDenied(_("Your account has no role in this programme's back office."))
        return redirect(f"{reverse('account_login')}?{urlencode({'next': next_url})}")

    def index(
        self, request: HttpRequest, extra_context: dict[str, Any] | None = None
    ) -> TemplateResponse:
        """The app list, with the dashboard's cards above it (admin_dashboard.py)."""
        from socialtech.admin_dashboard import cards_for, page_links_for

        context = {
            "dashboard_cards": cards_for(request, self),
            "dashboard_links": page_links_for(request),
            **(extra_context or {}),
        }
        return super().index(request, extra_context=context)

    def get_urls(self) -> list[Any]:
        """Every change list named by ``?o=`` sorts only by the columns it shows."""
        from socialtech.admin_ordering import guard_ordering

        for model_admin in self._registry.values():
            guard_ordering(model_admin)
        return super().get_urls()

    def each_context(self, request: HttpRequest) -> dict[str, Any]:
        context = super().each_context(request)
        tenant = getattr(request, "tenant", None)
        if tenant is not None:
            context["site_header"] = tenant.name
            context["site_title"] = tenant.name
        return context


class SocialTechAdminConfig(AdminConfig):
    default_site = "socialtech.admin_site.SocialTechAdminSite"
