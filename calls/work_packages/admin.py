"""The programme's work packages in the admin."""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect

from calls.models import (
    WorkPackage,
)
from calls.work_packages.forms import WorkPackageAdminForm
from calls.work_packages.services import work_package_delete, work_package_save
from socialtech.tenancy.admin import TenantScopedAdminMixin


@admin.register(WorkPackage)
class WorkPackageAdmin(TenantScopedAdminMixin, admin.ModelAdmin):
    """The programme's work packages: the calls are filed under them and filtered by them."""

    form = WorkPackageAdminForm
    list_display = ["__str__", "code", "order"]
    ordering = ["order", "code"]

    def save_model(self, request: HttpRequest, obj: WorkPackage, form: Any, change: bool) -> None:
        saved = work_package_save(
            by=request.user, work_package=obj if change else None, **form.service_values()
        )
        obj.__dict__.update(saved.__dict__)

    def delete_view(
        self, request: HttpRequest, object_id: str, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        try:
            return super().delete_view(request, object_id, extra_context)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
            return HttpResponseRedirect(request.get_full_path())

    def delete_model(self, request: HttpRequest, obj: WorkPackage) -> None:
        work_package_delete(work_package=obj, by=request.user)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[WorkPackage]) -> None:
        for work_package in queryset:
            work_package_delete(work_package=work_package, by=request.user)
