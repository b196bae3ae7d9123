"""Back office of the badges: the read-only list of the badges awarded (by whom, which
path, when, revoked or not) with the revocation, which asks a reason first; and the
programme's signing keys, read-only, with their rotation. Badges are awarded only by the
completion of a path."""

from __future__ import annotations

from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from socialtech.admin_services import admin_page
from socialtech.formatting import format_datetime
from socialtech.tenancy.admin import ReadOnlyAdminMixin
from upskilling.badges import selectors, services
from upskilling.badges.forms import BadgeRevokeForm
from upskilling.errors import UpskillingError
from upskilling.models import Badge, BadgeKey

BADGE_FIELDS: tuple[str, ...] = (
    "learner",
    "path",
    "awarded_at_text",
    "code_link",
    "revoked_at_text",
    "revocation_reason",
)


@admin.register(Badge)
class BadgeAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["learner", "path", "awarded_at_text", "revoked_at_text", "code_link"]
    list_display_links = ["learner"]
    list_filter = ["path"]
    search_fields = ["user__email", "user__full_name", "code", "path__title"]
    ordering = ["-awarded_at", "-pk"]
    list_per_page = 50
    show_full_result_count = False
    show_facets = admin.ShowFacets.NEVER
    actions = ["revoke_badges"]
    fields = BADGE_FIELDS
    readonly_fields = BADGE_FIELDS

    def get_queryset(self, request: HttpRequest) -> QuerySet[Badge]:
        return selectors.badges_for_staff()

    def has_revoke_permission(self, request: HttpRequest) -> bool:
        return self._allowed(request, self.admin_roles)

    @admin.display(description=_("learner"), ordering="user__email")
    def learner(self, badge: Badge) -> str:
        user = badge.user
        return f"{user.full_name} <{user.email}>" if user.full_name else str(user.email)

    @admin.display(description=_("awarded at"), ordering="awarded_at")
    def awarded_at_text(self, badge: Badge) -> str:
        return format_datetime(badge.awarded_at, badge.tenant.default_timezone)

    @admin.display(description=_("revoked at"), ordering="revoked_at")
    def revoked_at_text(self, badge: Badge) -> str:
        return format_datetime(badge.revoked_at, badge.tenant.default_timezone)

    @admin.display(description=_("verification code"), ordering="code")
    def code_link(self, badge: Badge) -> SafeString:
        return format_html(
            '<a href="{}">{}</a>', reverse("upskilling_badge", args=[badge.code]), badge.code
        )

    @admin.action(description=_("Revoke the selected badges…"), permissions=["revoke"])
    def revoke_badges(self, request: HttpRequest, queryset: QuerySet[Badge]) -> HttpResponse | None:
        """Ask the reason first (a page listing the badges), then revoke each one."""
        badges = list(queryset.select_related("path", "user"))
        form = BadgeRevokeForm(request.POST if "apply" in request.POST else None)
        if form.is_bound and form.is_valid():
            revoked = 0
            for badge in badges:
                try:
                    services.badge_revoke(
                        badge=badge, by=request.user, reason=form.cleaned_data["reason"]
                    )
                except UpskillingError as error:
                    messages.error(request, f"{badge.code}: {error.message}")
                else:
                    revoked += 1
            if revoked:
                messages.success(
                    request,
                    ngettext("%(count)d badge revoked.", "%(count)d badges revoked.", revoked)
                    % {"count": revoked},
                )
            return None
        return admin_page(
            self,
            request,
            "upskilling/badges/admin_revoke.html",
            {
                "title": gettext("Revoke badges"),
                "badges": badges,
                "form": form,
                "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
            },
        )


KEY_FIELDS: tuple[str, ...] = ("kid", "state", "created_at_text", "retired_at_text", "public_pem")


@admin.register(BadgeKey)
class BadgeKeyAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["kid", "state", "created_at_text", "retired_at_text"]
    ordering = ["-created_at", "-pk"]
    list_per_page = 50
    show_full_result_count = False
    show_facets = admin.ShowFacets.NEVER
    actions = ["rotate_key"]
    fields = KEY_FIELDS
    readonly_fields = KEY_FIELDS

    def get_queryset(self, request: HttpRequest) -> QuerySet[BadgeKey]:
        # The programme's clock names each time: read with the key, not once a row.
        return super().get_queryset(request).select_related("tenant")

    def has_rotate_permission(self, request: HttpRequest) -> bool:
        return self._allowed(request, self.admin_roles)

    @admin.display(description=_("state"))
    def state(self, key: BadgeKey) -> str:
        if key.retired_at is None:
            return gettext("Signs new badges")
        return gettext("Retired: still checks the badges it signed")

    @admin.display(description=_("created at"), ordering="created_at")
    def created_at_text(self, key: BadgeKey) -> str:
        return format_datetime(key.created_at, key.tenant.default_timezone)

    @admin.display(description=_("retired at"), ordering="retired_at")
    def retired_at_text(self, key: BadgeKey) -> str:
        return format_datetime(key.retired_at, key.tenant.default_timezone)

    @admin.action(
        description=_("Rotate the signing key (retire the key in use, make a new one)"),
        permissions=["rotate"],
    )
    def rotate_key(self, request: HttpRequest, queryset: QuerySet[BadgeKey]) -> None:
        """Whichever rows are selected, the programme's key in use is retired and a new
        one signs from now on; the retired key stays published."""
        key = services.badge_key_rotate(by=request.user)
        messages.success(
            request,
            gettext(
                "A new key (%(kid)s) signs the badges from now on; the previous key still "
                "checks the badges it signed."
            )
            % {"kid": key.kid},
        )
