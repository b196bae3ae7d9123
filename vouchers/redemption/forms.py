"""The redemption's forms: the enterprise's choice of provider, scope and price, and the
provider's answer."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from vouchers.models import Voucher
from vouchers.redemption import selectors
from vouchers.redemption.services import MAX_ANSWER, MAX_SCOPE


class ChooseProviderForm(forms.Form):
    """Category first, then a provider accredited in it (the providers are grouped by
    category in one plain select, usable from the keyboard without script)."""

    category = forms.ChoiceField(label=_("Service category"))
    provider = forms.TypedChoiceField(label=_("Accredited provider"), coerce=int)
    scope = forms.CharField(
        label=_("Scope of work"),
        max_length=MAX_SCOPE,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_(
            "What the provider will deliver, agreed with the provider: tasks, results, dates."
        ),
    )
    agreed_price = forms.DecimalField(
        label=_("Agreed price (EUR)"),
        max_digits=10,
        decimal_places=2,
        min_value=Decimal("0.01"),
        help_text=_("The full price of the service, before the voucher pays its part."),
    )

    def __init__(self, *args: Any, voucher: Voucher, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        categories = selectors.scheme_categories(voucher)
        self.offers = selectors.accredited_offers(voucher)
        category_field = self.fields["category"]
        assert isinstance(category_field, forms.ChoiceField)
        category_field.choices = [("", _("Choose a category")), *categories]
        labels = dict(categories)
        groups: dict[str, list[tuple[int, str]]] = {}
        for accreditation in self.offers:
            groups.setdefault(accreditation.category, []).append(
                (accreditation.provider_id, selectors.offer_label(accreditation))
            )
        provider_field = self.fields["provider"]
        assert isinstance(provider_field, forms.ChoiceField)
        provider_field.choices = [
            ("", _("Choose a provider")),
            *[(labels[category], rows) for category, rows in groups.items()],
        ]
        provider_field.help_text = _(
            "Providers are listed under each category they are accredited in, with their services and prices."
        )


class AnswerForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Your answer"),
        choices=[("accept", _("Accept the work")), ("decline", _("Decline the work"))],
        widget=forms.RadioSelect,
    )
    message = forms.CharField(
        label=_("Message to the enterprise"),
        required=False,
        max_length=MAX_ANSWER,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Optional when you accept; say why when you decline."),
    )
