from __future__ import annotations

import itertools

import pytest

from organisations.models import Organisation
from organisations.selectors import sme_condition
from organisations.sme import BalanceSheetBand, SizeClass, TurnoverBand, sme_status
from tests.factories import OrganisationFactory


def test_249_staff_with_turnover_up_to_50_million_is_a_medium_sized_sme():
    result = sme_status(249, TurnoverBand.FROM_10M_TO_50M, BalanceSheetBand.OVER_43M)
    assert result.is_sme is True
    assert result.size_class == SizeClass.MEDIUM
    assert result.reason == (
        "Medium-sized enterprise: 249 staff (fewer than 250) and turnover up to EUR 50 million."
    )


def test_250_staff_is_not_an_sme_whatever_the_finances():
    result = sme_status(250, TurnoverBand.UP_TO_2M, BalanceSheetBand.UP_TO_2M)
    assert result.is_sme is False
    assert result.size_class == SizeClass.LARGE
    assert result.reason == "250 staff: an SME employs fewer than 250 persons."


def test_turnover_above_50_million_with_balance_sheet_up_to_43_million_is_an_sme():
    result = sme_status(120, TurnoverBand.OVER_50M, BalanceSheetBand.FROM_10M_TO_43M)
    assert result.is_sme is True
    assert result.size_class == SizeClass.MEDIUM
    assert "balance sheet total up to EUR 43 million" in result.reason


def test_turnover_above_50_million_and_balance_sheet_above_43_million_is_not_an_sme():
    result = sme_status(120, TurnoverBand.OVER_50M, BalanceSheetBand.OVER_43M)
    assert result.is_sme is False
    assert "above EUR 50 million" in result.reason and "above EUR 43 million" in result.reason


@pytest.mark.parametrize(
    ("staff", "turnover", "balance_sheet", "size_class"),
    [
        (0, TurnoverBand.UP_TO_2M, BalanceSheetBand.UP_TO_2M, SizeClass.MICRO),
        (9, TurnoverBand.OVER_50M, BalanceSheetBand.UP_TO_2M, SizeClass.MICRO),
        (10, TurnoverBand.UP_TO_2M, BalanceSheetBand.UP_TO_2M, SizeClass.SMALL),
        (9, TurnoverBand.FROM_2M_TO_10M, BalanceSheetBand.FROM_2M_TO_10M, SizeClass.SMALL),
        (49, TurnoverBand.FROM_2M_TO_10M, BalanceSheetBand.OVER_43M, SizeClass.SMALL),
        (50, TurnoverBand.UP_TO_2M, BalanceSheetBand.UP_TO_2M, SizeClass.MEDIUM),
    ],
)
def test_size_class_follows_the_staff_and_financial_ceilings(
    staff, turnover, balance_sheet, size_class
):
    assert sme_status(staff, turnover, balance_sheet).size_class == size_class


def test_public_body_is_never_an_sme():
    result = sme_status(5, TurnoverBand.UP_TO_2M, BalanceSheetBand.UP_TO_2M, is_public_body=True)
    assert result.is_sme is False
    assert "public body" in result.reason


def test_unknown_band_raises():
    with pytest.raises(ValueError):
        sme_status(5, "a lot", BalanceSheetBand.UP_TO_2M)


def test_organisation_is_sme_uses_its_legal_form_and_bands():
    organisation = OrganisationFactory.build(staff_headcount=12, legal_form="association")
    assert organisation.is_sme is True
    organisation.legal_form = "public_body"
    assert organisation.is_sme is False


@pytest.mark.django_db
def test_database_sme_filter_agrees_with_sme_status_for_every_combination():
    combinations = list(
        itertools.product(
            [0, 9, 10, 49, 50, 249, 250, 1000],
            TurnoverBand.values,
            BalanceSheetBand.values,
            ["association", "public_body"],
        )
    )
    for staff, turnover, balance_sheet, legal_form in combinations:
        OrganisationFactory(
            staff_headcount=staff,
            turnover_band=turnover,
            balance_sheet_band=balance_sheet,
            legal_form=legal_form,
        )
    expected = {
        organisation.pk for organisation in Organisation.objects.all() if organisation.is_sme
    }
    assert (
        set(Organisation.objects.filter(sme_condition()).values_list("pk", flat=True)) == expected
    )
    assert 0 < len(expected) < len(combinations)
