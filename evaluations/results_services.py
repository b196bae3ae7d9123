"""Writes of the results stage: evaluated applications, consensus, ranking, publication of
results with the evaluation summary reports, and redress.

Every service checks who acts, locks what it changes, and writes its audit event in the
same transaction. E-mails and PDFs are made after commit by the tasks at the end of this
module, which are safe to run twice: each e-mail is claimed in the audit trail first.
"""

from __future__ import annotations

import smtplib
from datetime import datetime, timedelta
from typing import IO, Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import File
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from applications.models import APPLICATION_TRANSITIONS, Application, ApplicationStatus
from applications.selectors import zoned
from applications.staff_selectors import staff_label
from calls.models import Call, CallStatus
from calls.services import call_transition
from evaluations import results_selectors as selectors
from evaluations import scoring, services
from evaluations.models import Consensus, RankingRun, RedressRequest
from organisations.models import OrganisationMember
from organisations.permissions import member_role
from socialtech.accounts.roles import Role, require_programme_staff
from socialtech.audit.models import AuditEvent
from socialtech.audit.services import audit_log
from socialtech.celery import TenantTask, app
from socialtech.documents.models import DocumentKind, StoredDocument
from socialtech.documents.tasks import render_and_store_document
from socialtech.documents.uploads import random_storage_name, validate_upload
from socialtech.tasks import enqueue_on_commit_by_name
from socialtech.tenancy.links import tenant_absolute_url

S = ApplicationStatus
BACK_OFFICE_ROLES = (Role.STAFF, Role.COORDINATOR)
REDRESS_MIN_CHARS = 100
REDRESS_ANSWER_MIN_CHARS = 100
REDRESS_EVIDENCE_MAX_BYTES = 10 * 1024 * 1024
# Failures worth a retry: the mail server is down or refused for now.
TRANSIENT_MAIL_ERRORS = (smtplib.SMTPException, ConnectionError, TimeoutError)


def _move(application: Application, to: str) -> None:
    if to not in APPLICATION_TRANSITIONS[application.status]:
        raise ValidationError(
            _("An application that is %(current)s cannot become %(target)s.")
            % {"current": application.get_status_display(), "target": S(to).label},
            code="transition_not_allowed",
        )
    application.status = to


def _locked(application: Application) -> Application:
    return (
        Application.objects.select_for_update(of=("self",))
        .select_related("call", "organisation")
        .get(pk=application.pk)
    )


def _labels(applications: list[Application], limit: int = 10) -> str:
    labels = [staff_label(application) for application in applications[:limit]]
    if len(applications) > limit:
        labels.append("…")
    return ", ".join(labels)


# --- Evaluated ----------------------------------------------------------------------------


@transaction.atomic
def application_mark_evaluated(*, application: Application, by: Any) -> Application:
    """Mark an application evaluated once every review of its current round is submitted.

    An evaluated application is returned as it is. Refuses an application that is not in
    evaluation (its status named), one with no submitted review, and one with reviews
    still outstanding (counted). After an upheld redress only the new round counts.
    """
    require_programme_staff(by)
    application = _locked(application)
    if application.status == S.EVALUATED:
        return application
    if application.status != S.IN_EVALUATION:
        raise ValidationError(
            _("Only an application in evaluation can be marked evaluated; %(label)s is %(status)s.")
            % {"label": staff_label(application), "status": application.get_status_display()},
            code="not_in_evaluation",
        )
    state = selectors.completeness(
        application.assignments.all(), selectors.reopened_at(application)
    )
    if state.submitted == 0:
        raise ValidationError(
            _("%(label)s has no submitted review yet.") % {"label": staff_label(application)},
            code="no_review",
        )
    if state.outstanding:
        raise ValidationError(
            ngettext(
                "%(label)s still waits for %(count)s review.",
                "%(label)s still waits for %(count)s reviews.",
                state.outstanding,
            )
            % {"label": staff_label(application), "count": state.outstanding},
            code="reviews_outstanding",
        )
    _move(application, S.EVALUATED)
    application.full_clean(validate_constraints=False)
    application.save(update_fields=["status", "updated_at"])
    audit_log(
        actor=by,
        verb="application.evaluated",
        target=application,
        data={"reviews": state.submitted},
    )
    return application


