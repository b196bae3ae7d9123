"""What an applicant may see of an application's status: the one place that decides.

Staff move an application through screening, evaluation and ranking; none of those
steps may reach the applicant before the programme announces it. An applicant sees:

- their own steps as they are (draft, submitted, withdrawn, superseded) and the grant
  steps that only follow a publication (offered, accepted, declined);
- the outcome the programme last announced (``Application.published_outcome``: the
  eligibility letter for an ineligible application, the publication of the results for
  a ranked one);
- "Under evaluation" for everything in between, including a ranking not yet published
  and a new ranking after an upheld redress until it is published in turn.

Pages, the API, e-mails and PDFs for applicants all ask :func:`applicant_status`.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from applications.models import Application, ApplicationStatus

S = ApplicationStatus


class ApplicantStatus(models.TextChoices):
    """The statuses an applicant can see, worded as the application statuses are."""

    DRAFT = S.DRAFT.value, S.DRAFT.label
    SUBMITTED = S.SUBMITTED.value, S.SUBMITTED.label
    UNDER_EVALUATION = "under_evaluation", _("Under evaluation")
    INELIGIBLE = S.INELIGIBLE.value, S.INELIGIBLE.label
    MAIN_LIST = S.MAIN_LIST.value, S.MAIN_LIST.label
    RESERVE_LIST = S.RESERVE_LIST.value, S.RESERVE_LIST.label
    REJECTED_THRESHOLD = S.REJECTED_THRESHOLD.value, S.REJECTED_THRESHOLD.label
    REJECTED_BUDGET = S.REJECTED_BUDGET.value, S.REJECTED_BUDGET.label
    OFFERED = S.OFFERED.value, S.OFFERED.label
    ACCEPTED = S.ACCEPTED.value, S.ACCEPTED.label
    DECLINED = S.DECLINED.value, S.DECLINED.label
    WITHDRAWN = S.WITHDRAWN.value, S.WITHDRAWN.label
    SUPERSEDED = S.SUPERSEDED.value, S.SUPERSEDED.label


# The applicant's own steps, and the grant steps that only follow a publication.
SHOWN_AS_IS = frozenset(
    {S.DRAFT, S.SUBMITTED, S.WITHDRAWN, S.SUPERSEDED, S.OFFERED, S.ACCEPTED, S.DECLINED}
)
# Outcomes the programme announces: ineligibility in its letter, the rest with the results.
ANNOUNCED_OUTCOMES = frozenset(
    {S.INELIGIBLE, S.MAIN_LIST, S.RESERVE_LIST, S.REJECTED_THRESHOLD, S.REJECTED_BUDGET}
)


def applicant_status(application: Application) -> str:
    """The status ``application``'s applicant may see (an ``ApplicantStatus`` value)."""
    if application.status in SHOWN_AS_IS:
        return str(application.status)
    if application.published_outcome in ANNOUNCED_OUTCOMES:
        return str(application.published_outcome)
    return ApplicantStatus.UNDER_EVALUATION.value


def applicant_status_label(application: Application) -> str:
    """The applicant's status in words, in the active language."""
    return str(ApplicantStatus(applicant_status(application)).label)
