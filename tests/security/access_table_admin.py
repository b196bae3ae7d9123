"""Expected answers of the admin's routes (see ``access_table.py`` for the answers' words).

Everyone without a role in programme A (the visitor, both applicants, staff and coordinator
of programme B) is sent to the back office's sign-in by every admin route, which refuses
them; evaluators of programme A reach the back office's index but none of its model pages
(403), except what an evaluator does there (consensus reports they write as rapporteur).

``ADMIN_MODELS`` has one entry per registered model: the outsiders' and evaluators' answers
on its changelist, add, change, history and delete pages, and programme A's own staff's
(``owner``) and coordinator's answers on its changelist; their answers on the other four
pages are not asked, to keep the walk short (the changelist proves the model is theirs to
open, and tests/tenancy walks their object pages). ``ADMIN`` lists the admin's other routes
(the site's own and each model's extra views), every persona asked.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from django.contrib import admin
from django.urls import URLPattern

from tests.security.access_table import Row

MODEL_VIEWS = ("changelist", "add", "change", "history", "delete")
NO_ROLE = ("anonymous", "applicant", "other_applicant", "other_staff", "other_coordinator")
EVALUATORS = ("evaluator", "conflicted")


def admin_model(
    owner: str, coordinator: str | None = None, *, evaluators: Mapping[str, str] | None = None
) -> dict[str, Row]:
    """A model's five pages: outsiders to the sign-in, evaluators 403 unless named."""
    rows = {}
    for view in MODEL_VIEWS:
        answers: dict[str, str | None] = dict.fromkeys(NO_ROLE, "admin_login")
        answers.update(dict.fromkeys(EVALUATORS, (evaluators or {}).get(view, "403")))
        asked = view == "changelist"
        answers["owner"] = owner if asked else None
        answers["coordinator"] = (coordinator or owner) if asked else None
        rows[view] = Row(answers=answers)  # type: ignore[arg-type]
    return rows


def admin_route(
    *, evaluators: str, owner: str, coordinator: str | None = None, method: str | None = None
) -> Row:
    """An admin route every persona is asked: outsiders to the back office's sign-in."""
    answers: dict[str, str | None] = dict.fromkeys(NO_ROLE, "admin_login")
    answers.update(dict.fromkeys(EVALUATORS, evaluators))
    answers["owner"] = owner
    answers["coordinator"] = coordinator or owner
    return Row(answers=answers, method=method)  # type: ignore[arg-type]


