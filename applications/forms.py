"""Forms of the applicant pages.

:class:`AnswersForm` is built from a call's form fields. It only turns what the browser
sent into the answers' JSON shape; every rule (word limits, required answers, amounts) is
the services' and the call's (``calls.answers``), checked at submission, so a draft keeps
whatever the applicant typed.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from django import forms
from django.forms.renderers import TemplatesSetting
from django.utils.datastructures import MultiValueDict
from django.utils.formats import number_format
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django_countries import countries

from applications.models import Attachment
from applications.selectors import format_money, format_number, format_size
from calls.answers import MAX_BUDGET_ROWS, budget_total, count_words
from calls.models import FieldType, FormField
from organisations.countries import ELIGIBLE_COUNTRIES
from organisations.models import Organisation
from socialtech.documents.uploads import KINDS
from socialtech.forms_widgets import (
    PlainCheckboxSelectMultiple,
    PlainRadioSelect,
    PlainSelect,
    PlainTextarea,
    PlainTextInput,
)

# A choice with more options than this is a drop-down instead of radio buttons.
RADIO_LIMIT = 6
BUDGET_COLUMNS = ("category", "description", "amount")


class StartForm(forms.Form):
    organisation = forms.ModelChoiceField(
        queryset=Organisation.objects.none(),
        widget=forms.RadioSelect,
        empty_label=None,
        label=gettext_lazy("Organisation that applies"),
        error_messages={
            "required": gettext_lazy("Organisation that applies: choose one of yours."),
            "invalid_choice": gettext_lazy(
                "Organisation that applies: choose one of the organisations listed."
            ),
        },
    )

    def __init__(self, *args: Any, organisations: Iterable[Organisation], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = Organisation.objects.filter(  # type: ignore[attr-defined]
            pk__in=[organisation.pk for organisation in organisations]
        ).order_by("legal_name", "pk")


class WithdrawForm(forms.Form):
    confirm = forms.BooleanField(
        label=gettext_lazy(
            "I withdraw this application. I understand it will not be evaluated and cannot be submitted again."
        ),
        error_messages={
            "required": gettext_lazy("Confirmation: tick the box to confirm the withdrawal.")
        },
    )
    reason = forms.CharField(
        label=gettext_lazy("Reason (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("Staff of the programme see it; it helps them improve the call."),
    )


# --- The budget table -----------------------------------------------------------------------


class BudgetTableWidget(forms.Widget):
    """Rows of cost category, description and amount, named ``<key>-<row>-<column>``.

    Without JavaScript one empty row is offered after the filled ones (save to get another);
    with it, rows are added and removed in place and the total is kept up to date.
    """

    template_name = "applications/widgets/budget_table.html"

    def __init__(
        self, *, categories: list[tuple[str, str]], attrs: dict[str, Any] | None = None
    ) -> None:
        super().__init__(attrs)
        self.categories = categories

    def _render(self, template_name: str, context: dict[str, Any], renderer: Any = None) -> Any:
        # The template lives in the project's templates/, which the default form renderer
        # does not search; render it with the project's template settings.
        return super()._render(template_name, context, TemplatesSetting())  # type: ignore[misc]

    def value_from_datadict(self, data: Mapping[str, Any], files: Any, name: str) -> Any:
        pattern = re.compile(rf"^{re.escape(name)}-(\d{{1,4}})-(?:category|description|amount)$")
        indices = sorted({int(match.group(1)) for key in data if (match := pattern.match(key))})
        rows = []
        for index in indices[: MAX_BUDGET_ROWS + 1]:
            row = {
                column: str(data.get(f"{name}-{index}-{column}") or "").strip()
                for column in BUDGET_COLUMNS
            }
            if any(row.values()):
                rows.append(row)
        return rows

    def value_omitted_from_data(self, data: Mapping[str, Any], files: Any, name: str) -> bool:
        return False

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        rows = [dict(row) for row in value or [] if isinstance(row, dict)]
        rows.append({"category": "", "description": "", "amount": ""})
        for number, row in enumerate(rows):
            row["index"] = number
            row["number"] = number + 1
        context["widget"].update(
            {
                "rows": rows,
                "categories": self.categories,
                "total": format_money(budget_total(value or [])),
                "next_index": len(rows),
                # Copied by the script for "Add a row"; it replaces the placeholders.
                "template_row": {
                    "index": "__INDEX__",
                    "number": "__NUMBER__",
                    "category": "",
                    "description": "",
                    "amount": "",
                },
            }
        )
        return context


class BudgetTableField(forms.Field):
    widget = BudgetTableWidget

    def to_python(self, value: Any) -> list[dict[str, str]]:
        return list(value or [])


# --- The application form --------------------------------------------------------------


@dataclass
class FieldLayout:
    """One question as the edit page shows it."""

    spec: FormField
    bound: forms.BoundField
    rules: list[str] = field(default_factory=list)
    attachment: Attachment | None = None
    uses_fieldset: bool = False
    described_by: str = ""

    @property
    def key(self) -> str:
        return self.spec.key

    @property
    def word_count(self) -> int:
        return count_words(str(self.bound.value() or ""))

    @property
    def type(self) -> str:
        return self.spec.type


@dataclass
class SectionLayout:
    heading: str
    fields: list[FieldLayout]


def uses_fieldset(spec: FormField) -> bool:
    """Groups of inputs (radio buttons, checkboxes, the budget table) sit in a fieldset."""
    if spec.type in (FieldType.MULTIPLE_CHOICE, FieldType.BUDGET_TABLE):
        return True
    return spec.type == FieldType.CHOICE and len(spec.option_pairs()) <= RADIO_LIMIT


def described_by(spec: FormField) -> str:
    """Ids of the texts that describe the input: word count, rules, help, errors."""
    ids = []
    if spec.type == FieldType.TEXTAREA:
        ids.append(f"count-{spec.key}")
    if _rules(spec):
        ids.append(f"rules-{spec.key}")
    if spec.help_text:
        ids.append(f"help-{spec.key}")
    ids.append(f"errors-{spec.key}")
    return " ".join(ids)


def _allowed_types(spec: FormField) -> list[str]:
    return [name for name in spec.file_types if name in KINDS]


def _rules(spec: FormField) -> list[str]:
    rules: list[str] = []
    if spec.type == FieldType.TEXT:
        rules.append(_("At most 500 characters."))
    if spec.type == FieldType.TEXTAREA and spec.max_words:
        rules.append(
            _("At most %(count)s words.")
            % {"count": number_format(spec.max_words, force_grouping=True)}
        )
    if spec.type in (FieldType.NUMBER, FieldType.MONEY, FieldType.BUDGET_TABLE):
        show = format_money if spec.type != FieldType.NUMBER else format_number
        if spec.min_value is not None and spec.max_value is not None:
            rules.append(
                _("Between %(min)s and %(max)s.")
                % {"min": show(spec.min_value), "max": show(spec.max_value)}
            )
        elif spec.min_value is not None:
            rules.append(_("At least %(min)s.") % {"min": show(spec.min_value)})
        elif spec.max_value is not None:
            template = (
                _("The total may be at most %(max)s.")
                if spec.type == FieldType.BUDGET_TABLE
                else _("At most %(max)s.")
            )
            rules.append(template % {"max": show(spec.max_value)})
    if spec.type == FieldType.MONEY:
        rules.append(_("An amount in EUR with at most two decimals, like 12500.00."))
    if spec.type == FieldType.DATE:
        rules.append(_("A date as YYYY-MM-DD."))
    if spec.type == FieldType.FILE:
        allowed = ", ".join(KINDS[name].short_label for name in _allowed_types(spec))
        rules.append(_("Accepted file types: %(types)s.") % {"types": allowed})
        rules.append(_("Largest size: %(size)s.") % {"size": format_size(spec.file_max_bytes)})
    return rules


def answer_to_initial(spec: FormField, value: Any) -> Any:
    if value is None:
        return None
    if spec.type == FieldType.MULTIPLE_CHOICE:
        return [str(item) for item in value] if isinstance(value, list) else []
    if spec.type == FieldType.DECLARATION:
        return value is True
    if spec.type == FieldType.BUDGET_TABLE:
        return (
            [
                {column: str(row.get(column) or "") for column in BUDGET_COLUMNS}
                for row in value
                if isinstance(row, dict)
            ]
            if isinstance(value, list)
            else []
        )
    return str(value)


def _country_choices() -> list[tuple[str, str]]:
    """The eligible countries sorted by their names in the active language."""
    return list(_countries_in(get_language()))


@lru_cache(maxsize=32)
def _countries_in(language: str | None) -> tuple[tuple[str, str], ...]:
    # Named and sorted once per language and process, not for each country field shown.
    pairs = [(code, str(countries.name(code) or code)) for code in ELIGIBLE_COUNTRIES]
    return tuple(sorted(pairs, key=lambda pair: pair[1]))


class AnswersForm(forms.Form):
    """The call's form for one application, built from its :class:`FormField` rows.

    Field names are the field keys; inputs have the id ``input-<key>`` and sit in an
    element with the id ``field-<key>``, which review pages link to.
    """

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)

    def __init__(
        self,
        data: Any = None,
        files: MultiValueDict | None = None,
        *,
        specs: list[FormField],
        answers: dict[str, Any] | None = None,
        version: int,
        attachments: Iterable[Attachment] = (),
        read_only: bool = False,
    ) -> None:
        answers = answers or {}
        initial: dict[str, Any] = {"version": version}
        initial.update({spec.key: answer_to_initial(spec, answers.get(spec.key)) for spec in specs})
        super().__init__(data, files, initial=initial, auto_id="input-%s")
        self.specs = {spec.key: spec for spec in specs}
        self.attachments = {attachment.field_key: attachment for attachment in attachments}
        self.read_only = read_only
        for spec in specs:
            form_field = self._build(spec)
            form_field.disabled = read_only
            self.fields[spec.key] = form_field
        if read_only:
            self.fields["version"].disabled = True

    # --- building ----------------------------------------------------------------------
    def _build(self, spec: FormField) -> forms.Field:
        key = spec.key
        attrs: dict[str, Any] = {}
        if spec.required and not uses_fieldset(spec):
            # A group's legend says it is required; on each box it would mean "tick all".
            attrs["aria-required"] = "true"
        label = spec.label_text
        kind = spec.type
        form_field: forms.Field
        if kind == FieldType.TEXTAREA:
            attrs.update({"rows": 8, "data-word-counter": f"count-{key}"})
            if spec.max_words:
                attrs["data-max-words"] = str(spec.max_words)
            form_field = forms.CharField(required=False, strip=False, widget=PlainTextarea(attrs))
        elif kind in (FieldType.NUMBER, FieldType.MONEY):
            attrs.update({"inputmode": "decimal", "autocomplete": "off", "spellcheck": "false"})
            if kind == FieldType.MONEY:
                attrs["class"] = "money-input"
            form_field = forms.CharField(required=False, widget=PlainTextInput(attrs))
        elif kind == FieldType.DATE:
            attrs["type"] = "date"
            form_field = forms.CharField(required=False, widget=PlainTextInput(attrs))
        elif kind == FieldType.CHOICE:
            pairs = spec.option_pairs()
            if len(pairs) <= RADIO_LIMIT:
                form_field = forms.ChoiceField(
                    required=False, choices=pairs, widget=PlainRadioSelect(attrs)
                )
            else:
                form_field = forms.ChoiceField(
                    required=False,
                    choices=[("", _("Choose…")), *pairs],
                    widget=PlainSelect(attrs),
                )
        elif kind == FieldType.MULTIPLE_CHOICE:
            form_field = forms.MultipleChoiceField(
                required=False,
                choices=spec.option_pairs(),
                widget=PlainCheckboxSelectMultiple(attrs),
            )
        elif kind == FieldType.COUNTRY:
            form_field = forms.ChoiceField(
                required=False,
                choices=[("", _("Choose a country…")), *_country_choices()],
                widget=PlainSelect(attrs),
            )
        elif kind == FieldType.FILE:
            extensions = sorted(
                {f".{ext}" for name in _allowed_types(spec) for ext in KINDS[name].extensions}
            )
            attrs["accept"] = ",".join(extensions)
            attrs["data-max-bytes"] = str(spec.file_max_bytes)
            form_field = forms.FileField(required=False, widget=forms.FileInput(attrs))
        elif kind == FieldType.DECLARATION:
            form_field = forms.BooleanField(required=False, widget=forms.CheckboxInput(attrs))
        elif kind == FieldType.BUDGET_TABLE:
            form_field = BudgetTableField(
                required=False,
                widget=BudgetTableWidget(categories=spec.option_pairs(), attrs=attrs),
            )
        else:
            form_field = forms.CharField(
                required=False, widget=PlainTextInput({**attrs, "autocomplete": "off"})
            )
        form_field.label = label
        if not uses_fieldset(spec):
            form_field.widget.attrs["aria-describedby"] = described_by(spec)
        return form_field

    # --- reading -----------------------------------------------------------------------
    def answers(self) -> dict[str, Any]:
        """The answers in the JSON shape of ``calls.answers``; empty answers are ``None``
        (which clears them in a draft). File fields are left out: they are attachments."""
        result: dict[str, Any] = {}
        for key, spec in self.specs.items():
            if spec.type == FieldType.FILE:
                continue
            value = self.cleaned_data.get(key)
            if spec.type == FieldType.DECLARATION:
                result[key] = True if value else None
            elif spec.type == FieldType.BUDGET_TABLE:
                result[key] = value or None
            elif spec.type == FieldType.MULTIPLE_CHOICE:
                result[key] = list(value) if value else None
            elif spec.type == FieldType.COUNTRY:
                result[key] = str(value).upper() if value else None
            elif spec.type in (FieldType.NUMBER, FieldType.MONEY):
                text = str(value or "").strip()
                result[key] = text.replace("\u00a0", " ") if text else None
            else:
                result[key] = value if value not in (None, "") else None
        return result

    def uploads(self) -> dict[str, Any]:
        """Files chosen in file fields (the form without JavaScript sends them with the rest)."""
        return {
            key: self.cleaned_data[key]
            for key, spec in self.specs.items()
            if spec.type == FieldType.FILE and self.cleaned_data.get(key)
        }

    def add_service_errors(self, errors: Mapping[str, Iterable[str]]) -> None:
        """Show a service's refusals by field key (unknown keys above the form)."""
        for key, messages in errors.items():
            for message in messages if not isinstance(messages, str) else [messages]:
                self.add_error(key if key in self.fields else None, str(message))

    # --- layout ------------------------------------------------------------------------
    def sections(self) -> list[SectionLayout]:
        """The questions in order, grouped under the section headings of the call's form."""
        sections: list[SectionLayout] = []
        for key, spec in self.specs.items():
            heading = spec.section_text
            if not sections or (heading and heading != sections[-1].heading):
                sections.append(SectionLayout(heading=heading, fields=[]))
            sections[-1].fields.append(
                FieldLayout(
                    spec=spec,
                    bound=self[key],
                    rules=_rules(spec),
                    attachment=self.attachments.get(key),
                    uses_fieldset=uses_fieldset(spec),
                    described_by=described_by(spec),
                )
            )
        return sections


# --- Helpers of the staff pages' forms ---------------------------------------------------


def describe_errors(form: forms.Form) -> None:
    """Tie each field's error message to its input for screen readers (aria-describedby)."""
    for name in form.errors:
        if name in form.fields:
            bound = form[name]
            ids = [f"{bound.auto_id}_error"]
            if form.fields[name].help_text:
                ids.append(f"{bound.auto_id}_helptext")
            form.fields[name].widget.attrs["aria-describedby"] = " ".join(ids)
