"""Forms of the call pages and of the staff form builder.

The forms turn what staff type into the values the services take (per-language texts,
options written one per line, sizes in MB, dates in the call's time zone) and show the
services' own rules beside the inputs; the rules themselves live in ``calls.services``.
"""

from __future__ import annotations

from typing import Any, cast
from zoneinfo import ZoneInfo, available_timezones

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_countries import countries

from calls import selectors
from calls.form_helpers import (
    add_problems,
    content_languages,
    form_renderer,
    translated_field,
)
from calls.models import (
    DEFAULT_TIE_BREAK_CHAIN,
    Call,
    CallKind,
    WorkPackage,
)
from calls.validation import CALL_FIELDS, call_identity_problems
from organisations.countries import ELIGIBLE_COUNTRIES
from organisations.models import LegalForm
from socialtech.i18n import TranslatedTextField

TIE_BREAK_RULES = ("country_not_yet_funded", "earlier_submission", "seeded_draw")


# --- The call ---------------------------------------------------------------------------------


def _zone_choices() -> list[tuple[str, str]]:
    return [(name, name) for name in sorted(available_timezones())]


def _country_choices() -> list[tuple[str, str]]:
    return sorted(
        ((code, str(countries.name(code))) for code in ELIGIBLE_COUNTRIES), key=lambda c: c[1]
    )


class LabelledSplitDateTimeWidget(forms.SplitDateTimeWidget):
    """A native date input and time input, each named for screen readers ("Deadline (date)")."""

    def __init__(self, field_label: Any) -> None:
        super().__init__(
            date_attrs={"type": "date"},
            time_attrs={"type": "time"},
            date_format="%Y-%m-%d",
            time_format="%H:%M",
        )
        self.field_label = field_label

    def get_context(self, name: str, value: Any, attrs: Any) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        date_input, time_input = context["widget"]["subwidgets"]
        date_input["attrs"]["aria-label"] = _("%(field)s (date)") % {"field": self.field_label}
        time_input["attrs"]["aria-label"] = _("%(field)s (time)") % {"field": self.field_label}
        return context


def _date_time_field(label: Any, *, required: bool = True) -> forms.SplitDateTimeField:
    return forms.SplitDateTimeField(
        label=label,
        required=required,
        help_text=gettext_lazy("Date and time in the call's time zone."),
        widget=LabelledSplitDateTimeWidget(label),
    )


