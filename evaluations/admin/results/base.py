"""What the results pages share: who counts as back office, form errors tied to their
inputs, and the read-only admin base whose changes all go through the service pages.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.http import HttpRequest
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from applications.staff_selectors import staff_label
from socialtech.accounts.roles import Role, has_role
from socialtech.admin_services import ChangeContextAdminMixin, admin_page
from socialtech.tenancy.admin import ReadOnlyAdminMixin

TEMPLATES = "admin/evaluations/results"


def describe_errors(form: forms.Form) -> None:
    """Tie each field's error and help text to its input for screen readers."""
    for name, field in form.fields.items():
        bound = form[name]
        ids = []
        if field.help_text:
            ids.append(f"{bound.auto_id}_helptext")
        if name in form.errors:
            ids.append(f"{bound.auto_id}_error")
            field.widget.attrs["aria-invalid"] = "true"
        if ids:
            field.widget.attrs["aria-describedby"] = " ".join(ids)


def is_back_office(request: HttpRequest) -> bool:
    user = request.user
    return bool(
        user.is_authenticated
        and user.is_active
        and (user.is_superuser or has_role(user, Role.STAFF, Role.COORDINATOR))
    )


class ResultsAdminMixin(ChangeContextAdminMixin, ReadOnlyAdminMixin):
    """Read-only admins whose changes all go through the service pages of this package."""

    opts: Any

    def _page(
        self, request: HttpRequest, template: str, context: dict[str, Any], status: int = 200
    ) -> TemplateResponse:
        return admin_page(self, request, f"{TEMPLATES}/{template}", context, status)

    def _url(self, name: str, *args: Any) -> str:
        opts: Any = self.opts
        return reverse(f"admin:{opts.app_label}_{opts.model_name}_{name}", args=args)


class ApplicationRecordAdmin(ResultsAdminMixin, admin.ModelAdmin):
    """A record about one application (a consensus, a redress request): listed by its
    application's receipt number and call, searched by receipt number."""

    list_per_page = 50
    show_full_result_count = False
    search_fields = ["application__receipt_number"]
    search_help_text = _("Receipt number of the application.")
    actions = None

    @admin.display(description=_("application"), ordering="application__receipt_number")
    def reference(self, record: Any) -> str:
        return staff_label(record.application)

    @admin.display(description=_("call"))
    def call(self, record: Any) -> str:
        return str(record.application.call)
