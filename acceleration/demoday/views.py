"""The demo day's pages under /acceleration/demo-day/: the public page of a published demo
day (the investors invited, and the selected pitches once the selection is published),
and the application to pitch for the owners and editors of the cohort's active
participants, who see their application's status on the demo day's page."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from acceleration.demoday import selectors, services
from acceleration.demoday.forms import PitchApplyForm
from acceleration.errors import AccelerationError
from acceleration.models import DemoDay, PitchStatus
from acceleration.participation import requesting_participations
from socialtech.accounts.roles import is_programme_staff


def _demo_day_or_404(request: HttpRequest, slug: str) -> DemoDay:
    try:
        return selectors.demo_day_for_viewer(slug=slug, is_staff=is_programme_staff(request.user))
    except DemoDay.DoesNotExist:
        raise Http404(_("No published demo day has this address.")) from None


@require_GET
def demo_day_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """The demo day: when (its zone named), where, the investors invited, the pitches once
    selected and published, and the viewer's own applications with their status."""
    demo_day = _demo_day_or_404(request, slug)
    participants = [
        participant
        for participant in requesting_participations(request.user)
        if participant.cohort_id == demo_day.cohort_id
    ]
    own = selectors.applications_of(demo_day=demo_day, participants=participants)
    is_published = demo_day.selection_published_at is not None
    return render(
        request,
        "acceleration/demoday/detail.html",
        {
            "demo_day": demo_day,
            "zone": selectors.context_zone(demo_day),
            "invited": list(selectors.invited_entries(demo_day)),
            "pitches": list(selectors.selected_pitches(demo_day)) if is_published else [],
            "selection_published": is_published,
            "own": own,
            "may_apply": bool(participants) and selectors.is_window_open(demo_day),
            "is_window_open": selectors.is_window_open(demo_day),
            "is_selected": any(row.status == PitchStatus.SELECTED for row in own) and is_published,
        },
    )


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def pitch_apply(request: HttpRequest, slug: str) -> HttpResponse:
    """Apply (or rewrite the application) to pitch, while the window is open."""
    demo_day = _demo_day_or_404(request, slug)
    participants = requesting_participations(request.user).filter(cohort_id=demo_day.cohort_id)
    if not participants.exists():
        raise Http404(_("Only the cohort's participants may apply to pitch."))
    back = reverse("acceleration_demo_day_detail", args=[demo_day.slug])
    form = PitchApplyForm(request.POST or None, participants=participants)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.pitch_apply(
                    by=request.user,
                    demo_day=demo_day,
                    participant=data["participant"],
                    summary=data["summary"],
                    ask=data["ask"],
                )
            except PermissionDenied:
                raise Http404 from None
            except AccelerationError as error:
                form.add_error(error.field if error.field in form.fields else None, error.message)
            else:
                messages.success(request, _("Your application to pitch is received."))
                return HttpResponseRedirect(back)
    return render(
        request,
        "acceleration/demoday/apply.html",
        {
            "demo_day": demo_day,
            "form": form,
            "zone": selectors.context_zone(demo_day),
            "is_window_open": selectors.is_window_open(demo_day),
        },
        status=status,
    )
