"""Demo vouchers: accredited providers, the schemes of the two voucher calls, and the audit
voucher call (V0) taken from its published results to vouchers in every state.

Everything is built through the vouchers' services, as staff, enterprises, providers and
the finance officer would. Idempotent: providers, schemes, the call, its applications and
ranking and each voucher's story are made once, so a second run changes nothing.
"""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import Any

from django.utils import timezone

from applications.models import Application, ApplicationStatus
from calls.models import Call
from demo.applications.files import demo_upload
from demo.applications.programme_calls import ensure_call
from demo.applications.seeding import seed_filed_applications
from demo.applications.specs import VOUCHER_CALL_SLUG
from demo.evaluations.constants import STAFF_EMAIL
from demo.evaluations.experts import demo_user
from demo.organisations import demo_organisations, ensure_organisation
from demo.vouchers.content import (
    AUDIT_APPLICANTS,
    AUDIT_CALL,
    PROVIDER_EMAIL,
    PROVIDERS,
    SUSPENSION_REASON,
    ProviderSpec,
)
from evaluations.models import RankingRun
from evaluations.results.services.publication import call_publish_results
from organisations.models import MemberRole, Organisation, OrganisationMember
from socialtech.tenancy.context import tenant_context
from vouchers.claims.services import (
    claim_reimburse,
    claim_request_changes,
    claim_submit,
    claim_verify,
)
from vouchers.expiry.jobs import expiry_warnings_send, vouchers_expire
from vouchers.issuance.services import voucher_cancel, vouchers_issue_for_call
from vouchers.models import (
    Accreditation,
    ServiceCategory,
    ServiceProvider,
    Voucher,
    VoucherScheme,
    VoucherStatus,
)
from vouchers.providers.services import accreditation_decide, provider_apply
from vouchers.redemption.services import delivery_confirm, provider_answer, provider_select
from vouchers.schemes.services import scheme_save

__all__ = ["seed"]

FINANCE_EMAIL = "finance@example.org"
S = ApplicationStatus
V = VoucherStatus


def owner_of(organisation: Organisation) -> Any:
    member = (
        OrganisationMember.objects.filter(organisation=organisation, role=MemberRole.OWNER)
        .select_related("user")
        .order_by("created_at", "pk")
        .first()
    )
    assert member is not None, f"{organisation} has no owner"
    return member.user


# --- Providers -----------------------------------------------------------------------------------


def _provider(spec: ProviderSpec, *, users: dict[str, Any], staff: Any) -> ServiceProvider:
    owner = demo_user(users, PROVIDER_EMAIL) if spec.owned_by_provider_account else None
    organisation = ensure_organisation(spec.organisation, owner=owner)
    existing = ServiceProvider.objects.filter(organisation=organisation).first()
    if existing is not None:
        return existing
    provider = provider_apply(
        organisation=organisation,
        by=owner_of(organisation),
        profile=spec.profile,
        languages=list(spec.languages),
        countries_served=list(spec.countries),
        contact_email=f"vouchers@{spec.organisation.domain}",
        website=f"https://{spec.organisation.domain}/",
        references=spec.references,
        declarations=True,
        categories={
            category: [{"service": service, "price": price} for service, price in rows]
            for category, rows in spec.services.items()
        },
    )
    if spec.state == "applied":
        return provider
    for accreditation in Accreditation.objects.filter(provider=provider).order_by("pk"):
        accreditation_decide(accreditation=accreditation, to="accredited", by=staff, reason="")
        if spec.state == "suspended":
            accreditation_decide(
                accreditation=accreditation, to="suspended", by=staff, reason=SUSPENSION_REASON
            )
    return provider


# --- Schemes and the audit voucher call --------------------------------------------------------


def _scheme(call: Call, *, staff: Any, **rules: Any) -> VoucherScheme:
    scheme = VoucherScheme.objects.filter(call=call).first()
    if scheme is not None:
        return scheme
    return scheme_save(call=call, by=staff, **rules)


def _answers(service: str, need: str, participants: int, value: str, de_minimis: str) -> dict:
    return {
        "service_category": service,
        "training_need": need,
        "participants": participants,
        "preferred_provider": "",
        "voucher_amount": value,
        "de_minimis_aid": de_minimis,
        "declaration_honour": True,
        "declaration_co_payment": True,
    }


def _publish(call: Call, order: list[Application], *, staff: Any) -> int:
    """Every application on the main list, in order of merit, published once."""
    if RankingRun.objects.filter(call=call).exists():
        return 0
    Application.objects.filter(pk__in=[application.pk for application in order]).update(
        status=S.MAIN_LIST
    )
    RankingRun.objects.create(
        tenant=call.tenant,
        call=call,
        seed=20260301,
        budget=call.budget,
        created_by=staff,
        results=[
            {"application": application.pk, "rank": place, "outcome": S.MAIN_LIST}
            for place, application in enumerate(order, start=1)
        ],
    )
    call_publish_results(call=call, by=staff)
    return 1


