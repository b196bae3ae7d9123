"""Seeding: the forty submitted applications to the closed call, the applicant's drafts on
the open calls, and :func:`seed`, which the demo command runs.
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta
from typing import Any

from django.core.files.base import ContentFile

from applications.models import Application, ApplicationStatus, Attachment, SubmissionAttempt
from applications.services import (
    application_attach,
    application_save_draft,
    application_start,
    attachment_store,
)
from applications.services import derive_answers as _derive
from applications.submission.services import content_hash
from calls.models import Call, FormField
from calls.services import call_next_receipt_number
from demo.applications.answers import project_answers, project_files
from demo.applications.programme_calls import (
    DEMOCLUSTER_WORK_PACKAGES,
    SOCIALTECH_WORK_PACKAGES,
    democluster_calls,
    ensure_call,
    ensure_work_packages,
    socialtech_calls,
)
from demo.applications.projects import NEARLY_COMPLETE, OC1_PROJECTS, PILOT_PROJECTS
from demo.applications.specs import (
    CLOSED_CALL_SLUG,
    OPEN_CALL_SLUG,
    PILOT_CALL_SLUG,
    VOUCHER_CALL_SLUG,
    Project,
)
from demo.organisations import APPLICANT_EMAIL, demo_organisations
from organisations.models import MemberRole, Organisation, OrganisationMember
from socialtech.audit.services import audit_log
from socialtech.tenancy.context import tenant_context


def _owner(organisation: Organisation) -> Any:
    member = (
        OrganisationMember.objects.filter(organisation=organisation, role=MemberRole.OWNER)
        .select_related("user")
        .order_by("created_at", "pk")
        .first()
    )
    assert member is not None, f"{organisation} has no owner"
    return member.user


def _attach_at(
    *,
    application: Application,
    upload: ContentFile,
    user: Any,
    form_field: FormField,
) -> Attachment:
    # The demo's submitted applications were filed before the deadline: no deadline check.
    return attachment_store(application=application, user=user, field=form_field, upload=upload)


def _submitted_application(
    *,
    call: Call,
    fields: list[FormField],
    organisation: Organisation,
    project: Project | None,
    submitted_at: datetime,
    seed: int,
    answers: dict[str, Any] | None = None,
) -> Application:
    """A submitted application as ``application_submit`` leaves it, at ``submitted_at``: the
    answers are ``project``'s on the grant form, or ``answers`` as given (with no files).

    Written directly because the call closed weeks ago: the receipt number comes from the
    call's counter and the hash from the services' own function, as a real submission's do.
    """
    user = _owner(organisation)
    if answers is None:
        assert project is not None
        start = (call.deadline + timedelta(days=100)).date().replace(day=1)
        answers = project_answers(
            project=project, organisation=organisation, start=start, seed=seed
        )
    application = Application(
        tenant=call.tenant,
        call=call,
        organisation=organisation,
        created_by=user,
        form_version=call.form_version,
        language="en",
        answers=answers,
    )
    application.full_clean()
    application.save()
    by_key = {form_field.key: form_field for form_field in fields}
    attachments = [
        _attach_at(
            application=application,
            upload=upload,
            user=user,
            form_field=by_key[key],
        )
        for key, upload in (
            project_files(project=project, organisation=organisation) if project else {}
        ).items()
    ]
    _derive(application=application, fields=fields)
    application.status = ApplicationStatus.SUBMITTED
    application.submitted_at = submitted_at
    application.receipt_number = call_next_receipt_number(call=call)
    application.content_sha256 = content_hash(application=application, attachments=attachments)
    application.submitted_answers = application.answers
    application.version = 2 + len(attachments) + 1
    application.save()
    started_at = submitted_at - timedelta(days=4 + seed % 20, hours=seed % 7)
    Application.objects.filter(pk=application.pk).update(
        created_at=started_at, updated_at=submitted_at
    )
    Attachment.objects.filter(application=application).update(
        created_at=submitted_at - timedelta(hours=2)
    )
    SubmissionAttempt.objects.create(
        tenant=call.tenant, application=application, user=user, at=submitted_at, outcome="submitted"
    )
    audit_log(
        actor=user,
        verb="application.submitted",
        target=application,
        data={
            "receipt_number": application.receipt_number,
            "sha256": application.content_sha256,
            "demo": True,
        },
    )
    return application


def seed_filed_applications(
    *, call: Call, answers_by_organisation: list[tuple[Organisation, dict[str, Any]]]
) -> int:
    """A submitted application to the closed ``call`` for each organisation not yet in it,
    with the answers given; returns how many were added."""
    done = set(Application.objects.filter(call=call).values_list("organisation_id", flat=True))
    fields = list(call.fields.all())
    times = _submission_times(call, len(answers_by_organisation))
    added = 0
    for index, ((organisation, answers), submitted_at) in enumerate(
        zip(answers_by_organisation, times, strict=True)
    ):
        if organisation.pk in done:
            continue
        _submitted_application(
            call=call,
            fields=fields,
            organisation=organisation,
            project=None,
            submitted_at=submitted_at,
            seed=index,
            answers=answers,
        )
        added += 1
    return added


def _submission_times(call: Call, count: int) -> list[datetime]:
    """When the applications arrived: a few early, most in the last two days (a deadline rush)."""
    rng = random.Random(2026)
    times = []
    for _ in range(count):
        hours_before = min(rng.expovariate(1 / 30), 24 * 60)
        seconds = max(int(hours_before * 3600), 45 + rng.randint(0, 600))
        times.append(call.deadline - timedelta(seconds=seconds))
    return sorted(times)


def seed_closed_call(
    *,
    call: Call,
    organisations: dict[str, Organisation],
    projects: tuple[Project, ...] = OC1_PROJECTS,
) -> int:
    """A submitted application per project to the closed ``call`` (Open Call 1's forty by
    default); returns how many were added."""
    done = set(Application.objects.filter(call=call).values_list("organisation_id", flat=True))
    fields = list(call.fields.all())
    times = _submission_times(call, len(projects))
    # Receipt numbers follow the time of arrival, which is not the order of the list.
    arrival = list(projects)
    random.Random(len(projects)).shuffle(arrival)
    added = 0
    for index, (project, submitted_at) in enumerate(zip(arrival, times, strict=True)):
        organisation = organisations[project.organisation]
        if organisation.pk in done:
            continue
        _submitted_application(
            call=call,
            fields=fields,
            organisation=organisation,
            project=project,
            submitted_at=submitted_at,
            seed=index,
        )
        added += 1
    return added


def seed_pilot_call(*, call: Call, organisations: dict[str, Organisation]) -> int:
    """The twelve submitted applications to the Community tech pilots call."""
    return seed_closed_call(call=call, organisations=organisations, projects=PILOT_PROJECTS)


def seed_applicant_drafts(
    *,
    open_call: Call,
    voucher_call: Call,
    organisations: dict[str, Organisation],
    users: dict[str, Any],
) -> int:
    """Drafts by applicant@example.org, through the services; returns how many were added."""
    applicant = users.get(APPLICANT_EMAIL)
    if applicant is None:
        return 0
    added = 0
    filo_verde = organisations["filo-verde"]
    if not Application.objects.filter(call=open_call, organisation=filo_verde).exists():
        # Nearly complete: everything but the work plan and the three declarations.
        draft = application_start(
            call=open_call, organisation=filo_verde, user=applicant, language="en"
        )
        start = (open_call.deadline + timedelta(days=75)).date().replace(day=1)
        answers = project_answers(
            project=NEARLY_COMPLETE, organisation=filo_verde, start=start, seed=7
        )
        for key in (
            "declaration_honour",
            "declaration_no_double_funding",
            "declaration_data_protection",
        ):
            answers.pop(key)
        draft = application_save_draft(
            application=draft, user=applicant, answers=answers, version=draft.version
        )
        application_attach(
            application=draft,
            user=applicant,
            field_key="cv",
            upload=project_files(project=NEARLY_COMPLETE, organisation=filo_verde)["cv"],
        )
        added += 1
    officina = organisations["officina-cognitiva"]
    if not Application.objects.filter(call=open_call, organisation=officina).exists():
        draft = application_start(
            call=open_call, organisation=officina, user=applicant, language="it"
        )
        application_save_draft(
            application=draft,
            user=applicant,
            answers={
                "project_title": "Passo dopo passo 2: dal laboratorio alle aziende clienti",
                "project_summary": (
                    "Dopo lo studio di fattibilità, portiamo le istruzioni di lavoro su tablet "
                    "nelle aziende clienti, dove i nostri lavoratori con disabilità intellettiva "
                    "lavorano in distacco."
                ),
                "country_of_activity": "IT",
                "sector": "work_integration",
            },
            version=draft.version,
        )
        added += 1
    if not Application.objects.filter(call=voucher_call, organisation=officina).exists():
        draft = application_start(
            call=voucher_call, organisation=officina, user=applicant, language="en"
        )
        application_save_draft(
            application=draft,
            user=applicant,
            answers={
                "service_category": "impact_measurement",
                "training_need": (
                    "Our clients and the region ask for evidence of the employment outcomes of our "
                    "workers. We want two staff members trained to measure and report social impact "
                    "with a recognised method."
                ),
                "participants": "2",
            },
            version=draft.version,
        )
        added += 1
    return added


def seed(*, tenants: dict[str, Any], users: dict[str, Any]) -> str:
    """Calls and applications of both demo programmes; returns a one-line summary."""
    organisations = demo_organisations(users=users)
    socialtech = tenants["socialtech4eu"]
    with tenant_context(socialtech):
        ensure_work_packages(specs=SOCIALTECH_WORK_PACKAGES)
        calls = {}
        new_calls = 0
        for spec in socialtech_calls():
            calls[spec.slug], created = ensure_call(tenant=socialtech, spec=spec)
            new_calls += created
        submitted = seed_closed_call(call=calls[CLOSED_CALL_SLUG], organisations=organisations)
        pilots = seed_pilot_call(call=calls[PILOT_CALL_SLUG], organisations=organisations)
        drafts = seed_applicant_drafts(
            open_call=calls[OPEN_CALL_SLUG],
            voucher_call=calls[VOUCHER_CALL_SLUG],
            organisations=organisations,
            users=users,
        )
        total_submitted = Application.objects.filter(
            call=calls[CLOSED_CALL_SLUG], submitted_at__isnull=False
        ).count()
    democluster = tenants.get("democluster")
    if democluster is not None:
        with tenant_context(democluster):
            ensure_work_packages(specs=DEMOCLUSTER_WORK_PACKAGES)
            for spec in democluster_calls():
                _call, created = ensure_call(tenant=democluster, spec=spec)
                new_calls += created
    return (
        f"{len(calls)} calls in socialtech4eu and 1 in democluster ({new_calls} new); "
        f"OC1 in evaluation with {total_submitted} submitted applications ({submitted} new); "
        f"CP1 closed with {len(PILOT_PROJECTS)} submitted applications ({pilots} new); "
        f"{drafts} new drafts by {APPLICANT_EMAIL}"
    )
