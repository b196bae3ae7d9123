"""Conflicts of interest between evaluators and applications, found before anyone reads.

Automatic conflicts: the evaluator belongs to the applicant organisation, works for it
(same entity, VAT or registration number), shares its e-mail domain, works for a
consortium partner on a call that forbids it, or (optionally) comes from the same
country. Declared conflicts count too, across programmes: an expert who declared a
conflict with an organisation in one programme is conflicted with it everywhere.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.translation import gettext as _

from applications.models import Application
from evaluations.models import ConflictDeclaration, EvaluatorProfile
from organisations.models import OrganisationMember

# Addresses at these domains say nothing about an employer.
PUBLIC_MAIL_DOMAINS = frozenset(
    {
        "gmail.com",
        "googlemail.com",
        "outlook.com",
        "hotmail.com",
        "live.com",
        "yahoo.com",
        "icloud.com",
        "gmx.de",
        "gmx.net",
        "web.de",
        "libero.it",
        "virgilio.it",
        "orange.fr",
        "free.fr",
        "laposte.net",
        "yahoo.es",
        "yahoo.it",
        "protonmail.com",
        "proton.me",
        "mail.com",
        "example.org",
        "example.com",
    }
)


@dataclass(frozen=True)
class ConflictRules:
    partners_forbidden: bool = False
    same_country: bool = False


def _domain(email: str) -> str:
    return email.rsplit("@", 1)[-1].lower()


def conflict_reasons(
    evaluators: Sequence[EvaluatorProfile],
    applications: Sequence[Application],
    *,
    rules: ConflictRules = ConflictRules(),
    partner_evaluator_ids: frozenset[int] = frozenset(),
) -> dict[tuple[int, int], list[str]]:
    """``{(evaluator id, application id): [reasons]}`` for every conflicted pair.

    Runs a fixed number of queries whatever the number of pairs.
    """
    organisation_ids = {application.organisation_id for application in applications}
    organisations = {
        application.organisation_id: application.organisation for application in applications
    }
    members: dict[int, set[int]] = defaultdict(set)
    member_domains: dict[int, set[str]] = defaultdict(set)
    for organisation_id, user_id, email in OrganisationMember.objects.filter(
        organisation_id__in=organisation_ids
    ).values_list("organisation_id", "user_id", "user__email"):
        members[organisation_id].add(user_id)
        if _domain(email) not in PUBLIC_MAIL_DOMAINS:
            member_domains[organisation_id].add(_domain(email))
    declared: dict[int, set[int]] = defaultdict(set)
    for evaluator_id, organisation_id in ConflictDeclaration.unscoped.filter(
        evaluator__in=[evaluator.pk for evaluator in evaluators],
        application__organisation_id__in=organisation_ids,
        has_conflict=True,
    ).values_list("evaluator_id", "application__organisation_id"):
        declared[evaluator_id].add(organisation_id)

    result: dict[tuple[int, int], list[str]] = {}
    for evaluator in evaluators:
        employer = evaluator.employer
        evaluator_domain = _domain(evaluator.user.email)
        for application in applications:
            organisation = organisations[application.organisation_id]
            reasons = []
            if evaluator.user_id in members[organisation.pk]:
                reasons.append(_("member of the applicant organisation"))
            if employer is not None and (
                employer.pk == organisation.pk
                or (employer.vat_number and employer.vat_number == organisation.vat_number)
                or (
                    employer.registration_number
                    and employer.country == organisation.country
                    and employer.registration_number == organisation.registration_number
                )
            ):
                reasons.append(_("works for the applicant organisation"))
            if (
                evaluator_domain not in PUBLIC_MAIL_DOMAINS
                and evaluator_domain in member_domains[organisation.pk]
            ):
                reasons.append(
                    _("same e-mail domain as the applicant (%(domain)s)")
                    % {"domain": evaluator_domain}
                )
            if rules.partners_forbidden and evaluator.pk in partner_evaluator_ids:
                reasons.append(_("employee of a consortium partner"))
            if (
                rules.same_country
                and evaluator.country
                and evaluator.country == str(organisation.country)
            ):
                reasons.append(_("from the applicant's country"))
            if organisation.pk in declared[evaluator.pk]:
                reasons.append(_("declared a conflict with this organisation"))
            if reasons:
                result[(evaluator.pk, application.pk)] = reasons
    return result