@transaction.atomic
def call_mark_evaluated(*, call: Call, by: Any) -> list[Application]:
    """Mark evaluated every application of ``call`` whose reviews are all submitted."""
    require_programme_staff(by)
    return [
        application_mark_evaluated(application=application, by=by)
        for application in selectors.applications_ready_to_mark(call)
    ]


# --- Consensus ----------------------------------------------------------------------------


@transaction.atomic
def consensus_rapporteur_name(*, application: Application, rapporteur: Any, by: Any) -> Consensus:
    """Name the rapporteur who drafts the consensus report of ``application``.

    The rapporteur is an evaluator who submitted a review of it, or a staff member or
    coordinator. Naming another rapporteur keeps what was drafted. Refuses an application
    that is not in evaluation or evaluated, anyone else as rapporteur, and an approved
    consensus (it is locked).
    """
    require_programme_staff(by)
    application = _locked(application)
    if application.status not in (S.IN_EVALUATION, S.EVALUATED):
        raise ValidationError(
            _(
                "A consensus is prepared while the application is in evaluation; %(label)s is %(status)s."
            )
            % {"label": staff_label(application), "status": application.get_status_display()},
            code="not_in_evaluation",
        )
    if rapporteur is None or not selectors.is_rapporteur_candidate(application, rapporteur):
        raise ValidationError(
            {
                "rapporteur": _(
                    "Rapporteur: choose an evaluator who submitted a review of this application, "
                    "or a staff member of the programme."
                )
            }
        )
    consensus = Consensus.objects.select_for_update().filter(application=application).first()
    if consensus is not None and consensus.approved_at:
        raise ValidationError(_("The consensus is approved and locked."), code="locked")
    previous = consensus.rapporteur_id if consensus is not None else None
    if consensus is None:
        consensus = Consensus(application=application, rapporteur=rapporteur)
    consensus.rapporteur = rapporteur
    consensus.full_clean(validate_unique=False, validate_constraints=False)
    consensus.save()
    audit_log(
        actor=by,
        verb="consensus.rapporteur_named",
        target=application,
        data={"rapporteur": rapporteur.pk, "previous": previous},
    )
    return consensus


@transaction.atomic
def consensus_report_draft(
    *, consensus: Consensus, by: Any, scores: dict[str, Any], comments: dict[str, str]
) -> Consensus:
    """The rapporteur's draft: a score and a comment for every criterion.

    The draft may change until staff approve it. Refuses anyone but the named rapporteur,
    an approved report, a missing or invalid score, and a comment shorter than
    ``services.MIN_COMMENT_CHARS``; the errors are keyed ``scores.<criterion id>`` and
    ``comments.<criterion id>`` and name the criterion.
    """
    consensus = (
        Consensus.objects.select_for_update(of=("self",))
        .select_related("application__call")
        .get(pk=consensus.pk)
    )
    if consensus.rapporteur_id != getattr(by, "pk", None):
        raise PermissionDenied(_("Only the named rapporteur drafts this consensus report."))
    if consensus.approved_at:
        raise ValidationError(_("The consensus is approved and locked."), code="locked")
    criteria = selectors.call_criteria(consensus.application.call)
    cleaned = {str(key): str(text or "").strip() for key, text in comments.items()}
    errors: dict[str, Any] = {
        f"comments.{criterion.pk}": _("%(name)s: write at least %(n)s characters of comment.")
        % {"name": criterion.name_text, "n": services.MIN_COMMENT_CHARS}
        for criterion in criteria
        if len(cleaned.get(str(criterion.pk), "")) < services.MIN_COMMENT_CHARS
    }
    drafted = None
    try:
        drafted = services.consensus_draft(
            application=consensus.application,
            rapporteur=by,
            scores=scores,
            comments={
                str(criterion.pk): cleaned.get(str(criterion.pk), "") for criterion in criteria
            },
            by=by,
        )
    except ValidationError as error:
        if not hasattr(error, "error_dict"):
            raise
        errors.update({f"scores.{key}": messages for key, messages in error.message_dict.items()})
    if errors or drafted is None:
        # Scores and comments are reported together; the draft written above rolls back.
        raise ValidationError(errors)
    return drafted


