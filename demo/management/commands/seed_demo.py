"""Load the demo: two programmes, their hosts and people, then every app's demo data.

Idempotent: running it again updates what exists and adds what is missing.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

from allauth.account.models import EmailAddress
from django.core.files.base import ContentFile
from django.core.management.base import BaseCommand
from django.db import transaction

from demo import (
    applications,
    dissemination,
    evaluations,
    grants,
    mapping,
    mooc,
    organisations,
    reports,
    upskilling,
    vouchers,
)
from demo.acceleration import cohorts as acceleration_cohorts
from demo.acceleration import investors as acceleration_investors
from demo.connect_to_innovate import challenges as connect_to_innovate_challenges
from demo.connect_to_innovate import hackathons as connect_to_innovate_hackathons
from socialtech.accounts.models import User
from socialtech.accounts.services import membership_grant
from socialtech.tenancy.context import tenant_context
from socialtech.tenancy.links import public_origin
from socialtech.tenancy.models import Domain, Tenant
from socialtech.tenancy.rls import rls_bypass
from socialtech.tenancy.selectors import home_card_list
from socialtech.tenancy.services import home_card_save

# Each app's demo data, loaded in this order (each step uses what the ones before made).
SEEDERS: tuple[tuple[str, Callable[..., str]], ...] = (
    ("organisations", organisations.seed),
    ("calls and applications", applications.seed),
    ("evaluation", evaluations.seed),
    ("grants", grants.seed),
    ("vouchers", vouchers.seed),
    ("connect to innovate", connect_to_innovate_challenges.seed),
    ("courses", mooc.seed),
    ("learning paths", upskilling.seed),
    ("surveys", mapping.seed),
    ("news and events", dissemination.seed),
    ("acceleration", acceleration_cohorts.seed),
    ("investors and procurers", acceleration_investors.seed),
    ("hackathons", connect_to_innovate_hackathons.seed),
    ("programme budget", reports.seed),
)

DEMO_PASSWORD = "demo-pass-2026"  # noqa: S105 - documented demo credential

TENANTS: list[dict[str, Any]] = [
    {
        "slug": "socialtech4eu",
        "name": "SocialTech4EU",
        "tagline": "Grants, vouchers and acceleration for social enterprises' digital and green transition.",
        "primary_colour": "#17527a",
        "accent_colour": "#a33d0b",
        "receipt_prefix": "ST4EU",
        "contact_email": "opencalls@socialtech4eu.example.org",
        "default_timezone": "Europe/Brussels",
        "hosts": ["localhost", "127.0.0.1", "socialtech4eu.localhost"],
        "logo_text": "ST4EU",
        "cards": [
            {
                "title": {"en": "Open calls", "it": "Bandi aperti"},
                "text": {
                    "en": "Grants, vouchers and acceleration places for social enterprises.",
                    "it": "Contributi, voucher e posti di accelerazione per le imprese sociali.",
                },
                "link": "/calls/",
            },
            {
                "title": {"en": "Training", "it": "Formazione"},
                "text": {
                    "en": "Online courses on the digital and green transition of the social economy, with certificates.",
                    "it": "Corsi online sulla transizione digitale e verde dell'economia sociale, con attestato.",
                },
                "link": "/courses/",
            },
            {
                "title": {"en": "Connections", "it": "Connessioni"},
                "text": {
                    "en": "Post a challenge, meet technology providers, join hackathons and an acceleration cohort with investors and public buyers.",
                    "it": "Pubblica una sfida, incontra fornitori di tecnologia, partecipa a hackathon e a un percorso di accelerazione con investitori e acquirenti pubblici.",
                },
                "link": "/connect/",
            },
        ],
    },
    {
        "slug": "democluster",
        "name": "Demo Cluster for Social Innovation",
        "tagline": "A regional competence centre for social innovation, on the same installation.",
        "primary_colour": "#5b2a86",
        "accent_colour": "#1d6b47",
        "receipt_prefix": "DEMO",
        "contact_email": "hello@democluster.example.org",
        "default_timezone": "Europe/Madrid",
        "hosts": ["democluster.localhost"],
        "logo_text": "DCSI",
        "cards": [
            {
                "title": {"en": "Neighbourhood micro-grants", "es": "Microayudas de barrio"},
                "text": {
                    "en": "Up to EUR 5,000 to test a new idea in your neighbourhood.",
                    "es": "Hasta 5.000 EUR para probar una idea nueva en tu barrio.",
                },
                "link": "/calls/?work_package=neighbourhoods",
            },
            {
                "title": {"en": "Decisions", "es": "Resoluciones"},
                "text": {
                    "en": "The results of the calls, once they are published.",
                    "es": "Los resultados de las convocatorias, una vez publicados.",
                },
                "link": "/results/",
            },
        ],
    },
]

PEOPLE: list[tuple[str, str, list[tuple[str, str]]]] = [
    ("applicant@example.org", "Giulia Ferraro", []),
    ("staff@example.org", "Ioana Popescu", [("socialtech4eu", "staff")]),
    ("coordinator@example.org", "Marco Bianchi", [("socialtech4eu", "coordinator")]),
    ("provider@example.org", "Lena Andersson", [("socialtech4eu", "provider")]),
    ("finance@example.org", "Andrea Conti", [("socialtech4eu", "finance")]),
    ("evaluator1@example.org", "Sofia Martínez", [("socialtech4eu", "evaluator")]),
    ("evaluator2@example.org", "Jonas Weber", [("socialtech4eu", "evaluator")]),
    ("evaluator3@example.org", "Elena Dumitru", [("socialtech4eu", "evaluator")]),
    (
        "evaluator4@example.org",
        "Pieter Claes",
        [("socialtech4eu", "evaluator"), ("democluster", "evaluator")],
    ),
    ("evaluator5@example.org", "Karin Nilsson", [("socialtech4eu", "evaluator")]),
    (
        "democluster-staff@example.org",
        "Lucía Navarro",
        [("democluster", "staff"), ("democluster", "coordinator")],
    ),
]


def logo_svg(text: str, colour: str) -> bytes:
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" width="120" height="40" viewBox="0 0 120 40">'
        f'<rect width="120" height="40" rx="6" fill="#ffffff"/>'
        f'<text x="60" y="27" font-family="DejaVu Sans, sans-serif" font-size="18" font-weight="700" '
        f'text-anchor="middle" fill="{colour}">{text}</text></svg>'
    ).encode()


class Command(BaseCommand):
    help = "Create or refresh the demo programmes, people and data (idempotent)."

    def handle(self, *args: Any, **options: Any) -> None:
        # Trusted work across programmes: the database's row-level security is opened.
        with rls_bypass():
            self._seed()

    def _seed(self) -> None:
        with transaction.atomic():
            tenants = {spec["slug"]: self._tenant(spec) for spec in TENANTS}
            users = {
                email: self._person(email, name, roles, tenants) for email, name, roles in PEOPLE
            }
            self._operator()
        for name, seed in SEEDERS:
            with transaction.atomic():
                result = seed(tenants=tenants, users=users)
            if result:
                self.stdout.write(f"  {name}: {result}")
        self._print_logins()

    def _tenant(self, spec: dict[str, Any]) -> Tenant:
        fields = {
            key: value
            for key, value in spec.items()
            if key not in {"slug", "hosts", "logo_text", "cards"}
        }
        tenant, _ = Tenant.objects.update_or_create(
            slug=spec["slug"], defaults={**fields, "fstp_cap_per_recipient": Decimal("60000.00")}
        )
        if not tenant.logo:
            tenant.logo.save(
                f"{tenant.slug}.svg",
                ContentFile(logo_svg(spec["logo_text"], spec["primary_colour"])),
            )
        for index, host in enumerate(spec["hosts"]):
            Domain.objects.update_or_create(
                host=host,
                defaults={"tenant": tenant, "is_primary": index == len(spec["hosts"]) - 1},
            )
        with tenant_context(tenant):
            existing = set(home_card_list().values_list("link", flat=True))
            for order, card in enumerate(spec["cards"], start=1):
                if card["link"] not in existing:
                    home_card_save(by=None, order=order * 10, **card)
        return tenant

    def _person(
        self, email: str, name: str, roles: list[tuple[str, str]], tenants: dict[str, Tenant]
    ) -> User:
        user = User.objects.filter(email=email).first()
        if user is None:
            user = User.objects.create_user(email=email, password=DEMO_PASSWORD, full_name=name)
        user.is_demo_account = True
        user.full_name = name
        user.save(update_fields=["is_demo_account", "full_name"])
        EmailAddress.objects.update_or_create(
            user=user, email=email, defaults={"verified": True, "primary": True}
        )
        for slug, role in roles:
            membership_grant(tenant=tenants[slug], user=user, role=role)
        return user

    def _operator(self) -> None:
        email = "operator@example.org"
        user = User.objects.filter(email=email).first()
        if user is None:
            user = User.objects.create_superuser(
                email=email, password=DEMO_PASSWORD, full_name="Platform Operator"
            )
        user.is_demo_account = True
        user.save(update_fields=["is_demo_account"])
        EmailAddress.objects.update_or_create(
            user=user, email=email, defaults={"verified": True, "primary": True}
        )

    def _print_logins(self) -> None:
        first_host = public_origin(TENANTS[0]["hosts"][0])
        self.stdout.write(
            self.style.SUCCESS(f"\nDemo ready. Sign in at {first_host}/accounts/login/")
        )
        self.stdout.write(f"Every demo account uses the password: {DEMO_PASSWORD}")
        for email, _name, roles in PEOPLE:
            described = (
                ", ".join(f"{role} in {slug}" for slug, role in roles)
                or "applicant (no programme role)"
            )
            self.stdout.write(f"  {email:34} {described}")
        self.stdout.write(f"  {'operator@example.org':34} platform operator (all programmes)")
        programmes = ", ".join(
            f"{public_origin(spec['hosts'][0])} ({spec['name']})" for spec in TENANTS
        )
        self.stdout.write(f"Programmes: {programmes}")
