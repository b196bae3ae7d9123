"""Voucher codes: shape, check character, what a person may type."""

from __future__ import annotations

import random

from socialtech.documents.models import CODE_ALPHABET
from vouchers.codes import (
    generate_voucher_code,
    is_valid_voucher_code,
    normalise_voucher_code,
)


def test_new_codes_are_valid_and_distinct() -> None:
    codes = {generate_voucher_code() for _ in range(500)}
    assert len(codes) == 500
    assert all(is_valid_voucher_code(code) for code in codes)
    assert all(len(code) == 16 and code.startswith("V-") for code in codes)


def test_every_single_mistyped_character_is_caught() -> None:
    rng = random.Random(7)
    for _ in range(40):
        code = generate_voucher_code()
        for index, character in enumerate(code):
            if index < 2 or character == "-":
                continue
            wrong = rng.choice([other for other in CODE_ALPHABET if other != character])
            typed = code[:index] + wrong + code[index + 1 :]
            assert not is_valid_voucher_code(typed), (code, typed)


def test_every_swap_of_neighbours_is_caught() -> None:
    for _ in range(40):
        compact = generate_voucher_code().replace("-", "")[1:]
        for index in range(len(compact) - 1):
            if compact[index] == compact[index + 1]:
                continue
            swapped = compact[:index] + compact[index + 1] + compact[index] + compact[index + 2 :]
            assert not is_valid_voucher_code(normalise_voucher_code(swapped))


def test_typed_forms_of_a_code_normalise_to_it() -> None:
    code = generate_voucher_code()
    assert normalise_voucher_code(code.lower()) == code
    assert normalise_voucher_code(code.replace("-", " ")) == code
    assert normalise_voucher_code(code[2:]) == code  # without the V- prefix
    assert not is_valid_voucher_code(normalise_voucher_code("V-1234"))


def test_the_example_code_the_pages_show_is_a_valid_code() -> None:
    # A person trying the example on the help text must not be told it is mistyped.
    assert is_valid_voucher_code("V-K7M2-9XQ4-MT3D")
