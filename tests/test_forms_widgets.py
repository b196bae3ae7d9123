"""The Python-written select gives the same HTML as Django's template-rendered one."""

from __future__ import annotations

from typing import Any

import pytest
from django import forms
from django.forms.renderers import get_default_renderer
from django.utils import translation
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy

from socialtech.forms_widgets import PlainSelect

HOSTILE = "<script>\"x\" & 'y'</script>"

CHOICES: list[tuple[Any, Any]] = [
    ("", "Choose…"),
    ("AT", "Austria"),
    ("BE", "Belgium"),
    (HOSTILE, HOSTILE),
    ("safe", mark_safe("<b>bold</b>")),
    (7, "Seven"),
    (None, "Nothing"),
    ("lazy", gettext_lazy("Name")),
    (mark_safe("<v>"), "Safe value"),
]


def both(value: Any, *, attrs: dict[str, Any] | None = None, choices: Any = None, **kw: Any):
    options = CHOICES if choices is None else choices
    renderer = get_default_renderer()
    expected = forms.Select(attrs=attrs, choices=options).render(
        "country", value, kw.get("render_attrs"), renderer
    )
    got = PlainSelect(attrs=attrs, choices=options).render(
        "country", value, kw.get("render_attrs"), renderer
    )
    return expected, got


@pytest.mark.parametrize("value", [None, "", "AT", "BE", HOSTILE, 7, "7", "missing"])
def test_same_html_as_django_select_whatever_is_chosen(value: Any) -> None:
    expected, got = both(value, attrs={"aria-describedby": "help-q1 errors-q1"})
    assert got == expected


def test_same_html_with_boolean_numeric_and_hostile_attributes() -> None:
    attrs = {
        "aria-required": "true",
        "disabled": True,
        "hidden": False,
        "data-n": 3,
        "title": HOSTILE,
    }
    expected, got = both("BE", attrs=attrs, render_attrs={"id": "input-q2", "required": True})
    assert got == expected
    assert ' disabled id="input-q2"' in got or " disabled" in got
    assert "hidden" not in got


def test_labels_and_values_are_escaped_and_the_chosen_option_marked() -> None:
    _, got = both(HOSTILE)
    assert "<script>" not in got
    assert "&lt;script&gt;&quot;x&quot; &amp; &#x27;y&#x27;&lt;/script&gt;" in got
    assert got.count(" selected") == 1
    assert (
        '<option value="&lt;script&gt;&quot;x&quot; &amp; &#x27;y&#x27;&lt;/script&gt;" selected>'
        in got
    )
    # A label marked safe by the code stays as written, as the template keeps it.
    assert "<b>bold</b>" in got


def test_a_safe_and_a_plain_label_with_the_same_text_are_not_confused() -> None:
    text = "<i>x</i>"
    plain = [("a", text)]
    safe = [("a", mark_safe(text))]
    for choices in (plain, safe, plain):
        expected, got = both("a", choices=choices)
        assert got == expected


def test_multiple_select_marks_every_chosen_option() -> None:
    renderer = get_default_renderer()

    class PlainMultiple(PlainSelect):
        allow_multiple_selected = True

    expected = forms.SelectMultiple(choices=CHOICES).render("c", ["AT", "BE"], None, renderer)
    got = PlainMultiple(choices=CHOICES).render("c", ["AT", "BE"], None, renderer)
    assert got == expected
    assert got.count(" selected") == 2


def test_option_groups_are_left_to_the_templates() -> None:
    grouped = [("Europe", [("AT", "Austria"), ("BE", "Belgium")]), ("x", "Other")]
    expected, got = both("BE", choices=grouped)
    assert got == expected
    assert "<optgroup" in got


def test_a_translated_label_is_written_in_the_active_language() -> None:
    lazy = [("", gettext_lazy("Name")), ("x", "X")]
    with translation.override("en"):
        english_expected, english = both("x", choices=lazy)
    with translation.override("fr"):
        french_expected, french = both("x", choices=lazy)
    assert english == english_expected
    assert french == french_expected
    assert str(translation.gettext_noop("Name")) in english


@pytest.mark.django_db
def test_application_form_country_field_renders_like_djangos_select() -> None:
    from applications.forms import _country_choices

    choices = [("", "Choose a country…"), *_country_choices()]
    expected, got = both("IT", choices=choices, render_attrs={"id": "input-q08"})
    assert got == expected
    assert '<option value="IT" selected>' in got


ATTRS = {"aria-describedby": "help-q3 errors-q3", "data-max": 3, "title": HOSTILE, "off": False}


@pytest.mark.parametrize("value", [None, "", "plain", HOSTILE, 12, mark_safe("<b>x</b>")])
def test_text_input_and_textarea_same_html_as_djangos(value: Any) -> None:
    from socialtech.forms_widgets import PlainTextarea, PlainTextInput

    renderer = get_default_renderer()
    render_attrs = {"id": "input-q3", "required": True}
    for plain, django_widget in (
        (PlainTextInput, forms.TextInput),
        (PlainTextarea, forms.Textarea),
    ):
        expected = django_widget(ATTRS).render("q3", value, render_attrs, renderer)
        got = plain(ATTRS).render("q3", value, render_attrs, renderer)
        assert got == expected
        assert "<script>" not in got


@pytest.mark.parametrize("value", [None, "AT", HOSTILE, ["AT", "BE"], [HOSTILE]])
@pytest.mark.parametrize("render_attrs", [None, {"id": "input-q4", "class": "boxes"}])
def test_radios_and_tick_boxes_same_html_as_djangos(value: Any, render_attrs: Any) -> None:
    from socialtech.forms_widgets import PlainCheckboxSelectMultiple, PlainRadioSelect

    renderer = get_default_renderer()
    pairs = [
        (PlainRadioSelect, forms.RadioSelect),
        (PlainCheckboxSelectMultiple, forms.CheckboxSelectMultiple),
    ]
    for plain, django_widget in pairs:
        expected = django_widget(ATTRS, choices=CHOICES).render("q4", value, render_attrs, renderer)
        got = plain(ATTRS, choices=CHOICES).render("q4", value, render_attrs, renderer)
        assert got == expected
        assert "<script>" not in got


def test_grouped_radios_are_left_to_the_templates() -> None:
    from socialtech.forms_widgets import PlainRadioSelect

    grouped = [("Europe", [("AT", "Austria"), ("BE", "Belgium")]), ("x", "Other")]
    renderer = get_default_renderer()
    expected = forms.RadioSelect(choices=grouped).render("g", "AT", {"id": "g"}, renderer)
    assert PlainRadioSelect(choices=grouped).render("g", "AT", {"id": "g"}, renderer) == expected


@pytest.mark.parametrize("language", ["en", "fr", "de"])
def test_country_choices_are_named_and_sorted_in_the_active_language(language: str) -> None:
    from django_countries import countries

    from applications.forms import _country_choices
    from organisations.countries import ELIGIBLE_COUNTRIES

    with translation.override("en"):
        _country_choices()  # an English list cached first must not leak into another language
    with translation.override(language):
        named = [(code, str(countries.name(code) or code)) for code in ELIGIBLE_COUNTRIES]
        assert _country_choices() == sorted(named, key=lambda pair: pair[1])