@transaction.atomic
def consensus_report_approve(*, consensus: Consensus, by: Any) -> Consensus:
    """Staff approve the drafted consensus; from then on its scores are authoritative.

    An approved report is returned as it is. Refuses anyone but staff and coordinators, a
    report not drafted yet, and the rapporteur approving their own report.
    """
    require_programme_staff(by)
    consensus = (
        Consensus.objects.select_for_update().select_related("application").get(pk=consensus.pk)
    )
    if consensus.approved_at:
        return consensus
    return services.consensus_approve(consensus=consensus, by=by)


# --- Ranking and the panel minutes --------------------------------------------------------


@transaction.atomic
def call_ranking_run(*, call: Call, by: Any, seed: int | None = None) -> RankingRun:
    """Rank the evaluated applications of ``call`` (``services.call_rank``) and record, with
    each row, the scores used and the amount requested, for the minutes and the letters.

    Refuses a call that is not in evaluation (or, after an upheld redress, in results),
    a call with applications still in evaluation, one with nothing evaluated, evaluated
    applications that wait for an approved consensus (each named), and, once results are
    published, a ranking that would move an application in a way the status rules forbid.
    """
    require_programme_staff(by)
    call = Call.objects.select_for_update().get(pk=call.pk)
    if call.status not in (CallStatus.EVALUATION, CallStatus.RESULTS):
        raise ValidationError(
            _("A call is ranked while it is in evaluation; this call is %(status)s.")
            % {"status": call.get_status_display()},
            code="not_in_evaluation",
        )
    waiting = list(Application.objects.filter(call=call, status=S.IN_EVALUATION))
    if waiting:
        raise ValidationError(
            ngettext(
                "%(count)s application is still in evaluation: %(labels)s. Mark it evaluated "
                "when its reviews are in.",
                "%(count)s applications are still in evaluation: %(labels)s. Mark them "
                "evaluated when their reviews are in.",
                len(waiting),
            )
            % {"count": len(waiting), "labels": _labels(waiting)},
            code="still_in_evaluation",
        )
    if not Application.objects.filter(call=call, status=S.EVALUATED).exists() and (
        call.status == CallStatus.RESULTS
        or not Application.objects.filter(call=call, status__in=selectors.OUTCOME_STATUSES).exists()
    ):
        raise ValidationError(
            _(
                "No application of this call has been evaluated since the last ranking, so there is nothing to rank."
            ),
            code="nothing_to_rank",
        )
    blockers = selectors.consensus_blockers(call)
    if blockers:
        raise ValidationError(
            [
                _("%(label)s cannot be ranked yet: %(reason)s.")
                % {"label": staff_label(application), "reason": reason}
                for application, reason in blockers
            ],
            code="consensus_needed",
        )
    before = dict(
        Application.objects.filter(
            call=call, status__in=selectors.AGGREGATION_STATUSES
        ).values_list("pk", "status")
    )
    run = services.call_rank(call=call, by=by, seed=seed)
    if call.status == CallStatus.RESULTS:
        forbidden = [
            _("%(label)s would move from %(current)s to %(target)s.")
            % {"label": f"#{pk}", "current": S(before[pk]).label, "target": S(outcome).label}
            for pk, outcome in selectors.ranked_outcomes(run).items()
            if before.get(pk) not in (None, outcome)
            and outcome not in APPLICATION_TRANSITIONS[before[pk]]
        ]
        if forbidden:
            raise ValidationError(
                [_("Results are published and the status rules forbid this ranking."), *forbidden],
                code="transition_not_allowed",
            )
    applications = {
        application.pk: application
        for application in Application.objects.filter(
            pk__in=[row["application"] for row in run.results]
        ).select_related("call")
    }
    for row in run.results:
        application = applications[row["application"]]
        scores, source = selectors.authoritative_scores(application)
        row["scores"] = {key: scoring.plain(value) for key, value in scores.items()}
        row["source"] = source
        row["requested_amount"] = str(application.requested_amount or "0")
    run.full_clean()
    run.save(update_fields=["results"])
    return run


