"""Back-office pages of the evaluator assignment, served by the call evaluators' admin.

- ``…/callevaluator/assignment/``: the calls whose evaluators may be assigned;
- ``…/callevaluator/assignment/<call>/``: feasibility, the Run button and its progress bar,
  the proposal as a matrix (applications × evaluators, affinity of each assigned pair,
  each evaluator's load against their limits), a hand edit (move one assignment), Confirm.

The pages only read (``evaluations.selectors``) and call services
(``evaluations.assignment.services``); a call of another programme is a 404.
"""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import Any, cast

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import URLPattern, path, reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from calls.models import Call
from evaluations.assignment import services
from evaluations.assignment.run_state import is_task_of_tenant, task_status
from evaluations.assignment.selectors import AssignmentOverview, assignment_overview
from evaluations.models import Assignment, EvaluatorProfile
from evaluations.redress import selectors as reevaluation_selectors
from evaluations.redress import services as reevaluation_services
from evaluations.results.selectors import applications_awaiting_reevaluation
from evaluations.selectors import assignment_counts, calls_for_assignment, may_assign_evaluators
from socialtech.admin_services import admin_action, admin_page, apply_service_errors, message_errors

TEMPLATES = "admin/evaluations/assignment"
CALLS_PER_PAGE = 25
# The due date a re-evaluation page suggests: two weeks, at five in the afternoon.
REEVALUATION_DAYS = 14


