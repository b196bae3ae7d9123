"""The back-office form of a voucher scheme; the rules are the service's (``scheme_save``)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from calls.models import Call, CallKind
from vouchers.models import ServiceCategory, VoucherScheme


class VoucherSchemeForm(forms.ModelForm):
    # The queryset is the active programme's, set per request (rows are tenant-scoped).
    call = forms.ModelChoiceField(
        label=_("Call"),
        queryset=Call.unscoped.none(),
        help_text=_(
            "A voucher call. Its application form gets the required de minimis question if it "
            "lacks it."
        ),
    )
    service_categories = forms.MultipleChoiceField(
        label=_("Eligible service categories"),
        choices=ServiceCategory.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("The categories of service the vouchers may buy."),
    )

    class Meta:
        model = VoucherScheme
        fields = [
            "call",
            "value",
            "co_funding_percent",
            "validity_months",
            "service_categories",
            "max_vouchers_per_organisation",
            "claim_submitter",
            "budget",
        ]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        call_field = self.fields["call"]
        assert isinstance(call_field, forms.ModelChoiceField)
        call_field.queryset = Call.objects.filter(kind=CallKind.VOUCHER).order_by("-deadline", "pk")
        self.fields["budget"].required = False
        self.fields["budget"].help_text = _(
            "Leave empty for the call's budget. Vouchers are issued while their value fits; "
            "expired and cancelled vouchers give it back."
        )
        if self.instance.pk is None:
            self.initial.setdefault(
                "service_categories", [category.value for category in ServiceCategory]
            )
            self.initial.setdefault("validity_months", 12)