def ranking_minutes_store(*, run: RankingRun, by: Any, language: str) -> StoredDocument:
    """The panel minutes of ``run`` as a PDF, made once per ranking and language
    (idempotency key ``minutes:ranking:<id>:<language>``) and stored with the documents.

    Refuses anyone but staff and coordinators.
    """
    require_programme_staff(by)
    key = f"minutes:ranking:{run.pk}:{language}"
    existing = StoredDocument.objects.filter(idempotency_key=key).first()
    if existing is not None:
        return existing
    run = RankingRun.objects.select_related("call", "created_by").get(pk=run.pk)
    with translation.override(language):
        context = selectors.panel_minutes_context(run)
        result = render_and_store_document(
            template_name="documents/panel_minutes.html",
            context=context,
            kind=DocumentKind.REPORT,
            title=context["title"],
            owner_id=by.pk,
            filename=f"panel-minutes-{run.call.reference or run.call.slug}-{run.pk}-{language}.pdf",
            idempotency_key=key,
            tenant_id=run.tenant_id,
        )
    document = StoredDocument.objects.get(pk=result["id"])
    with transaction.atomic():
        audit_log(
            actor=by,
            verb="ranking.minutes_made",
            target=run.call,
            data={"ranking_run": run.pk, "document": document.code, "language": language},
        )
    return document


# --- Publication --------------------------------------------------------------------------


@transaction.atomic
def call_publish_results(*, call: Call, by: Any) -> RankingRun:
    """Publish the results of ``call`` from its latest ranking.

    The call moves to results; the redress window opens (it closes ``call.redress_days``
    days after the first publication, see ``results_selectors.redress_window``); after
    commit each ranked application's evaluation summary report is made in the language of
    each member of the organisation and e-mailed to them. Safe to repeat: a ranking is
    published once, each report is made once per content and language, each member gets
    each report once. After an upheld redress, a new ranking is published the same way.
    Refuses anyone but staff and coordinators, and a call that is not ready (the reasons
    named: no ranking, applications still in evaluation, an out-of-date ranking).
    """
    require_programme_staff(by)
    call = Call.objects.select_for_update().get(pk=call.pk)
    problems = selectors.publication_problems(call)
    if problems:
        raise ValidationError(problems, code="not_ready")
    run = selectors.ranking_latest(call)
    assert run is not None  # publication_problems refuses a call with no ranking
    if call.status == CallStatus.EVALUATION:
        call = call_transition(call=call, to=CallStatus.RESULTS, by=by)
    if run.pk not in selectors.published_run_ids(call):
        now = timezone.now()
        window = selectors.redress_window(call)
        deadline = (
            window.deadline if window is not None else now + timedelta(days=call.redress_days)
        )
        audit_log(
            actor=by,
            verb=selectors.RESULTS_PUBLISHED,
            target=call,
            data={
                "ranking_run": run.pk,
                "published_at": now.isoformat(),
                "redress_days": window.days if window is not None else call.redress_days,
                "redress_deadline": deadline.isoformat(),
                "applications": len(run.results),
            },
        )
    for row in run.results:
        enqueue_on_commit_by_name(
            "evaluations.send_results", tenant_id=call.tenant_id, application_id=row["application"]
        )
    return run


def _published_row(application: Application) -> dict[str, Any] | None:
    """The application's row in the latest published ranking of its call."""
    published = selectors.published_run_ids(application.call)
    for run in RankingRun.objects.filter(call=application.call, pk__in=published).order_by(
        "-created_at", "-pk"
    ):
        for row in run.results:
            if row["application"] == application.pk:
                return row
    return None


