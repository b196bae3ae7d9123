"""Back-office forms of the agreements: a template's text, a bank account, a generation."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from grants.banking import mask_iban, may_see_iban
from grants.models import AWARDED_STATUSES, AgreementTemplate, Award, BankAccount
from grants.placeholders import PLACEHOLDERS


def placeholders_help() -> Any:
    return format_html(
        "{}<ul>{}</ul>",
        _("Placeholders:"),
        format_html_join(
            "",
            "<li><code>{{{{ {} }}}}</code>: {}</li>",
            ((name, description) for name, description in PLACEHOLDERS.items()),
        ),
    )


class AgreementTemplateForm(forms.ModelForm):
    class Meta:
        model = AgreementTemplate
        fields = ["name", "call_kind", "language", "body", "is_active"]
        widgets = {"body": forms.Textarea(attrs={"rows": 30, "cols": 100, "spellcheck": "true"})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["body"].help_text = placeholders_help()


class CallChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.title_text)


class AwardChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.application} · {obj.organisation.legal_name}"


class BankAccountForm(forms.ModelForm):
    """Whoever may not see a full IBAN never gets it in the form either: the field starts
    empty (the masked number shown beside it) and left empty keeps the current one."""

    award = AwardChoiceField(queryset=Award.unscoped.none(), label=_("award"))

    class Meta:
        model = BankAccount
        fields = ["award", "holder", "iban", "bic"]

    viewer: Any = None

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        award_field = self.fields["award"]
        assert isinstance(award_field, forms.ModelChoiceField)
        award_field.queryset = Award.objects.filter(status__in=AWARDED_STATUSES).select_related(
            "application", "organisation"
        )
        self.keeps_iban = bool(self.instance.pk) and not may_see_iban(self.viewer)
        if self.keeps_iban:
            self.initial["iban"] = ""
            field = self.fields["iban"]
            field.required = False
            field.help_text = _("Now %(masked)s. Leave empty to keep it.") % {
                "masked": mask_iban(self.instance.iban)
            }

    def clean_iban(self) -> str:
        value = self.cleaned_data.get("iban", "")
        if self.keeps_iban and not value:
            return self.instance.iban
        return value


class GenerateForCallForm(forms.Form):
    call = CallChoiceField(queryset=Award.unscoped.none(), label=_("Call"))

    def __init__(self, *args: Any, calls: QuerySet[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["call"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = calls


class GenerateForAwardForm(forms.Form):
    award = AwardChoiceField(queryset=Award.unscoped.none(), label=_("Award"))

    def __init__(self, *args: Any, awards: QuerySet[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["award"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = awards
