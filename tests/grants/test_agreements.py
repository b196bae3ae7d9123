"""Grant agreements: templates with checked placeholders and the mandatory clauses, one
agreement per award made in the beneficiary's language through the platform's safe
renderer, batches that survive a crash and a rerun, verification of the stored PDF, and the
bank account's IBAN checked and masked."""

from __future__ import annotations

import io
from decimal import Decimal
from typing import Any

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from pypdf import PdfReader

from grants.agreements import jobs, selectors
from grants.agreements.errors import AgreementError
from grants.agreements.services import agreement_batch_start, bank_account_save
from grants.banking import iban_for, mask_iban
from grants.models import Agreement, AgreementBatch, AgreementTemplate, AwardStatus, BankAccount
from grants.placeholders import placeholder_check
from socialtech.audit.models import AuditEvent
from socialtech.documents.models import DocumentKind, StoredDocument
from socialtech.documents.pdf import require_weasyprint
from tests.calls.factories import CallFactory
from tests.conftest import login
from tests.factories import MembershipFactory, OrganisationFactory, UserFactory
from tests.grants.factories import AwardFactory

VALID_IBAN = "DE89 3704 0044 0532 0130 00"
HOSTILE_TITLE = '<img src="file:///etc/passwd"> <img src="http://127.0.0.1:9/">'


@pytest.fixture
def call(in_tenant_a: Any) -> Any:
    return CallFactory(tenant=in_tenant_a, status="results", budget=Decimal("500000"))


def accepted_award(
    call: Any, *, title: str = "Care robots", language: str = "", amount: str = "40000"
) -> Any:
    owner = UserFactory(language=language)
    organisation = OrganisationFactory(owner=owner)
    return AwardFactory(
        application__call=call,
        application__organisation=organisation,
        application__created_by=owner,
        application__title=title,
        application__status="accepted",
        status=AwardStatus.ACCEPTED,
        amount=Decimal(amount),
        amount_requested=Decimal(amount),
    )


def pdf_of(agreement: Agreement) -> bytes:
    with agreement.document.file.open("rb") as handle:
        return handle.read()


def pages_text(data: bytes) -> list[str]:
    return [page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages]


# --- Templates --------------------------------------------------------------------------------


def test_an_unknown_placeholder_is_refused_naming_it(in_tenant_a: Any) -> None:
    template = AgreementTemplate(
        name="Grants", language="en", body="<p>{{ organisation_name }} and {{ project_budget }}</p>"
    )
    with pytest.raises(ValidationError) as refused:
        template.full_clean()
    messages = refused.value.message_dict["body"]
    assert any("project_budget" in message for message in messages)
    assert not any("“{{ organisation_name }}”" in message for message in messages)


@pytest.mark.parametrize(
    ("body", "named"),
    [
        ("{{ organisation_name|upper }}", "organisation_name|upper"),
        ("{{ award.amount }}", "award.amount"),
        ("{% load static %}", "{% load static %}"),
        ("{{ organisation_name", "not closed"),
    ],
)
def test_template_syntax_other_than_placeholders_is_refused(body: str, named: str) -> None:
    with pytest.raises(ValidationError) as refused:
        placeholder_check(body)
    assert any(named in message for message in refused.value.message_dict["body"])


def test_known_placeholders_pass(in_tenant_a: Any) -> None:
    placeholder_check("<p>{{ organisation_name }} {{payment_plan}} {{ eu_emblem }}</p>")


def test_the_admin_refuses_an_unknown_placeholder(in_tenant_a: Any, alice: Any) -> None:
    client = login(Client(), alice, mfa=True)
    response = client.post(
        "/admin/grants/agreementtemplate/add/",
        {
            "name": "Grants",
            "call_kind": "",
            "language": "en",
            "body": "{{ iban_full }}",
            "is_active": "on",
        },
    )
    assert response.status_code == 200
    assert "iban_full" in response.content.decode()
    assert not AgreementTemplate.objects.exists()


