"""The placeholders an agreement template may use, their check on save, and the filling.

A template is staff-written HTML with ``{{ name }}`` markers. Only the names below exist:
anything else between ``{{`` and ``}}`` (an unknown name, a filter, a dotted path) and any
template tag (``{%``) is refused with a message naming it, so the text is never run as a
Django template. On filling, the HTML is cleaned (nh3: no scripts, styles or event
handlers) and every value is escaped, except the few built here as HTML (the payment plan,
the emblem), so an applicant's project title is always text.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

import nh3
from django.core.exceptions import ValidationError
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

PLACEHOLDER = re.compile(r"\{\{(.*?)\}\}", re.DOTALL)
NAME = re.compile(r"^[a-z_][a-z0-9_]*$")
TAG = re.compile(r"\{%.*?(%\}|$)", re.DOTALL)

PLACEHOLDERS: dict[str, object] = {
    "programme": gettext_lazy("The programme's name"),
    "call_title": gettext_lazy("The call's title"),
    "call_reference": gettext_lazy("The call's reference"),
    "organisation_name": gettext_lazy("The beneficiary's legal name"),
    "organisation_country": gettext_lazy("The beneficiary's country"),
    "project_title": gettext_lazy("The project's title, as the applicant wrote it"),
    "application_reference": gettext_lazy("The application's receipt number"),
    "award_reference": gettext_lazy("The award's number"),
    "amount": gettext_lazy("The amount awarded, in euro"),
    "payment_plan": gettext_lazy("The table of tranches (pre-financing and balance)"),
    "bank_account_holder": gettext_lazy("The bank account's holder"),
    "iban": gettext_lazy("The bank account's IBAN"),
    "bic": gettext_lazy("The bank account's BIC"),
    "date": gettext_lazy("The date the agreement is generated"),
    "eu_emblem": gettext_lazy("The EU emblem with “Funded by the European Union”"),
}


def placeholder_names(body: str) -> list[str]:
    """The placeholders ``body`` uses, in order of first use (stripped of spaces)."""
    seen: list[str] = []
    for match in PLACEHOLDER.finditer(body or ""):
        name = match.group(1).strip()
        if name not in seen:
            seen.append(name)
    return seen


def placeholder_check(body: str) -> None:
    """Refuse a template text with an unknown placeholder or a template tag, naming it."""
    problems: list[str] = []
    unknown = [name for name in placeholder_names(body) if name not in PLACEHOLDERS]
    for name in unknown:
        problems.append(
            _("Unknown placeholder “{{ %(name)s }}”: the placeholders are %(known)s.")
            % {"name": name, "known": ", ".join(sorted(PLACEHOLDERS))}
        )
    for match in TAG.finditer(body or ""):
        problems.append(
            _("“%(tag)s” is not allowed: only {{ placeholders }} are filled in.")
            % {"tag": match.group(0)[:60]}
        )
    if "{{" in PLACEHOLDER.sub("", body or "") or "}}" in PLACEHOLDER.sub("", body or ""):
        problems.append(_("A placeholder is not closed: write {{ name }}."))
    if problems:
        raise ValidationError({"body": problems}, code="placeholder")


def placeholders_fill(body: str, values: Mapping[str, object]) -> SafeString:
    """The template's HTML, cleaned, with each placeholder replaced by its escaped value."""
    cleaned = nh3.clean(body or "")

    def replace(match: re.Match[str]) -> str:
        name = match.group(1).strip()
        value = values.get(name, "")
        return str(conditional_escape(value if isinstance(value, str) else str(value)))

    return SafeString(PLACEHOLDER.sub(replace, cleaned))
