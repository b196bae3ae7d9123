"""The hackathon pages under /connect/hackathons/: the hackathons (upcoming, then past), one
hackathon (with the teams' results once completed), the forms to bring a challenge and to
sign up, the button to withdraw, the signed-in person's hackathons, and a team's page with
its outcome form."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from connect_to_innovate.hackathons import selectors, services
from connect_to_innovate.hackathons.errors import HackathonError
from connect_to_innovate.hackathons.forms import ChallengeForm, OutcomeForm, SignupForm
from connect_to_innovate.models import (
    Hackathon,
    HackathonStatus,
    HackathonTeam,
    SignupStatus,
)
from socialtech.admin_services import apply_service_errors


def _hackathon_or_404(request: HttpRequest, slug: str) -> Hackathon:
    try:
        return selectors.hackathon_for_viewer(user=request.user, slug=slug)
    except Hackathon.DoesNotExist:
        raise Http404(_("No hackathon has this address.")) from None


def _detail_url(hackathon: Hackathon) -> str:
    return reverse("connect_hackathon_detail", args=[hackathon.slug])


@require_GET
def hackathon_list(request: HttpRequest) -> HttpResponse:
    """The programme's hackathons, those to come first (soonest first), then past ones,
    ten a page, each with its dates on its own clock and its places."""
    page = Paginator(selectors.public_hackathons(), selectors.HACKATHONS_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    hackathons = list(page.object_list)
    return render(
        request,
        "connect_to_innovate/hackathons/list.html",
        {"page": page, "hackathons": hackathons},
    )


@require_GET
def hackathon_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """A hackathon: when (zone named), where, its places, the viewer's sign-up and
    challenges, the buttons; once completed, the teams' challenges and outcomes."""
    hackathon = _hackathon_or_404(request, slug)
    signup = selectors.signup_of(hackathon=hackathon, user=request.user)
    is_completed = hackathon.status == HackathonStatus.COMPLETED
    return render(
        request,
        "connect_to_innovate/hackathons/detail.html",
        {
            "hackathon": hackathon,
            "signup": signup,
            "is_signed_up": signup is not None and signup.status != SignupStatus.WITHDRAWN,
            "waiting_place": selectors.waiting_place(signup) if signup else None,
            "my_challenges": selectors.challenges_of_user(hackathon=hackathon, user=request.user),
            "is_taking_part": selectors.is_taking_part(hackathon),
            "sparring_places_left": selectors.sparring_places_left(hackathon),
            "results": selectors.public_results(hackathon) if is_completed else [],
            "is_completed": is_completed,
            "is_preview": hackathon.status == HackathonStatus.DRAFT,
            "now": timezone.now(),
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
def challenge_submit(request: HttpRequest, slug: str) -> HttpResponse:
    """Bring a challenge of one of the person's organisations (owner or editor)."""
    hackathon = _hackathon_or_404(request, slug)
    organisations = list(selectors.editable_organisations(request.user))
    form = ChallengeForm(request.POST or None, organisations=organisations)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        organisation = next(org for org in organisations if org.pk == data["organisation"])
        try:
            services.challenge_submit(
                hackathon=hackathon,
                organisation=organisation,
                by=request.user,
                title=data["title"],
                problem=data["problem"],
                help_wanted=data["help_wanted"],
                skills_wanted=data["skills_wanted"],
            )
        except HackathonError as error:
            apply_service_errors(form, error)
        except PermissionDenied:
            form.add_error(
                "organisation", _("Only an owner or editor of the organisation may do this.")
            )
        else:
            messages.success(
                request, _("Your challenge is submitted; the staff will tell you by e-mail.")
            )
            return HttpResponseRedirect(_detail_url(hackathon))
    return render(
        request,
        "connect_to_innovate/hackathons/challenge_form.html",
        {
            "hackathon": hackathon,
            "form": form,
            "organisations": organisations,
            "is_taking_part": selectors.is_taking_part(hackathon),
        },
        status=400 if request.method == "POST" else 200,
    )


@require_http_methods(["GET", "POST"])
@login_required
def signup_create(request: HttpRequest, slug: str) -> HttpResponse:
    """Sign up as a coach or a sparring partner."""
    hackathon = _hackathon_or_404(request, slug)
    form = SignupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            signup = services.signup_create(
                hackathon=hackathon,
                user=request.user,
                role=data["role"],
                profession=data["profession"],
                skills=data["skills"],
                languages=data["languages"],
                bio=data["bio"],
                show_name=data["show_name"],
            )
        except HackathonError as error:
            apply_service_errors(form, error)
        else:
            if signup.status == SignupStatus.CONFIRMED:
                messages.success(request, _("You are signed up: your place is confirmed."))
            else:
                messages.success(
                    request,
                    _("All places are taken: you are on the waiting list, place %(place)s.")
                    % {"place": selectors.waiting_place(signup)},
                )
            return HttpResponseRedirect(_detail_url(hackathon))
    return render(
        request,
        "connect_to_innovate/hackathons/signup_form.html",
        {
            "hackathon": hackathon,
            "form": form,
            "is_taking_part": selectors.is_taking_part(hackathon),
            "sparring_places_left": selectors.sparring_places_left(hackathon),
        },
        status=400 if request.method == "POST" else 200,
    )


@require_POST
@login_required
def signup_withdraw(request: HttpRequest, slug: str) -> HttpResponse:
    """Withdraw the signed-in person's sign-up, then back to the hackathon."""
    hackathon = _hackathon_or_404(request, slug)
    signup = selectors.signup_of(hackathon=hackathon, user=request.user)
    if signup is None or signup.status == SignupStatus.WITHDRAWN:
        messages.error(request, _("You are not signed up for this hackathon."))
        return HttpResponseRedirect(_detail_url(hackathon))
    try:
        services.signup_withdraw(signup=signup, by=request.user)
    except HackathonError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Your sign-up is withdrawn."))
    return HttpResponseRedirect(_detail_url(hackathon))


@require_GET
@login_required
def my_hackathons(request: HttpRequest) -> HttpResponse:
    """The signed-in person's sign-ups (role, team) and their organisations' challenges."""
    signups = Paginator(selectors.my_signups(request.user), selectors.MINE_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    challenges = Paginator(
        selectors.my_challenges(request.user), selectors.MINE_PAGE_SIZE
    ).get_page(request.GET.get("challenges"))
    return render(
        request,
        "connect_to_innovate/hackathons/mine.html",
        {
            "signups": signups,
            "challenges": challenges,
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
def team_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """A team: its challenge, its people and its outcome; the outcome form for its
    enterprise's owners and editors and its coach while the hackathon is held."""
    try:
        team = selectors.team_for_viewer(user=request.user, slug=slug, pk=pk)
    except HackathonTeam.DoesNotExist:
        raise Http404(_("No team of yours has this address.")) from None
    may_record = selectors.may_record_outcome(request.user, team)
    is_held = team.hackathon.status == HackathonStatus.HELD
    initial: dict[str, Any] = {
        "outcome": team.outcome,
        "next_steps": team.next_steps,
        "plans_to_apply": {True: "yes", False: "no"}.get(team.plans_to_apply, ""),  # type: ignore[arg-type]
    }
    form = OutcomeForm(request.POST or None, initial=initial)
    status = 200
    if request.method == "POST":
        if not may_record:
            raise Http404(_("No team of yours has this address."))
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.team_outcome_record(
                    team=team,
                    by=request.user,
                    outcome=data["outcome"],
                    next_steps=data["next_steps"],
                    plans_to_apply=data["plans_to_apply"],
                )
            except HackathonError as error:
                apply_service_errors(form, error)
            else:
                messages.success(request, _("The team's outcome is recorded."))
                return HttpResponseRedirect(request.path)
        status = 400
    members = list(selectors.team_members(team))
    return render(
        request,
        "connect_to_innovate/hackathons/team.html",
        {
            "team": team,
            "hackathon": team.hackathon,
            "members": members,
            "form": form,
            "may_record": may_record and is_held,
            "warnings": selectors.team_warnings(team, members),
        },
        status=status,
    )
