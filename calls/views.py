"""Public pages of the programme's calls: the list, one call, its documents and deadline.

Drafts do not exist for the public (404); the programme's own staff may open a draft's
page to check it before publishing, with a banner saying it is not public.
"""

from __future__ import annotations

from datetime import timedelta

from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET
from icalendar import Alarm, Calendar, Event

from calls import selectors
from calls.forms import CallListFilter
from calls.guidance.models import CallDocument
from calls.models import Call, CallStatus
from socialtech.accounts.roles import Role, has_role
from socialtech.documents.responses import serve_protected_file
from socialtech.documents.uploads import KINDS, file_extension
from socialtech.formatting import format_deadline
from socialtech.public_cache.pages import public_page

PAGE_SIZE = 20
# Calendars hide or refuse an event that ends when it starts; the deadline gets half an hour.
DEADLINE_EVENT_LENGTH = timedelta(minutes=30)


def _may_see_drafts(request: HttpRequest) -> bool:
    return has_role(request.user, Role.STAFF, Role.COORDINATOR)


def _call_or_404(request: HttpRequest, slug: str) -> Call:
    try:
        return selectors.call_get_public(slug=slug, include_drafts=_may_see_drafts(request))
    except Call.DoesNotExist:
        raise Http404(_("No such call in this programme.")) from None


@public_page
@require_GET
def call_list(request: HttpRequest) -> HttpResponse:
    """The programme's calls: open first, then announced, then past; filtered and paginated."""
    now = timezone.now()
    filterset = CallListFilter(request.GET or None, queryset=selectors.call_list_public(now=now))
    page = Paginator(filterset.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    calls = list(page.object_list)
    for call in calls:
        call.listing_status = call.effective_status(now)  # type: ignore[attr-defined]
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "calls/call_list.html",
        {
            "filter": filterset,
            "form": filterset.form,
            "page": page,
            "calls": calls,
            "now": now,
            "filter_query": query.urlencode(),
            "is_filtered": any(request.GET.get(name) for name in filterset.filters),
        },
    )


@public_page
@require_GET
def call_detail(request: HttpRequest, slug: str) -> HttpResponse:
    call = _call_or_404(request, slug)
    now = timezone.now()
    status = call.effective_status(now)
    return render(
        request,
        "calls/call_detail.html",
        {
            "call": call,
            "now": now,
            "status": status,
            "is_open": status == CallStatus.OPEN,
            "is_draft": call.status == CallStatus.DRAFT,
            "criteria": list(call.criteria.all()),
            "documents": list(call.documents.all()),
            "faq": list(call.faq.all()),
        },
    )


def _content_type(name: str) -> str:
    extension = file_extension(name)
    for kind in KINDS.values():
        if extension in kind.extensions:
            return kind.content_type
    return "application/octet-stream"


@require_GET
def call_document(request: HttpRequest, slug: str, pk: int) -> FileResponse:
    """A call's downloadable document: public once the call is announced."""
    call = _call_or_404(request, slug)
    try:
        document = selectors.call_document_get(call=call, pk=pk)
    except CallDocument.DoesNotExist:
        raise Http404(_("No such document for this call.")) from None
    return serve_protected_file(
        document.file,
        filename=document.original_name,
        content_type=_content_type(document.original_name),
    )


@require_GET
def call_ical(request: HttpRequest, slug: str) -> HttpResponse:
    """The deadline as a half-hour iCalendar event on the call's clock, reminded a day before.

    The start carries the call's ``TZID`` with its ``VTIMEZONE``, so calendars show the
    call's wall-clock time (and keep it across a daylight-saving change); the end is set,
    since an event ending when it starts is refused or hidden by several calendars.
    """
    call = _call_or_404(request, slug)
    url = request.build_absolute_uri(reverse("call_detail", args=[call.slug]))
    title = call.title_text
    calendar = Calendar()
    calendar.add("prodid", "-//SocialTech//Calls//EN")
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    event = Event()
    event.add("uid", f"call-deadline-{call.tenant_id}-{call.pk}@{request.get_host().split(':')[0]}")
    event.add("dtstamp", timezone.now())
    start = call.deadline_local()
    event.add("dtstart", start)
    event.add("dtend", start + DEADLINE_EVENT_LENGTH)
    event.add("summary", _("Deadline: %(title)s") % {"title": title})
    event.add(
        "description",
        _("Applications to %(title)s close at %(time)s. %(url)s")
        % {"title": title, "time": format_deadline(call.deadline, call.zone), "url": url},
    )
    event.add("url", url)
    alarm = Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("description", _("Deadline tomorrow: %(title)s") % {"title": title})
    alarm.add("trigger", -timedelta(days=1))
    event.add_component(alarm)
    calendar.add_component(event)
    calendar.add_missing_timezones()
    response = HttpResponse(calendar.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{call.slug}-deadline.ics"'
    return response
