"""Writes of the evaluator pool and the assignment of evaluators to applications.

The pool: an expert's global profile, and their invitation to a call with the load they
may take. The assignment (DESIGN.md §3.3, domain notes §5 G): the solver proposes, staff
edit by hand and confirm, evaluators are told. A proposal may be replaced as often as
staff like until it is confirmed; from then on evaluators are at work and a decline is
covered from the alternates (:func:`evaluations.services.assignment_replace_from_alternates`).

Every function here checks that the person acting is staff or coordinator of the active
programme, locks the call while it changes its assignment, and writes its audit event in
the same transaction.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django_countries import countries

from applications.models import Application
from calls.models import Call
from evaluations.assignment import InfeasibleAssignment, affinity_matrix, solve
from evaluations.assignment.tasks import notify_assignments
from evaluations.conflicts import conflict_reasons
from evaluations.models import (
    EXPERTISE_TAGS,
    Assignment,
    AssignmentAlternate,
    CallEvaluator,
    EvaluatorProfile,
)
from evaluations.pool.tasks import send_invitation
from evaluations.selectors import (
    ASSIGNMENT_CONFIRMED,
    AVAILABLE_EVALUATOR_STATUSES,
    DECLINED_STATUSES,
    EU_LANGUAGES,
    LANGUAGE_WEIGHT,
    CallProblem,
    application_terms,
    assignable_applications,
    assignment_counts,
    assignment_problem_for_call,
    call_bids,
    call_conflicts,
    conflict_rules_for,
    evaluator_label,
    evaluator_loads,
    evaluator_profiles_for_tenant,
    evaluator_terms,
    may_assign_evaluators,
    reason_text,
)
from organisations.models import Organisation
from socialtech.accounts.models import User
from socialtech.accounts.roles import Role
from socialtech.accounts.services import membership_grant
from socialtech.audit.models import AuditEvent
from socialtech.audit.services import audit_log
from socialtech.documents.uploads import random_storage_name, validate_upload
from socialtech.tenancy.context import require_active_tenant

MAX_KEYWORDS = 30
MAX_KEYWORD_LENGTH = 60
CV_TYPES = ("pdf",)


class AssignmentInfeasible(ValidationError):
    """No assignment meets every rule; ``reasons`` says why, in the reader's language."""

    def __init__(self, reasons: list[str]) -> None:
        super().__init__([ValidationError(reason, code="infeasible") for reason in reasons])
        self.reasons = reasons


@dataclass(frozen=True)
class ProposalOutcome:
    assignments: int
    alternates: int
    applications: int
    evaluators: int
    total_affinity: float
    replaced: int


@dataclass(frozen=True)
class ConfirmationOutcome:
    assignments: int
    evaluators: int
    due_at: datetime
    confirmation_id: int


def check_back_office(user: Any) -> None:
    if not may_assign_evaluators(user):
        raise PermissionDenied(_("Only the programme's staff and coordinators may do this."))


def lock_call(call: Call) -> Call:
    """The call of the active programme, locked so two changes of its assignment take turns."""
    return Call.objects.select_for_update().get(pk=call.pk)


# --- The pool -------------------------------------------------------------------------------


def _clean_keywords(keywords: Iterable[str]) -> list[str]:
    cleaned: list[str] = []
    seen: set[str] = set()
    for keyword in keywords:
        text = " ".join(str(keyword).split())
        if text and text.lower() not in seen:
            seen.add(text.lower())
            cleaned.append(text)
    return cleaned


def evaluator_profile_problems(
    *, expertise: list[str], keywords: list[str], languages: list[str], country: str
) -> dict[str, str]:
    """What is wrong with a profile's lists, by field; empty when nothing is."""
    errors: dict[str, str] = {}
    known_tags = {key for key, _label in EXPERTISE_TAGS}
    if unknown := [tag for tag in expertise if tag not in known_tags]:
        errors["expertise"] = _("Unknown expertise: %(tags)s. Choose from the list.") % {
            "tags": ", ".join(unknown)
        }
    if len(keywords) > MAX_KEYWORDS:
        errors["keywords"] = _("Keywords: at most %(limit)s, separated by commas.") % {
            "limit": MAX_KEYWORDS
        }
    elif long := [keyword for keyword in keywords if len(keyword) > MAX_KEYWORD_LENGTH]:
        errors["keywords"] = _(
            "Keywords: each at most %(limit)s characters; “%(keyword)s” is longer."
        ) % {
            "limit": MAX_KEYWORD_LENGTH,
            "keyword": long[0],
        }
    if unknown := [code for code in languages if code not in EU_LANGUAGES]:
        errors["languages"] = _("Unknown language code: %(codes)s. Choose from the list.") % {
            "codes": ", ".join(unknown)
        }
    if country and country not in countries:
        errors["country"] = _("Country: give a two-letter ISO code such as IT or SE.")
    return errors


