from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from socialtech.accounts.models import ApiToken, Membership, User
from socialtech.accounts.services import membership_grant, membership_revoke
from socialtech.tenancy.admin import OperatorOnlyAdminMixin, TenantScopedAdminMixin
from socialtech.tenancy.context import require_active_tenant


@admin.register(User)
class UserAdmin(OperatorOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["email", "full_name", "language", "is_active", "is_staff", "date_joined"]
    list_filter = ["is_active", "is_staff", "language"]
    search_fields = ["email", "full_name"]
    readonly_fields = ["last_login", "date_joined", "password"]
    fields = [
        "email",
        "full_name",
        "language",
        "timezone",
        "is_active",
        "is_staff",
        "is_superuser",
        "last_login",
        "date_joined",
    ]


class MembershipAddForm(forms.ModelForm):
    email = forms.EmailField(
        label=_("E-mail of the person"), help_text=_("They must have registered first.")
    )

    class Meta:
        model = Membership
        fields = ["role"]

    def clean_email(self) -> str:
        email = self.cleaned_data["email"].strip().lower()
        if not User.objects.filter(email__iexact=email).exists():
            raise forms.ValidationError(
                _("No account uses this e-mail address; ask the person to register first.")
            )
        return email


@admin.register(Membership)
class MembershipAdmin(TenantScopedAdminMixin, admin.ModelAdmin):
    list_display = ["user", "role", "is_active", "created_at"]
    list_filter = ["role", "is_active"]
    search_fields = ["user__email", "user__full_name"]
    list_select_related = ["user"]
    admin_roles = ("coordinator",)
    admin_read_only_roles = ("staff",)

    def get_form(
        self,
        request: HttpRequest,
        obj: Membership | None = None,
        change: bool = False,
        **kwargs: Any,
    ) -> Any:
        if obj is None:
            kwargs["form"] = MembershipAddForm
        return super().get_form(request, obj, change=change, **kwargs)

    def get_fields(self, request: HttpRequest, obj: Membership | None = None) -> Any:
        return ["email", "role"] if obj is None else ["user", "role", "is_active"]

    def get_readonly_fields(self, request: HttpRequest, obj: Membership | None = None) -> list[str]:
        return ["user", "role", "is_active"] if obj is not None else []

    def save_model(self, request: HttpRequest, obj: Membership, form: Any, change: bool) -> None:
        if not change:
            user = User.objects.get(email__iexact=form.cleaned_data["email"])
            granted = membership_grant(
                tenant=require_active_tenant(),
                user=user,
                role=obj.role,
                granted_by=request.user,  # type: ignore[arg-type]
            )  # type: ignore[arg-type]
            obj.pk = granted.pk

    def delete_model(self, request: HttpRequest, obj: Membership) -> None:
        membership_revoke(membership=obj, revoked_by=request.user)  # type: ignore[arg-type]


@admin.register(ApiToken)
class ApiTokenAdmin(TenantScopedAdminMixin, admin.ModelAdmin):
    list_display = ["prefix", "user", "created_at", "last_used_at"]
    search_fields = ["user__email", "prefix"]
    list_select_related = ["user"]
    readonly_fields = ["prefix", "user", "created_at", "last_used_at"]
    exclude = ["key_hash"]
    admin_roles = ("coordinator",)

    def has_add_permission(self, request: HttpRequest, *args: object) -> bool:
        return False

    @admin.display(description=_("key"))
    def masked(self, obj: ApiToken) -> str:
        return f"{obj.prefix}…"


def _reregister_for_operators() -> None:
    """Admins that third-party apps register know nothing of tenants: only operators get them."""
    from allauth.account.admin import EmailAddressAdmin
    from allauth.account.models import EmailAddress
    from allauth.mfa.admin import AuthenticatorAdmin
    from allauth.mfa.models import Authenticator
    from django.contrib.auth.models import Group
    from django_celery_beat import admin as beat_admin
    from django_celery_beat import models as beat_models

    if admin.site.is_registered(Group):
        admin.site.unregister(Group)
    pairs = [
        (EmailAddress, EmailAddressAdmin),
        (Authenticator, AuthenticatorAdmin),
        (beat_models.PeriodicTask, beat_admin.PeriodicTaskAdmin),
        (beat_models.ClockedSchedule, beat_admin.ClockedScheduleAdmin),
        (beat_models.CrontabSchedule, beat_admin.CrontabScheduleAdmin),
        (beat_models.SolarSchedule, admin.ModelAdmin),
        (beat_models.IntervalSchedule, admin.ModelAdmin),
    ]

    class TaskInline(beat_admin.PeriodicTaskInline):
        def get_queryset(self, request: HttpRequest) -> Any:
            # Each row's name reads its schedule: every kind is read with the tasks.
            schedules = ("interval", "crontab", "solar", "clocked")
            return super().get_queryset(request).select_related(*schedules)

    for model, base in pairs:
        if admin.site.is_registered(model):
            admin.site.unregister(model)
        extra = {"inlines": [TaskInline]} if getattr(base, "inlines", None) else {}
        admin.site.register(
            model, type(f"Operator{model.__name__}Admin", (OperatorOnlyAdminMixin, base), extra)
        )


_reregister_for_operators()
