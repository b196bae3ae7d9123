"""The header's menu: what a person may open in this programme, read from their roles here.

Roles are per programme: an evaluator of one programme is an applicant in another, so the
menu follows the roles held in the active tenant only. A person with no role in the
programme is an applicant; staff and coordinators get the back office; evaluators their
workspace. A link appears only where the person may go.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext

from socialtech.accounts.roles import Role, roles_of


@dataclass(frozen=True)
class MenuItem:
    """One link of the header: ``key`` names it for styling and tests, ``url`` is its target."""

    key: str
    label: str
    url: str


def navigation_items(*, user: Any, tenant: Any | None) -> list[MenuItem]:
    """The header's links for ``user`` in ``tenant``, in display order (sign-out excluded)."""
    items = [
        MenuItem("calls", gettext("Open calls"), reverse("call_list")),
        MenuItem("courses", gettext("Courses"), reverse("mooc_catalogue")),
        MenuItem("providers", gettext("Service providers"), reverse("vouchers_directory")),
    ]
    if user is None or not getattr(user, "is_authenticated", False):
        return [
            *items,
            MenuItem("sign_in", gettext("Sign in"), reverse("account_login")),
            MenuItem("sign_up", gettext("Sign up"), reverse("account_signup")),
        ]
    roles = roles_of(user, tenant) if tenant is not None else frozenset()
    is_operator = bool(getattr(user, "is_superuser", False))
    if not roles and not is_operator:
        items += [
            MenuItem("applications", gettext("My applications"), reverse("application_dashboard")),
            MenuItem("results", gettext("Results"), reverse("results_list")),
            MenuItem("vouchers", gettext("My vouchers"), reverse("vouchers_list")),
            MenuItem("connections", gettext("Connections"), reverse("c2i_home")),
            MenuItem("organisations", gettext("My organisations"), reverse("organisation_list")),
        ]
    if Role.PROVIDER in roles:
        # A provider's people answer the vouchers it is chosen for, and manage the
        # organisation whose accreditation they apply for.
        items += [
            MenuItem("voucher_work", gettext("Voucher work"), reverse("vouchers_work")),
            # WP4: a provider posts technology offers and answers social enterprises.
            MenuItem("connections", gettext("Connections"), reverse("c2i_home")),
            MenuItem("organisations", gettext("My organisations"), reverse("organisation_list")),
        ]
    if Role.EVALUATOR in roles:
        items.append(
            MenuItem("evaluations", gettext("My evaluations"), reverse("evaluation_workspace"))
        )
    if is_operator or roles & {Role.STAFF, Role.COORDINATOR, Role.FINANCE}:
        items.append(MenuItem("back_office", gettext("Back office"), reverse("admin:index")))
    items.append(MenuItem("profile", gettext("Profile"), reverse("accounts_profile")))
    return items


def current_item_key(items: list[MenuItem], path: str) -> str | None:
    """The key of the item whose section ``path`` is in (the longest matching prefix)."""
    matches = [item for item in items if path.startswith(item.url) and item.url != "/"]
    if not matches:
        return None
    return max(matches, key=lambda item: len(item.url)).key
