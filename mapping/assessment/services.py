"""The built-in "Needs and twin-transition readiness" self-assessment of a programme.

``self_assessment_install`` creates it once per programme, open to answers (anonymous ones
too): six dimensions (digital maturity, green maturity, skills, access to finance, market
access, social impact measurement), each with three or four 1–5 scale questions and the
courses, calls and providers that help it, after three profile questions (country, legal
form, sector). Staff edit it afterwards in the back office; a second install changes
nothing, so their edits stay.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from mapping.models import Dimension, Question, QuestionType, Survey, SurveyKind, SurveyStatus
from mooc.models import Topic
from organisations.models import LegalForm, SocialEconomyType
from socialtech.audit.services import audit_log
from socialtech.tenancy.context import tenant_context
from socialtech.tenancy.models import Tenant
from vouchers.models import ServiceCategory

SELF_ASSESSMENT_SLUG = "needs-and-readiness"


@dataclass(frozen=True)
class DimensionSpec:
    key: str
    title: str
    topics: tuple[str, ...]
    categories: tuple[str, ...]
    keywords: tuple[str, ...]
    # (key, question, what 1 means, what 5 means)
    questions: tuple[tuple[str, str, str, str], ...]


def _dimensions() -> list[DimensionSpec]:
    # Built when installing, so the texts are in the language active then.
    never, always = _("Not at all"), _("Fully")
    return [
        DimensionSpec(
            "digital",
            _("Digital maturity"),
            (Topic.DIGITAL_TOOLS, Topic.DATA_AI),
            (ServiceCategory.DIGITAL_AUDIT, ServiceCategory.TECHNOLOGY_FEASIBILITY),
            ("digital", "technology", "wp4"),
            (
                (
                    "digital_tools",
                    _(
                        "Our team uses shared digital tools (calendars, documents, messaging) every day."
                    ),
                    never,
                    always,
                ),
                (
                    "digital_data",
                    _("We collect and use data about our services to make decisions."),
                    never,
                    always,
                ),
                ("digital_online", _("People can find, contact and pay us online."), never, always),
                (
                    "digital_security",
                    _("We back up our data and protect our accounts with a second factor."),
                    never,
                    always,
                ),
            ),
        ),
        DimensionSpec(
            "green",
            _("Green maturity"),
            (Topic.GREEN_TRANSITION,),
            (ServiceCategory.GREEN_CONSULTING,),
            ("green", "circular", "ecolog", "climate"),
            (
                (
                    "green_footprint",
                    _("We know the environmental footprint of our main activities."),
                    never,
                    always,
                ),
                (
                    "green_plan",
                    _("We have a plan, with targets, to reduce energy use, waste or emissions."),
                    never,
                    always,
                ),
                (
                    "green_circular",
                    _("We reuse, repair or recycle materials in our services or products."),
                    never,
                    always,
                ),
            ),
        ),
        DimensionSpec(
            "skills",
            _("Skills"),
            (Topic.DIGITAL_TOOLS, Topic.BUSINESS_MODELS),
            (ServiceCategory.TRAINING,),
            ("skills", "training", "wp3"),
            (
                (
                    "skills_plan",
                    _("We plan the training of our staff and volunteers each year."),
                    never,
                    always,
                ),
                (
                    "skills_digital",
                    _("Our staff have the digital skills their work needs."),
                    never,
                    always,
                ),
                (
                    "skills_hiring",
                    _("We can attract and keep people with the skills we need."),
                    never,
                    always,
                ),
            ),
        ),
        DimensionSpec(
            "finance",
            _("Access to finance"),
            (Topic.ACCESS_TO_FINANCE,),
            (ServiceCategory.LEGAL_BUSINESS_MODEL,),
            ("finance", "investment", "grant", "wp5"),
            (
                (
                    "finance_sources",
                    _("Our income comes from several sources, not one funder."),
                    never,
                    always,
                ),
                (
                    "finance_investment",
                    _("We know which loans, grants or investors fit our next investment."),
                    never,
                    always,
                ),
                (
                    "finance_reporting",
                    _("We can produce up-to-date financial statements when a funder asks."),
                    never,
                    always,
                ),
            ),
        ),
        DimensionSpec(
            "market",
            _("Market access"),
            (Topic.BUSINESS_MODELS,),
            (ServiceCategory.LEGAL_BUSINESS_MODEL,),
            ("market", "procurement", "acceleration", "wp5"),
            (
                (
                    "market_customers",
                    _("We know who our customers are and why they buy from us."),
                    never,
                    always,
                ),
                (
                    "market_procurement",
                    _("We take part in public tenders, alone or with partners."),
                    never,
                    always,
                ),
                (
                    "market_partners",
                    _("We sell together with other enterprises or through a network or cluster."),
                    never,
                    always,
                ),
            ),
        ),
        DimensionSpec(
            "impact",
            _("Social impact measurement"),
            (Topic.IMPACT_MEASUREMENT,),
            (ServiceCategory.TRAINING,),
            ("impact", "social", "wp2"),
            (
                (
                    "impact_goals",
                    _("Our social goals are written down with indicators."),
                    never,
                    always,
                ),
                (
                    "impact_measure",
                    _("We measure our social impact at least once a year."),
                    never,
                    always,
                ),
                (
                    "impact_report",
                    _("We report our impact to members, funders and the public."),
                    never,
                    always,
                ),
            ),
        ),
    ]


def _profile_questions() -> list[dict[str, Any]]:
    return [
        {
            "key": "country",
            "label": _("Country where your organisation is established"),
            "type": QuestionType.COUNTRY,
        },
        {
            "key": "legal_form",
            "label": _("Legal form"),
            "type": QuestionType.CHOICE,
            "options": [
                {"value": value, "label": str(label)} for value, label in LegalForm.choices
            ],
        },
        {
            "key": "sector",
            "label": _("Part of the social economy"),
            "type": QuestionType.CHOICE,
            "options": [
                {"value": value, "label": str(label)} for value, label in SocialEconomyType.choices
            ],
        },
    ]


@transaction.atomic
def self_assessment_install(tenant: Tenant) -> Survey:
    """The programme's self-assessment, created (open) when it has none; an existing one
    is returned unchanged, whatever staff did to it."""
    with tenant_context(tenant):
        existing = Survey.objects.filter(slug=SELF_ASSESSMENT_SLUG).first()
        if existing is not None:
            return existing
        survey = Survey.objects.create(
            slug=SELF_ASSESSMENT_SLUG,
            title=_("Needs and twin-transition readiness"),
            intro=_(
                "Twenty minutes to see where your organisation stands in the digital and "
                "green transition, and what may help: rate each statement from 1 (not at "
                "all) to 5 (fully). Your answers are saved as you type; you may answer "
                "without an account, and an anonymous response keeps no name."
            ),
            kind=SurveyKind.SELF_ASSESSMENT,
            allows_anonymous=True,
            status=SurveyStatus.OPEN,
            opened_at=timezone.now(),
        )
        for order, spec in enumerate(_profile_questions(), start=1):
            Question.objects.create(survey=survey, order=order, required=True, **spec)
        for position, dimension_spec in enumerate(_dimensions(), start=1):
            dimension = Dimension.objects.create(
                survey=survey,
                key=dimension_spec.key,
                title=dimension_spec.title,
                order=position * 10,
                course_topics=[str(topic) for topic in dimension_spec.topics],
                service_categories=[str(category) for category in dimension_spec.categories],
                call_keywords=list(dimension_spec.keywords),
            )
            for order, (key, label, low, high) in enumerate(dimension_spec.questions, start=1):
                Question.objects.create(
                    survey=survey,
                    dimension=dimension,
                    key=key,
                    label=label,
                    type=QuestionType.SCALE,
                    required=True,
                    order=order,
                    scale_low_label=low,
                    scale_high_label=high,
                )
        audit_log(
            actor=None,
            verb="mapping.self_assessment_installed",
            target=survey,
            data={"slug": survey.slug},
        )
        return survey
