"""Reads of the evaluator's workspace: the evaluator's own assignments, what the declaration
page may show, the rubric, and the application's answers once the evaluator may read them.

An evaluator sees only assignments that staff confirmed, in the active programme, and of
an application only the organisation's name and country until they declare no conflict
of interest (:func:`may_read_application`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any

from django.db.models import Case, Exists, F, IntegerField, OuterRef, QuerySet, Value, When
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_countries import countries

from applications import selectors as application_selectors
from applications.models import Application, Attachment
from calls.models import Call, Criterion
from evaluations.models import (
    Assignment,
    Bid,
    CallEvaluator,
    ConflictDeclaration,
    Review,
)
from evaluations.scoring import MIN_COMMENT_CHARS, plain
from evaluations.selectors import (
    ANSWERABLE_CALL_STATUSES,
    ASSIGNMENT_CALL_STATUSES,
    AVAILABLE_EVALUATOR_STATUSES,
    assignable_applications,
    known_assignments,
)
from socialtech.formatting import format_score

# The Horizon Europe scale (domain notes §1.1), shown beside every criterion.
SCORE_DESCRIPTORS: list[tuple[int, Promise]] = [
    (
        0,
        gettext_lazy(
            "Fails to address the criterion, or cannot be assessed because information is missing"
        ),
    ),
    (1, gettext_lazy("Poor")),
    (2, gettext_lazy("Fair")),
    (3, gettext_lazy("Good")),
    (4, gettext_lazy("Very good")),
    (5, gettext_lazy("Excellent")),
]
# Short names for the half points in between: "0.5: between Fails and Poor".
SHORT_DESCRIPTORS: dict[int, Promise] = {
    0: gettext_lazy("Fails"),
    1: gettext_lazy("Poor"),
    2: gettext_lazy("Fair"),
    3: gettext_lazy("Good"),
    4: gettext_lazy("Very good"),
    5: gettext_lazy("Excellent"),
}
SCORE_VALUES = [
    f"{tenths // 10}.5" if tenths % 10 else str(tenths // 10) for tenths in range(0, 51, 5)
]

PENDING = (
    Assignment.Status.PROPOSED,
    Assignment.Status.ACCEPTED,
    Assignment.Status.IN_PROGRESS,
)
DECLINED = (Assignment.Status.DECLINED_CONFLICT, Assignment.Status.DECLINED_OTHER)


# --- The evaluator's assignments ------------------------------------------------------------


def evaluator_assignments(*, user: Any) -> QuerySet[Assignment]:
    """The confirmed assignments of ``user`` in the active programme, work to do first.

    Each row carries ``due`` (its own due date, else the call's evaluation deadline) and
    ``declared`` (whether the evaluator answered the conflict question); the application
    and its call are joined, so a page of rows costs one query.
    """
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return Assignment.objects.none()
    declared = ConflictDeclaration.objects.filter(
        application=OuterRef("application_id"), evaluator=OuterRef("evaluator_id")
    )
    return (
        Assignment.objects.filter(evaluator__user=user, confirmed_at__isnull=False)
        .select_related("application__call")
        .annotate(
            due=Coalesce("due_at", "application__call__evaluation_deadline"),
            declared=Exists(declared),
            is_done=Case(
                When(status__in=PENDING, then=Value(0)),
                default=Value(1),
                output_field=IntegerField(),
            ),
        )
        .order_by("is_done", F("due").asc(nulls_last=True), "application__receipt_number", "pk")
    )


def evaluator_assignment(*, user: Any, pk: int) -> Assignment:
    """One of ``user``'s assignments; raises ``Assignment.DoesNotExist`` for anyone else's."""
    return evaluator_assignments(user=user).select_related("evaluator").get(pk=pk)


def assignment_due(assignment: Assignment) -> datetime | None:
    """When the review is due: the assignment's own date, else the call's evaluation deadline."""
    due = getattr(assignment, "due", None)
    if due is not None:
        return due
    return assignment.due_at or assignment.application.call.evaluation_deadline


def review_of(assignment: Assignment) -> Review | None:
    try:
        return assignment.review
    except Review.DoesNotExist:
        return None


@dataclass(frozen=True)
class NextStep:
    text: str
    kind: str  # "declare", "review", "read", "none"


def next_step(assignment: Assignment) -> NextStep:
    status = assignment.status
    if status == Assignment.Status.PROPOSED:
        return NextStep(_("Declare any conflict of interest"), "declare")
    if status == Assignment.Status.ACCEPTED:
        return NextStep(_("Score the application"), "review")
    if status == Assignment.Status.IN_PROGRESS:
        return NextStep(_("Finish and submit your review"), "review")
    if status == Assignment.Status.SUBMITTED:
        return NextStep(_("Submitted: read your review"), "read")
    if status == Assignment.Status.DECLINED_CONFLICT:
        return NextStep(_("Nothing: you declared a conflict and were released"), "none")
    return NextStep(_("Nothing: the assignment was withdrawn"), "none")


def is_overdue(assignment: Assignment, *, now: datetime | None = None) -> bool:
    due = assignment_due(assignment)
    return due is not None and assignment.status in PENDING and (now or timezone.now()) >= due


# --- The declaration page -------------------------------------------------------------------


@dataclass(frozen=True)
class ApplicantFacts:
    """What an evaluator may know before declaring: enough to see a conflict, no content."""

    receipt_number: str
    organisation: str
    country_code: str
    country: str


def applicant_facts(application: Application) -> ApplicantFacts:
    organisation = application.organisation
    code = str(organisation.country or "")
    return ApplicantFacts(
        receipt_number=application.receipt_number,
        organisation=organisation.legal_name,
        country_code=code,
        country=str(countries.name(code) or code),
    )


def own_declaration(assignment: Assignment) -> ConflictDeclaration | None:
    return ConflictDeclaration.objects.filter(
        application_id=assignment.application_id, evaluator_id=assignment.evaluator_id
    ).first()


# --- Bidding, before the assignment ---------------------------------------------------------


@dataclass(frozen=True)
class InvitationRow:
    invitation: CallEvaluator
    step: str
    kind: str  # "answer", "bid", "wait"


def evaluator_invitations(*, user: Any) -> list[InvitationRow]:
    """``user``'s open invitations in this programme (calls before their results), each with
    the next step: answer it, give preferences while bidding is open, or wait. One query."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return []
    started = known_assignments().filter(application__call=OuterRef("call_id"))
    rows = (
        CallEvaluator.objects.filter(
            evaluator__user=user,
            status__in=AVAILABLE_EVALUATOR_STATUSES,
            call__status__in=ANSWERABLE_CALL_STATUSES,
        )
        .select_related("call")
        .annotate(assignment_started=Exists(started))
        .order_by("call__deadline", "pk")
    )
    result = []
    for row in rows:
        if not row.has_accepted:
            result.append(InvitationRow(row, _("Answer the invitation"), "answer"))
        elif row.call.status in ASSIGNMENT_CALL_STATUSES:
            # Bidding is open from the deadline until the assignment is confirmed.
            if not row.assignment_started:
                result.append(InvitationRow(row, _("Say which applications you prefer"), "bid"))
        else:
            result.append(
                InvitationRow(row, _("Accepted: applications come after the deadline"), "wait")
            )
    return result


def evaluator_invitation(*, user: Any, call_id: int) -> CallEvaluator:
    """``user``'s invitation to ``call_id``, whatever its state; raises
    ``CallEvaluator.DoesNotExist`` for anyone else."""
    return CallEvaluator.objects.select_related("call", "evaluator").get(
        call_id=call_id, evaluator__user=user
    )


@dataclass(frozen=True)
class BidRow:
    application_id: int
    facts: ApplicantFacts
    language: str
    choice: str
    conflict_declared: bool


def bidding_applications(call_evaluator: CallEvaluator) -> QuerySet[Application]:
    return assignable_applications(call_evaluator.call)


def bid_rows(call_evaluator: CallEvaluator, applications: Any) -> list[BidRow]:
    """One row per application of the page: the declaration page's facts, the evaluator's
    bid (``ok`` when none) and whether they declared a conflict. Two queries."""
    ids = [application.pk for application in applications]
    bids = dict(
        Bid.objects.filter(call_evaluator=call_evaluator, application_id__in=ids).values_list(
            "application_id", "choice"
        )
    )
    conflicted = set(
        ConflictDeclaration.objects.filter(
            evaluator_id=call_evaluator.evaluator_id, application_id__in=ids, has_conflict=True
        ).values_list("application_id", flat=True)
    )
    return [
        BidRow(
            application_id=application.pk,
            facts=applicant_facts(application),
            language=(application.language or "").split("-")[0].lower(),
            choice=bids.get(application.pk, Bid.Choice.OK),
            conflict_declared=application.pk in conflicted,
        )
        for application in applications
    ]


# --- The rubric -----------------------------------------------------------------------------


def call_criteria(call: Call) -> list[Criterion]:
    return list(call.criteria.order_by("order", "pk"))


def score_label(value: str) -> str:
    """``4`` → "4: Very good"; ``4.5`` → "4.5: between Very good and Excellent"."""
    number = Decimal(value)
    if number == number.to_integral_value():
        return f"{format_score(number)}: {dict(SCORE_DESCRIPTORS)[int(number)]}"
    return _("%(score)s: between %(lower)s and %(upper)s") % {
        "score": format_score(number),
        "lower": SHORT_DESCRIPTORS[int(number)],
        "upper": SHORT_DESCRIPTORS[int(number) + 1],
    }


def score_choices() -> list[tuple[str, str]]:
    return [("", _("Not scored yet")), *((value, score_label(value)) for value in SCORE_VALUES)]


@dataclass
class RubricRow:
    criterion: Criterion
    key: str
    name: str
    description: str
    threshold: str
    score: str
    comment: str

    @property
    def score_text(self) -> str:
        return score_label(self.score) if self.score else ""

    @property
    def comment_length(self) -> int:
        return len(self.comment.strip())

    @property
    def comment_is_long_enough(self) -> bool:
        return self.comment_length >= MIN_COMMENT_CHARS


def rubric(criteria: list[Criterion], review: Review | None) -> list[RubricRow]:
    scores = review.scores if review is not None else {}
    comments = review.comments if review is not None else {}
    return [
        RubricRow(
            criterion=criterion,
            key=str(criterion.pk),
            name=criterion.name_text,
            description=criterion.description_text,
            threshold=plain(criterion.threshold),
            score=str(scores.get(str(criterion.pk), "")),
            comment=str(comments.get(str(criterion.pk), "")),
        )
        for criterion in criteria
    ]


# --- The application, once readable ---------------------------------------------------------


def readable_answers(assignment: Assignment) -> list[application_selectors.AnswerRow]:
    """The application's answers as submitted, for an evaluator who declared no conflict.

    Refuses (``PermissionError``) before that declaration: the caller shows the
    declaration page instead, never the content.
    """
    if not may_read_application(assignment=assignment):
        raise PermissionError("declare no conflict of interest first")
    application = assignment.application
    return application_selectors.answer_rows(
        fields=application_selectors.form_fields(application.call),
        answers=application.submitted_answers or application.answers,
        attachments=application_selectors.application_attachments(application),
    )


def readable_attachment(assignment: Assignment, attachment_pk: int) -> Attachment | None:
    """A file of the assigned application, once the evaluator declared no conflict."""
    if not may_read_application(assignment=assignment):
        return None
    return Attachment.objects.filter(
        application_id=assignment.application_id, pk=attachment_pk
    ).first()


def may_read_application(*, assignment: Assignment) -> bool:
    """Content is shown only once the evaluator declared no conflict on this application."""
    return assignment.status in (
        Assignment.Status.ACCEPTED,
        Assignment.Status.IN_PROGRESS,
        Assignment.Status.SUBMITTED,
    )
