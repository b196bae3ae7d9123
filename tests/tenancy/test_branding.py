from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command

from socialtech.tenancy.contrast import contrast_ratio
from socialtech.tenancy.models import Tenant


def test_contrast_ratio_matches_the_wcag_formula():
    assert contrast_ratio("#000000", "#ffffff") == pytest.approx(21.0)
    assert contrast_ratio("#767676", "#ffffff") == pytest.approx(4.54, abs=0.01)
    assert contrast_ratio("#ffffff", "#ffffff") == pytest.approx(1.0)


def test_a_light_brand_colour_is_refused_naming_the_field_and_the_rule(db):
    tenant = Tenant(name="Pale", slug="pale", primary_colour="#7fc8f8", accent_colour="#a33d0b")
    with pytest.raises(ValidationError) as refused:
        tenant.full_clean()
    assert list(refused.value.message_dict) == ["primary_colour"]
    assert "at least 4.5:1" in refused.value.message_dict["primary_colour"][0]


def test_every_demo_programme_has_readable_colours(db, capsys):
    call_command("seed_demo")
    for tenant in Tenant.objects.all():
        tenant.full_clean()
        assert contrast_ratio(tenant.primary_colour, "#ffffff") >= 4.5
        assert contrast_ratio(tenant.accent_colour, "#ffffff") >= 4.5