def esr_issue(
    *, application: Application, row: dict[str, Any], language: str, owner: Any
) -> StoredDocument:
    """The evaluation summary report of ``application`` in ``language``, made once per content.

    The first report has the idempotency key ``esr:application:<id>:<language>``; a report
    whose content changed since (a re-evaluation after redress) gets the key with a digest
    of its content appended, so the earlier one stays on record.
    """
    with translation.override(language):
        context = selectors.esr_context(application, row, language=language)
        fingerprint = context.pop("fingerprint")
        last = selectors.esr_latest_issue(application, language)
        if last is not None and last.data.get("fingerprint") == fingerprint:
            document = StoredDocument.objects.filter(pk=last.data.get("document")).first()
            if document is not None:
                return document
        key = selectors.esr_key(application.pk, language)
        if last is not None:
            key = f"{key}:{fingerprint[:16]}"
        result = render_and_store_document(
            template_name="documents/evaluation_summary.html",
            context=context,
            kind=DocumentKind.EVALUATION_SUMMARY,
            title=context["title"],
            owner_id=getattr(owner, "pk", None),
            filename=f"evaluation-summary-{application.receipt_number or application.pk}-{language}.pdf",
            idempotency_key=key,
            tenant_id=application.tenant_id,
        )
    document = StoredDocument.objects.get(pk=result["id"])
    with transaction.atomic():
        list(Application.objects.select_for_update().filter(pk=application.pk).values("pk"))
        issued = selectors.esr_latest_issue(application, language)
        if issued is None or issued.data.get("document") != document.pk:
            audit_log(
                actor=None,
                verb=selectors.ESR_ISSUED,
                target=application,
                data={
                    "language": language,
                    "document": document.pk,
                    "code": document.code,
                    "fingerprint": fingerprint,
                    "outcome": row.get("outcome"),
                },
            )
    return document


def _claim_esr_email(application: Application, user: Any, document: StoredDocument) -> bool:
    with transaction.atomic():
        # The row lock makes two runners take turns; the second sees the first's record.
        list(Application.objects.select_for_update().filter(pk=application.pk).values("pk"))
        events = selectors.audit_events_of(
            Application, [application.pk], [selectors.ESR_EMAILED, selectors.ESR_EMAIL_FAILED]
        ).filter(data__user=user.pk, data__document=document.code)
        sent = (
            events.filter(verb=selectors.ESR_EMAILED).count()
            - events.filter(verb=selectors.ESR_EMAIL_FAILED).count()
        )
        if sent > 0:
            return False
        audit_log(
            actor=None,
            verb=selectors.ESR_EMAILED,
            target=application,
            data={"user": user.pk, "to": user.email, "document": document.code},
        )
    return True


def _reply_to(application: Application) -> list[str]:
    contact = getattr(application.tenant, "contact_email", "")
    return [contact] if contact else []


def _render_email(template: str, context: dict[str, Any]) -> tuple[str, str]:
    subject = " ".join(render_to_string(f"{template}_subject.txt", context).split())
    body = render_to_string(f"{template}_body.txt", context)
    return subject, body


def _esr_email(
    application: Application, user: Any, document: StoredDocument, row: dict[str, Any]
) -> EmailMessage:
    window = selectors.redress_window(application.call)
    outcome = str(row.get("outcome") or application.status)
    context = {
        "recipient": user,
        "application": application,
        "organisation": application.organisation,
        "call_title": application.call.title_text,
        "programme": application.tenant,
        "outcome_label": S(outcome).label if outcome in S.values else outcome,
        "outcome_explanation": selectors.outcome_explanation(outcome),
        "redress_days": window.days if window is not None else application.call.redress_days,
        "redress_deadline": zoned(
            window.deadline, call=application.call, viewer_zone=getattr(user, "timezone", "")
        )
        if window is not None
        else None,
        "url": tenant_absolute_url(
            application.tenant, reverse("results_detail", args=[application.pk])
        ),
        "document_code": document.code,
    }
    subject, body = _render_email("evaluations/emails/results_esr", context)
    message = EmailMessage(
        subject,
        body,
        settings.DEFAULT_FROM_EMAIL,
        [user.email],
        reply_to=_reply_to(application),
    )
    with document.file.open("rb") as handle:
        message.attach(document.filename, handle.read(), "application/pdf")
    return message


