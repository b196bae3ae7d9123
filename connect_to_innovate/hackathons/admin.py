"""Back office of the hackathons: write a hackathon and move it through its states; decide
the challenges brought (the enterprise is e-mailed); the sign-ups, read-only, which staff may
withdraw; the teams page (challenges, people in no team, a form per team, "suggest teams",
"publish the teams"); and every team's outcome. Rows change only through the services."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import URLPattern, path, reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.text import Truncator
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from connect_to_innovate.hackathons import selectors, services
from connect_to_innovate.hackathons.errors import HackathonError
from connect_to_innovate.models import (
    Hackathon,
    HackathonChallenge,
    HackathonSignup,
    HackathonTeam,
    SignupStatus,
)
from socialtech.admin_services import (
    ServiceSavedAdminMixin,
    admin_action,
    admin_page,
    move_each,
)
from socialtech.tenancy.admin import ReadOnlyAdminMixin, TenantScopedAdminMixin


def _move(request: HttpRequest, rows: Any, service: Any, done: str, keyword: str) -> None:
    move_each(request, rows, service, keyword=keyword, done=done, refused=HackathonError)


class HackathonAdminForm(forms.ModelForm):
    class Meta:
        model = Hackathon
        fields = [
            "slug",
            "title",
            "summary",
            "description",
            "place",
            "is_online",
            "starts_at",
            "ends_at",
            "timezone",
            "signup_closes_at",
            "challenge_capacity",
            "sparring_capacity",
        ]


@admin.register(Hackathon)
class HackathonAdmin(ServiceSavedAdminMixin, TenantScopedAdminMixin, admin.ModelAdmin):
    form = HackathonAdminForm
    list_display = [
        "title",
        "starts_at",
        "status",
        "accepted",
        "sparring",
        "teams_link",
    ]
    list_filter = ["status"]
    search_fields = ["title", "slug", "place"]
    ordering = ["-starts_at", "-pk"]
    list_per_page = 50
    show_full_result_count = False
    show_facets = admin.ShowFacets.NEVER
    actions = [
        "open_hackathons",
        "close_hackathons",
        "hold_hackathons",
        "complete_hackathons",
    ]
    readonly_fields = [
        "teams_link",
        "status",
        "opened_at",
        "closed_at",
        "teams_published_at",
        "held_at",
        "completed_at",
    ]
    service_error_fields = {"timezone_name": "timezone"}

    def get_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        return [*HackathonAdminForm.Meta.fields, *self.readonly_fields]

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # A hackathon is history once announced: it stays, with its teams and outcomes.
        return False

    def get_queryset(self, request: HttpRequest) -> QuerySet[Hackathon]:
        return selectors.with_counts(super().get_queryset(request))

    @admin.display(description=_("challenges accepted"), ordering="accepted_count")
    def accepted(self, hackathon: Hackathon) -> int:
        return int(getattr(hackathon, "accepted_count", 0))

    @admin.display(description=_("sparring partners"), ordering="sparring_count")
    def sparring(self, hackathon: Hackathon) -> int:
        return int(getattr(hackathon, "sparring_count", 0))

    @admin.display(description=_("teams"))
    def teams_link(self, hackathon: Hackathon) -> SafeString:
        if hackathon.pk is None:
            return format_html("{}", "—")
        return format_html(
            '<a href="{}">{}</a>',
            reverse("admin:connect_hackathon_teams", args=[hackathon.pk]),
            gettext("Form the teams"),
        )

    def save_through_service(
        self, request: HttpRequest, obj: Hackathon, form: Any, change: bool
    ) -> Hackathon:
        data = form.cleaned_data
        return services.hackathon_save(
            by=request.user,
            hackathon=obj if change else None,
            slug=data["slug"],
            title=data["title"],
            summary=data["summary"],
            description=data.get("description") or "",
            place=data.get("place") or "",
            is_online=bool(data.get("is_online")),
            starts_at=data["starts_at"],
            ends_at=data["ends_at"],
            timezone_name=data["timezone"],
            signup_closes_at=data["signup_closes_at"],
            challenge_capacity=data["challenge_capacity"],
            sparring_capacity=data["sparring_capacity"],
        )

    @admin.action(description=_("Open the selected hackathons for sign-up"))
    def open_hackathons(self, request: HttpRequest, queryset: QuerySet[Hackathon]) -> None:
        _move(
            request,
            queryset,
            services.hackathon_open,
            gettext("“%(hackathon)s” is open."),
            "hackathon",
        )

    @admin.action(description=_("Close the sign-up of the selected hackathons"))
    def close_hackathons(self, request: HttpRequest, queryset: QuerySet[Hackathon]) -> None:
        _move(
            request,
            queryset,
            services.hackathon_close,
            gettext("“%(hackathon)s” is closed."),
            "hackathon",
        )

    @admin.action(description=_("Mark the selected hackathons as held"))
    def hold_hackathons(self, request: HttpRequest, queryset: QuerySet[Hackathon]) -> None:
        _move(
            request,
            queryset,
            services.hackathon_hold,
            gettext("“%(hackathon)s” is held."),
            "hackathon",
        )

    @admin.action(description=_("Complete the selected hackathons (outcomes go public)"))
    def complete_hackathons(self, request: HttpRequest, queryset: QuerySet[Hackathon]) -> None:
        _move(
            request,
            queryset,
            services.hackathon_complete,
            gettext("“%(hackathon)s” is completed."),
            "hackathon",
        )

    # --- The teams page ---------------------------------------------------------------

    def get_urls(self) -> list[URLPattern]:
        view = self.admin_site.admin_view
        return [
            path("<int:pk>/teams/", view(self.teams_view), name="connect_hackathon_teams"),
            *super().get_urls(),
        ]

    def teams_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        """The challenges, the people in no team, a form per team; and the buttons."""
        if not self.has_change_permission(request):
            raise PermissionDenied
        hackathon = get_object_or_404(Hackathon.objects.all(), pk=pk)
        here = reverse("admin:connect_hackathon_teams", args=[hackathon.pk])
        if request.method == "POST":
            return self._teams_post(request, hackathon, here)
        board = selectors.team_board(hackathon)
        for team in board["teams"]:
            team.warnings = selectors.team_warnings(team, team.people)  # type: ignore[attr-defined]
        return admin_page(
            self,
            request,
            "admin/connect_to_innovate/hackathon_teams.html",
            {
                "title": gettext("Teams of %(hackathon)s") % {"hackathon": hackathon.title},
                "original": hackathon,
                "is_forming": hackathon.status in selectors.FORMING,
                **board,
            },
        )

    def _teams_post(self, request: HttpRequest, hackathon: Hackathon, here: str) -> HttpResponse:
        action = request.POST.get("action", "")
        user = request.user

        def signup() -> HackathonSignup:
            return get_object_or_404(
                HackathonSignup.objects.filter(hackathon=hackathon), pk=request.POST.get("signup")
            )

        if action == "suggest":
            return admin_action(
                request,
                lambda: services.teams_suggest(hackathon=hackathon, by=user),
                done=lambda result: (
                    gettext("%(formed)s teams formed, %(placed)s people placed.") % result
                ),
                to=here,
            )
        if action == "publish":
            return admin_action(
                request,
                lambda: services.teams_publish(hackathon=hackathon, by=user),
                done=lambda result: gettext("The teams are published; their people are e-mailed."),
                to=here,
            )
        if action == "form":
            challenge = get_object_or_404(
                HackathonChallenge.objects.filter(hackathon=hackathon),
                pk=request.POST.get("challenge"),
            )
            return admin_action(
                request,
                lambda: services.team_form(challenge=challenge, by=user),
                done=lambda team: gettext("The team “%(team)s” is formed.") % {"team": team.name},
                to=here,
            )
        if action == "add":
            team = get_object_or_404(
                HackathonTeam.objects.filter(hackathon=hackathon), pk=request.POST.get("team")
            )
            person = signup()
            return admin_action(
                request,
                lambda: services.team_member_add(team=team, signup=person, by=user),
                done=lambda row: (
                    gettext("%(person)s joined “%(team)s”.")
                    % {"person": row.user, "team": team.name}
                ),
                to=here,
            )
        if action == "remove":
            person = signup()
            return admin_action(
                request,
                lambda: services.team_member_remove(signup=person, by=user),
                done=lambda row: gettext("%(person)s is in no team now.") % {"person": row.user},
                to=here,
            )
        raise Http404(gettext("No such action."))


@admin.register(HackathonChallenge)
class HackathonChallengeAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["title", "organisation", "hackathon", "status", "created_at"]
    list_filter = ["status", "hackathon"]
    search_fields = ["title", "organisation__legal_name", "organisation__short_name"]
    list_select_related = ["organisation", "hackathon"]
    ordering = ["hackathon", "created_at", "pk"]
    list_per_page = 100
    show_full_result_count = False
    show_facets = admin.ShowFacets.NEVER
    actions = ["accept_challenges", "decline_challenges"]

    def get_actions(self, request: HttpRequest) -> Any:
        actions = super().get_actions(request)
        if not TenantScopedAdminMixin.has_change_permission(self, request):
            actions.pop("accept_challenges", None)
            actions.pop("decline_challenges", None)
        return actions

    @admin.action(description=_("Accept the selected challenges (the enterprises are e-mailed)"))
    def accept_challenges(
        self, request: HttpRequest, queryset: QuerySet[HackathonChallenge]
    ) -> None:
        _move(
            request,
            queryset.select_related("hackathon"),
            services.challenge_accept,
            gettext("“%(challenge)s” is accepted."),
            "challenge",
        )

    @admin.action(description=_("Decline the selected challenges (the enterprises are e-mailed)"))
    def decline_challenges(
        self, request: HttpRequest, queryset: QuerySet[HackathonChallenge]
    ) -> None:
        _move(
            request,
            queryset.select_related("hackathon"),
            services.challenge_decline,
            gettext("“%(challenge)s” is declined."),
            "challenge",
        )


@admin.register(HackathonSignup)
class HackathonSignupAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["user", "hackathon", "role", "profession", "status", "position", "team"]
    list_filter = ["status", "role", "hackathon"]
    search_fields = ["user__email", "user__full_name", "profession"]
    list_select_related = ["user", "hackathon", "team"]
    ordering = ["hackathon", "role", "status", "position", "created_at", "pk"]
    list_per_page = 100
    show_full_result_count = False
    show_facets = admin.ShowFacets.NEVER
    actions = ["withdraw_signups"]

    def get_actions(self, request: HttpRequest) -> Any:
        actions = super().get_actions(request)
        if not TenantScopedAdminMixin.has_change_permission(self, request):
            actions.pop("withdraw_signups", None)
        return actions

    @admin.action(
        description=_(
            "Withdraw the selected sign-ups (a freed place goes to the first person waiting)"
        )
    )
    def withdraw_signups(self, request: HttpRequest, queryset: QuerySet[HackathonSignup]) -> None:
        rows = list(
            queryset.select_related("hackathon", "user").exclude(status=SignupStatus.WITHDRAWN)
        )
        for row in rows:
            row.title = str(row)  # type: ignore[attr-defined]
        _move(
            request, rows, services.signup_withdraw, gettext("“%(signup)s” is withdrawn."), "signup"
        )


@admin.register(HackathonTeam)
class HackathonTeamAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Every team's outcome, for staff to read across hackathons."""

    list_display = [
        "name",
        "hackathon",
        "challenge",
        "outcome_excerpt",
        "plans_to_apply",
        "outcome_recorded_at",
    ]
    list_filter = ["hackathon", "plans_to_apply"]
    search_fields = ["name", "challenge__title", "outcome", "next_steps"]
    list_select_related = ["hackathon", "challenge"]
    ordering = ["hackathon", "name", "pk"]
    list_per_page = 100
    show_full_result_count = False
    show_facets = admin.ShowFacets.NEVER

    @admin.display(description=_("outcome"))
    def outcome_excerpt(self, team: HackathonTeam) -> str:
        return Truncator(team.outcome).chars(120) if team.outcome else "—"
