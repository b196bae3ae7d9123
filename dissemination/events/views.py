"""The event pages under /events/: the events (upcoming first, then past), one event with
its seats and the viewer's registration, the buttons to register and cancel, the
iCalendar file, and the signed-in person's registrations."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from dissemination.errors import DisseminationError
from dissemination.events import ical, selectors, services
from dissemination.models import Event, EventStatus, RegistrationStatus
from dissemination.text import plain_text
from socialtech.public_cache.pages import public_page


def _event_or_404(request: HttpRequest, slug: str) -> Event:
    try:
        return selectors.event_for_viewer(user=request.user, slug=slug)
    except Event.DoesNotExist:
        raise Http404(_("No published event has this address.")) from None


@public_page
@require_GET
def event_list(request: HttpRequest) -> HttpResponse:
    """The programme's events, those to come first (soonest first), then past ones, ten a
    page, each with its date on the programme's clock and the seats left."""
    page = Paginator(selectors.public_events(), selectors.EVENTS_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    events = list(page.object_list)
    for event in events:
        event.seats_left = selectors.seats_left(event)  # type: ignore[attr-defined]
    return render(request, "dissemination/events/list.html", {"page": page, "events": events})


@public_page
@require_GET
def event_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """An event: when (on the programme's clock, zone named), where, the seats left, the
    viewer's registration and place on the waiting list, the online link for those with a
    seat, and the register or cancel button."""
    event = _event_or_404(request, slug)
    registration = selectors.registration_of(event=event, user=request.user)
    now = timezone.now()
    is_open = (
        event.status == EventStatus.PUBLISHED
        and event.starts_at > now
        and (event.registration_closes_at is None or event.registration_closes_at > now)
    )
    return render(
        request,
        "dissemination/events/detail.html",
        {
            "event": event,
            "registration": registration,
            "is_registered": registration is not None
            and registration.status != RegistrationStatus.CANCELLED,
            "has_seat": registration is not None
            and registration.status == RegistrationStatus.CONFIRMED,
            "waiting_place": selectors.waiting_place(registration) if registration else None,
            "seats_left": selectors.seats_left(event),
            "is_open": is_open,
            "is_past": event.ends_at < now,
            "is_preview": event.status == EventStatus.DRAFT,
        },
    )


@require_POST
@login_required
def event_register(request: HttpRequest, slug: str) -> HttpResponse:
    """Register the signed-in person (a seat, or the waiting list), then back to the event."""
    event = _event_or_404(request, slug)
    back = reverse("dissemination_event_detail", args=[event.slug])
    try:
        registration = services.event_register(event=event, user=request.user)
    except DisseminationError as error:
        messages.error(request, error.message)
        return HttpResponseRedirect(back)
    if registration.status == RegistrationStatus.CONFIRMED:
        messages.success(request, _("You are registered: your seat is confirmed."))
    else:
        messages.success(
            request,
            _("The event is full: you are on the waiting list, place %(place)s.")
            % {"place": selectors.waiting_place(registration)},
        )
    return HttpResponseRedirect(back)


@require_POST
@login_required
def registration_cancel(request: HttpRequest, slug: str) -> HttpResponse:
    """Cancel the signed-in person's registration to the event, then back to the event."""
    event = _event_or_404(request, slug)
    back = reverse("dissemination_event_detail", args=[event.slug])
    registration = selectors.registration_of(event=event, user=request.user)
    if registration is None or registration.status == RegistrationStatus.CANCELLED:
        messages.error(request, _("You are not registered for this event."))
        return HttpResponseRedirect(back)
    try:
        services.registration_cancel(registration=registration, by=request.user)
    except DisseminationError as error:
        messages.error(request, error.message)
    except PermissionDenied:
        raise Http404 from None
    else:
        messages.success(request, _("Your registration is cancelled."))
    return HttpResponseRedirect(back)


@require_GET
def event_ics(request: HttpRequest, slug: str) -> HttpResponse:
    """The event as an iCalendar file; the online link is in it only for a person with a
    seat."""
    event = _event_or_404(request, slug)
    registration = selectors.registration_of(event=event, user=request.user)
    has_seat = registration is not None and registration.status == RegistrationStatus.CONFIRMED
    tenant = request.tenant  # type: ignore[attr-defined]
    page = request.build_absolute_uri(reverse("dissemination_event_detail", args=[event.slug]))
    location = event.location if event.is_on_site else ""
    if not location and event.is_online and has_seat:
        location = event.online_url
    description = plain_text(event.description)
    if event.is_online and has_seat:
        description = f"{description}\n\n{_('Online link')}: {event.online_url}".strip()
    text = ical.calendar_text(
        uid=f"event-{event.pk}@{tenant.slug}.socialtech",
        stamp=event.updated_at,
        starts_at=event.starts_at,
        ends_at=event.ends_at,
        summary=event.title,
        description=description,
        location=location,
        url=page,
        cancelled=event.status == EventStatus.CANCELLED,
    )
    response = HttpResponse(text.encode("utf-8"), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{event.slug}.ics"'
    return response


@require_GET
@login_required
def my_registrations(request: HttpRequest) -> HttpResponse:
    """The signed-in person's registrations in this programme, events to come first."""
    page = Paginator(
        selectors.my_registrations(request.user), selectors.REGISTRATIONS_PAGE_SIZE
    ).get_page(request.GET.get("page"))
    return render(
        request,
        "dissemination/events/mine.html",
        {"page": page, "registrations": list(page.object_list)},
    )
