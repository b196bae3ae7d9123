"""News posts: the staff's writes (sanitised body, slugs, publication), the public list and
post page, the feeds of the host's programme, and the list's query count."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from dissemination.errors import DisseminationError
from dissemination.models import NewsPost
from dissemination.news import services
from socialtech.audit.models import AuditEvent
from socialtech.tenancy.context import tenant_context
from tests.conftest import HOST_B, login
from tests.dissemination.factories import news_post

pytestmark = pytest.mark.django_db

NEWS = "/news/"


def test_the_body_is_sanitised_and_the_post_starts_as_a_draft(in_tenant_a, alice):
    post = news_post(
        alice,
        published=False,
        body='<p onclick="x()">Hi <a href="javascript:alert(1)">there</a></p><script>bad()</script>',
    )
    assert post.status == "draft" and post.published_at is None and post.author == alice
    assert (
        "script" not in post.body and "onclick" not in post.body and "javascript" not in post.body
    )
    assert post.body.startswith("<p>Hi ")
    assert AuditEvent.objects.filter(verb="dissemination.news_created").count() == 1


def test_slug_rules_name_the_field(in_tenant_a, alice):
    news_post(alice, slug="cluster-day")
    with pytest.raises(DisseminationError) as refused:
        news_post(alice, slug="cluster-day")
    assert (refused.value.field, refused.value.code) == ("slug", "slug_taken")
    with pytest.raises(DisseminationError) as refused:
        news_post(alice, slug="feed")
    assert refused.value.code == "slug_reserved"
    with pytest.raises(DisseminationError) as refused:
        news_post(alice, language="xx")
    assert refused.value.field == "language"


def test_only_staff_write_news(in_tenant_a, applicant):
    with pytest.raises(PermissionDenied):
        news_post(applicant)


def test_publish_and_unpublish_move_the_post(in_tenant_a, alice):
    post = news_post(alice)
    with pytest.raises(DisseminationError):
        services.news_publish(post=post, by=alice)
    post = services.news_unpublish(post=post, by=alice)
    assert post.status == "draft"
    with pytest.raises(DisseminationError):
        services.news_unpublish(post=post, by=alice)


def test_the_list_shows_published_posts_newest_first_and_hides_drafts(
    client: Client, tenant_a, alice
):
    with tenant_context(tenant_a):
        news_post(alice, title="Older post on cooperatives")
        news_post(alice, title="Newer post on social procurement")
        news_post(alice, title="Draft on the next call", published=False)
    page = client.get(NEWS).content.decode()
    assert page.index("Newer post on social procurement") < page.index("Older post on cooperatives")
    assert "Draft on the next call" not in page
    assert "/news/feed/rss/" in page


def test_the_empty_list_says_so(client: Client, tenant_a):
    page = client.get(NEWS).content.decode()
    assert "data-empty" in page and "No news yet" in page


def test_a_draft_is_404_for_visitors_and_a_preview_for_staff(client: Client, tenant_a, alice):
    with tenant_context(tenant_a):
        post = news_post(alice, title="Draft post", published=False)
    assert client.get(f"{NEWS}{post.slug}/").status_code == 404
    staff = login(Client(), alice, mfa=True)
    page = staff.get(f"{NEWS}{post.slug}/").content.decode()
    assert "data-preview" in page and "Draft post" in page


def test_the_post_page_shows_the_body_and_the_date(client: Client, tenant_a, alice):
    with tenant_context(tenant_a):
        post = news_post(alice, title="Twelve enterprises join", body="<p>Words <em>here</em></p>")
    page = client.get(f"{NEWS}{post.slug}/").content.decode()
    assert "<p>Words <em>here</em></p>" in page
    assert "Twelve enterprises join" in page and "<time datetime=" in page


def test_the_feeds_list_only_the_hosts_published_posts(
    client: Client, tenant_a, tenant_b, alice, charlie
):
    with tenant_context(tenant_a):
        news_post(alice, title="Alpha published post")
        news_post(alice, title="Alpha draft post", published=False)
    with tenant_context(tenant_b):
        news_post(charlie, title="Beta published post")
    rss = client.get(f"{NEWS}feed/rss/")
    assert rss["Content-Type"].startswith("application/rss+xml")
    body = rss.content.decode()
    assert "<rss" in body and "Alpha published post" in body
    assert "Alpha draft post" not in body and "Beta published post" not in body
    atom = client.get(f"{NEWS}feed/atom/").content.decode()
    assert "<feed" in atom and "Alpha published post" in atom and "Alpha draft post" not in atom
    beta = Client(HTTP_HOST=HOST_B).get(f"{NEWS}feed/rss/").content.decode()
    assert "Beta published post" in beta and "Alpha published post" not in beta


def test_the_list_reads_a_constant_number_of_queries(client: Client, tenant_a, alice):
    def queries() -> int:
        with CaptureQueriesContext(connection) as seen:
            assert client.get(NEWS).status_code == 200
        return len(seen)

    with tenant_context(tenant_a):
        news_post(alice)
    queries()
    few = queries()
    with tenant_context(tenant_a):
        for _ in range(9):
            news_post(alice)
    assert queries() == few
    assert NewsPost.unscoped.count() == 10
