"""Demo of the surveys: each programme's needs and twin-transition readiness self-assessment
and cluster questionnaire, open. In SocialTech4EU the registry holds the 30 clusters of the
GECES report (see ``demo.mapping.clusters``), and the demo applicant has submitted the
self-assessment (so their result page shows the radar chart and recommendations), and so
have people of the demo organisations and anonymous respondents across several countries,
for the aggregated results.

Everything goes through the surveys' and the registry's services, as respondents and staff
would. Idempotent: a person answers once (found by account, or an anonymous respondent by a
fixed demo token) and a cluster is added once (by slug); a second run changes nothing.
"""

from __future__ import annotations

import random
from typing import Any

from demo.mapping.clusters import CLUSTERS, seed_clusters
from demo.organisations import APPLICANT_EMAIL
from mapping.assessment.services import self_assessment_install
from mapping.clusters.questionnaire import cluster_questionnaire_install
from mapping.models import Question, QuestionType, Response, ResponseStatus, Survey
from mapping.surveys import services
from organisations.models import LegalForm, OrganisationMember, SocialEconomyType
from socialtech.tenancy.context import tenant_context

__all__ = ["ANONYMOUS_COUNTRIES", "seed"]

# Anonymous respondents and their countries (the partners' and beyond).
ANONYMOUS_COUNTRIES = (
    "IT", "RO", "SE", "DE", "ES", "BE", "FR", "PT", "PL", "GR",
    "IE", "NL", "AT", "SI", "FI", "DK", "CZ", "HR", "LT", "IT",
)  # fmt: skip
# People of the demo organisations who answer (at most).
MEMBERS_ANSWERING = 12
ANONYMOUS_TOKEN = "demo-anonymous-respondent-{number:02d}"  # noqa: S105 (not a secret)
# The applicant's answers: strong in digital, weak in green and impact measurement.
APPLICANT_SCALES = {
    "digital": (4, 4, 5, 3),
    "green": (2, 1, 2),
    "skills": (3, 4, 3),
    "finance": (3, 3, 4),
    "market": (4, 3, 4),
    "impact": (2, 2, 1),
}


def _answers(
    questions: list[Question],
    *,
    seed_value: int,
    country: str,
    legal_form: str,
    sector: str,
    scales: dict[str, tuple[int, ...]] | None = None,
) -> dict[str, Any]:
    # A fixed seed per respondent: the same answers on every run.
    chance = random.Random(seed_value)
    answers: dict[str, Any] = {"country": country, "legal_form": legal_form, "sector": sector}
    positions: dict[str, int] = {}
    for question in questions:
        if question.type != QuestionType.SCALE or question.dimension is None:
            continue
        key = question.dimension.key
        index = positions.get(key, 0)
        positions[key] = index + 1
        given = (scales or {}).get(key)
        if given and index < len(given):
            answers[question.key] = given[index]
        else:
            answers[question.key] = chance.randint(1, 5)
    return {key: value for key, value in answers.items() if key in {q.key for q in questions}}


def _answer(survey: Survey, *, user: Any, token: str | None, answers: dict[str, Any]) -> bool:
    """Submit ``answers`` as the person; False when they had already submitted."""
    response = services.response_start(survey=survey, user=user, token=token)
    if response.status == ResponseStatus.SUBMITTED:
        return False
    response = services.response_save_draft(response=response, answers=answers)
    services.response_submit(response=response, user=user)
    return True


def _questions(survey: Survey) -> list[Question]:
    return list(
        Question.objects.filter(survey=survey)
        .select_related("dimension")
        .order_by("dimension__order", "order", "pk")
    )


def _members(applicant: Any) -> list[OrganisationMember]:
    seen: set[int] = set()
    members = []
    rows = (
        OrganisationMember.objects.select_related("user", "organisation")
        .exclude(user=applicant)
        .order_by("organisation__legal_name", "pk")
    )
    for member in rows:
        if member.user_id in seen or not member.user.is_active:
            continue
        seen.add(member.user_id)
        members.append(member)
        if len(members) == MEMBERS_ANSWERING:
            break
    return members


def seed(*, tenants: dict[str, Any], users: dict[str, Any]) -> str:
    """The self-assessment of each programme and SocialTech4EU's responses; a summary line."""
    for tenant in tenants.values():
        self_assessment_install(tenant)
        cluster_questionnaire_install(tenant)
    socialtech = tenants.get("socialtech4eu")
    applicant = users.get(APPLICANT_EMAIL)
    if socialtech is None or applicant is None:
        return "the self-assessment and the cluster questionnaire, open"
    new_clusters = seed_clusters(socialtech)
    legal_forms = [value for value in LegalForm.values if value != LegalForm.PUBLIC_BODY]
    sectors = [value for value in SocialEconomyType.values if value != "not_social_economy"]
    created = 0
    with tenant_context(socialtech):
        survey = self_assessment_install(socialtech)
        questions = _questions(survey)
        created += _answer(
            survey,
            user=applicant,
            token=None,
            answers=_answers(
                questions,
                seed_value=1,
                country="IT",
                legal_form=LegalForm.SOCIAL_COOPERATIVE,
                sector=SocialEconomyType.SOCIAL_ENTERPRISE,
                scales=APPLICANT_SCALES,
            ),
        )
        for number, member in enumerate(_members(applicant), start=1):
            organisation = member.organisation
            created += _answer(
                survey,
                user=member.user,
                token=None,
                answers=_answers(
                    questions,
                    seed_value=100 + number,
                    country=str(organisation.country),
                    legal_form=str(organisation.legal_form),
                    sector=str(organisation.social_economy_type or sectors[0]),
                ),
            )
        for number, country in enumerate(ANONYMOUS_COUNTRIES, start=1):
            created += _answer(
                survey,
                user=None,
                token=ANONYMOUS_TOKEN.format(number=number),
                answers=_answers(
                    questions,
                    seed_value=200 + number,
                    country=country,
                    legal_form=legal_forms[number % len(legal_forms)],
                    sector=sectors[number % len(sectors)],
                ),
            )
        submitted = Response.objects.filter(survey=survey, status=ResponseStatus.SUBMITTED)
        countries = len({row.answers.get("country") for row in submitted})
        summary = (
            f"the self-assessment “{survey.title}”, open; {submitted.count()} responses from "
            f"{countries} countries, {APPLICANT_EMAIL}'s among them; the cluster "
            f"questionnaire, open; {len(CLUSTERS)} clusters in the registry"
        )
    return summary + ("" if created or new_clusters else " (nothing new)")
