"""The claims' forms: the claim itself (multipart), and the back office's review and
reimbursement pages."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from vouchers.claims.services import MAX_INVOICE_NUMBER, MAX_NOTE, MAX_REFERENCE

ACCEPT = ".pdf,.png,.jpg,.jpeg,application/pdf,image/png,image/jpeg"


class ClaimForm(forms.Form):
    """The claim; the files are optional here when a claim sent back already has them, and
    the service decides what is missing."""

    amount = forms.DecimalField(
        label=_("Amount claimed (EUR)"), max_digits=10, decimal_places=2, min_value=Decimal("0.01")
    )
    invoice_number = forms.CharField(label=_("Invoice number"), max_length=MAX_INVOICE_NUMBER)
    invoice_date = forms.DateField(
        label=_("Invoice date"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    invoice = forms.FileField(
        label=_("Invoice"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPT}),
        help_text=_("PDF, PNG or JPEG, at most 10 MB."),
    )
    delivery_proof = forms.FileField(
        label=_("Proof of delivery"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPT}),
        help_text=_(
            "A report, a certificate of attendance or the deliverable's first page signed by both sides."
        ),
    )
    co_payment_proof = forms.FileField(
        label=_("Proof of the enterprise's co-payment"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPT}),
        help_text=_("A bank statement or receipt showing the enterprise paid its share."),
    )
    note = forms.CharField(
        label=_("Note to the programme"),
        required=False,
        max_length=MAX_NOTE,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, co_payment: bool, replacing: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not co_payment:
            del self.fields["co_payment_proof"]
        if not replacing:
            for name in ("invoice", "delivery_proof", "co_payment_proof"):
                if name in self.fields:
                    self.fields[name].help_text = _("Required. PDF, PNG or JPEG, at most 10 MB.")
        else:
            for name in ("invoice", "delivery_proof", "co_payment_proof"):
                if name in self.fields:
                    self.fields[name].help_text = _(
                        "Leave empty to keep the file sent before; choose one to replace it."
                    )


class ReviewNoteForm(forms.Form):
    note = forms.CharField(
        label=_("Note to the claimant"),
        required=False,
        max_length=MAX_NOTE,
        widget=forms.Textarea(attrs={"rows": 4, "cols": 60}),
    )

    def __init__(self, *args: Any, required: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["note"].required = required
        if required:
            self.fields["note"].help_text = _("Say what must change; the claimant reads it.")


class ReimburseForm(forms.Form):
    paid_on = forms.DateField(
        label=_("Paid on"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    reference = forms.CharField(label=_("Payment reference"), max_length=MAX_REFERENCE)
