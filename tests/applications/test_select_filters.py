"""The long filters of the applications list (calls, countries): a select and a button."""

from __future__ import annotations

from html.parser import HTMLParser
from urllib.parse import parse_qs, urlsplit

import pytest
from django.urls import reverse

from tests.applications.test_admin import CHANGELIST, listed
from tests.applications.test_staff import submitted
from tests.calls.factories import CallFactory
from tests.conftest import login
from tests.factories import OrganisationFactory


class FilterForms(HTMLParser):
    """The select filters of a page: for each select's name, its hidden fields, its options
    (value, selected), and the links below it."""

    def __init__(self) -> None:
        super().__init__()
        self.forms: dict[str, dict] = {}
        self._hidden: list[tuple[str, str]] = []
        self._select: str | None = None
        self._last: str | None = None
        self._in_filter = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "details" and "select-filter" in (attrs.get("class") or ""):
            self._in_filter, self._hidden, self._last = True, [], None
        elif not self._in_filter:
            return
        elif tag == "input" and attrs.get("type") == "hidden":
            self._hidden.append((attrs["name"], attrs["value"]))
        elif tag == "select":
            self._select = self._last = attrs["name"]
            self.forms[self._select] = {"hidden": self._hidden, "options": [], "links": []}
        elif tag == "option" and self._select:
            self.forms[self._select]["options"].append(
                (attrs.get("value"), "selected" in attrs, "disabled" in attrs)
            )
        elif tag == "a" and self._last:
            self.forms[self._last]["links"].append(attrs["href"])

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "details":
            self._in_filter = False


def filter_forms(response) -> dict[str, dict]:
    parser = FilterForms()
    parser.feed(response.content.decode())
    return parser.forms


@pytest.fixture
def staff_client(client, alice):
    return login(client, alice, mfa=True)


@pytest.fixture
def two_calls(in_tenant_a, call_a, applicant):
    other_call = CallFactory(tenant=in_tenant_a, reference="OC9")
    romanian = submitted(call_a, OrganisationFactory(country="RO"), applicant, number=1)
    eligible = submitted(
        call_a, OrganisationFactory(country="IT"), applicant, number=2, status="eligible"
    )
    elsewhere = submitted(other_call, OrganisationFactory(country="RO"), applicant, number=3)
    return call_a, other_call, romanian, eligible, elsewhere


def test_calls_and_countries_are_select_filters_keeping_the_other_filters(staff_client, two_calls):
    call_a, other_call, *_ = two_calls

    forms = filter_forms(staff_client.get(reverse(CHANGELIST), {"status": "eligible"}))

    assert set(forms) == {"call__id__exact", "organisation__country__exact"}
    calls = forms["call__id__exact"]
    assert calls["hidden"] == [("status", "eligible")]
    values = [value for value, _selected, _disabled in calls["options"]]
    assert {str(call_a.pk), str(other_call.pk)} <= set(values)
    # Nothing chosen: the first option ("All") is shown and is never sent.
    assert calls["options"][0] == ("", True, True)
    assert calls["links"] == []
    countries = [value for value, *_ in forms["organisation__country__exact"]["options"]]
    assert {"RO", "IT"} <= set(countries)


def test_the_filter_form_lists_what_its_fields_ask_for_and_clears_to_the_other_filters(
    staff_client, two_calls
):
    call_a, _other_call, romanian, _eligible, _elsewhere = two_calls
    url = reverse(CHANGELIST)
    # What the browser sends from the country form, "RO" chosen, with the call chosen before.
    first = filter_forms(staff_client.get(url, {"call__id__exact": call_a.pk}))
    sent = dict(first["organisation__country__exact"]["hidden"])
    sent["organisation__country__exact"] = "RO"

    response = staff_client.get(url, sent)

    assert listed(response) == [romanian.pk]
    forms = filter_forms(response)
    selected = [value for value, chosen, _ in forms["organisation__country__exact"]["options"]]
    assert [
        value for value, chosen, _ in forms["organisation__country__exact"]["options"] if chosen
    ] == ["RO"], selected
    assert forms["organisation__country__exact"]["options"][0] == ("", False, True)
    (clear,) = forms["organisation__country__exact"]["links"]
    assert parse_qs(urlsplit(clear).query) == {"call__id__exact": [str(call_a.pk)]}
    assert sorted(listed(staff_client.get(url + clear))) == sorted([romanian.pk, two_calls[3].pk])
