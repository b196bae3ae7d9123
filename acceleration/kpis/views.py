"""A participant's progress page (milestones, KPI reports, charts with their table), the
KPI report form its members fill, and the staff's cohort report (page, CSV, PDF).

A participant is shown to the members of its organisation, its mentors and the
programme's staff; to anyone else, and for another programme, it is a 404. The cohort
report is for staff and coordinators (403 for anyone else, 404 for another programme)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from acceleration.errors import AccelerationError
from acceleration.kpis import exports, selectors, services
from acceleration.kpis.forms import KpiReportForm
from acceleration.kpis.quarters import quarter_of
from acceleration.mentoring.selectors import attendance_rates, mentor_of, sessions_with_attendance
from acceleration.models import KPI_FIELDS, Cohort, KpiReportStatus, Milestone, Participant
from acceleration.permissions import is_member, is_staff
from socialtech.accounts.roles import require_programme_staff

CSV_CONTENT_TYPE = "text/csv; charset=utf-8"
PDF_TEMPLATE = "acceleration/cohort_report_pdf.html"


def _visible_participant(request: HttpRequest, pk: int) -> tuple[Participant, bool]:
    """The participant and whether the viewer is one of its members; 404 for anyone who
    may not see it."""
    try:
        participant = selectors.participant_for_page(pk)
    except Participant.DoesNotExist:
        raise Http404(_("No participant at this address.")) from None
    member = is_member(request.user, participant.organisation_id)
    if member or is_staff(request.user):
        return participant, member
    mentor = mentor_of(request.user)
    if mentor is not None and participant.pairings.filter(mentor=mentor).exists():
        return participant, False
    raise Http404(_("No participant at this address."))


def _figures_rows(reports: list[Any]) -> list[dict[str, Any]]:
    return [{"report": report, "figures": exports.figures_text(report)} for report in reports]


@login_required
@require_GET
def participant_page(request: HttpRequest, pk: int) -> HttpResponse:
    """A participant's progress: milestones, sessions with its attendance, reports per
    quarter and the charts of its figures, the table beside them."""
    participant, member = _visible_participant(request, pk)
    reports = selectors.reports_of(participant)
    approved_or_sent = [report for report in reports if report.status != KpiReportStatus.DRAFT]
    context = {
        "participant": participant,
        "cohort": participant.cohort,
        "zone": participant.cohort.call.timezone,
        "is_member": member,
        "milestones": selectors.milestones_of(participant),
        "sessions": sessions_with_attendance(participant),
        "reports": reports,
        "rows": _figures_rows(approved_or_sent),
        "headings": [selectors.field_label(name) for name in KPI_FIELDS],
        # Every text in them is escaped by the chart builder.
        "charts": [
            (title, mark_safe(svg)) for title, svg in exports.progress_charts(approved_or_sent)
        ],
        "report_url": reverse("acceleration_kpi_report", args=[participant.pk]),
    }
    return render(request, "acceleration/participant.html", context)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def report_form(request: HttpRequest, pk: int) -> HttpResponse:
    """Fill, save and submit the KPI report of one quarter (``?year=&quarter=`` opens an
    existing one). Only the organisation's members; anyone else gets 404."""
    participant, member = _visible_participant(request, pk)
    if not member:
        raise Http404(_("No participant at this address."))
    status = 200
    report = None
    if request.method == "POST":
        form = KpiReportForm(request.POST)
        if form.is_valid():
            year, quarter = form.cleaned_data["year"], form.cleaned_data["quarter"]
            try:
                report = services.kpi_report_save(
                    participant=participant,
                    year=year,
                    quarter=quarter,
                    figures=form.figures(),
                    by=request.user,
                )
                if request.POST.get("action") == "submit":
                    report = services.kpi_report_submit(report=report, by=request.user)
                    messages.success(
                        request,
                        _("The report for %(quarter)s is submitted to the programme's staff.")
                        % {"quarter": report.period},
                    )
                else:
                    messages.success(
                        request,
                        _("The report for %(quarter)s is saved as a draft.")
                        % {"quarter": report.period},
                    )
            except AccelerationError as error:
                form.add_error(error.field if error.field in form.fields else None, error.message)
            else:
                return redirect(reverse("acceleration_participant", args=[participant.pk]))
        status = 400
    else:
        initial: dict[str, Any] = {}
        year, quarter = _requested_quarter(request)
        if year and quarter:
            report = selectors.report_of(participant, year, quarter)
            initial = {"year": year, "quarter": quarter}
            if report is not None:
                initial.update({name: getattr(report, name) for name in KPI_FIELDS})
        else:
            previous_year, previous_quarter = quarter_of(timezone.localdate())
            previous_quarter -= 1
            if previous_quarter == 0:
                previous_year, previous_quarter = previous_year - 1, 4
            initial = {"year": previous_year, "quarter": previous_quarter}
        form = KpiReportForm(initial=initial)
    context = {
        "participant": participant,
        "cohort": participant.cohort,
        "form": form,
        "report": report,
        "back_url": reverse("acceleration_participant", args=[participant.pk]),
    }
    return render(request, "acceleration/report_form.html", context, status=status)