def application_results_send(*, application_id: int) -> dict[str, Any]:
    """Make the evaluation summary report of a published application in each member's
    language and e-mail each member theirs, once.

    Safe to run twice and in parallel: reports are keyed, each e-mail is claimed in the
    audit trail before it leaves, and a failed send gives its claim back for the retry.
    Returns the reports' codes and how many e-mails went out.
    """
    application = (
        Application.objects.select_related("call", "organisation", "tenant")
        .filter(pk=application_id)
        .first()
    )
    if application is None or application.call.status not in selectors.PUBLISHED_CALL_STATUSES:
        return {"documents": [], "emailed": 0}
    row = _published_row(application)
    if row is None:
        return {"documents": [], "emailed": 0}
    documents = []
    emailed = 0
    for language, users in selectors.members_by_language(application).items():
        document = esr_issue(application=application, row=row, language=language, owner=users[0])
        documents.append(document.code)
        for user in users:
            if not user.email or not _claim_esr_email(application, user, document):
                continue
            try:
                with translation.override(language):
                    _esr_email(application, user, document, row).send()
            except Exception as error:
                with transaction.atomic():
                    audit_log(
                        actor=None,
                        verb=selectors.ESR_EMAIL_FAILED,
                        target=application,
                        data={
                            "user": user.pk,
                            "document": document.code,
                            "error": error.__class__.__name__,
                        },
                    )
                raise
            emailed += 1
    return {"documents": documents, "emailed": emailed}


# --- Redress ------------------------------------------------------------------------------


def _window_closed_message(call: Call, deadline: datetime) -> str:
    when = zoned(deadline, call=call, viewer_zone=None)
    return _("The redress window closed on %(date)s.") % {"date": when.call_text}


@transaction.atomic
def redress_request_submit(
    *,
    application: Application,
    by: Any,
    grounds: str,
    evidence: IO[bytes] | Any | None = None,
    now: datetime | None = None,
) -> RedressRequest:
    """A member of the organisation asks for a review of how the application was evaluated.

    Refuses a user who is not a member, an application whose results are not published,
    a request after the redress window closed (the closing date in the call's time zone),
    a second request in the same evaluation round, grounds shorter than
    ``REDRESS_MIN_CHARS`` characters, and evidence that is not a PDF of at most 10 MB.
    """
    application = _locked(application)
    if member_role(by, application.organisation) is None:
        raise PermissionDenied(_("Only members of the organisation may request a redress."))
    call = application.call
    window = selectors.redress_window(call)
    if (
        window is None
        or call.status not in selectors.PUBLISHED_CALL_STATUSES
        or application.status not in selectors.OUTCOME_STATUSES
    ):
        raise ValidationError(
            _("A redress can be requested once the result of this application is published."),
            code="not_published",
        )
    if not window.is_open(now):
        raise ValidationError(_window_closed_message(call, window.deadline), code="window_closed")
    earlier = selectors.redress_request_of_round(application)
    if earlier is not None:
        raise ValidationError(
            _("A redress request for this application was already submitted on %(date)s.")
            % {"date": zoned(earlier.submitted_at, call=call, viewer_zone=None).call_text},
            code="already_requested",
        )
    errors: dict[str, list[str]] = {}
    grounds = (grounds or "").strip()
    if len(grounds) < REDRESS_MIN_CHARS:
        errors["grounds"] = [
            _(
                "Grounds: write at least %(min)s characters (you wrote %(count)s). Say which "
                "step of the procedure went wrong, or which fact or score is mistaken, and why."
            )
            % {"min": REDRESS_MIN_CHARS, "count": len(grounds)}
        ]
    checked = None
    if evidence:
        try:
            checked = validate_upload(
                evidence,
                field_label=_("Evidence"),
                max_bytes=REDRESS_EVIDENCE_MAX_BYTES,
                allowed_types=["pdf"],
            )
        except ValidationError as error:
            errors["evidence"] = error.messages
    if errors:
        raise ValidationError(errors)
    redress_request = RedressRequest(application=application, submitted_by=by, grounds=grounds)
    redress_request.full_clean(exclude=["evidence"])
    if evidence and checked is not None:
        redress_request.evidence.save(
            random_storage_name(application.tenant.slug, "pdf"),
            File(evidence, name=checked.original_name),
            save=False,
        )
    redress_request.save()
    audit_log(
        actor=by,
        verb="redress.requested",
        target=application,
        data={
            "redress_request": redress_request.pk,
            "evidence": {
                "name": checked.original_name,
                "sha256": checked.sha256,
                "size": checked.size,
            }
            if checked is not None
            else None,
        },
    )
    return redress_request


