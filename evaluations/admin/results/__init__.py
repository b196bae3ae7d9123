"""Admin pages: results. The aggregation table per call, consensus reports (rapporteur,
draft, approval), ranking with the panel minutes, publication, and redress answers.

Pages read through ``evaluations.results.selectors`` and write through
``evaluations.results.services``; these classes only check who may open a page, bind forms
and show what the services answer. One module per record: ``consensus``, ``rankings`` and
``redress`` (each registers its admin on import), with ``base`` and ``forms`` shared.
"""

from __future__ import annotations

from evaluations.admin.results.base import (
    TEMPLATES,
    ApplicationRecordAdmin,
    ResultsAdminMixin,
    describe_errors,
    is_back_office,
)
from evaluations.admin.results.consensus import CONSENSUS_FIELDS, ConsensusAdmin
from evaluations.admin.results.forms import (
    SCORE_CHOICES,
    ConsensusDraftForm,
    RapporteurForm,
    RedressAnswerForm,
)
from evaluations.admin.results.rankings import (
    AGGREGATION_PAGE_SIZE,
    RANKING_FIELDS,
    RankingRunAdmin,
)
from evaluations.admin.results.redress import (
    REDRESS_FIELDS,
    RedressRequestAdmin,
    RedressStatusFilter,
)

__all__ = [
    "AGGREGATION_PAGE_SIZE",
    "CONSENSUS_FIELDS",
    "RANKING_FIELDS",
    "REDRESS_FIELDS",
    "SCORE_CHOICES",
    "TEMPLATES",
    "ApplicationRecordAdmin",
    "ConsensusAdmin",
    "ConsensusDraftForm",
    "RankingRunAdmin",
    "RapporteurForm",
    "RedressAnswerForm",
    "RedressRequestAdmin",
    "RedressStatusFilter",
    "ResultsAdminMixin",
    "describe_errors",
    "is_back_office",
]
