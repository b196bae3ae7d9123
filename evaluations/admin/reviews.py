"""Admin pages: reviews. Read-only lists of assignments and individual reviews for staff.

Nothing is added, changed or deleted here: evaluators declare and review in their
workspace, staff assign in the assignment pages. Scores and comments of a review show only
once the evaluator submitted it, so a draft never steers anyone, the consensus included.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from evaluations.models import Assignment, Review
from evaluations.scoring import plain
from socialtech.formatting import format_datetime
from socialtech.tenancy.admin import ReadOnlyAdminMixin


def _receipt(assignment: Assignment) -> str:
    application = assignment.application
    return application.receipt_number or gettext("Application #%(pk)s") % {"pk": application.pk}


def _criterion_names(review: Review) -> dict[str, str]:
    call = review.assignment.application.call
    return {str(criterion.pk): criterion.name_text for criterion in call.criteria.all()}


NOT_SUBMITTED = _("Shown once the evaluator submits the review.")


@admin.register(Assignment)
class AssignmentAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = [
        "application_reference",
        "call",
        "evaluator",
        "status",
        "due",
        "confirmed_at",
        "review_state",
    ]
    list_filter = ["status", ("application__call", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["application__call", "evaluator__user", "review"]
    search_fields = ["application__receipt_number", "evaluator__user__email"]
    ordering = ["application__receipt_number", "pk"]
    readonly_fields = (
        "application_reference",
        "call",
        "evaluator",
        "status",
        "affinity",
        "due",
        "confirmed_at",
        "created_at",
        "declaration",
        "review_state",
    )
    fields = readonly_fields

    def get_queryset(self, request: HttpRequest) -> QuerySet[Assignment]:
        return (
            super()
            .get_queryset(request)
            .select_related("application__call", "evaluator__user", "review")
        )

    @admin.display(description=_("application"), ordering="application__receipt_number")
    def application_reference(self, assignment: Assignment) -> str:
        return _receipt(assignment)

    @admin.display(description=_("call"), ordering="application__call")
    def call(self, assignment: Assignment) -> str:
        return assignment.application.call.title_text

    @admin.display(description=_("due"), ordering="due_at")
    def due(self, assignment: Assignment) -> Any:
        return assignment.due_at or assignment.application.call.evaluation_deadline

    @admin.display(description=_("conflict declaration"))
    def declaration(self, assignment: Assignment) -> str:
        declaration = assignment.application.conflict_declarations.filter(
            evaluator_id=assignment.evaluator_id
        ).first()
        if declaration is None:
            return gettext("Not declared yet")
        if declaration.has_conflict:
            return gettext("Conflict: %(reason)s") % {"reason": declaration.reason}
        return gettext("No conflict")

    @admin.display(description=_("review"))
    def review_state(self, assignment: Assignment) -> str:
        try:
            review = assignment.review
        except Review.DoesNotExist:
            return gettext("Not started")
        if review.submitted_at:
            return gettext("Submitted")
        return gettext("Draft")


@admin.register(Review)
class ReviewAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["application_reference", "evaluator", "state", "total", "updated_at"]
    list_filter = [
        ("submitted_at", admin.EmptyFieldListFilter),
        ("assignment__application__call", admin.RelatedOnlyFieldListFilter),
    ]
    list_select_related = ["assignment__application__call", "assignment__evaluator__user"]
    search_fields = [
        "assignment__application__receipt_number",
        "assignment__evaluator__user__email",
    ]
    ordering = ["assignment__application__receipt_number", "pk"]
    readonly_fields = (
        "application_reference",
        "evaluator",
        "state",
        "scores_and_comments",
        "overall",
        "version",
        "updated_at",
    )
    fields = readonly_fields

    def get_queryset(self, request: HttpRequest) -> QuerySet[Review]:
        return (
            super()
            .get_queryset(request)
            .select_related("assignment__application__call", "assignment__evaluator__user")
        )

    @admin.display(description=_("application"), ordering="assignment__application__receipt_number")
    def application_reference(self, review: Review) -> str:
        return _receipt(review.assignment)

    @admin.display(description=_("evaluator"))
    def evaluator(self, review: Review) -> str:
        return str(review.assignment.evaluator)

    @admin.display(description=_("state"), ordering="submitted_at")
    def state(self, review: Review) -> str:
        if review.submitted_at:
            return gettext("Submitted on %(date)s") % {"date": format_datetime(review.submitted_at)}
        return gettext("Draft")

    @admin.display(description=_("total"))
    def total(self, review: Review) -> str:
        if not review.submitted_at:
            return "—"
        return plain(sum((Decimal(value) for value in review.scores.values()), Decimal("0")))

    @admin.display(description=_("scores and comments"))
    def scores_and_comments(self, review: Review) -> Any:
        if not review.submitted_at:
            return NOT_SUBMITTED
        names = _criterion_names(review)
        return format_html(
            "<dl>{}</dl>",
            format_html_join(
                "",
                "<dt>{}: {}</dt><dd>{}</dd>",
                (
                    (
                        names.get(key, key),
                        review.scores.get(key, "—"),
                        review.comments.get(key, ""),
                    )
                    for key in names
                ),
            ),
        )

    @admin.display(description=_("overall comment"))
    def overall(self, review: Review) -> str:
        if not review.submitted_at:
            return str(NOT_SUBMITTED)
        return review.overall_comment
