"""The place page: a provider's course with its price, what each of the person's training
vouchers pays of it, the form that books a place, and the places already booked.

A course that is not published, not offered or offered in another programme is a 404.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from applications.selectors import valid_timezone, zoned
from upskilling.errors import UpskillingError
from upskilling.models import CourseOffer
from upskilling.training import selectors, services
from upskilling.training.forms import PlaceForm
from vouchers.redemption.selectors import voucher_path

TIMEZONE_COOKIE = "tz"

STATE_LABELS = {
    selectors.WAITING: gettext_lazy("Waiting for the provider to accept"),
    selectors.ACCEPTED: gettext_lazy("Accepted: the learner may enrol"),
    selectors.DECLINED: gettext_lazy("Declined or withdrawn: the voucher may be booked again"),
    selectors.ENDED: gettext_lazy(
        "Ended: the voucher expired, was cancelled or pays for other work"
    ),
}


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def place(request: HttpRequest, slug: str) -> HttpResponse:
    """Book a place on the offered course at ``slug`` with one of the person's training
    vouchers, for themself or a member of the voucher's organisation."""
    try:
        offer = selectors.offer_for_page(slug)
    except CourseOffer.DoesNotExist:
        raise Http404(_("No course at this address is offered for training vouchers.")) from None
    vouchers = selectors.usable_vouchers(request.user)
    options = selectors.voucher_options(vouchers=vouchers, price=offer.price)
    members = selectors.learner_choices(sorted({voucher.organisation_id for voucher in vouchers}))
    form = PlaceForm(
        request.POST if request.method == "POST" else None,
        options=options,
        members=members,
        person=request.user,
    )
    status = 200
    if request.method == "POST":
        if form.is_valid():
            voucher = next(v for v in vouchers if v.pk == form.cleaned_data["voucher"])
            learner = get_user_model().objects.filter(pk=form.cleaned_data["learner"]).first()
            try:
                if learner is None:
                    raise UpskillingError(
                        _("Learner: choose who takes the course."),
                        "learner_missing",
                        field="learner",
                    )
                services.place_book(offer=offer, voucher=voucher, learner=learner, by=request.user)
            except UpskillingError as error:
                form.add_error(error.field if error.field in form.fields else None, error.message)
            else:
                messages.success(
                    request,
                    _(
                        "%(provider)s is asked to accept the place on “%(course)s”; "
                        "the learner can enrol once the provider accepts."
                    )
                    % {
                        "provider": offer.provider.organisation.legal_name,
                        "course": offer.course.title,
                    },
                )
                return redirect(voucher_path(voucher))
        status = 400
    places = []
    for booked in selectors.places_booked(user=request.user, offer=offer):
        state = selectors.state_of(booked)
        places.append(
            {
                "place": booked,
                "state": state,
                "state_label": STATE_LABELS[state],
                "voucher_url": voucher_path(booked.voucher),
            }
        )
    viewer_zone = valid_timezone(getattr(request.user, "timezone", "")) or valid_timezone(
        request.COOKIES.get(TIMEZONE_COOKIE)
    )
    rows = [
        {
            "option": option,
            "expires": zoned(
                option.voucher.expires_at, call=option.voucher.scheme.call, viewer_zone=viewer_zone
            ),
        }
        for option in options
    ]
    context = {
        "offer": offer,
        "rows": rows,
        "course": offer.course,
        "provider": offer.provider,
        "options": options,
        "form": form,
        "places": places,
        "course_url": selectors.course_path(offer.course),
        "calls_url": selectors.calls_path(),
    }
    return render(request, "upskilling/training/place.html", context, status=status)
