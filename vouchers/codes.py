"""Voucher codes: ``V-K7M2-9XQ4-MT3D``, eleven random characters and a check character.

The check character makes a weighted sum of the code a multiple of 31 (the alphabet's
size, a prime), so a single mistyped character and a swap of two neighbours are caught
before any lookup.
The alphabet has no 0/O and 1/I/L, so a code read from paper is not mistaken either.
"""

from __future__ import annotations

import re
import secrets

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from socialtech.documents.models import CODE_ALPHABET

PREFIX = "V"
GROUPS = 3
GROUP_LENGTH = 4
BODY_LENGTH = GROUPS * GROUP_LENGTH - 1  # the last character is the check character
VOUCHER_CODE_LENGTH = len(PREFIX) + 1 + GROUPS * GROUP_LENGTH + GROUPS - 1
_BASE = len(CODE_ALPHABET)
_PATTERN = re.compile(
    rf"^{PREFIX}-[{CODE_ALPHABET}]{{{GROUP_LENGTH}}}(-[{CODE_ALPHABET}]{{{GROUP_LENGTH}}}){{{GROUPS - 1}}}$"
)


def _weighted_sum(characters: str) -> int:
    return sum(
        weight * CODE_ALPHABET.index(character)
        for weight, character in enumerate(characters, start=1)
    )


def check_character(body: str) -> str:
    """The check character of ``body``: the weighted sum (weights 1, 2, 3 ...) of the whole
    code is a multiple of 31. As 31 is prime and the weights differ, any one wrong
    character and any swap of two neighbours change the sum and are caught."""
    weight = len(body) + 1
    # The check character c solves weight * c = -sum (mod 31).
    value = (-_weighted_sum(body) * pow(weight, -1, _BASE)) % _BASE
    return CODE_ALPHABET[value]


def _grouped(characters: str) -> str:
    groups = [
        characters[index : index + GROUP_LENGTH]
        for index in range(0, len(characters), GROUP_LENGTH)
    ]
    return "-".join([PREFIX, *groups])


def generate_voucher_code() -> str:
    """A new random code (31^11, about 54 bits) with its check character."""
    body = "".join(secrets.choice(CODE_ALPHABET) for _ in range(BODY_LENGTH))
    return _grouped(body + check_character(body))


def normalise_voucher_code(value: str) -> str:
    """The canonical form of a code as a person typed it: upper case, grouped by dashes,
    with or without the ``V`` prefix. Input that cannot be a code comes back compacted, so
    :func:`is_valid_voucher_code` refuses it."""
    compact = "".join(character for character in str(value).upper() if character.isalnum())
    if len(compact) == GROUPS * GROUP_LENGTH + len(PREFIX) and compact.startswith(PREFIX):
        compact = compact[len(PREFIX) :]
    if len(compact) != GROUPS * GROUP_LENGTH:
        return compact
    return _grouped(compact)


def is_valid_voucher_code(value: str) -> bool:
    """Whether ``value`` (already normalised) has the code's shape and a matching check character."""
    if not _PATTERN.fullmatch(value):
        return False
    characters = value.replace("-", "")[len(PREFIX) :]
    return check_character(characters[:-1]) == characters[-1]


def validate_voucher_code(value: str) -> None:
    if not is_valid_voucher_code(value):
        raise ValidationError(
            _(
                "This is not a voucher code: check each character (a code looks like V-K7M2-9XQ4-MT3D)."
            ),
            code="voucher_code",
        )
