"""The expert's pages of the pool: the invitation to a call, and bidding before the assignment.

Views check access, call services, render; a call the expert is not invited to is a 404.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods

from applications.selectors import zoned
from evaluations.evaluator_access import evaluator_view, viewer_zone
from evaluations.models import Bid, CallEvaluator
from evaluations.pool import services as invitation_services
from evaluations.pool.forms import InvitationForm
from evaluations.selectors import ANSWERABLE_CALL_STATUSES, bidding_is_open
from evaluations.workspace import selectors

PAGE_SIZE = 20


# --- The invitation to a call ---------------------------------------------------------------


def _invitation_or_404(request: HttpRequest, call_id: int) -> CallEvaluator:
    try:
        return selectors.evaluator_invitation(user=request.user, call_id=call_id)
    except CallEvaluator.DoesNotExist:
        raise Http404(_("You are not invited to evaluate this call.")) from None


@evaluator_view
@require_http_methods(["GET", "POST"])
def call_invitation(request: HttpRequest, call_id: int) -> HttpResponse:
    """The invitation to evaluate a call: its dates and load, the standing declaration to
    sign to accept, or a decline; once accepted, the way to the bids."""
    invitation = _invitation_or_404(request, call_id)
    call = invitation.call
    is_open = (
        invitation.status != CallEvaluator.Status.DECLINED
        and call.status in ANSWERABLE_CALL_STATUSES
    )
    form = InvitationForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                invitation = invitation_services.invitation_answer(
                    call_evaluator=invitation,
                    user=request.user,
                    accept=form.accepts,
                    reason=form.cleaned_data["reason"],
                )
            except ValidationError as error:
                form.apply_service_error(error)
            except PermissionDenied:
                raise Http404(_("You are not invited to evaluate this call.")) from None
            else:
                messages.success(
                    request,
                    _("Thank you: you accept to evaluate for this call.")
                    if form.accepts
                    else _("You declined the invitation."),
                )
                return redirect("evaluation_invitation", call_id=call.pk)
        status = 400
    form.tie_descriptions()
    zone = viewer_zone(request)
    return render(
        request,
        "evaluations/workspace/invitation.html",
        {
            "invitation": invitation,
            "call": call,
            "is_open": is_open,
            "needs_answer": is_open and not invitation.has_accepted,
            "bidding_open": invitation.has_accepted and bidding_is_open(call),
            "deadline": zoned(call.deadline, call=call, viewer_zone=zone),
            "evaluation_deadline": zoned(call.evaluation_deadline, call=call, viewer_zone=zone)
            if call.evaluation_deadline
            else None,
            "signed_at": zoned(invitation.standing_declaration_at, call=call, viewer_zone=zone)
            if invitation.standing_declaration_at
            else None,
            "form": form,
        },
        status=status,
    )


# --- Bidding before the assignment ----------------------------------------------------------

BID_PAGE_SIZE = 50


@dataclass(frozen=True)
class _SummaryItem:
    target: str
    message: str


@dataclass
class _BidForm:
    """What the bidding template needs of a form: posted values and errors per field name."""

    values: dict[str, str] = field(default_factory=dict)
    errors: dict[str, list[str]] = field(default_factory=dict)

    @property
    def error_summary(self) -> list[_SummaryItem]:
        return [
            # Errors of the whole page (key "") have no field to link to.
            _SummaryItem(target=f"field-{name}" if name else "", message=message)
            for name, messages_ in self.errors.items()
            for message in messages_
        ]


def _bid_choices() -> list[tuple[str, str]]:
    return [
        *((str(value), str(label)) for value, label in Bid.Choice.choices),
        (invitation_services.CONFLICT, _("I have a conflict of interest")),
    ]


@evaluator_view
@require_http_methods(["GET", "POST"])
def call_bids(request: HttpRequest, call_id: int) -> HttpResponse:
    """The invited evaluator's preferences on a call's applications, a page at a time.

    Shows what the conflict declaration shows (organisation, country, language) and four
    answers per application; a conflict needs a reason and is final. What the evaluator
    chose stays on the page when something is refused.
    """
    invitation = _invitation_or_404(request, call_id)
    if not invitation.has_accepted:
        messages.info(
            request, _("Accept the invitation and sign the standing declaration before you bid.")
        )
        return redirect("evaluation_invitation", call_id=call_id)
    is_open = bidding_is_open(invitation.call)
    page = Paginator(selectors.bidding_applications(invitation), BID_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    applications = list(page.object_list)
    form = _BidForm()
    status = 200
    if request.method == "POST":
        ids = [application.pk for application in applications]
        form.values = {
            name: str(request.POST.get(name, ""))
            for pk in ids
            for name in (f"bid-{pk}", f"reason-{pk}")
        }
        choices = {pk: form.values[f"bid-{pk}"] for pk in ids if form.values[f"bid-{pk}"]}
        reasons = {pk: form.values[f"reason-{pk}"] for pk in ids}
        try:
            outcome = invitation_services.bids_save(
                call_evaluator=invitation, user=request.user, choices=choices, reasons=reasons
            )
        except ValidationError as error:
            form.errors = (
                {name: [str(m) for m in found] for name, found in error.message_dict.items()}
                if hasattr(error, "error_dict")
                else {"": [str(m) for m in error.messages]}
            )
            status = 400
        except PermissionDenied:
            raise Http404(_("You are not invited to evaluate this call.")) from None
        else:
            text = ngettext(
                "Your preference on %(count)s application is saved.",
                "Your preferences on %(count)s applications are saved.",
                outcome.saved,
            ) % {"count": outcome.saved}
            if outcome.conflicts:
                text += " " + ngettext(
                    "%(count)s conflict of interest is recorded.",
                    "%(count)s conflicts of interest are recorded.",
                    outcome.conflicts,
                ) % {"count": outcome.conflicts}
            messages.success(request, text)
            query = f"?page={page.number}" if page.number > 1 else ""
            return redirect(reverse("evaluation_bids", args=[call_id]) + query)
    rows = []
    for row in selectors.bid_rows(invitation, applications):
        name = f"bid-{row.application_id}"
        rows.append(
            {
                "row": row,
                "name": name,
                "reason_name": f"reason-{row.application_id}",
                "choice": form.values.get(name) or row.choice,
                "reason": form.values.get(f"reason-{row.application_id}", ""),
                "errors": form.errors.get(name, [])
                + form.errors.get(f"reason-{row.application_id}", []),
            }
        )
    return render(
        request,
        "evaluations/workspace/bids.html",
        {
            "invitation": invitation,
            "call": invitation.call,
            "is_open": is_open,
            "page": page,
            "rows": rows,
            "choices": _bid_choices(),
            "form": form,
        },
        status=status,
    )
