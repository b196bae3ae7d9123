"""Signature of the grant agreement: the legal representative's online acceptance (typed
name, every declaration, time, IP and the accepted PDF's hash kept) or the signed PDF
uploaded; staff countersign and the grant becomes active; an amendment is a new version
that keeps every earlier one and its signature; ``/api/v1/awards/`` shows the state."""

from __future__ import annotations

import hashlib
from decimal import Decimal
from typing import Any

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from grants.agreements import jobs as agreement_jobs
from grants.models import Agreement, Award, AwardStatus, Signature, SignatureMethod
from grants.signature import services
from grants.signature.errors import SignatureError
from grants.signature.selectors import DECLARATIONS
from organisations.models import OrganisationMember
from socialtech.audit.models import AuditEvent
from tests.calls.factories import CallFactory
from tests.conftest import login
from tests.factories import OrganisationFactory, UserFactory
from tests.grants.factories import AwardFactory

REPRESENTATIVE = "Giulia Bianchi"
SIGNED_PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n% signed by Giulia Bianchi\n%%EOF\n"
CLIENT_IP = "203.0.113.7"
BROWSER = "Mozilla/5.0 (X11; Linux x86_64) Firefox/133.0"


@pytest.fixture
def call(in_tenant_a: Any) -> Any:
    return CallFactory(tenant=in_tenant_a, status="results", budget=Decimal("500000"))


def sent_award(call: Any) -> Award:
    """An accepted award whose agreement (version 1) was generated: it waits for signature."""
    owner = UserFactory(email=f"owner-{call.pk}-{Award.objects.count()}@example.org")
    organisation = OrganisationFactory(owner=owner, legal_representative_name=REPRESENTATIVE)
    award = AwardFactory(
        application__call=call,
        application__organisation=organisation,
        application__created_by=owner,
        application__status="accepted",
        status=AwardStatus.ACCEPTED,
    )
    agreement_jobs.agreement_generate(award_id=award.pk, notify=False)
    award.refresh_from_db()
    assert award.status == AwardStatus.AGREEMENT_SENT
    return award


@pytest.fixture
def award(call: Any) -> Award:
    return sent_award(call)


def owner_of(award: Award) -> Any:
    return award.application.created_by


def signer(award: Award) -> Client:
    return login(Client(REMOTE_ADDR=CLIENT_IP, HTTP_USER_AGENT=BROWSER), owner_of(award))


def sign_data(
    award: Award, *, version: int = 1, name: str = REPRESENTATIVE, skip: str = ""
) -> dict[str, Any]:
    agreement = Agreement.objects.select_related("document").get(award=award, version=version)
    data: dict[str, Any] = {
        "version": version,
        "agreement_sha256": agreement.document.sha256,
        "typed_name": name,
    }
    for key in DECLARATIONS:
        if key != skip:
            data[f"declaration_{key}"] = "on"
    return data


def sign_url(award: Award) -> str:
    return f"/grants/awards/{award.pk}/agreement/sign/"


def upload_url(award: Award) -> str:
    return f"/grants/awards/{award.pk}/agreement/upload/"


def page_url(award: Award) -> str:
    return f"/grants/awards/{award.pk}/agreement/"


def sign_online(award: Award, *, by: Any = None, version: int = 1) -> Signature:
    agreement = Agreement.objects.select_related("document").get(award=award, version=version)
    return services.agreement_sign_online(
        award=award,
        by=by or owner_of(award),
        version=version,
        agreement_sha256=agreement.document.sha256,
        typed_name=REPRESENTATIVE,
        declarations=list(DECLARATIONS),
        ip_address=CLIENT_IP,
        user_agent=BROWSER,
    )


def file_bytes(agreement: Agreement) -> bytes:
    with agreement.document.file.open("rb") as handle:
        return handle.read()


# --- The applicant signs online --------------------------------------------------------------


def test_the_page_names_the_legal_representative_and_what_the_signer_declares(award: Award) -> None:
    page = signer(award).get(page_url(award)).content.decode()
    assert REPRESENTATIVE in page
    assert "has authorised you to sign for the organisation" in page
    assert f'action="{sign_url(award)}"' in page
    assert f'action="{upload_url(award)}"' in page
    for key in DECLARATIONS:
        assert f'<label for="id_declaration_{key}">' in page
    assert '<label for="id_typed_name">' in page


