"""The beneficiary's bank account: the IBAN checked with python-stdnum (country format and
check digits), the BIC by its shape, and the IBAN shown masked to whoever may not see it.

No finance role exists yet (DESIGN.md §2.2 lists staff, coordinator, evaluator, provider):
until it does, the full IBAN is shown only to the platform operator (superuser).
"""

from __future__ import annotations

import re
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from stdnum import iban as stdnum_iban
from stdnum.exceptions import (
    InvalidChecksum,
    InvalidComponent,
    InvalidLength,
)
from stdnum.exceptions import ValidationError as StdnumError

BIC_PATTERN = re.compile(r"^[A-Z]{4}[A-Z]{2}[A-Z0-9]{2}([A-Z0-9]{3})?$")
VISIBLE_END = 4


def clean_iban(value: str) -> str:
    """The IBAN in its compact form (``DE89370400440532013000``); a wrong one is refused
    with an error on the ``iban`` field that names it."""
    compact = stdnum_iban.compact(value or "")
    try:
        return str(stdnum_iban.validate(compact))
    except StdnumError as error:
        if isinstance(error, InvalidChecksum):
            reason = _("its check digits are wrong: a character is mistyped")
        elif isinstance(error, InvalidLength):
            reason = _("it has the wrong number of characters for its country")
        elif isinstance(error, InvalidComponent):
            reason = _("its country or bank part is unknown")
        else:
            reason = _("it is not written as an IBAN")
        raise ValidationError(
            {
                "iban": _("IBAN: “%(value)s” is not a valid IBAN (%(reason)s).")
                % {"value": value, "reason": reason}
            },
            code="invalid_iban",
        ) from error


def clean_bic(value: str) -> str:
    compact = "".join((value or "").split()).upper()
    if compact and not BIC_PATTERN.fullmatch(compact):
        raise ValidationError(
            {
                "bic": _("BIC: “%(value)s” is not a BIC (8 or 11 letters and digits).")
                % {"value": value}
            },
            code="invalid_bic",
        )
    return compact


def format_iban(iban: str) -> str:
    """``DE89 3704 0044 0532 0130 00``."""
    return str(stdnum_iban.format(iban)) if iban else ""


def mask_iban(iban: str) -> str:
    """The country, then only the last four characters: ``DE•• •••• •••• •••• ••30 00``."""
    if not iban:
        return ""
    compact = stdnum_iban.compact(iban)
    hidden = compact[:2] + "•" * (len(compact) - 2 - VISIBLE_END) + compact[-VISIBLE_END:]
    return " ".join(hidden[index : index + 4] for index in range(0, len(hidden), 4))


def may_see_iban(user: Any) -> bool:
    """Who sees a full IBAN: the programme's finance officers (and the platform operator);
    everyone else, staff included, sees it masked."""
    from socialtech.accounts.roles import is_finance

    return is_finance(user)


def iban_for(user: Any, iban: str) -> str:
    return format_iban(iban) if may_see_iban(user) else mask_iban(iban)
