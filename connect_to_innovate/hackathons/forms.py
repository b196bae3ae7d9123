"""The forms of the hackathon pages: bring a challenge, sign up, record an outcome. Each
says which field broke which rule; the services check the rules again."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from connect_to_innovate.models import SPOKEN_LANGUAGES, SignupRole, SkillTag


def _required(label: Any) -> dict[str, Any]:
    return {"required": _("%(field)s: this field is required.") % {"field": label}}


def language_choices() -> list[tuple[str, str]]:
    from django.utils.translation import get_language_info

    choices = []
    for code in SPOKEN_LANGUAGES:
        try:
            choices.append((code, get_language_info(code)["name_translated"]))
        except KeyError:
            choices.append((code, code))
    return choices


class ChallengeForm(forms.Form):
    organisation = forms.TypedChoiceField(
        label=_("Your organisation"), coerce=int, error_messages=_required(_("Your organisation"))
    )
    title = forms.CharField(
        label=_("Title of the challenge"),
        max_length=200,
        error_messages=_required(_("Title of the challenge")),
    )
    problem = forms.CharField(
        label=_("The problem"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Who has the problem, and what you tried so far."),
        error_messages=_required(_("The problem")),
    )
    help_wanted = forms.CharField(
        label=_("The help you want"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages=_required(_("The help you want")),
    )
    skills_wanted = forms.MultipleChoiceField(
        label=_("Skills wanted"),
        choices=SkillTag.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, organisations: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["organisation"]
        assert isinstance(field, forms.TypedChoiceField)
        field.choices = [(org.pk, org.display_name) for org in organisations]


class SignupForm(forms.Form):
    role = forms.ChoiceField(
        label=_("I sign up as"),
        choices=SignupRole.choices,
        widget=forms.RadioSelect,
        error_messages=_required(_("I sign up as")),
    )
    profession = forms.CharField(
        label=_("Profession"),
        max_length=120,
        help_text=_("e.g. UX designer, film maker, software developer."),
        error_messages=_required(_("Profession")),
    )
    skills = forms.MultipleChoiceField(
        label=_("Skills"),
        choices=SkillTag.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    languages = forms.MultipleChoiceField(
        label=_("Languages you work in"),
        choices=language_choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    bio = forms.CharField(
        label=_("Short bio"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    show_name = forms.BooleanField(
        label=_(
            "Show my name with my team on the hackathon's public results (nothing else about "
            "me is shown)."
        ),
        required=False,
    )


class OutcomeForm(forms.Form):
    outcome = forms.CharField(
        label=_("What the team built or learnt"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages=_required(_("What the team built or learnt")),
    )
    next_steps = forms.CharField(
        label=_("Next steps"),
        max_length=4000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    plans_to_apply = forms.TypedChoiceField(
        label=_("Do you plan to apply to one of the programme's calls?"),
        choices=[("", _("Not decided")), ("yes", _("Yes")), ("no", _("No"))],
        coerce=lambda value: {"yes": True, "no": False}.get(value),
        empty_value=None,
        required=False,
    )
