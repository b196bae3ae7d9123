"""The back office's change lists: no sorting or filtering by what they do not show.

``?o=``: the list keeps its own order when the parameter asks for nonsense.

Django reads ``o`` as dot-separated numbers of shown columns and skips any part it cannot
use; but when no part is usable it still drops the list's own ordering, so
``?o=password`` or ``?o=1;DROP…`` reorders the list (by primary key, descending). Here the
parts that are not a sortable shown column are removed first, and a parameter left empty
is removed altogether: the list is then exactly the one without the parameter.
Nothing from ``o`` ever reaches SQL but a column the list shows.

Lookups: Django lets a change list filter by any field of its own model
(``/admin/accounts/user/?password__startswith=pbkdf2_sha256$1``), which would let
someone guess a secret letter by letter from how many rows come back. A lookup that goes
through a secret field (a password, a token, a key, a bank account) is refused: Django
answers 400.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

from django.contrib.admin.views.main import ORDER_VAR, ChangeList
from django.db.models import QuerySet
from django.http import HttpRequest

_PART = re.compile(r"-?(\d{1,4})")
# Fields no list may be filtered by, whatever the model: secrets and bank details.
SECRET_FIELD = re.compile(
    r"(?:.*_)?(?:password|secret|token|otp|totp|recovery_codes?|api_key|key_hash|iban|"
    r"bank_account|swift|bic)(?:_.*)?",
    re.IGNORECASE,
)


def names_secret_field(lookup: str) -> bool:
    """Whether any step of ``lookup`` (``owner__password__startswith``) is a secret field."""
    return any(SECRET_FIELD.fullmatch(part) for part in lookup.split("__"))


class KnownColumnOrderingMixin:
    """For a ChangeList: only sortable shown columns may be named by ``?o=``."""

    params: dict[str, Any]
    list_display: Any

    def _usable_order_part(self, part: str) -> bool:
        match = _PART.fullmatch(part)
        if match is None:
            return False
        index = int(match.group(1))
        if index >= len(self.list_display):
            return False
        return bool(self.get_ordering_field(self.list_display[index]))  # type: ignore[attr-defined]

    def get_ordering(self, request: HttpRequest, queryset: QuerySet[Any]) -> list[Any]:
        value = self.params.get(ORDER_VAR)
        if value is not None:
            usable = [part for part in str(value).split(".") if self._usable_order_part(part)]
            if usable:
                self.params[ORDER_VAR] = ".".join(usable)
            else:
                del self.params[ORDER_VAR]
        return super().get_ordering(request, queryset)  # type: ignore[misc]


@cache
def known_column_changelist(changelist_class: type[ChangeList]) -> type[ChangeList]:
    """``changelist_class`` with :class:`KnownColumnOrderingMixin` in front (made once)."""
    if issubclass(changelist_class, KnownColumnOrderingMixin):
        return changelist_class
    return type(
        f"KnownColumnOrdering{changelist_class.__name__}",
        (KnownColumnOrderingMixin, changelist_class),
        {"__module__": __name__},
    )


def guard_ordering(model_admin: Any) -> None:
    """Make every change list of ``model_admin`` use :class:`KnownColumnOrderingMixin` and
    refuse lookups through secret fields."""
    if getattr(model_admin, "_known_column_ordering", False):
        return
    original = model_admin.get_changelist

    def get_changelist(request: HttpRequest, **kwargs: Any) -> type[ChangeList]:
        return known_column_changelist(original(request, **kwargs))

    allowed = model_admin.lookup_allowed

    def lookup_allowed(lookup: str, value: str, request: HttpRequest | None = None) -> bool:
        if names_secret_field(lookup):
            return False
        return bool(allowed(lookup, value, request))

    model_admin.get_changelist = get_changelist
    model_admin.lookup_allowed = lookup_allowed
    model_admin._known_column_ordering = True