class CallAdminForm(forms.ModelForm):
    """The call's settings. Dates are typed in the call's own time zone, not the server's."""

    default_renderer = form_renderer()
    DATE_FIELDS = ("opens_at", "deadline", "evaluation_deadline")

    title = TranslatedTextField(label=gettext_lazy("Title"))
    summary = TranslatedTextField(label=gettext_lazy("Summary"), required=False)
    body = TranslatedTextField(label=gettext_lazy("Text of the call"), required=False)
    topics = forms.CharField(
        label=gettext_lazy("Topics"),
        required=False,
        help_text=gettext_lazy(
            "Keywords, separated by commas, used to match evaluators (e.g. care, robotics)."
        ),
    )
    opens_at = _date_time_field(gettext_lazy("Opens at"))
    deadline = _date_time_field(gettext_lazy("Deadline"))
    evaluation_deadline = _date_time_field(gettext_lazy("Evaluation deadline"), required=False)
    timezone = forms.ChoiceField(
        label=gettext_lazy("Time zone"),
        choices=_zone_choices,
        initial="Europe/Brussels",
        help_text=gettext_lazy("The dates above are in this time zone."),
    )
    tie_break_chain = forms.CharField(
        label=gettext_lazy("Tie-break chain"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=gettext_lazy(
            "One rule per line, applied in order to equal totals: criterion:1 (score on the first "
            "criterion), country_not_yet_funded, earlier_submission, seeded_draw."
        ),
    )
    eligible_countries = forms.MultipleChoiceField(
        label=gettext_lazy("Eligible countries"),
        required=False,
        choices=_country_choices,
        widget=forms.SelectMultiple(attrs={"size": 12}),
        help_text=gettext_lazy(
            "None selected: every EU member state and associated country. Hold Ctrl (Cmd on a "
            "Mac) to select several."
        ),
    )
    eligible_legal_forms = forms.MultipleChoiceField(
        label=gettext_lazy("Eligible legal forms"),
        required=False,
        choices=LegalForm.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=gettext_lazy("None ticked: every legal form."),
    )

    # Declared (not generated from the model) so its choices are read per request: a
    # programme chooses among its own work packages only.
    work_package = forms.ModelChoiceField(
        label=gettext_lazy("Work package"),
        queryset=WorkPackage.unscoped.none(),
        to_field_name="code",
        required=False,
        error_messages={
            "invalid_choice": gettext_lazy("%(value)s is not a work package of this programme.")
        },
        empty_label=gettext_lazy("None"),
    )

    class Meta:
        model = Call
        fields = sorted(CALL_FIELDS - {"work_package"})

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if "work_package" in self.fields:
            cast(
                forms.ModelChoiceField, self.fields["work_package"]
            ).queryset = selectors.work_package_choices()
        languages = content_languages()
        replacements = {
            "title": translated_field(languages, label=_("Title"), max_length=300),
            "summary": translated_field(
                languages, label=_("Summary"), required=False, multiline=True
            ),
            "body": translated_field(
                languages,
                label=_("Text of the call"),
                required=False,
                multiline=True,
                help_text=_("Markdown: ## for headings, - for lists, [text](https://…) for links."),
            ),
        }
        for name, field in replacements.items():
            if name in self.fields:
                self.fields[name] = field
        instance = self.instance
        if "topics" in self.fields:
            self.initial["topics"] = ", ".join(instance.topics or [])
        if "tie_break_chain" in self.fields:
            self.initial["tie_break_chain"] = "\n".join(
                instance.tie_break_chain or DEFAULT_TIE_BREAK_CHAIN
            )
        if instance.pk:
            zone = instance.zone
            for name in self.DATE_FIELDS:
                value = getattr(instance, name)
                if name in self.fields and value:
                    # Naive, so the widget shows it as it is: in the call's time zone.
                    self.initial[name] = timezone.localtime(value, zone).replace(tzinfo=None)

    def clean_topics(self) -> list[str]:
        text = self.cleaned_data.get("topics") or ""
        return list(dict.fromkeys(part.strip() for part in text.split(",") if part.strip()))

    def clean_tie_break_chain(self) -> list[str]:
        text = self.cleaned_data.get("tie_break_chain") or ""
        rules, errors = [], []
        for number, line in enumerate(text.splitlines(), start=1):
            rule = line.strip()
            if not rule:
                continue
            is_criterion = rule.startswith("criterion:") and rule.split(":", 1)[1].isdigit()
            if (
                not (is_criterion and int(rule.split(":", 1)[1]) >= 1)
                and rule not in TIE_BREAK_RULES
            ):
                errors.append(
                    _(
                        "Line %(line)s: %(rule)s is not a rule; use criterion:N, "
                        "country_not_yet_funded, earlier_submission or seeded_draw."
                    )
                    % {"line": number, "rule": rule}
                )
            rules.append(rule)
        if errors:
            raise ValidationError(errors)
        return rules

    def clean(self) -> dict[str, Any]:
        super().clean()
        cleaned = self.cleaned_data
        # The zone is read-only once a call closes; its dates are still typed on its clock.
        zone_name = cleaned.get("timezone") or (self.instance.timezone if self.instance.pk else "")
        if zone_name:
            zone = ZoneInfo(zone_name)
            current = timezone.get_current_timezone()
            for name in self.DATE_FIELDS:
                value = cleaned.get(name)
                if value:
                    # The widget's wall-clock time, read in the call's zone.
                    cleaned[name] = timezone.make_naive(value, current).replace(tzinfo=zone)
        problems = call_identity_problems(
            slug=cleaned.get("slug") if "slug" in self.fields else None,
            reference=cleaned.get("reference") if "reference" in self.fields else None,
            exclude_pk=self.instance.pk,
        )
        add_problems(self, problems, {})
        return cleaned

    def service_values(self) -> dict[str, Any]:
        return {
            name: self.cleaned_data[name]
            for name in self.fields
            if name in CALL_FIELDS and name in self.cleaned_data
        }


# --- The public list's filters ----------------------------------------------------------------


class CallListFilter(django_filters.FilterSet):
    """Filters of the public call list: kind and work package."""

    kind = django_filters.ChoiceFilter(
        label=gettext_lazy("Kind of support"),
        choices=CallKind.choices,
        empty_label=gettext_lazy("All kinds"),
    )
    work_package = django_filters.ModelChoiceFilter(
        label=gettext_lazy("Work package"),
        queryset=selectors.work_package_choices,
        to_field_name="code",
        error_messages={
            "invalid_choice": gettext_lazy("%(value)s is not a work package of this programme.")
        },
        empty_label=gettext_lazy("All work packages"),
    )

    class Meta:
        model = Call
        fields = ["kind", "work_package"]
