"""A session's attendance page (staff and the session's mentor) and the mentor's own page
(their mentees and sessions). A session of another programme, or one the viewer may not
record, is a 404."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from acceleration.errors import AccelerationError
from acceleration.mentoring import selectors, services
from acceleration.mentoring.forms import AttendanceForm
from acceleration.models import Session

SESSIONS_PAGE_SIZE = 25


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def attendance(request: HttpRequest, pk: int) -> HttpResponse:
    """Record who was at the session."""
    try:
        session = selectors.session_for_page(pk)
    except Session.DoesNotExist:
        raise Http404(_("No session at this address.")) from None
    if not services.may_record_attendance(request.user, session):
        raise Http404(_("No session at this address."))
    participants = selectors.expected_participants(session)
    current = selectors.attendance_by_participant(session)
    form = AttendanceForm(
        request.POST if request.method == "POST" else None,
        participants=participants,
        current=current,
    )
    status = 200
    if request.method == "POST":
        if form.is_valid():
            by_pk = {participant.pk: participant for participant in participants}
            try:
                for participant_pk, value in form.chosen().items():
                    services.attendance_record(
                        session=session,
                        participant=by_pk[participant_pk],
                        status=value,
                        by=request.user,
                    )
            except AccelerationError as error:
                form.add_error(None, error.message)
            else:
                messages.success(request, _("The attendance is saved."))
                return redirect(reverse("acceleration_session_attendance", args=[session.pk]))
        status = 400
    context = {
        "session": session,
        "zone": session.cohort.call.timezone,
        "form": form,
        "has_started": session.starts_at <= timezone.now(),
    }
    return render(request, "acceleration/attendance.html", context, status=status)


@login_required
@require_GET
def mentoring_mine(request: HttpRequest) -> HttpResponse:
    """The mentor's mentees and sessions (an empty state for someone who mentors nobody)."""
    mentor = selectors.mentor_of(request.user)
    context: dict[str, object] = {"mentor": mentor, "pairings": [], "page": None}
    if mentor is not None:
        context["pairings"] = list(selectors.mentor_pairings(mentor))
        context["page"] = Paginator(selectors.mentor_sessions(mentor), SESSIONS_PAGE_SIZE).get_page(
            request.GET.get("page")
        )
    return render(request, "acceleration/mentoring.html", context)
