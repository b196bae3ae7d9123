"""Forms of the course library: the catalogue's filters, and the back office's course,
lesson and question forms.

The forms collect what was typed; the rules are the services', whose refusals the pages
put back next to the field they name. The answers' rule is also checked by the question
page's answer rows, so an author sees it before anything is saved.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from mooc.catalogue.services import LESSON_FILE_TYPES, choices_problem
from mooc.models import Course, Lesson, Level, Module, Topic

SEARCH_MAX = 100


class CatalogueFilterForm(forms.Form):
    """The catalogue's filters (GET): words, topic, level, language."""

    q = forms.CharField(
        label=_("Search the title or summary"), required=False, max_length=SEARCH_MAX
    )
    topic = forms.ChoiceField(label=_("Topic"), required=False)
    level = forms.ChoiceField(label=_("Level"), required=False)
    language = forms.ChoiceField(label=_("Language"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        every: list[tuple[str, Any]] = [("", _("All"))]
        self._set_choices("topic", every + list(Topic.choices))
        self._set_choices("level", every + list(Level.choices))
        self._set_choices("language", every + list(settings.LANGUAGES))
        self.fields["q"].widget.attrs["type"] = "search"

    def _set_choices(self, name: str, choices: list[tuple[str, Any]]) -> None:
        field = self.fields[name]
        assert isinstance(field, forms.ChoiceField)
        field.choices = choices

    def filters(self) -> dict[str, Any]:
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        return {
            "text": data.get("q") or "",
            "topic": data.get("topic") or None,
            "level": data.get("level") or None,
            "language": data.get("language") or None,
        }


class CourseAdminForm(forms.ModelForm):
    """A course in the back office; its topics as checkboxes."""

    topics = forms.MultipleChoiceField(
        label=_("Topics"), choices=Topic.choices, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = Course
        fields = [
            "slug",
            "title",
            "summary",
            "level",
            "language",
            "topics",
            "duration_minutes",
            "provider_name",
            "licence",
        ]


class LessonAdminForm(forms.ModelForm):
    """A lesson in the back office: the file is uploaded through the lesson's service, which
    checks it like every other upload."""

    upload = forms.FileField(
        label=_("File"),
        required=False,
        help_text=_("PDF, office documents or images; replaces the current file."),
    )
    remove_file = forms.BooleanField(label=_("Remove the current file"), required=False)
    # Declared (not generated from the model) so the form can be defined with no programme
    # active; the active programme's modules are set in __init__.
    module = forms.ModelChoiceField(label=_("Module"), queryset=Module.unscoped.none())
    video_url = forms.URLField(
        label=_("Video link"),
        required=False,
        assume_scheme="https",
        help_text=_("YouTube and Vimeo videos play on the page; other links are shown as links."),
    )

    class Meta:
        model = Lesson
        fields = ["title", "order", "duration_minutes", "body", "video_url", "file_name"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        module = self.fields["module"]
        assert isinstance(module, forms.ModelChoiceField)
        module.queryset = Module.objects.select_related("course").order_by(
            "course__title", "order", "pk"
        )
        module.label_from_instance = lambda row: f"{row.course.title} · {row.title}"  # type: ignore[method-assign,assignment]
        if self.instance.pk is not None:
            self.initial.setdefault("module", self.instance.module_id)
        self.order_fields(["module"])
        self.fields["upload"].widget.attrs["accept"] = ",".join(
            f".{kind}" if kind != "jpeg" else ".jpg,.jpeg" for kind in LESSON_FILE_TYPES
        )


class ChoiceFormSet(forms.BaseInlineFormSet):
    """The answers of a question: the kind's rule on correct answers, checked on the rows."""

    def clean(self) -> None:
        super().clean()
        if any(self.errors):
            return
        rows = [
            form.cleaned_data
            for form in self.forms
            if form.cleaned_data
            and not form.cleaned_data.get("DELETE")
            and str(form.cleaned_data.get("text") or "").strip()
        ]
        question = self.instance
        if len(rows) < 2:
            raise forms.ValidationError(
                _("The question “%(question)s” needs at least two answers.")
                % {"question": (question.text or "")[:80]}
            )
        problem = choices_problem(
            text=question.text,
            kind=question.kind,
            correct=sum(1 for row in rows if row.get("is_correct")),
        )
        if problem:
            raise forms.ValidationError(problem)

    def choice_rows(self) -> list[dict[str, Any]]:
        """The answers kept, for the service."""
        return [
            {
                "id": getattr(form.cleaned_data.get("id"), "pk", None),
                "text": form.cleaned_data.get("text") or "",
                "is_correct": bool(form.cleaned_data.get("is_correct")),
                "feedback": form.cleaned_data.get("feedback") or "",
                "order": form.cleaned_data.get("order") or 0,
            }
            for form in self.forms
            if form.cleaned_data and not form.cleaned_data.get("DELETE")
        ]
