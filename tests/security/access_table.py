"""The expected answer of every route to every persona of the access-control matrix.

Answers: an HTTP status (``"200"``, ``"403"``, ``"404"``, ``"405"``, ``"401"``...),
``"login"`` (302 to the sign-in page), ``"admin_login"`` (302 to the back office's sign-in,
which refuses anyone without a role here) or ``"redirect"`` (302 anywhere else: a form that
sends a signed-in person on, an action that returns to its page).

Personas: see ``access_world.py``. ``others`` is the answer of the six personas who neither
own the object nor run programme A (both applicants, both evaluators, staff and coordinator
of programme B); the object pages of programme A answer them 404 (never 403, which would
tell that the object exists). ``owner`` is Alice (programme A's staff, who also owns the
applicant-side objects); ``coordinator`` is Bob, programme A's coordinator.

A route is covered when its name is in ``SITE``; the admin's routes are in
``access_table_admin.py``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from tests.security.access_world import PERSONAS

OTHERS = (
    "applicant",
    "other_applicant",
    "evaluator",
    "conflicted",
    "other_staff",
    "other_coordinator",
)


@dataclass(frozen=True)
class Row:
    # persona -> expected answer; None: not asked (see access_table_admin.py).
    answers: dict[str, str | None]
    method: str | None = None
    kwargs: Callable[[dict[str, Any]], dict[str, Any]] | None = field(default=None)


def row(
    *,
    anonymous: str,
    others: str,
    owner: str | None = None,
    coordinator: str | None = None,
    method: str | None = None,
    kwargs: Callable[[dict[str, Any]], dict[str, Any]] | None = None,
    **exceptions: str,
) -> Row:
    """Answers for all personas: ``others`` for the six outsiders unless named."""
    unknown = set(exceptions) - set(OTHERS)
    assert not unknown, f"unknown personas {unknown}"
    answers: dict[str, str | None] = {"anonymous": anonymous, "owner": owner or others}
    answers["coordinator"] = coordinator or others
    answers.update({persona: exceptions.get(persona, others) for persona in OTHERS})
    assert set(answers) == set(PERSONAS)
    return Row(answers=answers, method=method, kwargs=kwargs)


PUBLIC = row(anonymous="200", others="200")
SIGNED_IN = row(anonymous="login", others="200")
# The API answers a request without credentials 401.
API_OWN_LIST = row(anonymous="401", others="200")


SITE: dict[str, Row] = {
    "home": PUBLIC,
    "health": PUBLIC,
    "security_txt": row(anonymous="404", others="404"),
    "tenant_logo": row(anonymous="404", others="404"),
    "account_login": row(anonymous="200", others="redirect"),
    "account_logout": row(anonymous="redirect", others="200"),
    "account_inactive": PUBLIC,
    "account_signup": row(anonymous="200", others="redirect"),
    "account_reauthenticate": SIGNED_IN,
    "account_request_reauthentication_code": SIGNED_IN,
    "account_confirm_reauthentication_code": row(anonymous="login", others="redirect"),
    "account_email": SIGNED_IN,
    "account_email_verification_sent": PUBLIC,
    "account_change_password": SIGNED_IN,
    "account_set_password": row(anonymous="login", others="redirect"),
    "account_reset_password": PUBLIC,
    "account_confirm_login_code": row(anonymous="login", others="redirect"),
    "account_confirm_email": row(
        anonymous="200", others="200", kwargs=lambda objects: {"key": "not-a-real-key"}
    ),
    "account_reset_password_from_key_done": PUBLIC,
    "account_reset_password_from_key": row(
        anonymous="200",
        others="200",
        kwargs=lambda objects: {"uidb36": "0", "key": "set-password"},
    ),
    "account_reset_password_done": PUBLIC,
    "mfa_index": SIGNED_IN,
    "mfa_authenticate": row(anonymous="login", others="redirect"),
    "mfa_reauthenticate": row(
        anonymous="login", others="200", applicant="redirect", other_applicant="redirect"
    ),
    "mfa_activate_totp": row(anonymous="login", others="redirect"),
    "mfa_deactivate_totp": row(
        anonymous="login", others="redirect", applicant="404", other_applicant="404"
    ),
    "mfa_view_recovery_codes": row(anonymous="login", others="404"),
    "mfa_generate_recovery_codes": row(anonymous="login", others="redirect"),
    "mfa_download_recovery_codes": row(anonymous="login", others="404"),
    "accounts_profile": SIGNED_IN,
    "accounts_data_export": SIGNED_IN,
    # The signed-in person's own data and their own erasure request.
    "privacy_my_data": SIGNED_IN,
    "privacy_erase": SIGNED_IN,
    "set_language": row(anonymous="405", others="405"),
    "javascript-catalog": PUBLIC,
    "document_verify": PUBLIC,
    "document_download": row(anonymous="login", others="404", owner="200", coordinator="200"),
    "document_verify_short": row(anonymous="redirect", others="redirect"),
    "organisation_list": SIGNED_IN,
    "organisation_create": SIGNED_IN,
    "organisation_detail": row(anonymous="login", others="404", owner="200", coordinator="200"),
    "organisation_edit": row(anonymous="login", others="404", owner="200", coordinator="200"),
    "organisation_invite": row(anonymous="login", others="404", owner="200", coordinator="403"),
    "organisation_member_remove": row(anonymous="login", others="404", owner="redirect"),
    "organisation_invitation_accept": row(
        anonymous="login", others="404", kwargs=lambda objects: {"token": "not-a-real-token"}
    ),
    "call_list": PUBLIC,
    "call_feed_rss": PUBLIC,
    "call_feed_atom": PUBLIC,
    "call_detail": PUBLIC,
    "call_ical": PUBLIC,
    "call_document": PUBLIC,
    "application_dashboard": SIGNED_IN,
    "application_start": row(
        anonymous="login", others="redirect", owner="200", coordinator="200", other_applicant="200"
    ),
    "application_edit": row(anonymous="login", others="404", owner="200", coordinator="200"),
    "application_autosave": row(anonymous="login", others="404", owner="400", coordinator="400"),
    "application_upload": row(anonymous="login", others="404", owner="400", coordinator="400"),
    "application_review": row(anonymous="login", others="404", owner="200", coordinator="200"),
    "application_submit": row(anonymous="login", others="404", owner="400", coordinator="400"),
    "application_confirmation": row(
        anonymous="login", others="404", owner="200", coordinator="200"
    ),
    "application_receipt": row(anonymous="login", others="404", owner="200", coordinator="200"),
    "application_answers_pdf": row(anonymous="login", others="404", owner="200", coordinator="200"),
    "application_withdraw": row(anonymous="login", others="404", owner="200", coordinator="200"),
    "application_attachment": row(anonymous="login", others="404", owner="200", coordinator="200"),
    "evaluation_workspace": SIGNED_IN,
    "evaluation_declaration": row(anonymous="login", others="404"),
    "evaluation_review": row(anonymous="login", others="404"),
    "evaluation_autosave": row(anonymous="403", others="404"),
    "evaluation_attachment": row(anonymous="login", others="404"),
    "evaluation_invitation": row(anonymous="login", others="404"),
    "evaluation_bids": row(anonymous="login", others="404"),
    "results_list": SIGNED_IN,
    "results_detail": row(anonymous="login", others="404", owner="200"),
    "results_esr": row(anonymous="login", others="404"),
    "grants_offer": row(anonymous="login", others="404", owner="200"),
    "grants_offer_accept": row(anonymous="login", others="404", owner="400"),
    "grants_offer_decline": row(anonymous="login", others="404", owner="redirect"),
    "grants_agreement_download": row(anonymous="login", others="404"),
    "grants_agreement": row(anonymous="login", others="404", owner="200"),
    "grants_agreement_sign": row(anonymous="login", others="404", owner="400"),
    "grants_agreement_upload": row(anonymous="login", others="404", owner="400"),
    "grants_agreement_signed_copy": row(anonymous="login", others="404"),
    "grants_payments": row(anonymous="login", others="404", owner="200"),
    "grants_report": row(anonymous="login", others="404", owner="200"),
    "grants_report_autosave": row(anonymous="login", others="404", owner="400"),
    "grants_report_upload": row(anonymous="login", others="404", owner="400"),
    "grants_report_file": row(anonymous="login", others="404"),
    "vouchers_directory": PUBLIC,
    "vouchers_provider_apply": SIGNED_IN,
    "vouchers_provider": PUBLIC,
    "vouchers_work": SIGNED_IN,
    "vouchers_choose_provider": row(
        anonymous="login", others="404", owner="200", coordinator="200"
    ),
    "vouchers_withdraw_provider": row(
        anonymous="login", others="404", owner="redirect", coordinator="redirect"
    ),
    "vouchers_provider_answer": row(
        anonymous="login", others="404", owner="200", coordinator="200"
    ),
    "vouchers_confirm_delivery": row(
        anonymous="login", others="404", owner="redirect", coordinator="redirect"
    ),
    "vouchers_claim": row(anonymous="login", others="404", owner="200", coordinator="200"),
    "vouchers_claim_file": row(anonymous="login", others="404", owner="200", coordinator="200"),
    "vouchers_list": SIGNED_IN,
    "vouchers_detail": row(anonymous="login", others="404", owner="200", coordinator="200"),
    "vouchers_pdf": row(anonymous="login", others="404", owner="200", coordinator="200"),
    "mooc_my_learning": SIGNED_IN,
    "mooc_enrol": row(anonymous="login", others="redirect"),
    "mooc_lesson": SIGNED_IN,
    "mooc_lesson_file": SIGNED_IN,
    "mooc_quiz": SIGNED_IN,
    "mooc_certificate": row(anonymous="login", others="404", owner="200", coordinator="200"),
    "mooc_catalogue": PUBLIC,
    "mooc_course": PUBLIC,
    "upskilling_paths": PUBLIC,
    "upskilling_path": PUBLIC,
    "upskilling_path_badge": row(anonymous="login", others="redirect"),
    "upskilling_badges_mine": SIGNED_IN,
    "upskilling_badge_verify": PUBLIC,
    "upskilling_badge_issuer": PUBLIC,
    "upskilling_badge_revocations": PUBLIC,
    "upskilling_badge_key": PUBLIC,
    "upskilling_badge_class": PUBLIC,
    "upskilling_badge_image": PUBLIC,
    "upskilling_badge": PUBLIC,
    "upskilling_badge_assertion": PUBLIC,
    "upskilling_badge_jws": row(anonymous="login", others="404"),
    "upskilling_badge_download": row(anonymous="login", others="404"),
    "training_place": SIGNED_IN,
    "mapping_survey_result": row(anonymous="redirect", others="redirect", owner="200"),
    "mapping_results": row(anonymous="403", others="403", owner="200", coordinator="200"),
    "mapping_results_csv": row(anonymous="403", others="403", owner="200", coordinator="200"),
    "mapping_results_pdf": row(anonymous="403", others="403", owner="200", coordinator="200"),
    "mapping_surveys": PUBLIC,
    "mapping_survey": row(anonymous="200", others="200", owner="redirect"),
    "mapping_survey_autosave": row(anonymous="200", others="200", owner="409"),
    "mapping_clusters": PUBLIC,
    "mapping_cluster": PUBLIC,
    "c2i_home": PUBLIC,
    "c2i_challenge_list": PUBLIC,
    "c2i_challenge_mine": SIGNED_IN,
    "c2i_challenge_new": row(
        anonymous="login", others="403", owner="200", coordinator="200", other_applicant="200"
    ),
    "c2i_challenge_detail": PUBLIC,
    "c2i_challenge_edit": row(anonymous="login", others="404"),
    "c2i_challenge_submit": row(anonymous="login", others="404"),
    "c2i_challenge_close": row(anonymous="login", others="404"),
    "c2i_offer_list": PUBLIC,
    "c2i_offer_mine": SIGNED_IN,
    "c2i_offer_new": row(
        anonymous="login", others="403", owner="200", coordinator="200", other_applicant="200"
    ),
    "c2i_offer_detail": PUBLIC,
    "c2i_offer_edit": row(anonymous="login", others="404"),
    "c2i_offer_submit": row(anonymous="login", others="404"),
    "c2i_offer_close": row(anonymous="login", others="404"),
    "c2i_connections": SIGNED_IN,
    "c2i_interest_new": row(anonymous="login", others="404"),
    "c2i_interest_detail": row(anonymous="login", others="404"),
    "c2i_interest_accept": row(anonymous="login", others="404"),
    "c2i_interest_decline": row(anonymous="login", others="404"),
    "c2i_message_post": row(anonymous="login", others="404"),
    "c2i_meeting_new": row(anonymous="login", others="404"),
    "c2i_joint_application_start": row(anonymous="login", others="404"),
    "c2i_meeting_confirm": row(anonymous="login", others="404"),
    "c2i_meeting_decline": row(anonymous="login", others="404"),
    "connect_hackathon_list": PUBLIC,
    "connect_hackathon_mine": SIGNED_IN,
    "connect_hackathon_detail": PUBLIC,
    "connect_hackathon_challenge": SIGNED_IN,
    "connect_hackathon_signup": SIGNED_IN,
    "connect_hackathon_withdraw": row(anonymous="login", others="redirect"),
    "connect_hackathon_team": row(anonymous="login", others="404", owner="200", coordinator="200"),
    "acceleration_investor_directory": PUBLIC,
    "acceleration_investor_detail": PUBLIC,
    "acceleration_introduction_request": row(anonymous="login", others="400"),
    "acceleration_introduction_mine": SIGNED_IN,
    "acceleration_introduction_received": SIGNED_IN,
    "acceleration_introduction_detail": row(
        anonymous="login", others="404", owner="200", coordinator="200"
    ),
    "acceleration_demo_day_detail": PUBLIC,
    "acceleration_demo_day_apply": row(anonymous="login", others="404", coordinator="200"),
    "acceleration_session_attendance": row(
        anonymous="login", others="404", owner="200", coordinator="200"
    ),
    "acceleration_mentoring_mine": SIGNED_IN,
    "acceleration_participant": row(
        anonymous="login", others="404", owner="200", coordinator="200"
    ),
    "acceleration_kpi_report": row(anonymous="login", others="404"),
    "acceleration_milestone_done": row(
        anonymous="login", others="404", owner="redirect", coordinator="redirect"
    ),
    "acceleration_cohort_report": row(
        anonymous="login", others="403", owner="200", coordinator="200"
    ),
    "acceleration_cohort_report_csv": row(
        anonymous="login", others="403", owner="200", coordinator="200"
    ),
    "acceleration_cohort_report_pdf": row(
        anonymous="login", others="403", owner="200", coordinator="200"
    ),
    "acceleration_mine": SIGNED_IN,
    "beneficiaries": PUBLIC,
    "beneficiaries_open_data_csv": PUBLIC,
    "beneficiaries_open_data_json": PUBLIC,
    "dissemination_news_list": PUBLIC,
    "dissemination_news_feed_rss": PUBLIC,
    "dissemination_news_feed_atom": PUBLIC,
    "dissemination_news_detail": PUBLIC,
    "dissemination_event_list": PUBLIC,
    "dissemination_event_mine": SIGNED_IN,
    "dissemination_event_detail": PUBLIC,
    "dissemination_event_register": row(anonymous="login", others="redirect"),
    "dissemination_event_cancel": row(anonymous="login", others="redirect"),
    "dissemination_event_ics": PUBLIC,
    "dissemination_newsletter_subscribe": PUBLIC,
    "dissemination_newsletter_confirm": row(anonymous="200", others="404"),
    "dissemination_newsletter_unsubscribe": row(anonymous="200", others="404"),
    "dissemination_programme_figures": PUBLIC,
    "dissemination_programme_results": PUBLIC,
    "api_token": row(anonymous="405", others="405"),
    "call-assign-evaluators": row(anonymous="401", others="403", owner="202", coordinator="202"),
    "task-detail": row(anonymous="401", others="403", owner="200", coordinator="200"),
    "review-list": API_OWN_LIST,
    "review-detail": row(anonymous="401", others="404"),
    "review-declaration": row(anonymous="401", others="404"),
    "reports-funding": row(anonymous="401", others="403", owner="200", coordinator="200"),
    "reports-budget": row(anonymous="401", others="403", owner="200", coordinator="200"),
    "api_voucher_claims": row(anonymous="401", others="404", owner="400", coordinator="400"),
    "organisation-list": API_OWN_LIST,
    "organisation-detail": row(anonymous="401", others="404", owner="200"),
    "call-list": PUBLIC,
    "call-detail": PUBLIC,
    "application-list": API_OWN_LIST,
    "application-detail": row(anonymous="401", others="404", owner="200"),
    "application-attachments": row(anonymous="401", others="404", owner="400"),
    "application-submit": row(anonymous="401", others="404", owner="400"),
    "application-withdraw": row(anonymous="401", others="404", owner="200"),
    "award-list": API_OWN_LIST,
    "award-detail": row(anonymous="401", others="404", owner="200", coordinator="200"),
    "duplicate-flag-list": API_OWN_LIST,
    "duplicate-flag-detail": row(anonymous="401", others="404", owner="200", coordinator="200"),
    "voucher-list": API_OWN_LIST,
    "voucher-detail": row(anonymous="401", others="404", owner="200", coordinator="200"),
    "challenge-list": PUBLIC,
    "offer-list": PUBLIC,
    "api-root": API_OWN_LIST,
    "api_schema": PUBLIC,
    "api_docs": PUBLIC,
    "api_redoc": PUBLIC,
    "api_not_found": row(
        anonymous="404", others="404", kwargs=lambda objects: {"path": "v1/nothing-here/"}
    ),
}


def expected(name: str) -> Row | None:
    """The row for route ``name``, or ``None`` when the table has none."""
    if name.startswith("admin:"):
        from tests.security.access_table_admin import expected_admin

        return expected_admin(name)
    return SITE.get(name)
