"""The connection pages under /connect/connections/: the signed-in person's connections,
the form to express interest in a (challenge, offer) pair, and one interest's page with its
answer buttons, its thread, its meeting requests and its joint application.

Only owners and editors of the two organisations open an interest's pages: anyone else,
the programme's staff included, gets 404 (staff read threads in the back office)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from connect_to_innovate.challenges.selectors import public_challenges
from connect_to_innovate.connections import selectors, services
from connect_to_innovate.connections.forms import (
    InterestForm,
    JointApplicationForm,
    MeetingAnswerForm,
    MeetingForm,
    MessageForm,
)
from connect_to_innovate.errors import ConnectError
from connect_to_innovate.models import (
    Challenge,
    Interest,
    InterestStatus,
    MeetingRequest,
    MeetingStatus,
    TechnologyOffer,
)
from connect_to_innovate.offers.selectors import public_offers
from connect_to_innovate.permissions import acts_for
from socialtech.formatting import zone_label


def _interest_or_404(request: HttpRequest, pk: int) -> Interest:
    try:
        return selectors.interest_for_party(user=request.user, pk=pk)
    except Interest.DoesNotExist:
        raise Http404(_("No connection of yours has this address.")) from None


def _viewer_zone(request: HttpRequest) -> str:
    zone = getattr(request.user, "timezone", "") or ""
    return zone or request.tenant.default_timezone  # type: ignore[attr-defined]


def _back(interest: Interest) -> HttpResponseRedirect:
    return HttpResponseRedirect(reverse("c2i_interest_detail", args=[interest.pk]))


@require_GET
@login_required
def connections_mine(request: HttpRequest) -> HttpResponse:
    """The interests of the organisations the signed-in person acts for, latest first."""
    page = Paginator(selectors.my_connections(request.user), selectors.PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "connect_to_innovate/connections/mine.html",
        {"page": page, "interests": list(page.object_list)},
    )


@require_http_methods(["GET", "POST"])
@login_required
def interest_new(request: HttpRequest) -> HttpResponse:
    """Express interest in the published pair ``?challenge=&offer=`` for the side the
    signed-in person acts for; the other side is e-mailed."""
    try:
        challenge = public_challenges().get(pk=int(request.GET.get("challenge", "")))
        offer = public_offers().get(pk=int(request.GET.get("offer", "")))
    except (ValueError, Challenge.DoesNotExist, TechnologyOffer.DoesNotExist):
        raise Http404(_("No published challenge and offer have these numbers.")) from None
    if not (
        acts_for(request.user, challenge.organisation_id)
        or acts_for(request.user, offer.organisation_id)
    ):
        raise Http404(_("Only the challenge's or the offer's organisation may do this."))
    existing = selectors.interest_between(challenge_id=challenge.pk, offer_id=offer.pk)
    if existing is not None:
        return _back(existing)
    form = InterestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            interest = services.interest_express(
                by=request.user,
                challenge=challenge,
                offer=offer,
                message=form.cleaned_data["message"],
            )
        except ConnectError as error:
            form.add_error("message" if error.field == "message" else None, error.message)
        except PermissionDenied:
            raise Http404 from None
        else:
            messages.success(
                request, _("Your interest is sent: the other organisation is e-mailed.")
            )
            return _back(interest)
    return render(
        request,
        "connect_to_innovate/connections/new.html",
        {"form": form, "challenge": challenge, "offer": offer},
        status=400 if form.errors else 200,
    )


def _detail_context(request: HttpRequest, interest: Interest) -> dict[str, Any]:
    sides = services.sides_of(request.user, interest)
    joint = selectors.joint_application_of(interest)
    is_accepted = interest.status == InterestStatus.ACCEPTED
    is_lead = acts_for(request.user, interest.challenge.organisation_id)
    zone = _viewer_zone(request)
    meeting_rows = list(selectors.meetings(interest))
    return {
        "interest": interest,
        "thread": list(selectors.thread(interest)),
        "meetings": [
            {
                "meeting": meeting,
                "may_answer": meeting.status == MeetingStatus.PROPOSED
                and meeting.side not in sides,
            }
            for meeting in meeting_rows
        ],
        "may_answer": interest.status == InterestStatus.PENDING
        and interest.answering_side in sides,
        "may_write": interest.status != InterestStatus.DECLINED,
        "may_meet": is_accepted,
        "joint": joint,
        "is_lead": is_lead,
        "may_start_joint": is_accepted and is_lead and joint is None,
        "zone": zone,
        "zone_label": zone_label(zone),
        "message_form": MessageForm(),
        "meeting_form": MeetingForm(initial={"zone": zone}),
        "joint_form": JointApplicationForm(calls=selectors.feasibility_calls())
        if is_accepted and is_lead and joint is None
        else None,
    }


@require_GET
@login_required
def interest_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """An interest: the pair, who asked and the answer, the thread, the meeting requests
    (times with the zone named), and the joint application."""
    interest = _interest_or_404(request, pk)
    return render(
        request, "connect_to_innovate/connections/detail.html", _detail_context(request, interest)
    )


def _act(request: HttpRequest, interest: Interest, run: Any, done: str) -> HttpResponse:
    try:
        run()
    except ConnectError as error:
        messages.error(request, error.message)
    except PermissionDenied as error:
        messages.error(request, str(error))
    else:
        messages.success(request, done)
    return _back(interest)


@require_POST
@login_required
def interest_accept(request: HttpRequest, pk: int) -> HttpResponse:
    interest = _interest_or_404(request, pk)
    return _act(
        request,
        interest,
        lambda: services.interest_accept(interest=interest, by=request.user),
        _("You accepted: you may now propose a meeting and start a joint application."),
    )


@require_POST
@login_required
def interest_decline(request: HttpRequest, pk: int) -> HttpResponse:
    interest = _interest_or_404(request, pk)
    return _act(
        request,
        interest,
        lambda: services.interest_decline(interest=interest, by=request.user),
        _("You declined this interest."),
    )


def _form_again(request: HttpRequest, interest: Interest, **forms: Any) -> HttpResponse:
    context = _detail_context(request, interest)
    context.update(forms)
    return render(request, "connect_to_innovate/connections/detail.html", context, status=400)


@require_POST
@login_required
def message_post(request: HttpRequest, pk: int) -> HttpResponse:
    """Add a message to the thread; the other side is e-mailed."""
    interest = _interest_or_404(request, pk)
    form = MessageForm(request.POST)
    if form.is_valid():
        try:
            services.message_post(
                interest=interest, by=request.user, body=form.cleaned_data["body"]
            )
        except ConnectError as error:
            form.add_error("body" if error.field == "body" else None, error.message)
        else:
            messages.success(request, _("Your message is sent."))
            return _back(interest)
    return _form_again(request, interest, message_form=form)


@require_POST
@login_required
def meeting_new(request: HttpRequest, pk: int) -> HttpResponse:
    """Propose one to three times to meet; the other side is e-mailed."""
    interest = _interest_or_404(request, pk)
    form = MeetingForm(request.POST)
    if form.is_valid():
        try:
            services.meeting_request(
                interest=interest,
                by=request.user,
                slots=form.slots(),
                note=form.cleaned_data["note"],
            )
        except ConnectError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            messages.success(request, _("Your meeting request is sent."))
            return _back(interest)
    return _form_again(request, interest, meeting_form=form)


def _meeting_or_404(request: HttpRequest, pk: int) -> MeetingRequest:
    try:
        return selectors.meeting_for_party(user=request.user, pk=pk)
    except MeetingRequest.DoesNotExist:
        raise Http404(_("No meeting request of yours has this address.")) from None


@require_POST
@login_required
def meeting_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    """Pick one of the proposed times."""
    meeting = _meeting_or_404(request, pk)
    form = MeetingAnswerForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose one of the times proposed."))
        return _back(meeting.interest)
    return _act(
        request,
        meeting.interest,
        lambda: services.meeting_confirm(
            meeting=meeting, by=request.user, slot=form.cleaned_data["slot"]
        ),
        _("The meeting is confirmed; the other side is e-mailed."),
    )


@require_POST
@login_required
def meeting_decline(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting_or_404(request, pk)
    return _act(
        request,
        meeting.interest,
        lambda: services.meeting_decline(meeting=meeting, by=request.user),
        _("You declined the times proposed; the other side is e-mailed."),
    )


@require_POST
@login_required
def joint_application_start(request: HttpRequest, pk: int) -> HttpResponse:
    """Start the joint application to the chosen feasibility-study call, then open it."""
    interest = _interest_or_404(request, pk)
    form = JointApplicationForm(request.POST, calls=selectors.feasibility_calls())
    if not form.is_valid():
        return _form_again(request, interest, joint_form=form)
    call = selectors.call_for_joint_application(form.cleaned_data["call"])
    if call is None:
        raise Http404
    try:
        joint = services.joint_application_start(interest=interest, by=request.user, call=call)
    except ConnectError as error:
        form.add_error("call", error.message)
        return _form_again(request, interest, joint_form=form)
    except PermissionDenied as error:
        messages.error(request, str(error))
        return _back(interest)
    messages.success(
        request,
        _("The joint application is started as a draft, with %(partner)s as the partner.")
        % {"partner": joint.partner_organisation.display_name},
    )
    return _back(interest)