class ReevaluationForm(forms.Form):
    evaluators = forms.MultipleChoiceField(
        label=_("New evaluators"), widget=forms.CheckboxSelectMultiple, required=False
    )
    due_at = forms.DateTimeField(
        label=_("Reviews due"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
    )

    def __init__(self, *args: Any, plan: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        evaluators = cast(forms.MultipleChoiceField, self.fields["evaluators"])
        evaluators.choices = [
            (str(candidate.evaluator_id), candidate.label) for candidate in plan.candidates
        ]


class MoveForm(forms.Form):
    """Give one proposed assignment to another evaluator of the call."""

    assignment = forms.TypedChoiceField(
        label=_("Assignment to move"),
        coerce=int,
        error_messages={
            "required": _("Assignment to move: choose one of the proposed assignments.")
        },
    )
    to_evaluator = forms.TypedChoiceField(
        label=_("Give it to"),
        coerce=int,
        error_messages={"required": _("Give it to: choose an evaluator of the call.")},
    )

    def __init__(self, *args: Any, overview: AssignmentOverview, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["assignment"]).choices = [
            ("", "—"),
            *overview.move_choices,
        ]
        cast(forms.ChoiceField, self.fields["to_evaluator"]).choices = [
            ("", "—"),
            *overview.evaluator_choices,
        ]


def describe_errors(form: forms.Form) -> None:
    """Tie each field's error message to its input for screen readers (aria-describedby)."""
    for name in form.errors:
        if name in form.fields:
            bound = form[name]
            form.fields[name].widget.attrs["aria-describedby"] = f"{bound.auto_id}_error"
            form.fields[name].widget.attrs["aria-invalid"] = "true"


class AssignmentPagesMixin:
    """Adds the assignment pages to the call evaluators' ModelAdmin (see ``assignment_urls``)."""

    admin_site: Any
    opts: Any

    def assignment_urls(self) -> list[URLPattern]:
        view = self.admin_site.admin_view
        prefix = "evaluations_callevaluator_assignment"
        return [
            path("assignment/", view(self.assignment_calls_view), name=f"{prefix}_calls"),
            path("assignment/<int:call_id>/", view(self.assignment_view), name=prefix),
            path(
                "assignment/<int:call_id>/run/",
                view(self.assignment_run_view),
                name=f"{prefix}_run",
            ),
            path(
                "assignment/<int:call_id>/move/",
                view(self.assignment_move_view),
                name=f"{prefix}_move",
            ),
            path(
                "assignment/reevaluation/<int:application_id>/",
                view(self.reevaluation_view),
                name=f"{prefix}_reevaluation",
            ),
            path(
                "assignment/<int:call_id>/confirm/",
                view(self.assignment_confirm_view),
                name=f"{prefix}_confirm",
            ),
        ]

    # --- helpers ----------------------------------------------------------------------------
    def _check(self, request: HttpRequest) -> None:
        if not may_assign_evaluators(request.user):
            raise PermissionDenied

    def _call(self, request: HttpRequest, call_id: int) -> Call:
        """The call of the active programme, or 404 (another programme's too)."""
        self._check(request)
        call = Call.objects.filter(pk=call_id).first()
        if call is None:
            raise Http404(gettext("No such call in this programme."))
        return call

    def _page_url(self, call: Call, **params: Any) -> str:
        url = reverse("admin:evaluations_callevaluator_assignment", args=[call.pk])
        query = {key: value for key, value in params.items() if value}
        return f"{url}?{urlencode(query)}" if query else url

    def _render(
        self, request: HttpRequest, template: str, context: dict[str, Any], status: int = 200
    ) -> TemplateResponse:
        return admin_page(self, request, f"{TEMPLATES}/{template}", context, status)

    # --- pages ------------------------------------------------------------------------------
    def assignment_calls_view(self, request: HttpRequest) -> HttpResponse:
        """The calls after their deadline, with applications, evaluators and proposal counted."""
        self._check(request)
        page = Paginator(calls_for_assignment(), CALLS_PER_PAGE).get_page(request.GET.get("p"))
        counts = assignment_counts(page.object_list)
        return self._render(
            request,
            "calls.html",
            {
                "title": gettext("Evaluator assignment"),
                "page": page,
                "rows": [(call, counts[call.pk]) for call in page.object_list],
            },
        )

    def assignment_view(
        self,
        request: HttpRequest,
        call_id: int,
        *,
        move_form: MoveForm | None = None,
        status: int = 200,
    ) -> HttpResponse:
        call = self._call(request, call_id)
        overview = assignment_overview(call, page_number=request.GET.get("page") or 1)
        if move_form is None:
            move_form = MoveForm(overview=overview)
        describe_errors(move_form)
        task = None
        task_id = request.GET.get("task", "")
        if task_id:
            try:
                task_id = str(uuid.UUID(task_id))
            except ValueError:
                task_id = ""
        if task_id and is_task_of_tenant(task_id):
            task = task_status(task_id)
        return self._render(
            request,
            "call.html",
            {
                "title": gettext("Evaluator assignment: %(call)s") % {"call": call.title_text},
                "call": call,
                "overview": overview,
                "move_form": move_form,
                "task": task,
                "task_url": reverse("task-detail", args=[task.id]) if task else "",
                "task_labels": {
                    "PENDING": gettext("Waiting for the task runner…"),
                    "STARTED": gettext("Started"),
                    "PROGRESS": gettext("Running"),
                    "SUCCESS": gettext("Finished."),
                    "FAILURE": gettext("The assignment stopped with an error."),
                },
                "due_local": timezone.localtime(call.evaluation_deadline, call.zone)
                if call.evaluation_deadline
                else None,
                "page_url": self._page_url(call),
                "calls_url": reverse("admin:evaluations_callevaluator_assignment_calls"),
                "awaiting_reevaluation": applications_awaiting_reevaluation(call),
            },
            status=status,
        )

    def assignment_run_view(self, request: HttpRequest, call_id: int) -> HttpResponse:
        call = self._call(request, call_id)
        if request.method != "POST":
            return HttpResponseRedirect(self._page_url(call))
        try:
            task_id = services.assignment_run_start(call=call, by=request.user)
        except ValidationError as error:
            message_errors(request, error)
            return HttpResponseRedirect(self._page_url(call))
        return HttpResponseRedirect(self._page_url(call, task=task_id))

    def assignment_move_view(self, request: HttpRequest, call_id: int) -> HttpResponse:
        call = self._call(request, call_id)
        if request.method != "POST":
            return HttpResponseRedirect(self._page_url(call))
        overview = assignment_overview(call, page_number=request.GET.get("page") or 1)
        form = MoveForm(request.POST, overview=overview)
        if form.is_valid():
            assignment = Assignment.objects.filter(
                pk=form.cleaned_data["assignment"], application__call=call
            ).first()
            evaluator = EvaluatorProfile.objects.filter(
                pk=form.cleaned_data["to_evaluator"]
            ).first()
            if assignment is None:
                form.add_error("assignment", gettext("Assignment to move: it no longer exists."))
            elif evaluator is None:
                form.add_error("to_evaluator", gettext("Give it to: no such evaluator."))
            else:
                try:
                    moved = services.assignment_move(
                        assignment=assignment, to_evaluator=evaluator, by=request.user
                    )
                except ValidationError as error:
                    apply_service_errors(form, error)
                else:
                    messages.success(
                        request,
                        gettext("%(application)s now goes to %(evaluator)s.")
                        % {
                            "application": str(moved.application),
                            "evaluator": dict(overview.evaluator_choices).get(evaluator.pk, ""),
                        },
                    )
                    return HttpResponseRedirect(self._page_url(call))
        return self.assignment_view(request, call.pk, move_form=form)

    def assignment_confirm_view(self, request: HttpRequest, call_id: int) -> HttpResponse:
        call = self._call(request, call_id)
        if request.method != "POST":
            return HttpResponseRedirect(self._page_url(call))
        return admin_action(
            request,
            lambda: services.assignment_confirm(call=call, by=request.user),
            done=lambda outcome: (
                ngettext(
                    "%(assignments)s assignments confirmed; %(evaluators)s evaluator gets an "
                    "e-mail with their applications.",
                    "%(assignments)s assignments confirmed; %(evaluators)s evaluators get an "
                    "e-mail with their applications.",
                    outcome.evaluators,
                )
                % {"assignments": outcome.assignments, "evaluators": outcome.evaluators}
            ),
            to=self._page_url(call),
            refused_heading=gettext("The proposal was not confirmed:"),
        )

    def reevaluation_view(self, request: HttpRequest, application_id: int) -> HttpResponse:
        """New evaluators for an application an upheld redress reopened: the call's
        evaluators with their affinity (or why they may not take it), the best panel ticked,
        a due date; confirming assigns them and e-mails them."""
        self._check(request)
        application = reevaluation_selectors.reevaluation_for(application_id)
        if application is None:
            raise Http404(gettext("No such application in this programme."))
        call = application.call
        page_url = self._page_url(call)
        if not reevaluation_selectors.awaits_reevaluation(application):
            messages.info(
                request,
                gettext("%(application)s does not wait for new evaluators.")
                % {"application": str(application)},
            )
            return HttpResponseRedirect(page_url)
        plan = reevaluation_selectors.reevaluation_plan(application)
        zone = call.zone
        if request.method == "POST":
            form = ReevaluationForm(request.POST, plan=plan)
            with timezone.override(zone):
                valid = form.is_valid()
            if valid:
                try:
                    created = reevaluation_services.reevaluation_assign(
                        application=application,
                        by=request.user,
                        due_at=form.cleaned_data["due_at"],
                        evaluator_ids=[int(pk) for pk in form.cleaned_data["evaluators"]],
                    )
                except ValidationError as error:
                    apply_service_errors(form, error)
                else:
                    messages.success(
                        request,
                        ngettext(
                            "%(application)s goes to %(count)s new evaluator, who gets an e-mail.",
                            "%(application)s goes to %(count)s new evaluators, who get an e-mail.",
                            len(created),
                        )
                        % {"application": str(application), "count": len(created)},
                    )
                    return HttpResponseRedirect(page_url)
            status = 400
        else:
            due = (
                timezone.localtime(timezone.now(), zone) + timedelta(days=REEVALUATION_DAYS)
            ).replace(hour=17, minute=0, second=0, microsecond=0)
            form = ReevaluationForm(
                initial={
                    "evaluators": [str(pk) for pk in plan.suggested],
                    "due_at": due.replace(tzinfo=None),
                },
                plan=plan,
            )
            status = 200
        describe_errors(form)
        return self._render(
            request,
            "reevaluation.html",
            {
                "title": gettext("New evaluators for %(application)s")
                % {"application": str(application)},
                "call": call,
                "application": application,
                "plan": plan,
                "form": form,
                "zone": str(zone),
                "page_url": page_url,
            },
            status=status,
        )