def test_a_typed_name_other_than_the_representatives_is_refused_naming_the_field(
    award: Award,
) -> None:
    response = signer(award).post(sign_url(award), sign_data(award, name="Mario Rossi"))
    assert response.status_code == 400
    page = response.content.decode()
    assert (
        "Full name: “Mario Rossi” is not the name of the organisation&#x27;s legal representative, Giulia Bianchi."
        in page
    )
    assert 'href="#id_typed_name"' in page  # the error summary leads to the field
    assert 'value="Mario Rossi"' in page  # what was typed is kept
    assert not Signature.objects.exists()
    award.refresh_from_db()
    assert award.status == AwardStatus.AGREEMENT_SENT


def test_the_name_is_matched_regardless_of_case_and_spaces(award: Award) -> None:
    response = signer(award).post(sign_url(award), sign_data(award, name="  giulia   BIANCHI "))
    assert response.status_code == 302
    assert Signature.objects.get().typed_name == "giulia BIANCHI"


def test_a_missing_declaration_is_refused_naming_the_box(award: Award) -> None:
    response = signer(award).post(sign_url(award), sign_data(award, skip="no_double_funding"))
    assert response.status_code == 400
    page = response.content.decode()
    label = str(DECLARATIONS["no_double_funding"])
    assert f"Tick the declaration “{label}” to sign." in page
    assert 'href="#id_declaration_no_double_funding"' in page
    for other in ("read_and_accept", "information_true", "authority_to_sign"):
        assert f'href="#id_declaration_{other}"' not in page
    assert not Signature.objects.exists()


def test_the_signature_keeps_the_hash_of_the_pdf_accepted_the_ip_and_the_browser(
    award: Award, alice: Any, committing: Any
) -> None:
    agreement = Agreement.objects.select_related("document").get(award=award)
    mail.outbox.clear()
    with committing(execute=True):
        response = signer(award).post(sign_url(award), sign_data(award))
    assert response.status_code == 302
    signature = Signature.objects.get()
    assert signature.agreement == agreement
    assert signature.method == SignatureMethod.ONLINE
    assert signature.agreement_sha256 == agreement.document.sha256
    assert signature.agreement_sha256 == hashlib.sha256(file_bytes(agreement)).hexdigest()
    assert signature.ip_address == CLIENT_IP
    assert signature.user_agent == BROWSER
    assert signature.signed_by == owner_of(award)
    assert signature.declarations == list(DECLARATIONS)
    award.refresh_from_db()
    assert award.status == AwardStatus.SIGNED
    event = AuditEvent.objects.get(verb="award.signed", object_id=str(award.pk))
    assert event.data["agreement_sha256"] == agreement.document.sha256
    assert event.data["ip_address"] == CLIENT_IP
    # The programme's staff are told, once.
    assert [message.to for message in mail.outbox] == [[alice.email]]
    assert f"/admin/grants/signature/{signature.pk}/change/" in mail.outbox[0].body


def test_a_signed_version_cannot_be_signed_again(award: Award) -> None:
    client = signer(award)
    assert client.post(sign_url(award), sign_data(award)).status_code == 302
    again = client.post(sign_url(award), sign_data(award))
    assert again.status_code == 400
    assert "Version 1 of the agreement was already signed on" in again.content.decode()
    with pytest.raises(SignatureError) as refused:
        sign_online(award)
    assert refused.value.refusal_code == "already_signed"
    assert Signature.objects.count() == 1


def test_a_page_opened_on_another_pdf_is_refused(award: Award) -> None:
    data = {**sign_data(award), "agreement_sha256": "0" * 64}
    response = signer(award).post(sign_url(award), data)
    assert response.status_code == 400
    assert "The agreement changed since you opened the page" in response.content.decode()
    assert not Signature.objects.exists()


def test_another_organisations_user_gets_404_and_a_viewer_member_403(award: Award) -> None:
    stranger = login(Client(), UserFactory())
    assert stranger.get(page_url(award)).status_code == 404
    assert stranger.post(sign_url(award), sign_data(award)).status_code == 404
    upload = SimpleUploadedFile("signed.pdf", SIGNED_PDF, content_type="application/pdf")
    assert (
        stranger.post(upload_url(award), {"version": 1, "signed_file": upload}).status_code == 404
    )
    viewer = UserFactory()
    OrganisationMember.objects.create(organisation=award.organisation, user=viewer, role="viewer")
    member = login(Client(), viewer)
    page = member.get(page_url(award))
    assert page.status_code == 200
    assert f'action="{sign_url(award)}"' not in page.content.decode()
    assert member.post(sign_url(award), sign_data(award)).status_code == 403
    assert not Signature.objects.exists()


# --- The applicant uploads the signed PDF ---------------------------------------------------------