# --- Each voucher's story ------------------------------------------------------------------------


def _proof(name: str, title: str, lines: list[str]) -> Any:
    return demo_upload(name, title, lines)


def _choose(voucher: Voucher, provider: ServiceProvider, category: str, price: str) -> Voucher:
    enterprise = owner_of(voucher.organisation)
    rows = Accreditation.objects.get(provider=provider, category=category).services
    scope = (
        f"{rows[0]['service']} for {voucher.organisation.legal_name}: an on-site visit, "
        "interviews with the team, a written report with priorities and costs, and a "
        "presentation of the results to the board."
    )
    return provider_select(
        voucher=voucher,
        provider=provider,
        category=category,
        scope=scope,
        agreed_price=Decimal(price),
        by=enterprise,
    )


def _deliver(voucher: Voucher, provider: ServiceProvider) -> Voucher:
    provider_user = owner_of(provider.organisation)
    voucher = provider_answer(
        voucher=voucher,
        accept=True,
        by=provider_user,
        message="We can start within two weeks; our consultant will call you to plan the visit.",
    )
    return voucher


def _confirm_both(voucher: Voucher, provider: ServiceProvider) -> Voucher:
    voucher = delivery_confirm(voucher=voucher, by=owner_of(voucher.organisation))
    return delivery_confirm(voucher=voucher, by=owner_of(provider.organisation))


def _claim(voucher: Voucher, provider: ServiceProvider, number: str) -> Any:
    price = voucher.agreed_price or voucher.value
    co_payment = (price * voucher.co_funding_percent / Decimal("100")).quantize(Decimal("0.01"))
    amount = min(voucher.value, price - co_payment)
    name = provider.organisation.legal_name
    return claim_submit(
        voucher=voucher,
        by=owner_of(provider.organisation),
        amount=amount,
        invoice_number=number,
        invoice_date=timezone.localdate() - timedelta(days=12),
        invoice=_proof(
            f"invoice-{number}.pdf",
            f"Invoice {number}",
            [
                f"{name}",
                f"To: {voucher.organisation.legal_name}",
                f"Voucher {voucher.code}",
                f"Service: {voucher.scope[:120]}",
                f"Total: EUR {price}",
            ],
        ),
        delivery_proof=_proof(
            f"report-{number}.pdf",
            "Audit report",
            [
                f"Audit report for {voucher.organisation.legal_name}",
                "Findings, priorities and a costed plan, presented to the board.",
            ],
        ),
        co_payment_proof=_proof(
            f"payment-{number}.pdf",
            "Bank transfer",
            [
                f"Transfer of EUR {co_payment} from {voucher.organisation.legal_name} to {name}",
                f"Reference: co-payment voucher {voucher.code}",
            ],
        ),
        note="Delivered as agreed; the report was presented to the board.",
    )


def _stories(
    vouchers: dict[str, Voucher],
    providers: dict[str, ServiceProvider],
    *,
    staff: Any,
    finance: Any,
) -> int:
    """Take each voucher of V0 to the state its applicant's comment in ``content`` names."""
    nordic = providers["nordic-impact-advisors"]
    digitalwerk = providers["digitalwerk-beratung"]
    verde = providers["verde-consulenza"]
    asesoria = providers["asesoria-social-iberica"]
    audit = ServiceCategory.DIGITAL_AUDIT
    green = ServiceCategory.GREEN_CONSULTING
    done = 0

    def fresh(key: str) -> Voucher | None:
        voucher = vouchers.get(key)
        if voucher is None:
            return None
        voucher = Voucher.objects.get(pk=voucher.pk)
        # Each story runs once: a voucher already moved on was taken there before.
        return voucher if voucher.status == V.ISSUED and voucher.provider_id is None else None

    if voucher := fresh("officina-cognitiva"):
        _choose(voucher, nordic, audit, "4200.00")
        done += 1
    if voucher := fresh("bioboden"):
        _deliver(_choose(voucher, digitalwerk, audit, "3900.00"), digitalwerk)
        done += 1
    if voucher := fresh("trame-solidali"):
        _confirm_both(_deliver(_choose(voucher, nordic, audit, "4200.00"), nordic), nordic)
        done += 1
    if voucher := fresh("mint-werkstatt"):
        voucher = _confirm_both(
            _deliver(_choose(voucher, nordic, audit, "4200.00"), nordic), nordic
        )
        _claim(voucher, nordic, "NIA-2026-031")
        done += 1
    if voucher := fresh("punti-digitale"):
        voucher = _confirm_both(_deliver(_choose(voucher, verde, green, "3600.00"), verde), verde)
        claim = _claim(voucher, verde, "VC-2026-118")
        claim_request_changes(
            claim=claim,
            by=staff,
            note=(
                "The proof of the co-payment shows a transfer to another company. Please "
                "upload the bank statement of the transfer to Verde Consulenza."
            ),
        )
        done += 1
    if voucher := fresh("grona-hander"):
        voucher = _confirm_both(
            _deliver(_choose(voucher, nordic, audit, "4200.00"), nordic), nordic
        )
        claim_verify(claim=_claim(voucher, nordic, "NIA-2026-027"), by=staff, note="Complete.")
        done += 1
    if voucher := fresh("entrelazos"):
        category = ServiceCategory.LEGAL_BUSINESS_MODEL
        voucher = _confirm_both(
            _deliver(_choose(voucher, asesoria, category, "3800.00"), asesoria), asesoria
        )
        claim = claim_verify(
            claim=_claim(voucher, asesoria, "ASI-2026-0042"), by=staff, note="Complete."
        )
        claim_reimburse(
            claim=claim,
            by=finance,
            paid_on=timezone.localdate() - timedelta(days=3),
            reference="SEPA-ST4EU-V0-0042",
        )
        done += 1
    if voucher := fresh("pasi-impreuna"):
        voucher_cancel(
            voucher=voucher,
            by=staff,
            reason=(
                "The association asked to give the voucher up: its day centre closed for "
                "renovation until next year."
            ),
        )
        done += 1
    if voucher := fresh("recup-mobilier"):
        # Issued before the platform kept this call: its twelve months have run out.
        Voucher.objects.filter(pk=voucher.pk).update(
            issued_at=timezone.now() - timedelta(days=370),
            expires_at=timezone.now() - timedelta(days=5),
        )
        vouchers_expire()
        done += 1
    if (voucher := fresh("raices-digitales")) and not voucher.warned_30_days_at:
        Voucher.objects.filter(pk=voucher.pk).update(
            issued_at=timezone.now() - timedelta(days=345),
            expires_at=timezone.now() + timedelta(days=20),
        )
        expiry_warnings_send()
        done += 1
    return done


