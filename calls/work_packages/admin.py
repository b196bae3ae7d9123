"""The programme's work packages in the admin."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from calls.models import (
    WorkPackage,
)
from calls.work_packages.forms import WorkPackageAdminForm
from calls.work_packages.services import work_package_delete, work_package_save
from socialtech.admin_services import ServiceSavedAdminMixin
from socialtech.tenancy.admin import TenantScopedAdminMixin


@admin.register(WorkPackage)
class WorkPackageAdmin(ServiceSavedAdminMixin, TenantScopedAdminMixin, admin.ModelAdmin):
    """The programme's work packages: the calls are filed under them and filtered by them."""

    form = WorkPackageAdminForm
    list_display = ["__str__", "code", "order"]
    ordering = ["order", "code"]

    def save_through_service(
        self, request: HttpRequest, obj: WorkPackage, form: Any, change: bool
    ) -> WorkPackage:
        return work_package_save(
            by=request.user, work_package=obj if change else None, **form.service_values()
        )

    def delete_through_service(self, request: HttpRequest, obj: WorkPackage) -> None:
        work_package_delete(work_package=obj, by=request.user)