def test_an_upload_that_is_not_a_pdf_is_refused_with_a_clear_message(award: Award) -> None:
    image = SimpleUploadedFile(
        "signed.pdf", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, content_type="application/pdf"
    )
    response = signer(award).post(upload_url(award), {"version": 1, "signed_file": image})
    assert response.status_code == 400
    page = response.content.decode()
    assert "Signed agreement (PDF): the file looks like" in page
    assert "but this field accepts PDF" in page
    assert 'href="#upload_signed_file"' in page
    assert '<label for="upload_signed_file">' in page
    assert not Signature.objects.exists()


def test_the_agreement_as_issued_is_not_a_signed_copy(award: Award) -> None:
    agreement = Agreement.objects.select_related("document").get(award=award)
    unsigned = SimpleUploadedFile("agreement.pdf", file_bytes(agreement))
    response = signer(award).post(upload_url(award), {"version": 1, "signed_file": unsigned})
    assert response.status_code == 400
    assert "this is the agreement as issued, without a signature" in response.content.decode()


def test_an_uploaded_signed_pdf_signs_the_version_and_is_kept_with_its_hash(award: Award) -> None:
    client = signer(award)
    upload = SimpleUploadedFile("Signed agreement.pdf", SIGNED_PDF, content_type="application/pdf")
    response = client.post(upload_url(award), {"version": 1, "signed_file": upload})
    assert response.status_code == 302
    signature = Signature.objects.select_related("agreement__document").get()
    assert signature.method == SignatureMethod.UPLOAD
    assert signature.signed_file_sha256 == hashlib.sha256(SIGNED_PDF).hexdigest()
    assert signature.agreement_sha256 == signature.agreement.document.sha256
    assert signature.ip_address == CLIENT_IP
    award.refresh_from_db()
    assert award.status == AwardStatus.SIGNED
    download = client.get(f"/grants/awards/{award.pk}/agreement/v1-signed.pdf")
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == SIGNED_PDF
    stranger = login(Client(), UserFactory())
    assert stranger.get(f"/grants/awards/{award.pk}/agreement/v1-signed.pdf").status_code == 404


# --- Staff countersign ----------------------------------------------------------------------------


def test_countersigning_makes_the_grant_active_with_its_audit_rows_and_tells_the_organisation(
    award: Award, alice: Any, committing: Any
) -> None:
    signature = sign_online(award)
    staff = login(Client(), alice, mfa=True)
    change = staff.get(f"/admin/grants/signature/{signature.pk}/change/")
    assert change.status_code == 200
    countersign_url = f"/admin/grants/signature/{signature.pk}/countersign/"
    assert countersign_url in change.content.decode()
    mail.outbox.clear()
    with committing(execute=True):
        response = staff.post(countersign_url)
    assert response.status_code == 302
    award.refresh_from_db()
    assert award.status == AwardStatus.ACTIVE
    signature.refresh_from_db()
    assert signature.countersigned_by == alice
    assert signature.countersigned_at is not None
    countersigned = AuditEvent.objects.get(verb="award.countersigned", object_id=str(award.pk))
    assert countersigned.actor == alice
    activated = AuditEvent.objects.get(verb="award.activated", object_id=str(award.pk))
    assert activated.data["from"] == AwardStatus.SIGNED
    assert activated.data["to"] == AwardStatus.ACTIVE
    assert [message.to for message in mail.outbox] == [[owner_of(award).email]]
    assert "is now active" in mail.outbox[0].body
    # Countersigning twice is refused, not a 500, and changes nothing.
    again = staff.post(countersign_url, follow=True)
    assert "was already countersigned" in again.content.decode()
    assert AuditEvent.objects.filter(verb="award.countersigned").count() == 1


def test_only_staff_countersign(award: Award, bob: Any) -> None:
    signature = sign_online(award)
    owner = owner_of(award)
    with pytest.raises(PermissionDenied):
        services.agreement_countersign(award=award, by=owner)
    response = login(Client(), owner).post(f"/admin/grants/signature/{signature.pk}/countersign/")
    assert response.status_code in {302, 403}
    if response.status_code == 302:
        assert response["Location"].startswith("/admin/login/")
    award.refresh_from_db()
    assert award.status == AwardStatus.SIGNED
    signature.refresh_from_db()
    assert signature.countersigned_at is None
    # A coordinator of the programme may.
    services.agreement_countersign(award=award, by=bob)
    award.refresh_from_db()
    assert award.status == AwardStatus.ACTIVE


