from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from stdnum import luhn
from stdnum.de import vat as de_vat
from stdnum.it import iva
from stdnum.ro import cf as ro_cf

from organisations.models import Organisation
from organisations.validators import normalise_vat_number, validate_registration_number
from tests.organisations.conftest import organisation_data


def italian_vat(base: str) -> str:
    # Partita IVA: 7-digit company number, 3-digit office code, Luhn check digit.
    return base + luhn.calc_check_digit(base)


def german_vat(base: str) -> str:
    from stdnum.iso7064 import mod_11_10

    return base + mod_11_10.calc_check_digit(base)


def romanian_vat(base: str) -> str:
    from stdnum.ro import cui

    return base + cui.calc_check_digit(base)


def wrong_check_digit(number: str) -> str:
    return number[:-1] + str((int(number[-1]) + 1) % 10)


def test_generated_examples_are_valid_according_to_stdnum_itself():
    assert iva.is_valid(italian_vat("0074311015"))
    assert de_vat.is_valid(german_vat("13669597"))
    assert ro_cf.is_valid(romanian_vat("1854729"))


@pytest.mark.parametrize(
    ("country", "typed", "stored"),
    [
        ("IT", "IT " + italian_vat("0074311015"), "IT" + italian_vat("0074311015")),
        ("IT", italian_vat("1234567015"), "IT" + italian_vat("1234567015")),
        ("DE", "DE " + german_vat("13669597"), "DE" + german_vat("13669597")),
        ("DE", german_vat("81234567"), "DE" + german_vat("81234567")),
        ("RO", "RO " + romanian_vat("1854729"), "RO" + romanian_vat("1854729")),
        ("RO", romanian_vat("1854729"), "RO" + romanian_vat("1854729")),
        ("GR", "094259216", "EL094259216"),
        ("GR", "GR 094259216", "EL094259216"),
        ("NO", "NO 995 525 828 MVA", "995525828MVA"),
        ("NO", "995525828", "995525828MVA"),
    ],
)
def test_valid_vat_numbers_pass_and_are_stored_in_compact_form_with_prefix(country, typed, stored):
    assert normalise_vat_number(country=country, vat_number=typed) == stored


@pytest.mark.parametrize(
    ("country", "number"),
    [
        ("IT", "IT" + wrong_check_digit(italian_vat("0074311015"))),
        ("DE", "DE" + wrong_check_digit(german_vat("13669597"))),
        ("RO", "RO" + wrong_check_digit(romanian_vat("1854729"))),
    ],
)
def test_vat_number_with_a_wrong_check_digit_is_refused_naming_the_field_and_rule(country, number):
    with pytest.raises(ValidationError) as caught:
        normalise_vat_number(country=country, vat_number=number)
    assert caught.value.code == "vat_checksum"
    assert "VAT number" in caught.value.messages[0]
    assert "check digit" in caught.value.messages[0]


def test_vat_number_with_another_countrys_prefix_is_refused():
    german = "DE" + german_vat("13669597")
    with pytest.raises(ValidationError) as caught:
        normalise_vat_number(country="IT", vat_number=german)
    assert caught.value.code == "vat_country_mismatch"
    assert caught.value.messages == [
        "The VAT number starts with DE, which is not the prefix of Italy; "
        "a VAT number of Italy starts with IT or has no prefix."
    ]


def test_vat_number_of_the_wrong_length_is_refused():
    with pytest.raises(ValidationError) as caught:
        normalise_vat_number(country="IT", vat_number="IT123")
    assert caught.value.code == "vat_length"


def test_vat_number_of_a_country_without_a_stdnum_module_is_checked_for_shape_only():
    assert normalise_vat_number(country="UA", vat_number="1234 5678 9012") == "123456789012"
    with pytest.raises(ValidationError) as caught:
        normalise_vat_number(country="UA", vat_number="12#45")
    assert "VAT number" in caught.value.messages[0]


def test_empty_vat_number_stays_empty():
    assert normalise_vat_number(country="IT", vat_number="  ") == ""


def test_registration_number_is_checked_where_the_country_has_an_entity_identifier():
    valid = "802535" + "685" + luhn.calc_check_digit("802535685")
    validate_registration_number(country="SE", registration_number=valid)
    with pytest.raises(ValidationError) as caught:
        validate_registration_number(country="SE", registration_number=wrong_check_digit(valid))
    assert caught.value.code == "registration_number_checksum"
    assert "registration number" in caught.value.messages[0]
    assert "organisation number (10 digits)" in caught.value.messages[0]


def test_french_association_may_give_its_rna_number():
    validate_registration_number(country="FR", registration_number="W751234567")
    with pytest.raises(ValidationError):
        validate_registration_number(country="FR", registration_number="X751234567")


def test_registration_number_of_a_country_without_a_single_register_is_only_shape_checked():
    validate_registration_number(country="IT", registration_number="MI-1234567")
    with pytest.raises(ValidationError):
        validate_registration_number(country="IT", registration_number="---")


def test_unknown_country_is_refused_naming_country():
    organisation = Organisation(**organisation_data(country="US", vat_number=""))
    with pytest.raises(ValidationError) as caught:
        organisation.full_clean()
    assert list(caught.value.message_dict) == ["country"]
    assert (
        "country must be an EU member state or a country associated"
        in caught.value.message_dict["country"][0]
    )
    assert "'US'" in caught.value.message_dict["country"][0]


def test_organisation_clean_stores_the_compact_vat_number():
    organisation = Organisation(**organisation_data(vat_number="it-00743110157"))
    organisation.full_clean()
    assert organisation.vat_number == "IT00743110157"


def test_sole_trader_registration_number_is_not_checked_against_the_entity_register():
    personal = "19811228-9874"  # a personnummer: not an organisation number
    company = Organisation(
        **organisation_data(country="SE", vat_number="", registration_number=personal)
    )
    with pytest.raises(ValidationError) as caught:
        company.full_clean()
    assert list(caught.value.message_dict) == ["registration_number"]
    sole_trader = Organisation(
        **organisation_data(
            country="SE", vat_number="", registration_number=personal, legal_form="sole_trader"
        )
    )
    sole_trader.full_clean()


def test_founding_year_in_the_future_is_refused_naming_the_range():
    from django.utils import timezone

    organisation = Organisation(**organisation_data(founding_year=timezone.now().year + 1))
    with pytest.raises(ValidationError) as caught:
        organisation.full_clean()
    assert caught.value.message_dict == {
        "founding_year": [f"The founding year must be between 1800 and {timezone.now().year}."]
    }
