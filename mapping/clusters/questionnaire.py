"""The built-in cluster questionnaire, after the GECES report's template (2021, ch. 3).

``cluster_questionnaire_install`` creates it once per programme, open to signed-in people:
first the report's four inclusion criteria, each a required yes/no question, then the
questions of its six dimensions (identification, description, implementation, governance,
evaluation, transferability). Staff edit it afterwards in the back office; a second
install changes nothing, so their edits stay.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from mapping.models import (
    ClusterScope,
    ClusterSector,
    Dimension,
    Question,
    QuestionType,
    Survey,
    SurveyKind,
    SurveyStatus,
)
from socialtech.audit.services import audit_log
from socialtech.tenancy.context import tenant_context
from socialtech.tenancy.models import Tenant

CLUSTER_QUESTIONNAIRE_SLUG = "cluster-questionnaire"
CRITERIA_KEYS = (
    "criterion_cooperation",
    "criterion_governance",
    "criterion_proximity",
    "criterion_interconnection",
)
DIMENSION_KEYS = (
    "identification",
    "description",
    "implementation",
    "governance",
    "evaluation",
    "transferability",
)


def _choices(pairs: Any) -> list[dict[str, str]]:
    return [{"value": str(value), "label": str(label)} for value, label in pairs]


def _yes_no() -> list[dict[str, str]]:
    return _choices([("yes", _("Yes")), ("no", _("No"))])


def _criteria() -> list[dict[str, Any]]:
    """The four inclusion criteria of the report (ch. 3, p. 28–29), as yes/no questions."""
    texts = [
        _(
            "A group of entities cooperates in the cluster, preferably from different social "
            "sectors: social economy, business, governmental and research."
        ),
        _(
            "The entities that form the cluster assure its governance, not a distinctive "
            "third entity."
        ),
        _(
            "Its members are geographically close: regional at most, preferably local or one "
            "business park or site (national for a small country)."
        ),
        _(
            "Its members are significantly interconnected: their exchanges go beyond each "
            "one's own ambition."
        ),
    ]
    return [
        {"key": key, "label": text, "type": QuestionType.CHOICE, "options": _yes_no()}
        for key, text in zip(CRITERIA_KEYS, texts, strict=True)
    ]


def _dimensions() -> list[tuple[str, str, list[dict[str, Any]]]]:
    """(key, title, questions) of the report's six dimensions (ch. 3, Table 1)."""
    text, area, number = QuestionType.TEXT, QuestionType.TEXTAREA, QuestionType.NUMBER
    choice, many = QuestionType.CHOICE, QuestionType.MULTIPLE_CHOICE
    return [
        (
            "identification",
            _("Identification"),
            [
                {"key": "cluster_name", "label": _("Name of the cluster"), "type": text},
                {"key": "country", "label": _("Country"), "type": QuestionType.COUNTRY},
                {"key": "region", "label": _("Region or city"), "type": text},
                {"key": "website", "label": _("Website"), "type": text, "required": False},
            ],
        ),
        (
            "description",
            _("Description"),
            [
                {"key": "founded_year", "label": _("Year of creation"), "type": number},
                {
                    "key": "scope",
                    "label": _("Largest geographical scope"),
                    "type": choice,
                    "options": _choices(ClusterScope.choices),
                },
                {
                    "key": "development_stage",
                    "label": _("Development stage"),
                    "type": choice,
                    "options": _choices([("initial", _("Initial")), ("mature", _("Mature"))]),
                },
                {"key": "members_count", "label": _("Number of members"), "type": number},
                {
                    "key": "sectors",
                    "label": _("Sectors of activity"),
                    "type": many,
                    "options": _choices(ClusterSector.choices),
                },
                {
                    "key": "priorities",
                    "label": _("Priorities and desired social impact"),
                    "type": area,
                    "max_words": 200,
                },
            ],
        ),
        (
            "implementation",
            _("Implementation"),
            [
                {
                    "key": "mission",
                    "label": _("Mission and objectives"),
                    "type": area,
                    "max_words": 200,
                },
                {"key": "promoter", "label": _("Promoter of the initiative"), "type": text},
                {
                    "key": "services",
                    "label": _("Services provided to members"),
                    "type": area,
                    "max_words": 200,
                },
                {
                    "key": "member_fees",
                    "label": _("Do members pay fees?"),
                    "type": choice,
                    "options": _yes_no(),
                },
            ],
        ),
        (
            "governance",
            _("Governance"),
            [
                {
                    "key": "leadership",
                    "label": _("Leadership"),
                    "type": choice,
                    "options": _choices(
                        [
                            ("public", _("Public")),
                            ("private", _("Private")),
                            ("public_private", _("Public and private")),
                        ]
                    ),
                },
                {
                    "key": "cluster_manager",
                    "label": _("Does the cluster have a manager (a person or a board)?"),
                    "type": choice,
                    "options": _yes_no(),
                },
                {
                    "key": "public_support",
                    "label": _("Does the cluster receive public support?"),
                    "type": choice,
                    "options": _yes_no(),
                },
                {"key": "legal_nature", "label": _("Legal nature"), "type": text},
            ],
        ),
        (
            "evaluation",
            _("Evaluation"),
            [
                {
                    "key": "innovative_aspects",
                    "label": _("Innovative aspects"),
                    "type": area,
                    "max_words": 200,
                },
                {
                    "key": "impact_measured",
                    "label": _("Is the cluster's impact measured?"),
                    "type": choice,
                    "options": _yes_no(),
                },
                {
                    "key": "successes",
                    "label": _("Main successes"),
                    "type": area,
                    "max_words": 150,
                },
                {
                    "key": "failures",
                    "label": _("Main failure issues"),
                    "type": area,
                    "max_words": 150,
                    "required": False,
                },
            ],
        ),
        (
            "transferability",
            _("Transferability"),
            [
                {
                    "key": "dissemination",
                    "label": _("Experience of dissemination"),
                    "type": area,
                    "max_words": 150,
                    "required": False,
                },
                {
                    "key": "model_disseminated",
                    "label": _("Has the model been disseminated elsewhere?"),
                    "type": choice,
                    "options": _yes_no(),
                },
                {
                    "key": "international_networks",
                    "label": _("Is the cluster a member of international networks?"),
                    "type": choice,
                    "options": _yes_no(),
                },
            ],
        ),
    ]