ADMIN_MODELS: dict[str, dict[str, Row]] = {
    "tenancy_tenant": admin_model("403"),
    "tenancy_domain": admin_model("403"),
    "tenancy_homecard": admin_model("200"),
    "accounts_user": admin_model("403"),
    "accounts_membership": admin_model("200"),
    "accounts_apitoken": admin_model("403", "200"),
    "account_emailaddress": admin_model("403"),
    "mfa_authenticator": admin_model("403"),
    "django_celery_beat_periodictask": admin_model("403", evaluators={"history": "404"}),
    "django_celery_beat_clockedschedule": admin_model("403", evaluators={"history": "404"}),
    "django_celery_beat_crontabschedule": admin_model("403", evaluators={"history": "404"}),
    "django_celery_beat_solarschedule": admin_model("403", evaluators={"history": "404"}),
    "django_celery_beat_intervalschedule": admin_model("403", evaluators={"history": "404"}),
    "audit_auditevent": admin_model("200"),
    "documents_storeddocument": admin_model("200"),
    "organisations_organisation": admin_model("200"),
    "calls_workpackage": admin_model("200"),
    "calls_call": admin_model("200"),
    "applications_application": admin_model("200"),
    "evaluations_evaluatorprofile": admin_model("200"),
    "evaluations_callevaluator": admin_model("200"),
    "evaluations_consensus": admin_model(
        "200", evaluators={"changelist": "200", "history": "404", "change": "404"}
    ),
    "evaluations_rankingrun": admin_model("200"),
    "evaluations_redressrequest": admin_model("200"),
    "evaluations_assignment": admin_model("200"),
    "evaluations_review": admin_model("200"),
    "grants_agreementtemplate": admin_model("200"),
    "grants_bankaccount": admin_model("200"),
    "grants_agreement": admin_model("200"),
    "grants_agreementbatch": admin_model("200"),
    "grants_duplicateflag": admin_model("200"),
    "grants_duplicatecheck": admin_model("200"),
    "grants_award": admin_model("200"),
    "grants_tranche": admin_model("200"),
    "grants_recoveryorder": admin_model("200"),
    "grants_beneficiaryreport": admin_model("200"),
    "grants_reportfield": admin_model("200"),
    "grants_signature": admin_model("200"),
    "vouchers_claim": admin_model("200"),
    "vouchers_voucher": admin_model("200"),
    "vouchers_serviceprovider": admin_model("200"),
    "vouchers_accreditation": admin_model("200"),
    "vouchers_voucherscheme": admin_model("200"),
    "mooc_course": admin_model("200"),
    "mooc_lesson": admin_model("200"),
    "mooc_question": admin_model("200"),
    "mooc_certificate": admin_model("200"),
    "mooc_enrolment": admin_model("200"),
    "mooc_quizattempt": admin_model("200"),
    "reports_beneficiaryoptout": admin_model("200"),
    "reports_beneficiaryremoval": admin_model("200"),
    "reports_partner": admin_model("200"),
    "reports_budgetline": admin_model("200"),
    "reports_callbudgetline": admin_model("200"),
    "reports_reportexport": admin_model("200", evaluators={"history": "404"}),
    "mapping_cluster": admin_model("200"),
    "mapping_survey": admin_model("200"),
    "mapping_response": admin_model("200"),
    "upskilling_badge": admin_model("200"),
    "upskilling_badgekey": admin_model("200"),
    "upskilling_learningpath": admin_model("200"),
    "upskilling_courseoffer": admin_model("200"),
    "upskilling_trainingplace": admin_model("200"),
    "connect_to_innovate_challenge": admin_model("200"),
    "connect_to_innovate_interest": admin_model("200"),
    "connect_to_innovate_jointapplication": admin_model("200"),
    "connect_to_innovate_hackathon": admin_model("200"),
    "connect_to_innovate_hackathonchallenge": admin_model("200"),
    "connect_to_innovate_hackathonsignup": admin_model("200"),
    "connect_to_innovate_hackathonteam": admin_model("200"),
    "connect_to_innovate_technologyoffer": admin_model("200"),
    "acceleration_cohort": admin_model("200"),
    "acceleration_participant": admin_model("200"),
    "acceleration_demoday": admin_model("200"),
    "acceleration_pitchapplication": admin_model("200"),
    "acceleration_introduction": admin_model("200"),
    "acceleration_directoryentry": admin_model("200"),
    "acceleration_milestone": admin_model("200"),
    "acceleration_kpireport": admin_model("200"),
    "acceleration_mentorprofile": admin_model("200"),
    "acceleration_pairing": admin_model("200"),
    "acceleration_session": admin_model("200"),
    "acceleration_attendance": admin_model("200"),
    "dissemination_newspost": admin_model("200"),
    "dissemination_event": admin_model("200"),
    "dissemination_registration": admin_model("200"),
    "dissemination_subscriber": admin_model("200"),
    "outbox_outboxmessage": admin_model("403", evaluators={"history": "404"}),
    "privacy_person": admin_model("200"),
    "privacy_retentionhold": admin_model("200"),
}
ADMIN: dict[str, Row] = {
    "admin:app_list": Row(
        answers={
            **dict.fromkeys(NO_ROLE, "admin_login"),
            **dict.fromkeys(EVALUATORS, "404"),
            "owner": "200",
            "coordinator": "200",
        },
        kwargs=lambda objects: {"app_label": "calls"},
    ),
    "admin:index": admin_route(evaluators="200", owner="200"),
    "admin:login": Row(
        answers={
            "anonymous": "login",
            "applicant": "403",
            "other_applicant": "403",
            "evaluator": "login",
            "conflicted": "login",
            "other_staff": "403",
            "other_coordinator": "403",
            "owner": "login",
            "coordinator": "login",
        }
    ),
    "admin:logout": Row(
        answers={
            "anonymous": "redirect",
            "applicant": "redirect",
            "other_applicant": "redirect",
            "evaluator": "405",
            "conflicted": "405",
            "other_staff": "redirect",
            "other_coordinator": "redirect",
            "owner": "405",
            "coordinator": "405",
        }
    ),
    "admin:password_change": admin_route(evaluators="200", owner="200"),
    "admin:password_change_done": admin_route(evaluators="200", owner="200"),
    "admin:autocomplete": admin_route(evaluators="403", owner="403"),
    "admin:jsi18n": admin_route(evaluators="200", owner="200"),
    "admin:view_on_site": admin_route(evaluators="404", owner="404"),
    "admin:calls_call_preview": admin_route(evaluators="403", owner="200"),
    "admin:calls_call_amend": admin_route(evaluators="403", owner="200"),
    "admin:calls_call_lifecycle": admin_route(evaluators="405", owner="405"),
    "admin:applications_application_bulk": admin_route(evaluators="redirect", owner="redirect"),
    "admin:applications_application_screening": admin_route(evaluators="403", owner="200"),
    "admin:applications_application_screening_decide": admin_route(
        evaluators="403", owner="redirect"
    ),
    "admin:applications_application_extension": admin_route(evaluators="403", owner="200"),
    "admin:applications_application_attachment": admin_route(evaluators="403", owner="200"),
    "admin:evaluations_evaluatorprofile_cv": admin_route(evaluators="403", owner="200"),
    "admin:evaluations_callevaluator_assignment_calls": admin_route(evaluators="403", owner="200"),
    "admin:evaluations_callevaluator_assignment": admin_route(evaluators="403", owner="200"),
    "admin:evaluations_callevaluator_assignment_run": admin_route(
        evaluators="403", owner="redirect"
    ),
    "admin:evaluations_callevaluator_assignment_move": admin_route(evaluators="403", owner="200"),
    "admin:evaluations_callevaluator_assignment_reevaluation": admin_route(
        evaluators="403", owner="redirect"
    ),
    "admin:evaluations_callevaluator_assignment_confirm": admin_route(
        evaluators="403", owner="redirect"
    ),
    "admin:evaluations_consensus_rapporteur": admin_route(evaluators="403", owner="200"),
    "admin:evaluations_consensus_draft": admin_route(
        evaluators="404", owner="redirect", coordinator="403"
    ),
    "admin:evaluations_consensus_approve": admin_route(evaluators="404", owner="redirect"),
    "admin:evaluations_rankingrun_aggregation": admin_route(evaluators="403", owner="200"),
    "admin:evaluations_rankingrun_rank": admin_route(evaluators="403", owner="200"),
    "admin:evaluations_rankingrun_publish": admin_route(evaluators="403", owner="200"),
    "admin:evaluations_rankingrun_minutes": admin_route(evaluators="403", owner="200"),
    "admin:evaluations_redressrequest_answer": admin_route(evaluators="403", owner="200"),
    "admin:evaluations_redressrequest_evidence": admin_route(evaluators="403", owner="200"),
    "admin:grants_agreementtemplate_preview": admin_route(evaluators="403", owner="200"),
    "admin:grants_agreement_generate": admin_route(evaluators="403", owner="200"),
    "admin:grants_agreementbatch_resume": admin_route(evaluators="405", owner="405"),
    "admin:grants_duplicateflag_review": admin_route(evaluators="403", owner="200"),
    "admin:grants_duplicatecheck_start": admin_route(evaluators="403", owner="200"),
    "admin:grants_award_make_offer": admin_route(evaluators="403", owner="200"),
    "admin:grants_tranche_plans": admin_route(evaluators="403", owner="200"),
    "admin:grants_tranche_plan": admin_route(evaluators="403", owner="200"),
    "admin:grants_tranche_approve": admin_route(evaluators="405", owner="405"),
    "admin:grants_tranche_pay": admin_route(evaluators="403", owner="403"),
    "admin:grants_recoveryorder_issue": admin_route(evaluators="403", owner="200"),
    "admin:grants_recoveryorder_terminate": admin_route(evaluators="403", owner="200"),
    "admin:grants_recoveryorder_recovered": admin_route(evaluators="403", owner="403"),
    "admin:grants_beneficiaryreport_review": admin_route(evaluators="405", owner="405"),
    "admin:grants_beneficiaryreport_file": admin_route(evaluators="404", owner="404"),
    "admin:grants_signature_countersign": admin_route(evaluators="405", owner="405"),
    "admin:grants_signature_signed_copy": admin_route(evaluators="403", owner="404"),
    "admin:grants_signature_amend": admin_route(evaluators="403", owner="200"),
    "admin:vouchers_claim_verify": admin_route(evaluators="403", owner="200"),
    "admin:vouchers_claim_changes": admin_route(evaluators="403", owner="200"),
    "admin:vouchers_claim_reimburse": admin_route(evaluators="403", owner="403"),
    "admin:vouchers_voucher_cancel": admin_route(evaluators="403", owner="200"),
    "admin:vouchers_voucher_issue": admin_route(evaluators="403", owner="200"),
    "admin:vouchers_accreditation_decide": admin_route(evaluators="403", owner="404"),
    "admin:mooc_course_statistics": admin_route(evaluators="403", owner="200"),
    "admin:mooc_course_statistics_csv": admin_route(evaluators="403", owner="200"),
    "admin:mooc_course_publish": admin_route(evaluators="405", owner="405"),
    "admin:mooc_course_archive": admin_route(evaluators="405", owner="405"),
    "admin:reports_budgetline_programme": admin_route(evaluators="403", owner="200"),
    "admin:reports_budgetline_reconcile": admin_route(evaluators="405", owner="405"),
    "admin:reports_dashboard": admin_route(evaluators="403", owner="200"),
    "admin:reports_dashboard_data": admin_route(evaluators="403", owner="404"),
    "admin:reports_dashboard_pdf": admin_route(evaluators="403", owner="200"),
    "admin:reports_reportexport_funding": admin_route(evaluators="403", owner="200"),
    "admin:reports_reportexport_prepare": admin_route(evaluators="405", owner="405"),
    "admin:reports_reportexport_file": admin_route(evaluators="403", owner="404"),
    "admin:connect_to_innovate_challenge_review": admin_route(evaluators="403", owner="404"),
    "admin:connect_hackathon_teams": admin_route(evaluators="403", owner="200"),
    "admin:connect_to_innovate_technologyoffer_review": admin_route(evaluators="403", owner="404"),
    "admin:dissemination_subscriber_export": admin_route(evaluators="403", owner="200"),
}