@transaction.atomic
def evaluator_profile_save(
    *,
    by: Any,
    profile: EvaluatorProfile | None = None,
    email: str = "",
    expertise: list[str],
    keywords: list[str],
    languages: list[str],
    country: str = "",
    employer_name: str = "",
    employer: Organisation | None = None,
    cv: Any | None = None,
) -> EvaluatorProfile:
    """Add an expert to the programme's pool (by the e-mail of their account) or change
    their profile.

    Adding gives the person the evaluator role in the programme, so the profile shows in
    its pool and they reach the evaluation workspace. Profiles are global: adding someone
    who already has one (from another programme) updates it with what was entered.
    Refuses: an e-mail no account uses, a profile outside the programme's pool, unknown
    expertise tags or languages, too many or too long keywords, an unknown country, and a
    CV that is not a PDF within the upload limit (checked from its bytes).
    """
    check_back_office(by)
    tenant = require_active_tenant()
    keywords = _clean_keywords(keywords)
    expertise = list(dict.fromkeys(expertise))
    languages = list(dict.fromkeys(code.lower() for code in languages))
    country = (country or "").upper()
    errors: dict[str, Any] = evaluator_profile_problems(
        expertise=expertise, keywords=keywords, languages=languages, country=country
    )
    is_new = profile is None
    if profile is None:
        user = User.objects.filter(email__iexact=email.strip()).first() if email.strip() else None
        if user is None:
            errors["email"] = _(
                "No account uses this e-mail address; ask the expert to register first."
            )
        else:
            profile = EvaluatorProfile.objects.filter(user=user).first() or EvaluatorProfile(
                user=user
            )
    elif not evaluator_profiles_for_tenant(tenant).filter(pk=profile.pk).exists():
        raise PermissionDenied(_("This expert is not in the programme's pool."))
    checked = None
    if cv is not None:
        try:
            checked = validate_upload(
                cv,
                field_label=_("CV"),
                max_bytes=settings.UPLOAD_MAX_BYTES,
                allowed_types=CV_TYPES,
            )
        except ValidationError as error:
            errors["cv"] = error.messages
    if errors:
        raise ValidationError(errors)
    assert profile is not None
    profile.expertise = expertise
    profile.keywords = keywords
    profile.languages = languages
    profile.country = country
    profile.employer_name = employer_name.strip()
    profile.employer = employer
    if checked is not None and cv is not None:
        old_name = profile.cv.name if profile.cv else None
        storage = profile.cv.storage
        # The field's upload_to gives the folder; the name is random, never the one uploaded.
        profile.cv.save(random_storage_name("", checked.kind), cv, save=False)
        if old_name:
            transaction.on_commit(lambda: storage.delete(old_name))
    profile.full_clean()
    profile.save()
    if is_new:
        membership_grant(tenant=tenant, user=profile.user, role=Role.EVALUATOR, granted_by=by)
    audit_log(
        actor=by,
        verb="evaluator_profile.added" if is_new else "evaluator_profile.changed",
        target=profile,
        data={
            "expertise": expertise,
            "languages": languages,
            "country": country,
            "cv_sha256": checked.sha256 if checked else None,
        },
    )
    return profile