@transaction.atomic
def cluster_questionnaire_install(tenant: Tenant) -> Survey:
    """The programme's cluster questionnaire, created (open, for signed-in people) when it
    has none; an existing one is returned unchanged, whatever staff did to it."""
    with tenant_context(tenant):
        existing = Survey.objects.filter(slug=CLUSTER_QUESTIONNAIRE_SLUG).first()
        if existing is not None:
            return existing
        survey = Survey.objects.create(
            slug=CLUSTER_QUESTIONNAIRE_SLUG,
            title=_("Cluster questionnaire"),
            intro=_(
                "For clusters of social and ecological innovation: tell us whether your "
                "cluster meets the four inclusion criteria, then describe it along six "
                "dimensions. Your answers are saved as you type."
            ),
            kind=SurveyKind.CLUSTER,
            allows_anonymous=False,
            status=SurveyStatus.OPEN,
            opened_at=timezone.now(),
        )
        for order, spec in enumerate(_criteria(), start=1):
            Question.objects.create(survey=survey, order=order, required=True, **spec)
        for position, (key, title, questions) in enumerate(_dimensions(), start=1):
            dimension = Dimension.objects.create(
                survey=survey, key=key, title=title, order=position * 10
            )
            for order, spec in enumerate(questions, start=1):
                fields = {"required": True, **spec}
                Question.objects.create(survey=survey, dimension=dimension, order=order, **fields)
        audit_log(
            actor=None,
            verb="mapping.cluster_questionnaire_installed",
            target=survey,
            data={"slug": survey.slug},
        )
        return survey
