"""Forms for a call's documents and its questions and answers."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext as _

from calls.form_helpers import MEGABYTE, content_languages, form_renderer, translated_field
from calls.guidance.models import CallDocument, CallQuestion
from calls.guidance.services import CALL_DOCUMENT_TYPES, CALL_QUESTION_VALUES
from socialtech.documents.uploads import validate_upload
from socialtech.i18n import TranslatedTextField


class CallDocumentAdminForm(forms.ModelForm):
    default_renderer = form_renderer()

    title = TranslatedTextField()

    class Meta:
        model = CallDocument
        fields = ["order", "title", "file"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["title"] = translated_field(
            content_languages(), label=_("Title"), max_length=200
        )
        self.fields["file"].help_text = _(
            "PDF, Word, Excel, PowerPoint or OpenDocument; at most %(mb)s MB."
        ) % {"mb": settings.UPLOAD_MAX_BYTES // MEGABYTE}

    def clean_file(self) -> Any:
        upload = self.cleaned_data.get("file")
        if upload and "file" in self.changed_data:
            validate_upload(
                upload,
                field_label=_("File"),
                max_bytes=settings.UPLOAD_MAX_BYTES,
                allowed_types=CALL_DOCUMENT_TYPES,
            )
        return upload

    def service_values(self) -> dict[str, Any]:
        return {
            "title": self.cleaned_data["title"],
            "order": self.cleaned_data.get("order") or 0,
            "upload": self.cleaned_data["file"] if "file" in self.changed_data else None,
        }


class CallQuestionAdminForm(forms.ModelForm):
    default_renderer = form_renderer()

    question = TranslatedTextField()
    answer = TranslatedTextField()

    class Meta:
        model = CallQuestion
        fields = ["order", "question", "answer"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        languages = content_languages()
        self.fields["question"] = translated_field(languages, label=_("Question"), max_length=500)
        self.fields["answer"] = translated_field(
            languages, label=_("Answer"), multiline=True, help_text=_("Markdown.")
        )

    def service_values(self) -> dict[str, Any]:
        return {name: self.cleaned_data.get(name) for name in CALL_QUESTION_VALUES}
