"""The place form: which of the person's training vouchers pays, and who learns."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from organisations.models import OrganisationMember
from upskilling.training.selectors import VoucherOption
from vouchers.money import euros


class PlaceForm(forms.Form):
    """The voucher among the person's usable ones (with what it pays of the price), and the
    learner among the members of those vouchers' organisations, grouped by organisation
    in plain selects, usable from the keyboard without script."""

    voucher = forms.TypedChoiceField(label=_("Training voucher"), coerce=int)
    learner = forms.TypedChoiceField(
        label=_("Learner"),
        coerce=int,
        help_text=_("A member of the organisation whose voucher pays the place."),
    )

    def __init__(
        self,
        *args: Any,
        options: list[VoucherOption],
        members: list[OrganisationMember],
        person: Any,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        voucher_field = self.fields["voucher"]
        assert isinstance(voucher_field, forms.ChoiceField)
        voucher_field.choices = [
            (
                option.voucher.pk,
                _("%(code)s · %(organisation)s · the voucher pays %(pays)s")
                % {
                    "code": option.voucher.code,
                    "organisation": option.voucher.organisation.legal_name,
                    "pays": euros(option.split.voucher_pays),
                },
            )
            for option in options
        ]
        voucher_field.error_messages["invalid_choice"] = _(
            "Training voucher: choose one of your organisations' issued training vouchers from the list."
        )
        voucher_field.error_messages["required"] = _("Training voucher: choose a voucher.")
        groups: dict[str, list[tuple[int, str]]] = {}
        for member in members:
            groups.setdefault(member.organisation.legal_name, []).append(
                (
                    member.user_id,
                    f"{member.user.full_name or member.user.email} <{member.user.email}>",
                )
            )
        learner_field = self.fields["learner"]
        assert isinstance(learner_field, forms.ChoiceField)
        learner_field.choices = list(groups.items())
        learner_field.error_messages["invalid_choice"] = _(
            "Learner: choose a member of the voucher's organisation from the list."
        )
        learner_field.error_messages["required"] = _("Learner: choose who takes the course.")
        if not self.is_bound:
            self.initial.setdefault("learner", person.pk)
            if len(options) == 1:
                self.initial.setdefault("voucher", options[0].voucher.pk)
