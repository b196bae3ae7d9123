"""The newsletter list: double opt-in (nothing confirmed until the POST of the link), the
same answer for any address, expired and used links, re-subscribing, one-click unsubscribe
by POST without a login and its headers on the e-mail, and the rate limit."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from dissemination.errors import DisseminationError
from dissemination.models import Subscriber, SubscriberStatus
from dissemination.newsletter import jobs, limits, services
from socialtech.audit.models import AuditEvent
from socialtech.tenancy.context import tenant_context
from tests.dissemination.factories_newsletter import subscriber_make

pytestmark = pytest.mark.django_db

SUBSCRIBE = reverse("dissemination_newsletter_subscribe")


def sign_up(client: Client, email: str, capture, *, consent: bool = True, source: str = "news"):
    data = {"email": email, "source": source}
    if consent:
        data["consent"] = "on"
    with capture(execute=True):
        return client.post(SUBSCRIBE, data)


def link_in(message, name: str) -> str:
    match = re.search(rf"https?://[^\s]+/newsletter/{name}/[^\s]+/", message.body)
    assert match, message.body
    return match.group(0).split("://", 1)[1].split("/", 1)[1].join(["/", ""])


def test_sign_up_leaves_the_address_pending_and_mails_the_confirmation_link(
    client: Client, tenant_a, django_capture_on_commit_callbacks
):
    response = sign_up(client, "  Nora@Example.ORG ", django_capture_on_commit_callbacks)
    assert response.status_code == 200
    assert "Check your inbox" in response.content.decode()
    with tenant_context(tenant_a):
        subscriber = Subscriber.objects.get()
    assert subscriber.email == "nora@example.org"
    assert subscriber.status == SubscriberStatus.PENDING
    assert subscriber.source == "news"
    assert "I agree to receive the newsletter of" in subscriber.consent_text
    assert subscriber.consented_at is not None and subscriber.confirmed_at is None
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["nora@example.org"]
    assert f"/newsletter/confirm/{subscriber.confirmation_token}/" in message.body


def test_the_confirm_link_get_does_not_confirm_and_the_post_does(
    client: Client, tenant_a, django_capture_on_commit_callbacks
):
    sign_up(client, "nora@example.org", django_capture_on_commit_callbacks)
    url = link_in(mail.outbox[0], "confirm")
    page = client.get(url)
    assert page.status_code == 200 and "Confirm my subscription" in page.content.decode()
    with tenant_context(tenant_a):
        assert Subscriber.objects.get().status == SubscriberStatus.PENDING
    done = client.post(url)
    assert done.status_code == 200 and "Subscription confirmed" in done.content.decode()
    with tenant_context(tenant_a):
        subscriber = Subscriber.objects.get()
        assert subscriber.status == SubscriberStatus.CONFIRMED
        assert subscriber.confirmed_at is not None and subscriber.confirmation_token == ""
        assert AuditEvent.objects.filter(verb="dissemination.subscriber_confirmed").count() == 1
    # The link is single use.
    again = client.post(url)
    assert again.status_code == 404 and "was used already" in again.content.decode()
    assert client.get(url).status_code == 404


def test_an_expired_link_gives_a_clear_page_and_confirms_nothing(
    client: Client, tenant_a, django_capture_on_commit_callbacks
):
    sign_up(client, "late@example.org", django_capture_on_commit_callbacks)
    url = link_in(mail.outbox[0], "confirm")
    with tenant_context(tenant_a):
        Subscriber.objects.update(token_expires_at=timezone.now() - timedelta(seconds=1))
    response = client.post(url)
    assert response.status_code == 410
    assert "has expired" in response.content.decode()
    with tenant_context(tenant_a):
        assert Subscriber.objects.get().status == SubscriberStatus.PENDING


def test_expiry_is_seven_days_after_the_sign_up(in_tenant_a):
    subscriber = subscriber_make("week@example.org")
    delta = subscriber.token_expires_at - subscriber.consented_at
    assert delta == timedelta(days=7)
    with pytest.raises(DisseminationError) as refused:
        services.subscriber_confirm(
            token=subscriber.confirmation_token, now=subscriber.consented_at + timedelta(days=7)
        )
    assert refused.value.code == "token_expired"


def test_the_answer_is_the_same_for_a_known_address_and_a_confirmed_one_gets_nothing(
    client: Client, tenant_a, django_capture_on_commit_callbacks
):
    with tenant_context(tenant_a):
        subscriber_make("known@example.org", confirmed=True)
    new = sign_up(client, "new@example.org", django_capture_on_commit_callbacks)
    known = sign_up(client, "KNOWN@example.org", django_capture_on_commit_callbacks)
    assert new.status_code == known.status_code == 200
    varying = re.compile(r'(name="csrfmiddlewaretoken" value|nonce)="[^"]+"|\S+@example\.org')
    assert varying.sub("", new.content.decode()) == varying.sub("", known.content.decode())
    assert [message.to for message in mail.outbox] == [["new@example.org"]]
    with tenant_context(tenant_a):
        known_row = Subscriber.objects.get(email="known@example.org")
        assert known_row.status == SubscriberStatus.CONFIRMED


def test_missing_consent_and_a_bad_address_name_the_field(
    client: Client, tenant_a, django_capture_on_commit_callbacks
):
    no_consent = sign_up(client, "x@example.org", django_capture_on_commit_callbacks, consent=False)
    assert no_consent.status_code == 400
    assert "Consent: tick the box" in no_consent.content.decode()
    bad = sign_up(client, "not an address", django_capture_on_commit_callbacks)
    assert bad.status_code == 400 and "E-mail address: enter a valid" in bad.content.decode()
    with tenant_context(tenant_a):
        assert not Subscriber.objects.exists()
    assert mail.outbox == []


def test_one_click_unsubscribe_by_post_without_login_and_the_headers_on_the_email(
    client: Client, tenant_a, django_capture_on_commit_callbacks
):
    sign_up(client, "nora@example.org", django_capture_on_commit_callbacks)
    client.post(link_in(mail.outbox[0], "confirm"))
    message = mail.outbox[0]
    with tenant_context(tenant_a):
        token = Subscriber.objects.get().unsubscribe_token
    header = message.extra_headers["List-Unsubscribe"]
    assert header.startswith("<http") and header.endswith(f"/newsletter/unsubscribe/{token}/>")
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    rendered = message.message()
    assert rendered["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    url = header[1:-1].split("://", 1)[1].split("/", 1)[1].join(["/", ""])
    # A GET (a mail scanner) changes nothing.
    assert "Unsubscribe" in client.get(url).content.decode()
    with tenant_context(tenant_a):
        assert Subscriber.objects.get().status == SubscriberStatus.CONFIRMED
    # The mail program's one-click POST: no session, no CSRF token.
    strict = Client(enforce_csrf_checks=True)
    response = strict.post(url, {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200 and "You are unsubscribed" in response.content.decode()
    with tenant_context(tenant_a):
        row = Subscriber.objects.get()
        assert row.status == SubscriberStatus.UNSUBSCRIBED and row.unsubscribed_at
        # No token of the row works any more.
        assert row.unsubscribe_token == "" and row.confirmation_token == ""
        event = AuditEvent.objects.get(verb="dissemination.subscriber_unsubscribed")
        assert event.data["via"] == "one_click"
    assert strict.post(url).status_code == 404


def test_an_unsubscribed_address_can_opt_in_again(
    client: Client, tenant_a, django_capture_on_commit_callbacks
):
    with tenant_context(tenant_a):
        old = subscriber_make("back@example.org", confirmed=True)
        old_token = old.unsubscribe_token
        services.subscriber_unsubscribe(token=old_token)
    sign_up(client, "back@example.org", django_capture_on_commit_callbacks)
    assert len(mail.outbox) == 1
    with tenant_context(tenant_a):
        row = Subscriber.objects.get()
        assert row.status == SubscriberStatus.PENDING
        assert row.unsubscribe_token and row.unsubscribe_token != old_token
    client.post(link_in(mail.outbox[0], "confirm"))
    with tenant_context(tenant_a):
        assert Subscriber.objects.get().status == SubscriberStatus.CONFIRMED


def test_the_confirmation_mail_leaves_once_and_in_the_visitors_language(
    in_tenant_a, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        subscriber = services.subscriber_subscribe(
            email="ines@example.org",
            language="fr",
            consent_text="J'accepte",
            consented=True,
        )
    assert len(mail.outbox) == 1
    assert (
        jobs.confirmation_send(subscriber_id=subscriber.pk, token=subscriber.confirmation_token)
        == 0
    )
    assert len(mail.outbox) == 1
    assert subscriber.language == "fr"


def test_the_email_limit_sends_nothing_more_but_answers_the_same(
    client: Client, tenant_a, django_capture_on_commit_callbacks
):
    answers = [
        sign_up(client, "flood@example.org", django_capture_on_commit_callbacks).status_code
        for _ in range(limits.PER_EMAIL + 2)
    ]
    assert answers == [200] * (limits.PER_EMAIL + 2)
    assert len(mail.outbox) == limits.PER_EMAIL


def test_the_address_limit_refuses_with_429(
    client: Client, tenant_a, django_capture_on_commit_callbacks
):
    for number in range(limits.PER_ADDRESS):
        assert (
            sign_up(
                client, f"p{number}@example.org", django_capture_on_commit_callbacks
            ).status_code
            == 200
        )
    refused = sign_up(client, "one-more@example.org", django_capture_on_commit_callbacks)
    assert refused.status_code == 429
    assert "Too many sign-ups" in refused.content.decode()
    with tenant_context(tenant_a):
        assert not Subscriber.objects.filter(email="one-more@example.org").exists()


def test_the_news_page_carries_the_sign_up_form(client: Client, tenant_a):
    page = client.get(reverse("dissemination_news_list")).content.decode()
    assert f'action="{SUBSCRIBE}"' in page
    assert 'name="consent"' in page and 'value="news"' in page