def test_an_unsigned_agreement_cannot_be_countersigned(award: Award, alice: Any) -> None:
    with pytest.raises(SignatureError) as refused:
        services.agreement_countersign(award=award, by=alice)
    assert refused.value.refusal_code == "not_signed"
    award.refresh_from_db()
    assert award.status == AwardStatus.AGREEMENT_SENT


# --- Amendments -----------------------------------------------------------------------------------


def test_an_amendment_is_version_2_and_version_1_with_its_signature_stays(
    award: Award, alice: Any, committing: Any
) -> None:
    first = sign_online(award)
    services.agreement_countersign(award=award, by=alice)
    version_1 = Agreement.objects.select_related("document").get(award=award, version=1)
    before = (version_1.document_id, version_1.document.sha256, file_bytes(version_1))
    staff = login(Client(), alice, mfa=True)
    assert staff.get(f"/admin/grants/signature/amend/?award={award.pk}").status_code == 200
    mail.outbox.clear()
    with committing(execute=True):
        response = staff.post(
            "/admin/grants/signature/amend/",
            {"award": award.pk, "reason": "The project end date moves by three months."},
        )
    assert response.status_code == 302
    assert sorted(Agreement.objects.filter(award=award).values_list("version", flat=True)) == [1, 2]
    version_2 = Agreement.objects.select_related("document").get(award=award, version=2)
    assert version_2.document_id != version_1.document_id
    version_1.refresh_from_db()
    assert (version_1.document_id, version_1.document.sha256, file_bytes(version_1)) == before
    first.refresh_from_db()
    assert first.agreement_id == version_1.pk
    assert first.countersigned_at is not None
    award.refresh_from_db()
    assert award.status == AwardStatus.AGREEMENT_SENT
    requested = AuditEvent.objects.get(verb="award.amendment_requested", object_id=str(award.pk))
    assert requested.data["reason"] == "The project end date moves by three months."
    assert AuditEvent.objects.filter(
        verb="award.amendment_generated", object_id=str(award.pk)
    ).exists()
    assert [message.to for message in mail.outbox] == [[owner_of(award).email]]
    assert "version 2" in mail.outbox[0].body
    # The page lists both versions with their state; only version 2 can be signed.
    client = signer(award)
    page = client.get(page_url(award)).content.decode()
    assert f"/grants/awards/{award.pk}/agreement/v1.pdf" in page
    assert f"/grants/awards/{award.pk}/agreement/v2.pdf" in page
    assert 'data-version="1"' in page and 'data-version="2"' in page
    assert page.count('data-signature-state="signed"') == 1
    assert page.count('data-signature-state="unsigned"') == 1
    assert 'name="version" value="2"' in page
    stale = client.post(sign_url(award), sign_data(award, version=1))
    assert stale.status_code == 400
    assert (
        "Version 1 of the agreement is not the latest: version 2 replaced it."
        in stale.content.decode()
    )
    assert client.post(sign_url(award), sign_data(award, version=2)).status_code == 302
    second = Signature.objects.get(agreement=version_2)
    assert second.agreement_sha256 == version_2.document.sha256
    assert Signature.objects.count() == 2


def test_an_amendment_needs_a_reason_and_an_agreement(award: Award, alice: Any, call: Any) -> None:
    with pytest.raises(SignatureError) as refused:
        services.agreement_amend(award=award, by=alice, reason="  ")
    assert refused.value.field == "reason"
    owner = UserFactory()
    organisation = OrganisationFactory(owner=owner)
    accepted = AwardFactory(
        application__call=call,
        application__organisation=organisation,
        application__created_by=owner,
        status=AwardStatus.ACCEPTED,
    )
    with pytest.raises(SignatureError) as refused:
        services.agreement_amend(award=accepted, by=alice, reason="Dates")
    assert refused.value.refusal_code == "no_agreement"
    with pytest.raises(PermissionDenied):
        services.agreement_amend(award=award, by=owner_of(award), reason="Dates")


# --- The API ----------------------------------------------------------------------------------------


def test_the_api_shows_the_signature_of_the_latest_version(award: Award, alice: Any) -> None:
    client = signer(award)
    row = client.get(f"/api/v1/awards/{award.pk}/").json()
    assert row["status"] == "agreement_sent"
    assert row["signature"] is None
    sign_online(award)
    services.agreement_countersign(award=award, by=alice)
    row = client.get(f"/api/v1/awards/{award.pk}/").json()
    assert row["status"] == "active"
    assert row["signature"]["method"] == "online"
    assert row["signature"]["version"] == 1
    assert row["signature"]["signed_at"]
    assert row["signature"]["countersigned_at"]
    listing = client.get("/api/v1/awards/").json()
    assert listing["results"][0]["signature"]["method"] == "online"
