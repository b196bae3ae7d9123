"""The beneficiary's agreement page: every version with its signature state, and the
signature of the latest one (accepted online, or the signed PDF uploaded).

Only members of the organisation find the page (anyone else gets 404); only its owners and
editors may sign. The IBAN is shown masked: the full number is for finance staff.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from applications.selectors import format_money
from grants.banking import iban_for
from grants.models import Award, BankAccount
from grants.offers import selectors as offer_selectors
from grants.signature import selectors, services
from grants.signature.forms import SignOnlineForm, SignUploadForm
from socialtech.accounts.login_limits import client_ip
from socialtech.documents.responses import serve_protected_file
from socialtech.formatting import format_datetime

MEGABYTE = 1024 * 1024


def _award_or_404(request: HttpRequest, pk: int) -> Award:
    try:
        return offer_selectors.award_for_member(user=request.user, pk=pk)
    except Award.DoesNotExist:
        raise Http404(_("None of your organisations has this award.")) from None


def _upload_form(data: Any = None, files: Any = None, **kwargs: Any) -> SignUploadForm:
    # Its own ids: the online form on the same page has a "version" input too.
    return SignUploadForm(
        data,
        files,
        max_megabytes=services.SIGNED_PDF_MAX_BYTES // MEGABYTE,
        auto_id="upload_%s",
        **kwargs,
    )


def _page(
    request: HttpRequest,
    award: Award,
    *,
    sign_form: SignOnlineForm | None = None,
    upload_form: SignUploadForm | None = None,
    status: int = 200,
) -> HttpResponse:
    versions = selectors.versions_of_award(award)
    state = selectors.signing_state(user=request.user, award=award, versions=versions)
    representative = award.organisation.legal_representative_name
    latest = state.latest
    initial = (
        {"version": latest.version, "agreement_sha256": latest.document.sha256} if latest else {}
    )
    zone = award.call.timezone
    rows = []
    for agreement in versions:
        signature = agreement.signature if selectors.is_signed(agreement) else None
        rows.append(
            {
                "agreement": agreement,
                "is_latest": agreement is latest,
                "issued": format_datetime(agreement.created_at, zone),
                "signature": signature,
                "signed": format_datetime(signature.signed_at, zone) if signature else "",
                "countersigned": format_datetime(signature.countersigned_at, zone)
                if signature and signature.countersigned_at
                else "",
            }
        )
    account = BankAccount.objects.filter(award=award).first()
    # A refusal that leaves no form to show (signed meanwhile, replaced by a newer version)
    # is said at the top of the page.
    refusals = (
        []
        if state.may_sign
        else [
            item["message"]
            for form in (sign_form, upload_form)
            if form is not None
            for item in form.error_summary()
        ]
    )
    context: dict[str, Any] = {
        "refusals": refusals,
        "award": award,
        "call": award.call,
        "amount": format_money(award.amount),
        "iban": iban_for(request.user, account.iban) if account else "",
        "versions": rows,
        "latest": latest,
        "state": state,
        "representative": representative,
        "representative_role": award.organisation.legal_representative_role,
        "sign_form": sign_form or SignOnlineForm(initial=initial, representative=representative),
        "upload_form": upload_form or _upload_form(initial={"version": initial.get("version")}),
    }
    return render(request, "grants/agreement.html", context, status=status)


@login_required
@require_http_methods(["GET", "HEAD"])
def agreement_page(request: HttpRequest, pk: int) -> HttpResponse:
    return _page(request, _award_or_404(request, pk))


def _require_signer(request: HttpRequest, award: Award) -> None:
    if not offer_selectors.may_act_for(request.user, award):
        raise PermissionDenied(
            _("Only the organisation's owners and editors may sign its agreement.")
        )


def _user_agent(request: HttpRequest) -> str:
    return str(request.META.get("HTTP_USER_AGENT", ""))[: selectors.USER_AGENT_MAX_CHARS]


@login_required
@require_POST
def agreement_sign(request: HttpRequest, pk: int) -> HttpResponse:
    award = _award_or_404(request, pk)
    _require_signer(request, award)
    form = SignOnlineForm(request.POST, representative=award.organisation.legal_representative_name)
    if not form.is_valid():
        return _page(request, award, sign_form=form, status=400)
    try:
        services.agreement_sign_online(
            award=award,
            by=request.user,
            version=form.cleaned_data["version"],
            agreement_sha256=form.cleaned_data["agreement_sha256"],
            typed_name=form.cleaned_data["typed_name"],
            declarations=form.declarations(),
            ip_address=client_ip(request),
            user_agent=_user_agent(request),
        )
    except ValidationError as error:
        form.apply_refusal(error)
        return _page(request, award, sign_form=form, status=400)
    messages.success(
        request, _("The organisation signed the agreement. The programme countersigns it next.")
    )
    return redirect("grants_agreement", pk=award.pk)


@login_required
@require_POST
def agreement_upload(request: HttpRequest, pk: int) -> HttpResponse:
    award = _award_or_404(request, pk)
    _require_signer(request, award)
    form = _upload_form(request.POST, request.FILES)
    if not form.is_valid():
        return _page(request, award, upload_form=form, status=400)
    try:
        services.agreement_sign_upload(
            award=award,
            by=request.user,
            version=form.cleaned_data["version"],
            upload=form.cleaned_data["signed_file"],
            ip_address=client_ip(request),
            user_agent=_user_agent(request),
        )
    except ValidationError as error:
        form.apply_refusal(error)
        return _page(request, award, upload_form=form, status=400)
    messages.success(
        request,
        _("The signed agreement was uploaded. The programme countersigns it next."),
    )
    return redirect("grants_agreement", pk=award.pk)


@login_required
@require_GET
def signed_copy_download(request: HttpRequest, pk: int, version: int) -> HttpResponseBase:
    """The signed PDF the organisation uploaded for one version (members only)."""
    award = _award_or_404(request, pk)
    signature = selectors.uploaded_signature(award=award, version=version)
    if signature is None:
        raise Http404(_("No signed PDF was uploaded for this version."))
    return serve_protected_file(
        signature.signed_file,
        filename=signature.signed_file_name or f"signed-agreement-v{version}.pdf",
        content_type="application/pdf",
    )