def _registered() -> dict[str, type]:
    return {
        f"{model._meta.app_label}_{model._meta.model_name}": model for model in admin.site._registry
    }


def model_of(name: str) -> tuple[type | None, str]:
    """The registered model an admin route belongs to, and the rest of its name."""
    bare = name.removeprefix("admin:")
    for key, model in sorted(_registered().items(), key=lambda item: -len(item[0])):
        if bare.startswith(f"{key}_"):
            return model, bare[len(key) + 1 :]
    return None, bare


def expected_admin(name: str) -> Row | None:
    if name in ADMIN:
        return ADMIN[name]
    model, view = model_of(name)
    if model is None or view not in MODEL_VIEWS:
        return None
    rows = ADMIN_MODELS.get(f"{model._meta.app_label}_{model._meta.model_name}")
    return rows[view] if rows else None


def admin_kwargs(
    name: str, pattern: URLPattern, objects: dict[str, Any], admin_objects: Mapping[type, Any]
) -> dict[str, str]:
    """Arguments for an admin route: the model's object of programme A where there is one."""
    keys = list(getattr(pattern.pattern, "converters", {})) or list(
        re.compile(str(pattern.pattern)).groupindex
    )
    model, _view = model_of(name)
    build = admin_objects.get(model) if model is not None else None
    target = str(build(objects).pk) if build is not None else "1"
    return dict.fromkeys(keys, target)