def _requested_quarter(request: HttpRequest) -> tuple[int | None, int | None]:
    try:
        year = int(request.GET.get("year", ""))
        quarter = int(request.GET.get("quarter", ""))
    except ValueError:
        return None, None
    if not (2000 <= year <= 2100 and 1 <= quarter <= 4):
        return None, None
    return year, quarter


@login_required
@require_POST
def milestone_done(request: HttpRequest, pk: int) -> HttpResponse:
    """Mark a milestone done today (its enterprise's members and staff; 404 otherwise)."""
    try:
        milestone = Milestone.objects.select_related("participant").get(pk=pk)
    except Milestone.DoesNotExist:
        raise Http404(_("No milestone at this address.")) from None
    participant, member = _visible_participant(request, milestone.participant_id)
    if not (member or is_staff(request.user)):
        raise Http404(_("No milestone at this address."))
    try:
        services.milestone_mark_done(milestone=milestone, by=request.user)
    except AccelerationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("“%(title)s” is done.") % {"title": milestone.title})
    return redirect(reverse("acceleration_participant", args=[participant.pk]))


def _cohort_context(request: HttpRequest, slug: str) -> dict[str, Any]:
    require_programme_staff(request.user)
    try:
        cohort = Cohort.objects.select_related("call").get(slug=slug)
    except Cohort.DoesNotExist:
        raise Http404(_("No cohort at this address.")) from None
    totals = selectors.cohort_totals(cohort)
    return {
        "cohort": cohort,
        "zone": cohort.call.timezone,
        "totals": totals,
        "overall": exports.figures_text(totals.overall),
        "quarter_rows": [
            {"quarter": quarter, "figures": exports.figures_text(quarter.figures)}
            for quarter in totals.quarters
        ],
        "headings": [selectors.field_label(name) for name in KPI_FIELDS],
        "rates": attendance_rates(cohort.pk),
        "participants": list(
            Participant.objects.filter(cohort=cohort)
            .select_related("organisation")
            .order_by("organisation__legal_name", "pk")
        ),
        # Every text in them is escaped by the chart builder.
        "charts": [(title, mark_safe(svg)) for title, svg in exports.totals_chart(totals)],
        "made_at": timezone.now(),
    }


@login_required
@require_GET
def cohort_overview(request: HttpRequest, slug: str) -> HttpResponse:
    """The cohort's KPI totals per quarter and overall, and each session's attendance."""
    return render(request, "acceleration/cohort_overview.html", _cohort_context(request, slug))


@login_required
@require_GET
def cohort_csv(request: HttpRequest, slug: str) -> StreamingHttpResponse:
    """The cohort's report as a streamed CSV."""
    context = _cohort_context(request, slug)
    cohort = context["cohort"]
    lines = exports.csv_lines(
        cohort=cohort,
        totals=context["totals"],
        reports=list(selectors.approved_reports_of_cohort(cohort)),
        rates=context["rates"],
    )
    response = StreamingHttpResponse(
        (line.encode("utf-8") for line in lines), content_type=CSV_CONTENT_TYPE
    )
    response["Content-Disposition"] = f'attachment; filename="cohort-{cohort.slug}.csv"'
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_GET
def cohort_pdf(request: HttpRequest, slug: str) -> HttpResponse:
    """The cohort's report as a tagged PDF, through the house's safe renderer."""
    from socialtech.documents.pdf import render_pdf

    context = _cohort_context(request, slug)
    cohort = context["cohort"]
    pdf = render_pdf(PDF_TEMPLATE, {**context, "title": cohort.name})
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="cohort-{cohort.slug}.pdf"'
    response["Cache-Control"] = "private, no-store"
    return response
