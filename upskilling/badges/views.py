"""The badges' pages and public documents.

Public (anyone, on the programme's own site): a badge's page by its code, its Open Badges
assertion, the badge class and image of a path, the issuer's profile, its keys, the
revocation list, and the page that checks a signed badge. To the learner only: their
badges, and each badge's signed assertion and JSON to download. A badge of another
programme is a 404 here, as one that does not exist.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseGone
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from socialtech.tenancy.context import require_active_tenant
from upskilling.badges import openbadges, selectors, services
from upskilling.badges.forms import BadgeVerifyForm
from upskilling.errors import UpskillingError
from upskilling.models import Badge

JSON = "application/json"
PATHS_PAGE = "/training/paths/"


def request_origin(request: HttpRequest) -> str:
    """``scheme://host[:port]`` of the site the request came to: every address in the
    documents is on it, so they are checked where they were read."""
    return request.build_absolute_uri("/").rstrip("/")


def _json(document: dict[str, Any], *, status: int = 200) -> HttpResponse:
    response = HttpResponse(openbadges.to_json(document), content_type=JSON, status=status)
    # Badge checkers in other sites' pages read these documents.
    response["Access-Control-Allow-Origin"] = "*"
    return response


def _badge_or_404(code: str) -> Badge:
    badge = selectors.badge_for_code(code)
    if badge is None:
        raise Http404(_("No such badge."))
    return badge


def _path_url(slug: str) -> str:
    try:
        return reverse("upskilling_path", args=[slug])
    except NoReverseMatch:
        return f"{PATHS_PAGE}{slug}/"


# --- Public documents ------------------------------------------------------------------


@require_GET
def issuer_json(request: HttpRequest) -> HttpResponse:
    """The programme as the issuer of its badges (Open Badges ``Issuer``), with its keys."""
    services.badge_key_active()
    keys = list(selectors.keys_published())
    document = openbadges.issuer_document(
        request_origin(request), tenant=require_active_tenant(), keys=keys
    )
    return _json(document)


@require_GET
def key_json(request: HttpRequest, kid: Any) -> HttpResponse:
    """One of the programme's keys (``CryptographicKey``), active or retired."""
    key = selectors.key_for_kid(kid)
    if key is None:
        raise Http404(_("No such key."))
    return _json(openbadges.key_document(request_origin(request), key))


@require_GET
def revocations_json(request: HttpRequest) -> HttpResponse:
    """The programme's revoked badges (``RevocationList``)."""
    badges = list(selectors.revoked_badges())
    return _json(openbadges.revocation_list_document(request_origin(request), badges))


@require_GET
def badge_class_json(request: HttpRequest, slug: str) -> HttpResponse:
    """A published or archived path's badge (``BadgeClass``); a draft is a 404."""
    path = selectors.path_for_badge_class(slug)
    if path is None:
        raise Http404(_("No such badge."))
    return _json(openbadges.badge_class_document(request_origin(request), path))


@require_GET
def badge_image(request: HttpRequest, slug: str) -> HttpResponse:
    """The picture of a published or archived path's badge, as SVG."""
    path = selectors.path_for_badge_class(slug)
    if path is None:
        raise Http404(_("No such badge."))
    svg = openbadges.badge_image_svg(
        path, programme=path.tenant.name, colour=path.tenant.primary_colour
    )
    response = HttpResponse(svg, content_type="image/svg+xml")
    response["Content-Security-Policy"] = "default-src 'none'; style-src 'unsafe-inline'"
    response["Access-Control-Allow-Origin"] = "*"
    return response


@require_GET
def assertion_json(request: HttpRequest, code: str) -> HttpResponse:
    """The learner's badge (``Assertion``); a revoked badge answers 410 Gone with
    ``revoked`` and the reason, as the specification asks."""
    badge = _badge_or_404(code)
    if badge.revoked_at is not None:
        return _json(openbadges.revoked_assertion_document(badge), status=410)
    _key, payload = services.badge_assertion(badge=badge, origin=request_origin(request))
    response = HttpResponse(payload, content_type=JSON)
    response["Access-Control-Allow-Origin"] = "*"
    return response


# --- The learner's downloads -----------------------------------------------------------


def _owned_badge_or_404(request: HttpRequest, code: str) -> Badge:
    badge = selectors.badge_for_owner(code=code, user=request.user)
    if badge is None:
        raise Http404(_("No such badge."))
    return badge


@login_required
@require_GET
def badge_jws(request: HttpRequest, code: str) -> HttpResponse:
    """The badge's assertion signed by the programme (a compact JWS), as a file, to its
    learner only; a revoked badge is gone."""
    badge = _owned_badge_or_404(request, code)
    try:
        signed = services.badge_sign(badge=badge, origin=request_origin(request))
    except UpskillingError as error:
        return HttpResponseGone(error.message, content_type="text/plain; charset=utf-8")
    response = HttpResponse(signed.jws, content_type="application/jose")
    response["Content-Disposition"] = f'attachment; filename="badge-{badge.path.slug}.jws"'
    return response


@login_required
@require_GET
def badge_json_download(request: HttpRequest, code: str) -> HttpResponse:
    """The badge's assertion (JSON) as a file, to its learner only; a revoked badge is gone."""
    badge = _owned_badge_or_404(request, code)
    if badge.revoked_at is not None:
        return HttpResponseGone(
            _("This badge was revoked: it can no longer be downloaded."),
            content_type="text/plain; charset=utf-8",
        )
    _key, payload = services.badge_assertion(badge=badge, origin=request_origin(request))
    response = HttpResponse(payload, content_type=JSON)
    response["Content-Disposition"] = f'attachment; filename="badge-{badge.path.slug}.json"'
    return response


# --- Pages -----------------------------------------------------------------------------


@login_required
@require_GET
def my_badges(request: HttpRequest) -> HttpResponse:
    """The learner's badges in this programme, with their downloads and public pages."""
    page = Paginator(selectors.my_badges(request.user), selectors.MY_BADGES_PAGE_SIZE)
    page_object = page.get_page(request.GET.get("page"))
    return render(
        request,
        "upskilling/badges/mine.html",
        {"badges": list(page_object), "page": page_object, "paths_page": PATHS_PAGE},
    )


@require_GET
def badge_page(request: HttpRequest, code: str) -> HttpResponse:
    """The badge's public page: whose it is, which path, when, by whom, and whether it
    was revoked (and why)."""
    badge = _badge_or_404(code)
    return render(
        request,
        "upskilling/badges/badge.html",
        {
            "badge": badge,
            "learner": badge.user.full_name or _("Name not given"),
            "zone": badge.tenant.default_timezone,
            "path_url": _path_url(badge.path.slug),
            "paths_page": PATHS_PAGE,
        },
    )


@require_http_methods(["GET", "POST"])
def badge_verify(request: HttpRequest) -> HttpResponse:
    """Anyone checks a signed badge, pasted or as its file: is the signature the
    programme's, by which key, which badge, and was it revoked. A refusal names the field."""
    check = None
    if request.method == "POST":
        form = BadgeVerifyForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                check = selectors.signed_badge_check(form.cleaned_data["token"])
            except UpskillingError as error:
                form.add_error(form.error_field, error.message)
    else:
        form = BadgeVerifyForm()
    context: dict[str, Any] = {"form": form, "check": check}
    if check is not None:
        context["issued_on"] = check.assertion.get("issuedOn", "")
        context["zone"] = require_active_tenant().default_timezone
    return render(request, "upskilling/badges/verify.html", context)