@transaction.atomic
def call_evaluator_save(
    *,
    by: Any,
    call: Call,
    evaluator: EvaluatorProfile,
    call_evaluator: CallEvaluator | None = None,
    min_load: int,
    max_load: int,
    status: str = CallEvaluator.Status.INVITED,
    is_consortium_partner: bool = False,
    standing_declaration_at: datetime | None = None,
) -> CallEvaluator:
    """Invite an expert of the pool to evaluate a call, or change the invitation.

    An invitation gives the expert the evaluator role in the programme. Refuses: a call or
    expert outside the programme, a second invitation of the same expert to the same
    call, changing the call or the expert of an invitation, and a minimum load above the
    maximum.
    """
    check_back_office(by)
    tenant = require_active_tenant()
    call = Call.objects.get(pk=call.pk)
    errors: dict[str, str] = {}
    if not evaluator_profiles_for_tenant(tenant).filter(pk=evaluator.pk).exists():
        errors["evaluator"] = _(
            "This expert is not in the programme's pool; add their profile first."
        )
    if call_evaluator is not None and (
        call_evaluator.call_id != call.pk or call_evaluator.evaluator_id != evaluator.pk
    ):
        raise ValidationError(
            _("An invitation cannot move to another call or expert; invite anew."),
            code="fixed",
        )
    if (
        call_evaluator is None
        and CallEvaluator.objects.filter(call=call, evaluator=evaluator).exists()
    ):
        errors["evaluator"] = _("%(evaluator)s is already invited to this call.") % {
            "evaluator": evaluator_label(evaluator)
        }
    if min_load is not None and max_load is not None and min_load > max_load:
        errors["min_load"] = _(
            "Minimum applications (%(minimum)s) cannot be above the maximum (%(maximum)s)."
        ) % {"minimum": min_load, "maximum": max_load}
    if status not in CallEvaluator.Status.values:
        errors["status"] = _("Unknown status %(status)s.") % {"status": status}
    if errors:
        raise ValidationError(errors)
    is_new = call_evaluator is None
    row = call_evaluator or CallEvaluator(call=call, evaluator=evaluator, tenant=tenant)
    was_declined = row.status == CallEvaluator.Status.DECLINED
    changes = {
        "min_load": min_load,
        "max_load": max_load,
        "status": status,
        "is_consortium_partner": is_consortium_partner,
        "standing_declaration_at": standing_declaration_at,
    }
    for name, value in changes.items():
        setattr(row, name, value)
    row.full_clean()
    row.save()
    if is_new:
        membership_grant(tenant=tenant, user=evaluator.user, role=Role.EVALUATOR, granted_by=by)
    if row.status == CallEvaluator.Status.INVITED and (is_new or was_declined):
        # The expert answers the invitation in the workspace; the e-mail says where.
        row_id, tenant_id = row.pk, row.tenant_id
        transaction.on_commit(
            lambda: send_invitation.apply_async(
                kwargs={"call_evaluator_id": row_id, "tenant_id": tenant_id}
            )
        )
    audit_log(
        actor=by,
        verb="call_evaluator.invited" if is_new else "call_evaluator.changed",
        target=call,
        data={
            "evaluator": evaluator.pk,
            "min_load": min_load,
            "max_load": max_load,
            "status": status,
            "is_consortium_partner": is_consortium_partner,
        },
    )
    return row


@transaction.atomic
def call_evaluator_remove(*, call_evaluator: CallEvaluator, by: Any) -> None:
    """Withdraw an invitation. Refuses while the expert has assignments in the call."""
    check_back_office(by)
    row = (
        CallEvaluator.objects.select_for_update(of=("self",))
        .select_related("evaluator__user")
        .get(pk=call_evaluator.pk)
    )
    if Assignment.objects.filter(
        application__call_id=row.call_id, evaluator_id=row.evaluator_id
    ).exists():
        raise ValidationError(
            _(
                "%(evaluator)s has assignments in this call. Set the invitation to Declined and "
                "run the assignment again, or move the assignments to someone else first."
            )
            % {"evaluator": evaluator_label(row.evaluator)},
            code="has_assignments",
        )
    call = row.call
    evaluator_id = row.evaluator_id
    row.delete()
    audit_log(
        actor=by,
        verb="call_evaluator.removed",
        target=call,
        data={"evaluator": evaluator_id},
    )


# --- The assignment -------------------------------------------------------------------------


def refuse_if_started(call: Call) -> None:
    counts = assignment_counts([call])[call.pk]
    if not counts.may_run:
        raise ValidationError(
            ngettext(
                "The assignment of this call is confirmed (%(count)s assignment) and evaluators "
                "are at work; a declined assignment is covered from the alternates.",
                "The assignment of this call is confirmed (%(count)s assignments) and evaluators "
                "are at work; a declined assignment is covered from the alternates.",
                counts.confirmed,
            )
            % {"count": counts.confirmed},
            code="already_confirmed",
        )