def _reopen_for_evaluation(
    application: Application, *, by: Any, redress_request: RedressRequest
) -> None:
    """Send an application back to evaluation after an upheld redress.

    Its assignments and reviews stay on record; the audit event marks the new round, so
    the assignment step gives it new evaluators and only their reviews complete it. An
    approved consensus is reopened (its content kept in the audit trail): the new round
    ends with a new approved consensus.
    """
    application = _locked(application)
    previous = application.status
    try:
        _move(application, S.IN_EVALUATION)
    except ValidationError as error:
        raise ValidationError(
            _(
                "%(reason)s An upheld redress sends the application back to evaluation; answer "
                "“rejected” or ask the coordinator."
            )
            % {"reason": " ".join(error.messages)},
            code="transition_not_allowed",
        ) from error
    application.save(update_fields=["status", "updated_at"])
    consensus = Consensus.objects.select_for_update().filter(application=application).first()
    if consensus is not None and consensus.approved_at is not None:
        audit_log(
            actor=by,
            verb="consensus.reopened",
            target=application,
            data={
                "scores": consensus.scores,
                "comments": consensus.comments,
                "rapporteur": consensus.rapporteur_id,
                "approved_by": consensus.approved_by_id,
                "approved_at": consensus.approved_at.isoformat(),
                "redress_request": redress_request.pk,
            },
        )
        consensus.approved_at = None
        consensus.approved_by = None
        consensus.drafted_at = None
        consensus.save(update_fields=["approved_at", "approved_by", "drafted_at"])
    audit_log(
        actor=by,
        verb=selectors.REEVALUATION_OPENED,
        target=application,
        data={"redress_request": redress_request.pk, "from": previous},
    )


@transaction.atomic
def redress_request_answer(
    *, redress_request: RedressRequest, by: Any, is_upheld: bool, answer: str
) -> RedressRequest:
    """Staff answer a redress request: upheld or rejected, with a written answer.

    An upheld request sends the application back to evaluation (see
    ``_reopen_for_evaluation``). The members get the answer by e-mail after commit.
    Refuses anyone but staff and coordinators, a request already answered, an answer
    shorter than ``REDRESS_ANSWER_MIN_CHARS`` characters, and an upheld request for an
    application the status rules do not let go back to evaluation.
    """
    require_programme_staff(by)
    redress_request = (
        RedressRequest.objects.select_for_update(of=("self",))
        .select_related("application")
        .get(pk=redress_request.pk)
    )
    if redress_request.status != RedressRequest.Status.OPEN:
        raise ValidationError(
            _("This request is already answered: %(decision)s.")
            % {"decision": redress_request.get_status_display()},
            code="already_answered",
        )
    answer = (answer or "").strip()
    if len(answer) < REDRESS_ANSWER_MIN_CHARS:
        raise ValidationError(
            {
                "answer": _(
                    "Answer: write at least %(min)s characters (you wrote %(count)s); the "
                    "applicant reads it as the reasons for the decision."
                )
                % {"min": REDRESS_ANSWER_MIN_CHARS, "count": len(answer)}
            }
        )
    redress_request.status = (
        RedressRequest.Status.UPHELD if is_upheld else RedressRequest.Status.REJECTED
    )
    redress_request.answer = answer
    redress_request.answered_by = by
    redress_request.answered_at = timezone.now()
    redress_request.full_clean()
    redress_request.save(update_fields=["status", "answer", "answered_by", "answered_at"])
    audit_log(
        actor=by,
        verb="redress.answered",
        target=redress_request.application,
        data={"redress_request": redress_request.pk, "decision": redress_request.status},
    )
    if is_upheld:
        _reopen_for_evaluation(redress_request.application, by=by, redress_request=redress_request)
    enqueue_on_commit_by_name(
        "evaluations.send_redress_answer",
        tenant_id=redress_request.tenant_id,
        redress_request_id=redress_request.pk,
    )
    return redress_request


