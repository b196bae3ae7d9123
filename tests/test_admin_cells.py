"""Long labels of the back office's lists: cut on screen, whole on hover and when read."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from socialtech.admin_cells import shortened
from tests.applications.test_staff import submitted
from tests.calls.factories import CallFactory
from tests.conftest import HOST_A, login
from tests.factories import OrganisationFactory

LIMITED_PROFIT = "Company with limited profit distribution (e.g. gGmbH, SRL SB, impresa sociale)"


def test_a_shortened_cell_keeps_the_whole_text_escaped_in_its_title_and_body():
    cell = shortened('Verein "Nordlicht" <Küche> & Co.', width="wide")

    assert cell == (
        '<span class="cell-shortened cell-wide" title="Verein &quot;Nordlicht&quot; '
        '&lt;Küche&gt; &amp; Co.">Verein &quot;Nordlicht&quot; &lt;Küche&gt; &amp; Co.</span>'
    )


def test_an_empty_cell_stays_empty_and_an_unknown_width_is_refused():
    assert shortened("") == "" and shortened(None) == ""
    with pytest.raises(ValueError, match="width: one of narrow, medium, wide, not 'huge'"):
        shortened("Aurora", width="huge")


def test_the_staff_list_shortens_organisation_legal_form_and_call(in_tenant_a, alice, applicant):
    call = CallFactory(tenant=in_tenant_a, reference="OC1", title={"en": "Vouchers for care"})
    organisation = OrganisationFactory(
        owner=applicant, legal_name="Cooperativa Aurora", legal_form="limited_profit_company"
    )
    submitted(call, organisation, applicant)
    client = login(Client(HTTP_HOST=HOST_A), alice, mfa=True)

    body = client.get(reverse("admin:applications_application_changelist")).content.decode()

    for width, text in (
        ("wide", "Cooperativa Aurora"),
        ("medium", LIMITED_PROFIT),
        ("medium", "Vouchers for care"),
        ("narrow", "Italy"),
    ):
        assert f'<span class="cell-shortened cell-{width}" title="{text}">{text}</span>' in body


@pytest.mark.parametrize("language", ["en", "fr", "de"])
def test_choice_label_is_the_display_of_every_choice_in_the_active_language(language):
    from django.utils import translation

    from organisations.models import LegalForm, Organisation
    from socialtech.admin_cells import choice_label

    with translation.override(language):
        for value in [*LegalForm.values, "no-such-form", ""]:
            organisation = Organisation(legal_form=value)
            assert choice_label(organisation, "legal_form") == organisation.get_legal_form_display()