def test_a_changed_text_is_a_new_version(in_tenant_a: Any, alice: Any) -> None:
    client = login(Client(), alice, mfa=True)
    response = client.post(
        "/admin/grants/agreementtemplate/add/",
        {
            "name": "Grants",
            "call_kind": "grant",
            "language": "en",
            "body": "<p>{{ amount }}</p>",
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    template = AgreementTemplate.objects.get()
    assert template.version == 1
    client.post(
        f"/admin/grants/agreementtemplate/{template.pk}/change/",
        {
            "name": "Grants",
            "call_kind": "grant",
            "language": "en",
            "body": "<p>{{ amount }}!</p>",
            "is_active": "on",
        },
    )
    template.refresh_from_db()
    assert template.version == 2
    assert AuditEvent.objects.filter(verb="agreement_template.changed").exists()


def test_the_default_template_has_every_mandatory_clause(in_tenant_a: Any) -> None:
    made = jobs.templates_default_ensure()
    assert len(made) == len(in_tenant_a.languages)
    assert jobs.templates_default_ensure() == []
    body = AgreementTemplate.objects.get(language="en").body
    placeholder_check(body)
    for clause in (
        "Conflict of interest",
        "Confidentiality",
        "Visibility of EU funding",
        "{{ eu_emblem }}",
        "five years",
        "European Commission",
        "OLAF",
        "Court of Auditors",
        "Recovery",
        "withhold",
        "{{ payment_plan }}",
        "{{ iban }}",
    ):
        assert clause in body, clause


def test_the_template_follows_the_language_then_english(in_tenant_a: Any) -> None:
    english = AgreementTemplate.objects.create(name="EN", language="en", body="<p>en</p>")
    italian = AgreementTemplate.objects.create(name="IT", language="it", body="<p>it</p>")
    voucher_it = AgreementTemplate.objects.create(
        name="IT vouchers", call_kind="voucher", language="it", body="<p>v</p>"
    )
    assert selectors.template_for(call_kind="grant", language="it") == italian
    assert selectors.template_for(call_kind="voucher", language="it") == voucher_it
    assert selectors.template_for(call_kind="grant", language="de") == english


def test_the_payment_plan_adds_up_to_the_award() -> None:
    plan = selectors.payment_plan(Decimal("40000.05"))
    assert [tranche.share for tranche in plan] == [Decimal("40"), Decimal("60")]
    assert plan[0].amount == Decimal("16000.02")
    assert sum(tranche.amount for tranche in plan) == Decimal("40000.05")


def test_the_preview_renders_a_real_award_as_a_pdf(in_tenant_a: Any, alice: Any, call: Any) -> None:
    award = accepted_award(call, title="Preview project")
    jobs.templates_default_ensure()
    template = AgreementTemplate.objects.get(language="en")
    client = login(Client(), alice, mfa=True)
    listing = client.get(f"/admin/grants/agreementtemplate/{template.pk}/preview/")
    assert listing.status_code == 200
    assert f"?award={award.pk}" in listing.content.decode()
    response = client.get(
        f"/admin/grants/agreementtemplate/{template.pk}/preview/?award={award.pk}"
    )
    assert response["Content-Type"] == "application/pdf"
    text = "\n".join(pages_text(response.content))
    assert "Preview project" in text
    assert not StoredDocument.objects.exists()


# --- One agreement ----------------------------------------------------------------------------


def test_an_accepted_award_gets_one_agreement_and_one_email(in_tenant_a: Any, call: Any) -> None:
    award = accepted_award(call, title="Care robots for rural elders", amount="40000")
    mail.outbox.clear()
    agreement_id = jobs.agreement_generate(award_id=award.pk)
    agreement = Agreement.objects.select_related("document").get(pk=agreement_id)
    award.refresh_from_db()
    assert award.status == AwardStatus.AGREEMENT_SENT
    assert agreement.document.kind == DocumentKind.AGREEMENT
    assert AuditEvent.objects.filter(
        verb="award.agreement_generated", object_id=str(award.pk)
    ).exists()
    data = pdf_of(agreement)
    pages = pages_text(data)
    assert len(pages) >= 2
    # The verification code is printed on every page.
    assert all(agreement.document.code in page for page in pages)
    text = "\n".join(pages)
    assert "Care robots for rural elders" in text
    assert "16,000.00" in text and "24,000.00" in text
    assert len(mail.outbox) == 1
    assert f"/grants/awards/{award.pk}/agreement/" in mail.outbox[0].body
    assert agreement.document.code in mail.outbox[0].body
    # Again: the same agreement, no second PDF, no second e-mail.
    assert jobs.agreement_generate(award_id=award.pk) == agreement_id
    assert Agreement.objects.count() == 1
    assert StoredDocument.objects.count() == 1
    assert len(mail.outbox) == 1


def test_an_award_not_accepted_gets_no_agreement(in_tenant_a: Any, call: Any) -> None:
    award = accepted_award(call)
    award.status = AwardStatus.OFFERED
    award.save()
    assert jobs.agreement_generate(award_id=award.pk) is None
    assert not Agreement.objects.exists()


def test_the_agreement_is_in_the_beneficiarys_language(in_tenant_a: Any, call: Any) -> None:
    award = accepted_award(call, language="it")
    agreement = Agreement.objects.get(pk=jobs.agreement_generate(award_id=award.pk))
    assert agreement.language == "it"
    assert agreement.template.language == "it"


def test_an_applicants_markup_is_text_and_the_renderer_fetches_nothing_it_names(
    in_tenant_a: Any, call: Any, monkeypatch: Any
) -> None:
    require_weasyprint()
    from socialtech.documents.fetcher import SafeURLFetcher

    asked: list[str] = []
    original = SafeURLFetcher.fetch

    def recording(self: Any, url: str, headers: Any = None) -> Any:
        asked.append(url)
        return original(self, url, headers)

    monkeypatch.setattr(SafeURLFetcher, "fetch", recording)
    award = accepted_award(call, title=HOSTILE_TITLE)
    agreement = Agreement.objects.get(pk=jobs.agreement_generate(award_id=award.pk))
    assert asked, "the renderer loaded nothing at all (fonts, emblem): the patch missed it"
    assert any(url.endswith("img/eu-emblem.svg") for url in asked)
    assert not [
        url for url in asked if "passwd" in url or "127.0.0.1" in url or url.startswith("file:")
    ]
    text = " ".join(" ".join(pages_text(pdf_of(agreement))).split())
    assert '<img src="file:///etc/passwd">' in text
    assert '<img src="http://127.0.0.1:9/">' in text


# --- Batches ------------------------------------------------------------------------------------


def test_a_batch_run_twice_makes_one_agreement_per_award(
    in_tenant_a: Any, alice: Any, call: Any, committing: Any
) -> None:
    awards = [accepted_award(call, title=f"Project {n}") for n in range(3)]
    other_call = CallFactory(tenant=in_tenant_a, status="results")
    outsider = accepted_award(other_call)
    with committing(execute=True):
        batch = agreement_batch_start(call=call, by=alice)
    batch.refresh_from_db()
    assert (batch.done, batch.total, batch.status) == (3, 3, "done")
    jobs.agreement_batch_run(batch_id=batch.pk)
    batch.refresh_from_db()
    assert batch.done == 3
    assert sorted(Agreement.objects.values_list("award_id", flat=True)) == sorted(
        a.pk for a in awards
    )
    assert not Agreement.objects.filter(award=outsider).exists()
    with pytest.raises(AgreementError) as refused:
        agreement_batch_start(call=call, by=alice)
    assert refused.value.code == "nothing_to_generate"
    assert Agreement.objects.count() == 3
    assert StoredDocument.objects.count() == 3
    assert len({m.to[0] for m in mail.outbox if "agreement" in m.subject}) == 3


def test_a_batch_killed_half_way_leaves_no_half_made_agreement_and_the_rerun_completes(
    in_tenant_a: Any, alice: Any, call: Any, monkeypatch: Any
) -> None:
    awards = [accepted_award(call, title=f"Project {n}") for n in range(4)]
    batch = AgreementBatch.objects.create(
        call=call, award_ids=[a.pk for a in awards], total=4, started_by=alice
    )
    real_render = jobs.document_render
    made: list[str] = []

    def dying(**kwargs: Any) -> Any:
        document = real_render(**kwargs)
        made.append(document.code)
        if len(made) == 3:  # the worker dies after storing the third PDF, before its row
            raise SystemExit("worker killed")
        return document

    monkeypatch.setattr(jobs, "document_render", dying)
    with pytest.raises(SystemExit):
        jobs.agreement_batch_run(batch_id=batch.pk)
    # The two first agreements are whole; the third left nothing behind.
    assert Agreement.objects.count() == 2
    assert StoredDocument.objects.count() == 2
    assert sorted(
        a.status for a in type(awards[0]).objects.filter(pk__in=[a.pk for a in awards])
    ) == ["accepted", "accepted", "agreement_sent", "agreement_sent"]
    batch.refresh_from_db()
    # A killed worker writes nothing more: the batch shows what it made and still "running".
    assert (batch.done, batch.status) == (2, "running")

    monkeypatch.setattr(jobs, "document_render", real_render)
    jobs.agreement_batch_run(batch_id=batch.pk)
    batch.refresh_from_db()
    assert (batch.done, batch.total, batch.status) == (4, 4, "done")
    for award in awards:
        assert Agreement.objects.filter(award=award).count() == 1
    assert StoredDocument.objects.count() == 4


def test_the_batch_list_shows_progress_and_refreshes_while_running(
    in_tenant_a: Any, alice: Any, call: Any
) -> None:
    AgreementBatch.objects.create(call=call, award_ids=[1, 2, 3, 4], total=4, done=1)
    client = login(Client(), alice, mfa=True)
    page = client.get("/admin/grants/agreementbatch/").content.decode()
    assert '<progress value="1" max="4"' in page
    assert 'http-equiv="refresh"' in page
    AgreementBatch.objects.update(status="done", done=4)
    page = client.get("/admin/grants/agreementbatch/").content.decode()
    assert 'http-equiv="refresh"' not in page


def test_staff_generate_from_the_back_office(
    in_tenant_a: Any, alice: Any, call: Any, committing: Any
) -> None:
    award = accepted_award(call)
    client = login(Client(), alice, mfa=True)
    assert client.get("/admin/grants/agreement/generate/").status_code == 200
    with committing(execute=True):
        response = client.post(
            "/admin/grants/agreement/generate/", {"which": "award", "award": award.pk}
        )
    assert response.status_code == 302
    assert Agreement.objects.filter(award=award).count() == 1


# --- Verification ---------------------------------------------------------------------------


def test_verify_tells_the_genuine_agreement_from_a_tampered_one(
    in_tenant_a: Any, call: Any, client: Client
) -> None:
    award = accepted_award(call)
    agreement = Agreement.objects.get(pk=jobs.agreement_generate(award_id=award.pk))
    genuine = pdf_of(agreement)
    code = agreement.document.code
    response = client.post(
        "/documents/verify/",
        {
            "code": code,
            "file": SimpleUploadedFile("a.pdf", genuine, content_type="application/pdf"),
        },
    )
    content = response.content.decode()
    assert "The file matches" in content
    assert "Grant agreement" in content  # what the document is
    tampered = genuine.replace(b"40,000.00", b"90,000.00") if b"40,000.00" in genuine else None
    tampered = tampered or genuine[:-20] + b"%% altered\n" + genuine[-20:]
    assert tampered != genuine
    response = client.post(
        "/documents/verify/",
        {
            "code": code,
            "file": SimpleUploadedFile("a.pdf", tampered, content_type="application/pdf"),
        },
    )
    content = response.content.decode()
    assert "The file does not match" in content
    assert "Genuine" not in content


# --- The bank account ----------------------------------------------------------------------------


def test_an_invalid_iban_is_refused_naming_the_field(
    in_tenant_a: Any, alice: Any, call: Any
) -> None:
    award = accepted_award(call)
    account = BankAccount(award=award, holder="Coop", iban="DE89 3704 0044 0532 0130 01")
    with pytest.raises(ValidationError) as refused:
        bank_account_save(account=account, by=alice)
    assert "iban" in refused.value.message_dict
    assert "IBAN" in refused.value.message_dict["iban"][0]
    assert not BankAccount.objects.exists()
    account = bank_account_save(
        account=BankAccount(award=award, holder="Coop", iban=VALID_IBAN.lower()), by=alice
    )
    assert account.iban == "DE89370400440532013000"


def test_the_iban_is_masked_except_for_finance_and_the_operator(
    in_tenant_a: Any, alice: Any, call: Any
) -> None:
    award = accepted_award(call)
    bank_account_save(account=BankAccount(award=award, holder="Coop", iban=VALID_IBAN), by=alice)
    masked = mask_iban(VALID_IBAN)
    assert masked.startswith("DE••") and masked.endswith("3000".replace("3000", "30 00")[-5:])
    assert "3704" not in masked
    operator = UserFactory(is_superuser=True, is_staff=True)
    assert iban_for(operator, VALID_IBAN) == VALID_IBAN
    assert iban_for(alice, VALID_IBAN) == masked

    staff = login(Client(), alice, mfa=True)
    page = staff.get("/admin/grants/bankaccount/").content.decode()
    assert masked in page and VALID_IBAN not in page and "370400440532013000" not in page
    account = BankAccount.objects.get()
    form = staff.get(f"/admin/grants/bankaccount/{account.pk}/change/").content.decode()
    assert "370400440532013000" not in form and "3704 0044" not in form
    root = login(Client(), operator, mfa=True)
    assert VALID_IBAN in root.get("/admin/grants/bankaccount/").content.decode()
    officer = UserFactory()
    MembershipFactory(tenant=in_tenant_a, user=officer, role="finance")
    assert iban_for(officer, VALID_IBAN) == VALID_IBAN
    finance = login(Client(), officer, mfa=True)
    assert VALID_IBAN in finance.get("/admin/grants/bankaccount/").content.decode()

    jobs.agreement_generate(award_id=award.pk)
    owner = award.application.created_by
    mine = login(Client(), owner).get(f"/grants/awards/{award.pk}/agreement/").content.decode()
    assert masked in mine and VALID_IBAN not in mine
    assert masked in staff.get("/admin/grants/agreement/").content.decode()


def test_staff_keep_an_iban_they_cannot_see(in_tenant_a: Any, alice: Any, call: Any) -> None:
    award = accepted_award(call)
    account = bank_account_save(
        account=BankAccount(award=award, holder="Coop", iban=VALID_IBAN), by=alice
    )
    staff = login(Client(), alice, mfa=True)
    response = staff.post(
        f"/admin/grants/bankaccount/{account.pk}/change/",
        {"award": award.pk, "holder": "Coop Aurora", "iban": "", "bic": ""},
    )
    assert response.status_code == 302
    account.refresh_from_db()
    assert (account.holder, account.iban) == ("Coop Aurora", "DE89370400440532013000")


# --- The beneficiary's page ---------------------------------------------------------------------


def test_members_download_the_agreement_and_others_get_404(in_tenant_a: Any, call: Any) -> None:
    award = accepted_award(call)
    agreement = Agreement.objects.get(pk=jobs.agreement_generate(award_id=award.pk))
    owner = login(Client(), award.application.created_by)
    offer_page = owner.get(f"/grants/offers/{award.pk}/").content.decode()
    assert f"/grants/awards/{award.pk}/agreement/" in offer_page
    page = owner.get(f"/grants/awards/{award.pk}/agreement/")
    assert agreement.document.code in page.content.decode()
    download = owner.get(f"/grants/awards/{award.pk}/agreement/v1.pdf")
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == pdf_of(agreement)
    stranger = login(Client(), UserFactory())
    assert stranger.get(f"/grants/awards/{award.pk}/agreement/").status_code == 404
    assert stranger.get(f"/grants/awards/{award.pk}/agreement/v1.pdf").status_code == 404


# --- Query budget -------------------------------------------------------------------------------


def _queries(client: Client, url: str) -> int:
    client.get(url)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured.captured_queries)


def _fake_agreements(call: Any, count: int) -> None:
    template = AgreementTemplate.objects.filter(
        language="en"
    ).first() or AgreementTemplate.objects.create(
        name="EN", language="en", body="<p>{{ amount }}</p>"
    )
    for _ in range(count):
        award = accepted_award(call)
        BankAccount.objects.create(award=award, holder="Coop", iban="DE89370400440532013000")
        document = StoredDocument.objects.create(
            kind="agreement",
            title="Agreement",
            file="documents/x.pdf",
            filename="a.pdf",
            sha256="0" * 64,
            size=10,
            code=f"AAAA-BBBB-{StoredDocument.objects.count() + 2:04d}".replace("0", "2").replace(
                "1", "3"
            ),
        )
        Agreement.objects.create(
            award=award, template=template, template_version=1, language="en", document=document
        )
        AgreementBatch.objects.create(
            call=call, award_ids=[award.pk], total=1, done=1, status="done"
        )


@pytest.mark.parametrize(
    "url",
    [
        "/admin/grants/agreement/",
        "/admin/grants/agreementbatch/",
        "/admin/grants/bankaccount/",
        "/admin/grants/agreementtemplate/",
    ],
)
def test_the_agreement_admin_lists_cost_the_same_queries_for_more_rows(
    in_tenant_a: Any, alice: Any, call: Any, url: str
) -> None:
    client = login(Client(), alice, mfa=True)
    _fake_agreements(call, 3)
    AgreementTemplate.objects.create(name="IT", language="it", body="<p>{{ amount }}</p>")
    few = _queries(client, url)
    _fake_agreements(call, 6)
    AgreementTemplate.objects.create(name="DE", language="de", body="<p>{{ amount }}</p>")
    AgreementTemplate.objects.create(name="FR", language="fr", body="<p>{{ amount }}</p>")
    many = _queries(client, url)
    assert many == few, f"{url}: {few} → {many} queries"
