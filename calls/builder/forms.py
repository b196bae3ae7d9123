"""The call builder's forms for a call's questions and award criteria."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from calls.builder.services import (
    CRITERION_VALUES,
    FORM_FIELD_VALUES,
    criterion_problems,
    form_field_problems,
)
from calls.form_helpers import (
    MEGABYTE,
    add_problems,
    content_languages,
    form_renderer,
    format_options,
    parse_options,
    translated_field,
)
from calls.models import (
    Criterion,
    FormField,
)
from socialtech.documents.uploads import ALLOWED_TYPE_NAMES, KINDS
from socialtech.i18n import TranslatedTextField

# --- The form's questions, criteria, documents and FAQ ---------------------------------------


class FormFieldAdminForm(forms.ModelForm):
    """One question of the application form."""

    default_renderer = form_renderer()
    RENAMED = {"options": "options_text", "max_bytes": "max_megabytes"}

    section = TranslatedTextField(required=False)
    label = TranslatedTextField()
    help = TranslatedTextField(required=False)
    options_text = forms.CharField(
        label=gettext_lazy("Options"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    max_megabytes = forms.DecimalField(
        label=gettext_lazy("Size limit (MB)"),
        required=False,
        min_value=Decimal("0.1"),
        max_digits=6,
        decimal_places=1,
        help_text=gettext_lazy("File fields only. Empty: 10 MB."),
    )
    allowed_types = forms.MultipleChoiceField(
        label=gettext_lazy("Allowed file types"),
        required=False,
        choices=[(name, KINDS[name].short_label) for name in ALLOWED_TYPE_NAMES],
        widget=forms.CheckboxSelectMultiple,
        help_text=gettext_lazy("File fields only. None ticked: PDF."),
    )

    class Meta:
        model = FormField
        fields = [
            "order",
            "section",
            "key",
            "type",
            "label",
            "help",
            "required",
            "options_text",
            "max_words",
            "max_megabytes",
            "allowed_types",
            "min_value",
            "max_value",
            "is_requested_amount",
        ]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.languages = content_languages()
        self.fields["section"] = translated_field(
            self.languages,
            label=_("Section heading"),
            required=False,
            max_length=200,
            help_text=_("Starts a new section of the form above this question."),
        )
        self.fields["label"] = translated_field(self.languages, label=_("Label"), max_length=500)
        self.fields["help"] = translated_field(
            self.languages, label=_("Help text"), required=False, multiline=True
        )
        self.fields["options_text"].help_text = _(
            "One option per line: value | English label | … in this order of languages: %(languages)s. "
            "Choices need at least two; the lines of a budget table are its cost categories."
        ) % {"languages": ", ".join(self.languages)}
        self.initial.setdefault(
            "options_text", format_options(self.instance.options, self.languages)
        )
        if self.instance.max_bytes:
            self.initial.setdefault(
                "max_megabytes",
                (Decimal(self.instance.max_bytes) / MEGABYTE).quantize(Decimal("0.1")),
            )

    def clean(self) -> dict[str, Any]:
        super().clean()
        cleaned = self.cleaned_data
        try:
            cleaned["options"] = parse_options(cleaned.get("options_text") or "", self.languages)
        except ValidationError as error:
            self.add_error("options_text", error)
            cleaned["options"] = []
        megabytes = cleaned.get("max_megabytes")
        cleaned["max_bytes"] = int(megabytes * MEGABYTE) if megabytes else None
        if "options_text" not in self.errors:
            values = {name: cleaned.get(name) for name in FORM_FIELD_VALUES}
            problems = form_field_problems(values)
            add_problems(
                self,
                {name: message for name, message in problems.items() if name not in self.errors},
                self.RENAMED,
            )
        return cleaned

    def service_values(self) -> dict[str, Any]:
        values = {name: self.cleaned_data.get(name) for name in FORM_FIELD_VALUES}
        values["allowed_types"] = list(values["allowed_types"] or [])
        values["section"] = values["section"] or {}
        values["help"] = values["help"] or {}
        if "key" not in self.fields or self.fields["key"].disabled:
            values.pop("key")
        return values


class FormFieldAmendForm(FormFieldAdminForm):
    """As :class:`FormFieldAdminForm`; an existing question keeps its key (answers use it)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["key"].disabled = True
            self.fields["key"].help_text = _(
                "Fixed once published: answers are kept by key. Add a new question instead."
            )


class CriterionAdminForm(forms.ModelForm):
    default_renderer = form_renderer()

    name = TranslatedTextField()
    description = TranslatedTextField(required=False)

    class Meta:
        model = Criterion
        fields = ["order", "name", "description", "weight", "threshold"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        languages = content_languages()
        self.fields["name"] = translated_field(languages, label=_("Name"), max_length=200)
        self.fields["description"] = translated_field(
            languages,
            label=_("Description"),
            required=False,
            multiline=True,
            help_text=_("What evaluators look for; shown to applicants too."),
        )
        if "threshold" in self.fields:
            self.fields["threshold"].help_text = _("Scores run from 0 to 5 in half points.")

    def clean(self) -> dict[str, Any]:
        super().clean()
        cleaned = self.cleaned_data
        problems = criterion_problems({name: cleaned.get(name) for name in CRITERION_VALUES})
        add_problems(
            self, {name: text for name, text in problems.items() if name not in self.errors}, {}
        )
        return cleaned

    def service_values(self) -> dict[str, Any]:
        values = {name: self.cleaned_data.get(name) for name in CRITERION_VALUES}
        values["description"] = values["description"] or {}
        return values


class KeyedInlineFormSet(forms.BaseInlineFormSet):
    """Refuses two questions with the same key in one go, naming the key."""

    def clean(self) -> None:
        super().clean()
        keys: set[str] = set()
        for form in self.forms:
            if not hasattr(form, "cleaned_data") or form in self.deleted_forms:
                continue
            key = form.cleaned_data.get("key") or (form.instance.key if form.instance.pk else "")
            if not key:
                continue
            if key in keys:
                raise ValidationError(
                    _("Two questions use the key %(key)s; each key must be unique.") % {"key": key},
                    code="duplicate_key",
                )
            keys.add(key)
