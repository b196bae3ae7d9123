"""The back-office forms of the payments: a call's tranche plan, a payment recorded, a
recovery order, a termination. They only read what was typed; the services hold the rules."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from grants.models import Award, TrancheTrigger
from grants.payments.selectors import MAX_PLAN_STEPS


class PlanStepForm(forms.Form):
    percent = forms.CharField(
        label=_("Share (%)"),
        required=False,
        max_length=8,
        widget=forms.TextInput({"inputmode": "decimal", "autocomplete": "off", "size": 8}),
    )
    trigger = forms.ChoiceField(label=_("Due"), choices=TrancheTrigger.choices)


PlanFormSet = forms.formset_factory(
    PlanStepForm, extra=0, max_num=MAX_PLAN_STEPS, absolute_max=MAX_PLAN_STEPS
)


def plan_formset(data: Any = None, *, steps: list[Any]) -> Any:
    """The plan's rows, with empty rows to add tranches up to the limit of the plan."""
    initial = [{"percent": str(step.percent), "trigger": step.trigger} for step in steps]
    initial += [{"percent": "", "trigger": TrancheTrigger.FINAL_REPORT}] * max(
        0, min(2, MAX_PLAN_STEPS - len(initial))
    )
    return PlanFormSet(data, initial=initial, prefix="steps")


class MarkPaidForm(forms.Form):
    paid_on = forms.DateField(
        label=_("Payment date"),
        widget=forms.DateInput({"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": _("Payment date: give a date as YYYY-MM-DD.")},
    )
    reference = forms.CharField(
        label=_("Payment reference"),
        max_length=100,
        help_text=_("The bank's reference of the transfer."),
    )


class RecoveredForm(forms.Form):
    recovered_on = forms.DateField(
        label=_("Date paid back"),
        widget=forms.DateInput({"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": _("Date paid back: give a date as YYYY-MM-DD.")},
    )


class AwardChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.application.receipt_number} · {obj.organisation.legal_name}"


class RecoveryOrderForm(forms.Form):
    award = AwardChoiceField(label=_("Award"), queryset=Award.unscoped.none())
    amount = forms.CharField(
        label=_("Amount recovered (EUR)"),
        max_length=20,
        widget=forms.TextInput({"inputmode": "decimal", "autocomplete": "off"}),
        help_text=_("What the award no longer owes; unpaid tranches are reduced, last first."),
    )
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea({"rows": 4}), max_length=4000)
    reference = forms.CharField(label=_("Reference"), max_length=100, required=False)

    def __init__(self, *args: Any, awards: QuerySet[Award], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["award"].queryset = awards  # type: ignore[attr-defined]


class TerminateForm(forms.Form):
    award = AwardChoiceField(label=_("Award"), queryset=Award.unscoped.none())
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea({"rows": 4}), max_length=4000)
    recovery_amount = forms.CharField(
        label=_("Amount to pay back (EUR)"),
        max_length=20,
        required=False,
        widget=forms.TextInput({"inputmode": "decimal", "autocomplete": "off"}),
        help_text=_("Of the money already paid; empty for none. Unpaid tranches are cancelled."),
    )

    def __init__(self, *args: Any, awards: QuerySet[Award], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["award"].queryset = awards  # type: ignore[attr-defined]
