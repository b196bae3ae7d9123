from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import Http404, HttpRequest
from django.utils.translation import gettext_lazy as _

from socialtech.accounts.roles import Role, has_role
from socialtech.admin_links import ViewerLinksAdminMixin
from socialtech.admin_times import ZonedTimesAdminMixin
from socialtech.tenancy.models import Domain, Tenant


class TenantScopedAdminMixin(ViewerLinksAdminMixin, ZonedTimesAdminMixin):
    """Admin for tenant-owned models: rows of the active tenant only, rights from the role.

    ``admin_roles`` lists the roles of the active tenant that may use this admin; the
    platform operator (superuser) may always. A row of another tenant is a 404, never a
    redirect that tells it exists. Links to other records lead only where the viewer may go.
    """

    admin_roles: tuple[str, ...] = (Role.STAFF, Role.COORDINATOR)
    admin_read_only_roles: tuple[str, ...] = ()

    def _allowed(self, request: HttpRequest, roles: tuple[str, ...]) -> bool:
        user = request.user
        if not user.is_authenticated or not user.is_active:
            return False
        if user.is_superuser:
            return True
        return has_role(user, *roles)

    def has_module_permission(self, request: HttpRequest) -> bool:
        return self._allowed(request, self.admin_roles + self.admin_read_only_roles)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._allowed(request, self.admin_roles + self.admin_read_only_roles)

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return self._allowed(request, self.admin_roles)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._allowed(request, self.admin_roles)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._allowed(request, self.admin_roles)

    def _get_obj_does_not_exist_redirect(
        self, request: HttpRequest, opts: Any, object_id: str
    ) -> Any:
        raise Http404(_("No such object in this programme."))


class OperatorOnlyAdminMixin(TenantScopedAdminMixin):
    """Installation-wide models that only the platform operator manages."""

    admin_roles = ()

    def _allowed(self, request: HttpRequest, roles: tuple[str, ...]) -> bool:
        return bool(
            request.user.is_authenticated and request.user.is_active and request.user.is_superuser
        )


class DomainInline(admin.TabularInline):
    model = Domain
    extra = 1


@admin.register(Tenant)
class TenantAdmin(OperatorOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["name", "slug", "default_timezone", "fstp_cap_per_recipient", "is_active"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [DomainInline]


@admin.register(Domain)
class DomainAdmin(OperatorOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["host", "tenant", "is_primary"]
    list_select_related = ["tenant"]
    search_fields = ["host"]