def seed(*, tenants: dict[str, Any], users: dict[str, Any]) -> str:
    """Providers, schemes and the V0 vouchers (see the module docstring); a one-line summary."""
    socialtech = tenants.get("socialtech4eu")
    staff = demo_user(users, STAFF_EMAIL)
    finance = demo_user(users, FINANCE_EMAIL)
    if socialtech is None or staff is None or finance is None:
        return ""
    organisations = demo_organisations(users=users)
    with tenant_context(socialtech):
        providers = {
            spec.organisation.key: _provider(spec, users=users, staff=staff) for spec in PROVIDERS
        }
        open_call = Call.objects.get(slug=VOUCHER_CALL_SLUG)
        _scheme(
            open_call,
            staff=staff,
            value=Decimal("5000.00"),
            co_funding_percent=Decimal("20.00"),
            validity_months=6,
            service_categories=[
                ServiceCategory.TRAINING,
                ServiceCategory.DIGITAL_AUDIT,
                ServiceCategory.GREEN_CONSULTING,
                ServiceCategory.LEGAL_BUSINESS_MODEL,
            ],
            max_vouchers_per_organisation=2,
        )
        call, created = ensure_call(tenant=socialtech, spec=AUDIT_CALL)
        scheme = _scheme(
            call,
            staff=staff,
            value=Decimal("4000.00"),
            co_funding_percent=Decimal("25.00"),
            validity_months=12,
            service_categories=[
                ServiceCategory.DIGITAL_AUDIT,
                ServiceCategory.GREEN_CONSULTING,
                ServiceCategory.LEGAL_BUSINESS_MODEL,
            ],
        )
        added = seed_filed_applications(
            call=call,
            answers_by_organisation=[
                (organisations[key], _answers(service, need, participants, value, de_minimis))
                for key, service, need, participants, value, de_minimis in AUDIT_APPLICANTS
            ],
        )
        by_organisation = {
            application.organisation_id: application
            for application in Application.objects.filter(call=call)
        }
        order = [by_organisation[organisations[row[0]].pk] for row in AUDIT_APPLICANTS]
        published = _publish(call, order, staff=staff)
        issued = vouchers_issue_for_call(call=Call.objects.get(pk=call.pk), by=staff)
        vouchers = {
            key: voucher
            for key in (row[0] for row in AUDIT_APPLICANTS)
            if (
                voucher := Voucher.objects.filter(
                    scheme=scheme, organisation=organisations[key]
                ).first()
            )
        }
        stories = _stories(vouchers, providers, staff=staff, finance=finance)
        changed = created + added + published + len(issued) + stories
        counts = {
            status.label: Voucher.objects.filter(scheme=scheme, status=status).count()
            for status in VoucherStatus
        }
        accredited = (
            ServiceProvider.objects.filter(accreditations__status="accredited").distinct().count()
        )
        summary = f"{accredited} accredited providers; V0 vouchers: " + ", ".join(
            f"{count} {label.lower()}" for label, count in counts.items() if count
        )
        return summary + ("" if changed else " (nothing new)")
