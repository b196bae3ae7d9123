"""Pages of an applicant's organisations. Views check access, call services, render.

A non-member gets a 404 for every page of an organisation, never a 403 that would tell
the organisation exists; a member without the right role gets a 403.
"""

from __future__ import annotations

from typing import cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.forms import BaseForm
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from organisations import selectors, services
from organisations.forms import InvitationForm, OrganisationForm
from organisations.models import Organisation, OrganisationInvitation, OrganisationMember
from organisations.permissions import role_can_edit, role_can_manage_members
from socialtech.accounts.models import User

PAGE_SIZE = 20


def _signed_in(request: HttpRequest) -> User:
    """The user of a view behind ``login_required``."""
    return cast(User, request.user)


def _organisation_or_404(request: HttpRequest, pk: int) -> Organisation:
    try:
        return selectors.organisation_get_for_user(user=request.user, pk=pk)
    except Organisation.DoesNotExist:
        raise Http404(_("No such organisation among yours.")) from None


def _add_errors(form: BaseForm, error: ValidationError) -> None:
    """Show a service's refusal on the form, by field where the field is on the form."""
    if hasattr(error, "error_dict"):
        for field, field_errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, field_errors)
    else:
        form.add_error(None, error)


@login_required
def organisation_list(request: HttpRequest) -> HttpResponse:
    page = Paginator(selectors.organisation_list_for_user(request.user), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(request, "organisations/organisation_list.html", {"page": page})


@login_required
@require_http_methods(["GET", "POST"])
def organisation_create(request: HttpRequest) -> HttpResponse:
    form = OrganisationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            organisation = services.organisation_create(
                created_by=_signed_in(request), **form.cleaned_data
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(
                request, _("%(name)s is registered. You are its owner.") % {"name": organisation}
            )
            # Back to where the applicant came from (the call they want to apply to).
            next_url = request.GET.get("next", "")
            if next_url and url_has_allowed_host_and_scheme(
                next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
            ):
                return redirect(next_url)
            return redirect("organisation_detail", pk=organisation.pk)
    return render(
        request, "organisations/organisation_form.html", {"form": form, "organisation": None}
    )


@login_required
def organisation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    organisation = _organisation_or_404(request, pk)
    role = organisation.viewer_role  # type: ignore[attr-defined]
    return render(
        request,
        "organisations/organisation_detail.html",
        {
            "organisation": organisation,
            "sme": organisation.sme_assessment,
            "members": selectors.organisation_members(organisation=organisation),
            "invitations": selectors.organisation_pending_invitations(organisation=organisation),
            "role": role,
            "can_edit": role_can_edit(role),
            "can_manage_members": role_can_manage_members(role),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def organisation_edit(request: HttpRequest, pk: int) -> HttpResponse:
    organisation = _organisation_or_404(request, pk)
    if not role_can_edit(organisation.viewer_role):  # type: ignore[attr-defined]
        raise PermissionDenied(_("Only owners and editors may change this organisation."))
    # The form validates a copy, so the page heading keeps the saved name until saved.
    form = OrganisationForm(
        request.POST or None, instance=Organisation.objects.get(pk=organisation.pk)
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.organisation_update(
                organisation=organisation, updated_by=_signed_in(request), **form.cleaned_data
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("The changes are saved."))
            return redirect("organisation_detail", pk=organisation.pk)
    return render(
        request,
        "organisations/organisation_form.html",
        {"form": form, "organisation": organisation},
    )


@login_required
@require_http_methods(["GET", "POST"])
def organisation_invite(request: HttpRequest, pk: int) -> HttpResponse:
    organisation = _organisation_or_404(request, pk)
    if not role_can_manage_members(organisation.viewer_role):  # type: ignore[attr-defined]
        raise PermissionDenied(_("Only owners may invite members."))
    form = InvitationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            invitation = services.organisation_member_invite(
                organisation=organisation,
                invited_by=_signed_in(request),
                **form.cleaned_data,
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(
                request,
                _("An invitation is on its way to %(email)s.") % {"email": invitation.email},
            )
            return redirect("organisation_detail", pk=organisation.pk)
    return render(
        request, "organisations/invitation_form.html", {"form": form, "organisation": organisation}
    )


@login_required
@require_http_methods(["GET", "POST"])
def organisation_member_remove(request: HttpRequest, pk: int, member_pk: int) -> HttpResponse:
    organisation = _organisation_or_404(request, pk)
    member = get_object_or_404(
        OrganisationMember.objects.select_related("user"), pk=member_pk, organisation=organisation
    )
    leaving = member.user_id == request.user.pk
    if not leaving and not role_can_manage_members(organisation.viewer_role):  # type: ignore[attr-defined]
        raise PermissionDenied(_("Only owners may remove members."))
    if request.method == "POST":
        try:
            services.organisation_member_remove(member=member, removed_by=_signed_in(request))
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
            return redirect("organisation_detail", pk=organisation.pk)
        if leaving:
            messages.success(request, _("You have left %(name)s.") % {"name": organisation})
            return redirect("organisation_list")
        messages.success(request, _("%(name)s is no longer a member.") % {"name": member.user})
        return redirect("organisation_detail", pk=organisation.pk)
    return render(
        request,
        "organisations/member_confirm_remove.html",
        {"organisation": organisation, "member": member, "leaving": leaving},
    )


@login_required
@require_http_methods(["GET", "POST"])
def organisation_invitation_accept(request: HttpRequest, token: str) -> HttpResponse:
    try:
        invitation = selectors.invitation_get_by_token(token=token)
    except OrganisationInvitation.DoesNotExist:
        raise Http404(_("No such invitation.")) from None
    if invitation.accepted_by_id is not None and invitation.accepted_by_id == request.user.pk:
        return redirect("organisation_detail", pk=invitation.organisation_id)
    if request.method == "POST":
        try:
            member = services.organisation_invitation_accept(
                invitation=invitation, user=_signed_in(request)
            )
        except ValidationError as error:
            refusal: ValidationError | None = error
        else:
            messages.success(
                request,
                _("You are now a member of %(name)s (%(role)s).")
                % {"name": invitation.organisation, "role": member.get_role_display()},
            )
            return redirect("organisation_detail", pk=invitation.organisation_id)
    else:
        refusal = services.invitation_acceptance_error(
            invitation=invitation, user=_signed_in(request)
        )
    return render(
        request,
        "organisations/invitation_accept.html",
        {"invitation": invitation, "organisation": invitation.organisation, "refusal": refusal},
        status=400 if request.method == "POST" else 200,
    )
