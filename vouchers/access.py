"""Who sees and acts on a voucher: the beneficiary's members, the provider's members, staff.

The enterprise side is the voucher's organisation; the provider side is the organisation of
the provider it chose. Owners and editors act; viewers only see. A provider may never hold
a voucher of its own organisation or of one that shares its VAT number.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from organisations.models import Organisation, OrganisationMember
from organisations.permissions import role_can_edit
from socialtech.accounts.roles import is_programme_staff
from vouchers.models import Voucher


def member_roles(user: Any) -> dict[int, str]:
    """``{organisation id: role}`` for every organisation ``user`` belongs to."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return {}
    return dict(OrganisationMember.objects.filter(user=user).values_list("organisation_id", "role"))


def vouchers_of_member(user: Any) -> QuerySet[Voucher]:
    """Vouchers ``user`` sees as a member: of their organisations, and held by their
    organisations' providers."""
    organisations = list(member_roles(user))
    if not organisations:
        return Voucher.objects.none()
    return Voucher.objects.filter(
        Q(organisation_id__in=organisations) | Q(provider__organisation_id__in=organisations)
    )


def voucher_for_viewer(*, user: Any, code: str) -> Voucher:
    """One voucher ``user`` may see (staff: any of the programme's); ``Voucher.DoesNotExist``
    for anyone else, so a stranger cannot tell a code exists."""
    vouchers = Voucher.objects.all() if is_programme_staff(user) else vouchers_of_member(user)
    return vouchers.select_related(
        "scheme__call", "organisation", "provider__organisation", "application", "document"
    ).get(code=code)


def may_act_for_enterprise(user: Any, voucher: Voucher) -> bool:
    """Owners and editors of the voucher's organisation choose its provider and confirm."""
    return role_can_edit(member_roles(user).get(voucher.organisation_id))


def may_act_for_provider(user: Any, voucher: Voucher) -> bool:
    """Owners and editors of the chosen provider's organisation answer, confirm and claim."""
    if voucher.provider is None:
        return False
    return role_can_edit(member_roles(user).get(voucher.provider.organisation_id))


def _vat(value: str) -> str:
    return "".join(character for character in (value or "").upper() if character.isalnum())


def shares_vat_number(first: Organisation, second: Organisation) -> bool:
    """Two organisations registered under the same VAT number (prefix and spaces aside)."""
    first_vat, second_vat = _vat(first.vat_number), _vat(second.vat_number)
    if not first_vat or not second_vat:
        return False
    if first_vat == second_vat:
        return True
    # "IT00743110157" and "00743110157" are the same number with and without the prefix.
    strip = lambda vat: vat[2:] if vat[:2].isalpha() else vat  # noqa: E731
    return strip(first_vat) == strip(second_vat)


def is_self_dealing(*, provider_organisation: Organisation, beneficiary: Organisation) -> bool:
    """A provider serving its own organisation, or one sharing its VAT number."""
    return provider_organisation.pk == beneficiary.pk or shares_vat_number(
        provider_organisation, beneficiary
    )