def _claim_redress_answer(redress_request_id: int) -> tuple[RedressRequest, AuditEvent] | None:
    with transaction.atomic():
        redress_request = (
            RedressRequest.objects.select_for_update(of=("self",))
            .select_related("application__call", "application__organisation", "application__tenant")
            .filter(pk=redress_request_id)
            .first()
        )
        if redress_request is None or redress_request.status == RedressRequest.Status.OPEN:
            return None
        if selectors.audit_events_of(
            RedressRequest, [redress_request.pk], [selectors.REDRESS_ANSWER_EMAILED]
        ).exists():
            return None
        claim = audit_log(
            actor=None,
            verb=selectors.REDRESS_ANSWER_EMAILED,
            target=redress_request,
            data={"decision": redress_request.status},
        )
    return redress_request, claim


def redress_answer_send(*, redress_request_id: int) -> int:
    """E-mail the answer to a redress request to each active member of the organisation,
    each in their language, once. Returns how many e-mails went out."""
    claimed = _claim_redress_answer(redress_request_id)
    if claimed is None:
        return 0
    redress_request, claim = claimed
    application = redress_request.application
    url = tenant_absolute_url(application.tenant, reverse("results_detail", args=[application.pk]))
    members = OrganisationMember.objects.filter(
        organisation=application.organisation, user__is_active=True
    ).select_related("user")
    messages = []
    for member in members:
        user = member.user
        with translation.override(selectors.member_language(user, application)):
            subject, body = _render_email(
                "evaluations/emails/results_redress_answer",
                {
                    "recipient": user,
                    "application": application,
                    "organisation": application.organisation,
                    "call_title": application.call.title_text,
                    "programme": application.tenant,
                    "redress_request": redress_request,
                    "is_upheld": redress_request.status == RedressRequest.Status.UPHELD,
                    "url": url,
                },
            )
        messages.append(
            EmailMessage(
                subject,
                body,
                settings.DEFAULT_FROM_EMAIL,
                [user.email],
                reply_to=_reply_to(application),
            )
        )
    try:
        if messages:
            get_connection().send_messages(messages)
    except Exception:
        claim.delete()
        raise
    claim.data["recipients"] = len(messages)
    claim.save(update_fields=["data"])
    return len(messages)


# --- Tasks (thin wrappers; ids in, safe to run twice) -------------------------------------


@app.task(
    base=TenantTask,
    name="evaluations.send_results",
    acks_late=True,
    autoretry_for=TRANSIENT_MAIL_ERRORS,
    retry_backoff=True,
    max_retries=6,
)
def send_results(*, application_id: int, tenant_id: int | None = None) -> dict[str, Any]:
    """The evaluation summary reports of one application, made and e-mailed once."""
    return application_results_send(application_id=application_id)


@app.task(
    base=TenantTask,
    name="evaluations.send_redress_answer",
    acks_late=True,
    autoretry_for=TRANSIENT_MAIL_ERRORS,
    retry_backoff=True,
    max_retries=6,
)
def send_redress_answer(*, redress_request_id: int, tenant_id: int | None = None) -> int:
    """The answer to a redress request, e-mailed once to the organisation's members."""
    return redress_answer_send(redress_request_id=redress_request_id)
