"""Back office: a person's data exported by staff of their programme, erased by the operator."""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from privacy.erasure.services import is_erased, person_erase
from privacy.export.services import personal_data_export
from privacy.models import Person, RetentionHold
from privacy.retention.selectors import retention_end
from socialtech.accounts.roles import Role
from socialtech.tenancy.admin import ReadOnlyAdminMixin, TenantScopedAdminMixin
from socialtech.tenancy.context import get_active_tenant


def people_of_programme(tenant: Any) -> Q:
    """People with a role in ``tenant`` or who wrote an application there."""
    return Q(memberships__tenant=tenant) | Q(pk__in=_application_authors(tenant))


def _application_authors(tenant: Any) -> Any:
    from applications.models import Application

    return Application.objects.filter(tenant=tenant).values("created_by")


@admin.register(Person)
class PersonAdmin(TenantScopedAdminMixin, admin.ModelAdmin):
    list_display = ["email", "full_name", "date_joined", "is_active"]
    search_fields = ["email", "full_name"]
    fields = ["email", "full_name", "language", "date_joined", "last_login", "is_active"]
    readonly_fields = ["email", "full_name", "language", "date_joined", "last_login", "is_active"]
    admin_roles = (Role.COORDINATOR,)
    admin_read_only_roles = (Role.STAFF,)
    actions = ["download_data", "erase_people"]

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        queryset = super().get_queryset(request)
        if request.user.is_superuser:
            return queryset
        tenant = get_active_tenant()
        if tenant is None:
            return queryset.none()
        return queryset.filter(people_of_programme(tenant)).distinct()

    def get_actions(self, request: HttpRequest) -> Any:
        actions = super().get_actions(request)
        if not request.user.is_superuser:
            actions.pop("erase_people", None)
        return actions

    @admin.action(description=gettext_lazy("Download the person's data (JSON)"))
    def download_data(self, request: HttpRequest, queryset: QuerySet[Any]) -> HttpResponse | None:
        people = list(queryset[:2])
        if len(people) != 1:
            self.message_user(request, _("Choose one person."), messages.WARNING)
            return None
        person = people[0]
        # Staff export what their programme holds; the operator everything.
        tenant = None if request.user.is_superuser else get_active_tenant()
        document = personal_data_export(user=person, by=request.user, tenant=tenant)
        response = HttpResponse(document, content_type="application/json; charset=utf-8")
        stamp = timezone.now().strftime("%Y%m%d")
        response["Content-Disposition"] = (
            f'attachment; filename="personal-data-{person.pk}-{stamp}.json"'
        )
        return response

    @admin.action(description=gettext_lazy("Erase at the person's request"))
    def erase_people(self, request: HttpRequest, queryset: QuerySet[Any]) -> HttpResponse | None:
        if not request.user.is_superuser:
            return None
        people = [person for person in queryset if not is_erased(person)]
        if request.POST.get("confirm") != "yes":
            return TemplateResponse(
                request,
                "privacy/admin_erase_confirm.html",
                {
                    **self.admin_site.each_context(request),
                    "title": _("Erase these people?"),
                    "people": people,
                    "opts": self.model._meta,
                    "action": "erase_people",
                },
            )
        for person in people:
            person_erase(user=person, by=request.user)
        self.message_user(
            request, _("%(count)d people erased.") % {"count": len(people)}, messages.SUCCESS
        )
        return None


@admin.register(RetentionHold)
class RetentionHoldAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    # The end of each retention is read row by row: shown on the record's page only.
    list_display = ["application", "erased_user_id", "created_at"]
    list_select_related = ["application__call"]
    fields = ["application", "erased_user_id", "created_at", "kept_until"]
    readonly_fields = ["application", "erased_user_id", "created_at", "kept_until"]
    admin_roles = (Role.COORDINATOR, Role.STAFF)

    @admin.display(description=gettext_lazy("kept until"))
    def kept_until(self, obj: RetentionHold) -> Any:
        return retention_end(obj.application)
