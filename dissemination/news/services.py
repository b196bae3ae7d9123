"""Writes on news posts, by the programme's staff: a post's words, and its state (draft or
published).

Each service checks the person, validates, saves and writes its audit row; a refusal is a
``DisseminationError`` naming the field and the rule.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from dissemination.errors import DisseminationError
from dissemination.models import NewsPost, NewsStatus
from dissemination.text import full_clean_on_field, sanitise_html
from socialtech.accounts.roles import require_programme_staff
from socialtech.audit.services import audit_log
from socialtech.tenancy.context import require_active_tenant

# The addresses under /news/ that are pages of the site, not posts.
RESERVED_SLUGS = frozenset({"feed"})


@transaction.atomic
def news_save(
    *,
    by: Any,
    post: NewsPost | None = None,
    slug: str,
    title: str,
    summary: str,
    body: str,
    language: str,
) -> NewsPost:
    """Create a news post (a draft, written by ``by``) or change one; its body is kept as
    sanitised HTML. Refuses anyone but the programme's staff, a slug reserved or already
    used by another post of the programme, a language the site does not offer, and what
    the table refuses (named by field)."""
    require_programme_staff(by)
    slug = (slug or "").strip().lower()
    if slug in RESERVED_SLUGS:
        raise DisseminationError(
            _("Slug: “%(slug)s” is reserved for a page of the site; choose another.")
            % {"slug": slug},
            "slug_reserved",
            field="slug",
        )
    if language not in dict(settings.LANGUAGES):
        raise DisseminationError(
            _("Language: choose one of %(languages)s.")
            % {"languages": ", ".join(code for code, _name in settings.LANGUAGES)},
            "language_unknown",
            field="language",
        )
    taken = NewsPost.objects.filter(slug=slug)
    if post is not None:
        taken = taken.exclude(pk=post.pk)
    if taken.exists():
        raise DisseminationError(
            _("Slug: another news post already has the address “%(slug)s”.") % {"slug": slug},
            "slug_taken",
            field="slug",
        )
    row = post if post is not None else NewsPost(tenant=require_active_tenant(), author=by)
    before = {"slug": row.slug, "title": row.title} if post is not None else {}
    row.slug = slug
    row.title = (title or "").strip()
    row.summary = (summary or "").strip()
    row.body = sanitise_html(body)
    row.language = language
    full_clean_on_field(row)
    row.save()
    audit_log(
        actor=by,
        verb="dissemination.news_changed" if post is not None else "dissemination.news_created",
        target=row,
        data={"before": before, "slug": row.slug},
    )
    return row


def _lock(post: NewsPost) -> NewsPost:
    return NewsPost.objects.select_for_update().get(pk=post.pk)


@transaction.atomic
def news_publish(*, post: NewsPost, by: Any) -> NewsPost:
    """Publish a draft: it shows under /news/ and in the feeds, dated now (a post published
    before and taken back keeps its first date). Refuses anyone but the programme's staff
    and a post already published."""
    require_programme_staff(by)
    locked = _lock(post)
    if locked.status == NewsStatus.PUBLISHED:
        raise DisseminationError(
            _("The news post “%(title)s” is already published.") % {"title": locked.title},
            "wrong_state",
        )
    locked.status = NewsStatus.PUBLISHED
    locked.published_at = locked.published_at or timezone.now()
    locked.save(update_fields=["status", "published_at", "updated_at"])
    audit_log(actor=by, verb="dissemination.news_published", target=locked)
    return locked


@transaction.atomic
def news_unpublish(*, post: NewsPost, by: Any) -> NewsPost:
    """Take a published post back to draft: it leaves the list and the feeds. Refuses anyone
    but the programme's staff and a post that is not published."""
    require_programme_staff(by)
    locked = _lock(post)
    if locked.status != NewsStatus.PUBLISHED:
        raise DisseminationError(
            _("The news post “%(title)s” is %(status)s, not published.")
            % {"title": locked.title, "status": locked.get_status_display()},
            "wrong_state",
        )
    locked.status = NewsStatus.DRAFT
    locked.save(update_fields=["status", "updated_at"])
    audit_log(actor=by, verb="dissemination.news_unpublished", target=locked)
    return locked