@transaction.atomic
def assignment_propose(
    *, call: Call, by: Any, progress: Callable[[int], None] | None = None
) -> ProposalOutcome:
    """Run the solver on the call and store its proposal: assignments in status *proposed*
    and up to three ranked alternates per application.

    Replaces an earlier proposal that is not confirmed yet, so running twice is safe.
    ``progress`` receives percentages from 0 to 100. Refuses: a call whose assignment is
    confirmed, a call with no eligible applications, and a call no assignment can serve
    (:class:`AssignmentInfeasible`, with the reasons in words and numbers).
    """
    check_back_office(by)
    report = progress or (lambda _percent: None)
    report(0)
    call = lock_call(call)
    refuse_if_started(call)
    built = assignment_problem_for_call(call)
    if not built.applications:
        raise ValidationError(
            _("The call has no eligible applications to assign."), code="nothing_to_assign"
        )
    report(20)
    try:
        result = solve(built.problem, progress=lambda percent: report(20 + percent * 70 // 100))
    except InfeasibleAssignment as error:
        raise AssignmentInfeasible([reason_text(reason) for reason in error.reasons]) from error
    replaced = _replace_proposal(call, built, result)
    audit_log(
        actor=by,
        verb="assignment.proposed",
        target=call,
        data={
            "assignments": len(result.pairs),
            "total_affinity": round(result.total_affinity, 4),
            "replaced": replaced,
        },
    )
    report(100)
    return ProposalOutcome(
        assignments=len(result.pairs),
        alternates=sum(len(evaluators) for evaluators in result.alternates.values()),
        applications=len(built.applications),
        evaluators=len(built.call_evaluators),
        total_affinity=result.total_affinity,
        replaced=replaced,
    )


def _replace_proposal(call: Call, built: CallProblem, result: Any) -> int:
    tenant = call.tenant
    replaced, _deleted = Assignment.objects.filter(
        application__call=call, status=Assignment.Status.PROPOSED, confirmed_at__isnull=True
    ).delete()
    AssignmentAlternate.objects.filter(application__call=call).delete()
    a_index = built.application_index()
    e_index = built.evaluator_index()
    affinity = built.problem.affinity
    Assignment.objects.bulk_create(
        [
            Assignment(
                tenant=tenant,
                application_id=application.pk,
                evaluator_id=evaluator.pk,
                status=Assignment.Status.PROPOSED,
                affinity=float(affinity[a_index[application.pk], e_index[evaluator.pk]]),
            )
            for application, evaluator in result.pairs
        ]
    )
    AssignmentAlternate.objects.bulk_create(
        [
            AssignmentAlternate(
                tenant=tenant,
                application_id=application.pk,
                evaluator_id=evaluator.pk,
                position=position,
                affinity=float(affinity[a_index[application.pk], e_index[evaluator.pk]]),
            )
            for application, evaluators in result.alternates.items()
            for position, evaluator in enumerate(evaluators, start=1)
        ]
    )
    return int(replaced)


def _pair_affinity(call: Call, application: Application, profile: EvaluatorProfile) -> float:
    bid = call_bids(call).get((application.pk, profile.pk))
    matrix = affinity_matrix(
        application_terms(call, [application]),
        [evaluator_terms(profile)],
        application_languages=[(application.language or "").split("-")[0].lower() or None],
        evaluator_languages=[{str(code).lower() for code in profile.languages or []}],
        bids={(0, 0): bid} if bid else None,
        language_weight=LANGUAGE_WEIGHT,
    )
    return float(matrix[0, 0])


def same_country_evaluator(
    application: Application, profile: EvaluatorProfile, *, excluding: int | None = None
) -> EvaluatorProfile | None:
    """Another active evaluator of ``application`` from ``profile``'s country, if any."""
    if not profile.country:
        return None
    others = (
        Assignment.objects.filter(application=application, evaluator__country=profile.country)
        .exclude(status__in=DECLINED_STATUSES)
        .exclude(evaluator=profile)
        .select_related("evaluator__user")
    )
    if excluding is not None:
        others = others.exclude(pk=excluding)
    first = others.first()
    return first.evaluator if first is not None else None


def _active_load(call: Call, evaluator_id: int) -> int:
    return evaluator_loads(call, [evaluator_id])[evaluator_id]


@transaction.atomic
def assignment_move(
    *, assignment: Assignment, to_evaluator: EvaluatorProfile, by: Any
) -> Assignment:
    """Give one proposed assignment to another evaluator of the call (a hand edit).

    Re-checks the rules the solver kept: the new evaluator is invited to the call and has
    not declined, does not review this application already, has no conflict with it, and
    stays within their maximum load. The first evaluator may drop below their minimum; the
    page shows it. Refuses once the assignment is confirmed.
    """
    check_back_office(by)
    assignment = (
        Assignment.objects.select_for_update(of=("self",))
        .select_related("application__organisation", "evaluator__user")
        .get(pk=assignment.pk)
    )
    call = lock_call(assignment.application.call)
    if assignment.confirmed_at is not None or assignment.status != Assignment.Status.PROPOSED:
        raise ValidationError(
            _(
                "Only a proposal that is not confirmed yet can be moved; this one has the status "
                "“%(status)s”."
            )
            % {
                "status": _("confirmed")
                if assignment.confirmed_at
                else assignment.get_status_display()
            },
            code="already_confirmed",
        )
    profile = EvaluatorProfile.objects.select_related("user", "employer").get(pk=to_evaluator.pk)
    name = evaluator_label(profile)
    row = CallEvaluator.objects.filter(
        call=call, evaluator=profile, status__in=AVAILABLE_EVALUATOR_STATUSES
    ).first()
    if row is None:
        raise ValidationError(
            {
                "to_evaluator": _("%(evaluator)s is not an evaluator of this call.")
                % {"evaluator": name}
            }
        )
    application = assignment.application
    if (
        profile.pk == assignment.evaluator_id
        or Assignment.objects.filter(application=application, evaluator=profile).exists()
    ):
        raise ValidationError(
            {
                "to_evaluator": _("%(evaluator)s already reviews %(application)s.")
                % {"evaluator": name, "application": str(application)}
            }
        )
    row.evaluator = profile
    reasons = call_conflicts(call, [row], [application]).get((profile.pk, application.pk))
    if reasons:
        raise ValidationError(
            {
                "to_evaluator": _(
                    "%(evaluator)s has a conflict of interest with %(application)s: %(reasons)s."
                )
                % {
                    "evaluator": name,
                    "application": str(application),
                    "reasons": "; ".join(reasons),
                }
            }
        )
    if call.one_evaluator_per_country:
        compatriot = same_country_evaluator(application, profile, excluding=assignment.pk)
        if compatriot is not None:
            raise ValidationError(
                {
                    "to_evaluator": _(
                        "%(evaluator)s comes from the same country as %(other)s, who already "
                        "reviews %(application)s; this call takes one evaluator per country."
                    )
                    % {
                        "evaluator": name,
                        "other": evaluator_label(compatriot),
                        "application": str(application),
                    }
                }
            )
    load = _active_load(call, profile.pk)
    if load + 1 > row.max_load:
        raise ValidationError(
            {
                "to_evaluator": _(
                    "%(evaluator)s would review %(load)s applications, above their maximum of "
                    "%(maximum)s."
                )
                % {"evaluator": name, "load": load + 1, "maximum": row.max_load}
            }
        )
    previous = assignment.evaluator_id
    assignment.evaluator = profile
    assignment.affinity = _pair_affinity(call, application, profile)
    assignment.full_clean()
    assignment.save(update_fields=["evaluator", "affinity"])
    # An alternate who now reviews the application is no longer a stand-in for it.
    AssignmentAlternate.objects.filter(application=application, evaluator=profile).delete()
    audit_log(
        actor=by,
        verb="assignment.moved",
        target=application,
        data={"from": previous, "to": profile.pk, "affinity": round(assignment.affinity, 4)},
    )
    return assignment


@transaction.atomic
def assignment_confirm(*, call: Call, by: Any) -> ConfirmationOutcome:
    """Confirm the proposal: every proposed assignment gets the call's evaluation deadline
    as its due date, and each evaluator gets one e-mail listing their applications.

    Refuses: a call without an evaluation deadline, no proposal to confirm, applications
    that left the evaluation or lack evaluators since the proposal was made, evaluators
    above their maximum load, and pairs that have become conflicted (a conflict declared
    since, in any programme).
    """
    check_back_office(by)
    call = lock_call(call)
    if call.evaluation_deadline is None:
        raise ValidationError(
            {
                "evaluation_deadline": _(
                    "Set the call's evaluation deadline first: it is the evaluators' due date."
                )
            }
        )
    proposals = list(
        Assignment.objects.select_for_update(of=("self",))
        .filter(
            application__call=call, status=Assignment.Status.PROPOSED, confirmed_at__isnull=True
        )
        .select_related("application__organisation", "evaluator__user", "evaluator__employer")
        .order_by("pk")
    )
    if not proposals:
        raise ValidationError(
            _("There is no proposal to confirm; run the assignment first."), code="no_proposal"
        )
    _check_proposal(call, proposals)
    now = timezone.now()
    Assignment.objects.filter(pk__in=[row.pk for row in proposals]).update(
        confirmed_at=now, due_at=call.evaluation_deadline
    )
    evaluator_ids = sorted({row.evaluator_id for row in proposals})
    event = announce_assignments(
        call=call,
        by=by,
        assignments=len(proposals),
        evaluator_ids=evaluator_ids,
        due_at=call.evaluation_deadline,
    )
    return ConfirmationOutcome(
        assignments=len(proposals),
        evaluators=len(evaluator_ids),
        due_at=call.evaluation_deadline,
        confirmation_id=event.pk,
    )


def announce_assignments(
    *,
    call: Call,
    by: Any,
    assignments: int,
    evaluator_ids: list[int],
    due_at: datetime | None,
    application_ids: list[int] | None = None,
) -> AuditEvent:
    """Record a confirmation of assignments and, once committed, e-mail each evaluator the
    applications it gives them (only ``application_ids`` when given: a stand-in or a
    re-evaluation confirms one application)."""
    data: dict[str, Any] = {
        "assignments": assignments,
        "evaluators": evaluator_ids,
        "due_at": due_at.isoformat() if due_at else None,
    }
    if application_ids is not None:
        data["applications"] = application_ids
    event = audit_log(actor=by, verb=ASSIGNMENT_CONFIRMED, target=call, data=data)
    call_id, tenant_id = call.pk, call.tenant_id
    transaction.on_commit(
        lambda: notify_assignments.apply_async(
            kwargs={"call_id": call_id, "confirmation_id": event.pk, "tenant_id": tenant_id}
        )
    )
    return event


def _check_proposal(call: Call, proposals: list[Assignment]) -> None:
    problems: list[str] = []
    assignable = {application.pk: application for application in assignable_applications(call)}
    gone = sorted(
        {str(row.application) for row in proposals if row.application_id not in assignable}
    )
    if gone:
        problems.append(
            _("No longer eligible or in evaluation: %(applications)s. Run the assignment again.")
            % {"applications": ", ".join(gone)}
        )
    counts = Counter(
        Assignment.objects.filter(application__call=call)
        .exclude(status__in=DECLINED_STATUSES)
        .values_list("application_id", flat=True)
    )
    short = [
        str(application)
        for pk, application in assignable.items()
        if counts[pk] < call.evaluators_per_application
    ]
    if short:
        problems.append(
            _("Fewer than %(k)s evaluators: %(applications)s. Run the assignment again.")
            % {"k": call.evaluators_per_application, "applications": ", ".join(short)}
        )
    rows = {
        row.evaluator_id: row
        for row in CallEvaluator.objects.filter(call=call).select_related("evaluator__user")
    }
    loads = evaluator_loads(call)
    for evaluator_id, load in sorted(loads.items()):
        row = rows.get(evaluator_id)
        if row is not None and load > row.max_load:
            problems.append(
                _("%(evaluator)s has %(load)s applications, above their maximum of %(maximum)s.")
                % {
                    "evaluator": evaluator_label(row.evaluator),
                    "load": load,
                    "maximum": row.max_load,
                }
            )
    profiles = list({row.evaluator_id: row.evaluator for row in proposals}.values())
    applications = list({row.application_id: row.application for row in proposals}.values())
    conflicts = conflict_reasons(
        profiles,
        applications,
        rules=conflict_rules_for(call),
        partner_evaluator_ids=frozenset(
            evaluator_id for evaluator_id, row in rows.items() if row.is_consortium_partner
        ),
    )
    for proposed in proposals:
        reasons = conflicts.get((proposed.evaluator_id, proposed.application_id))
        if reasons:
            problems.append(
                _("%(evaluator)s has a conflict of interest with %(application)s: %(reasons)s.")
                % {
                    "evaluator": evaluator_label(proposed.evaluator),
                    "application": str(proposed.application),
                    "reasons": "; ".join(reasons),
                }
            )
    if problems:
        raise ValidationError(problems, code="proposal_invalid")


__all__ = [
    "AssignmentInfeasible",
    "ConfirmationOutcome",
    "ProposalOutcome",
    "assignment_confirm",
    "assignment_move",
    "assignment_problem_for_call",
    "assignment_propose",
    "call_evaluator_remove",
    "call_evaluator_save",
    "evaluator_profile_problems",
    "evaluator_profile_save",
]
