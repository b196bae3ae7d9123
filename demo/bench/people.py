"""Programmes, their staff, applicants with their organisations, and evaluators."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib.auth.hashers import make_password

from demo.bench.rows import insert, pick
from demo.bench.sizes import PROGRAMMES, Sizes
from evaluations.models import EvaluatorProfile
from organisations.models import Organisation, OrganisationMember
from socialtech.accounts.models import Membership, User
from socialtech.tenancy.models import Domain, Tenant

BENCH_DOMAIN = "bench.example.org"
PROGRAMME_SLUGS = ("bench-alpha", "bench-beta")
PROGRAMME_NAMES = ("Bench Programme Alpha", "Bench Programme Beta")
COUNTRIES = ("IT", "ES", "FR", "DE", "RO", "SE", "BE", "PT", "NL", "AT", "PL", "IE")
LEGAL_FORMS = ("social_cooperative", "cooperative", "association", "foundation", "mutual")
ECONOMY_TYPES = ("social_enterprise", "wise", "cooperative", "association", "foundation")
CITIES = ("Bologna", "Valencia", "Lyon", "Leipzig", "Cluj", "Malmö", "Ghent", "Porto")
EXPERTISE = ("care", "housing", "energy", "food", "education", "mobility", "finance")


def email(kind: str, programme: int, number: int | None = None) -> str:
    suffix = "" if number is None else f"-{number:05d}"
    return f"{kind}-{programme}{suffix}@{BENCH_DOMAIN}"


def host(programme: int) -> str:
    return f"{PROGRAMME_SLUGS[programme]}.localhost"


@dataclass
class Programme:
    tenant: Tenant
    staff: User
    coordinator: User
    owners: list[User] = field(default_factory=list)
    organisations: list[Organisation] = field(default_factory=list)
    evaluators: list[EvaluatorProfile] = field(default_factory=list)


def _users(emails: list[str], names: list[str]) -> list[User]:
    # No usable password: the benchmarks sign in with sessions made for them, and hashing
    # thousands of passwords would take longer than the rest of the seeding.
    unusable = make_password(None)
    return insert(
        User,
        (
            User(email=address, full_name=name, password=unusable, language="en")
            for address, name in zip(emails, names, strict=True)
        ),
    )


def seed_programmes(sizes: Sizes) -> list[Programme]:
    programmes = []
    evaluators_each = sizes.evaluators // PROGRAMMES
    for number in range(PROGRAMMES):
        tenant = Tenant.objects.create(
            slug=PROGRAMME_SLUGS[number],
            name=PROGRAMME_NAMES[number],
            tagline="Grants for the social economy",
            fstp_cap_per_recipient=Decimal("60000.00"),
            receipt_prefix=f"B{number + 1}",
        )
        Domain.objects.create(tenant=tenant, host=host(number), is_primary=True)
        staff, coordinator = _users(
            [email("staff", number), email("coordinator", number)],
            [f"Staff member {number + 1}", f"Coordinator {number + 1}"],
        )
        insert(
            Membership,
            [
                Membership(tenant=tenant, user=staff, role="staff"),
                Membership(tenant=tenant, user=coordinator, role="coordinator"),
            ],
        )
        programme = Programme(tenant=tenant, staff=staff, coordinator=coordinator)
        _applicants(programme, number, sizes.organisations)
        extra = sizes.evaluators - evaluators_each * PROGRAMMES if number == 0 else 0
        _evaluators(programme, number, evaluators_each + extra)
        programmes.append(programme)
    return programmes


def _applicants(programme: Programme, number: int, count: int) -> None:
    programme.owners = _users(
        [email("applicant", number, index) for index in range(count)],
        [f"Applicant {number + 1}-{index}" for index in range(count)],
    )
    programme.organisations = insert(
        Organisation,
        (
            Organisation(
                legal_name=f"Bench Social Cooperative {number + 1}-{index:05d}",
                country=pick(COUNTRIES, index),
                legal_form=pick(LEGAL_FORMS, index),
                social_economy_type=pick(ECONOMY_TYPES, index),
                founding_year=1990 + index % 34,
                staff_headcount=3 + index % 120,
                turnover_band="up_to_2m",
                balance_sheet_band="up_to_2m",
                address_line1=f"Via Bench {index + 1}",
                city=pick(CITIES, index),
                legal_representative_name=f"Applicant {number + 1}-{index}",
                legal_representative_role="Chair",
            )
            for index in range(count)
        ),
    )
    insert(
        OrganisationMember,
        (
            OrganisationMember(organisation=organisation, user=owner, role="owner")
            for organisation, owner in zip(programme.organisations, programme.owners, strict=True)
        ),
    )


def _evaluators(programme: Programme, number: int, count: int) -> None:
    users = _users(
        [email("evaluator", number, index) for index in range(count)],
        [f"Evaluator {number + 1}-{index}" for index in range(count)],
    )
    insert(
        Membership,
        (Membership(tenant=programme.tenant, user=user, role="evaluator") for user in users),
    )
    programme.evaluators = insert(
        EvaluatorProfile,
        (
            EvaluatorProfile(
                user=user,
                expertise=[pick(EXPERTISE, index), pick(EXPERTISE, index + 3)],
                languages=["en"],
                country=pick(COUNTRIES, index + 5),
                employer_name=f"University {index % 40}",
            )
            for index, user in enumerate(users)
        ),
    )
