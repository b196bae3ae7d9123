"""Forms of the evaluator's workspace.

They turn what the browser sent into the services' arguments and put the services'
refusals next to the field they concern. The rules themselves (half points, comment
length, who may declare) are the services'.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from evaluations.scoring import MAX_COMMENT_CHARS, MAX_VERSION, MIN_COMMENT_CHARS
from evaluations.workspace.selectors import RubricRow, score_choices


class AccessibleForm(forms.Form):
    """Ties each field's help and errors to its input (``aria-describedby``)."""

    def error_summary(self) -> list[dict[str, str]]:
        """Every error with the id of its input, for the summary at the top of the page."""
        summary = [{"target": "", "message": str(message)} for message in self.non_field_errors()]
        for name, form_field in self.fields.items():
            if name in self.errors and not form_field.widget.is_hidden:
                bound = self[name]
                target = bound.auto_id
                if isinstance(form_field.widget, forms.RadioSelect):
                    target = f"{bound.auto_id}_0"
                summary += [{"target": target, "message": str(message)} for message in bound.errors]
        return summary

    def apply_service_error(self, error: ValidationError) -> None:
        """Put a service's refusal next to the field it names, else at the top."""
        if hasattr(error, "error_dict"):
            for key, messages in error.message_dict.items():
                self.add_error(key if key in self.fields else None, messages)
        else:
            self.add_error(None, error.messages)

    def tie_descriptions(self) -> None:
        for name, form_field in self.fields.items():
            bound = self[name]
            ids = []
            if form_field.help_text:
                ids.append(f"{bound.auto_id}_helptext")
            extra = form_field.widget.attrs.get("data-described-by")
            if extra:
                ids.append(extra)
            if name in self.errors:
                ids.append(f"{bound.auto_id}_error")
            if ids:
                form_field.widget.attrs["aria-describedby"] = " ".join(ids)
            else:
                form_field.widget.attrs.pop("aria-describedby", None)


class DeclarationForm(AccessibleForm):
    NO_CONFLICT = "no_conflict"
    CONFLICT = "conflict"

    answer = forms.ChoiceField(
        label=gettext_lazy("Your declaration"),
        choices=[
            (NO_CONFLICT, gettext_lazy("I have no conflict of interest with this applicant")),
            (CONFLICT, gettext_lazy("I have a conflict of interest with this applicant")),
        ],
        widget=forms.RadioSelect,
        error_messages={
            "required": gettext_lazy("Your declaration: choose “no conflict” or “conflict”."),
            "invalid_choice": gettext_lazy("Your declaration: choose “no conflict” or “conflict”."),
        },
    )
    code_of_conduct = forms.BooleanField(
        required=False,
        label=gettext_lazy(
            "I have read the code of conduct. I will evaluate this application impartially, "
            "keep it confidential, and report any conflict of interest that arises later."
        ),
    )
    reason = forms.CharField(
        required=False,
        max_length=2000,
        label=gettext_lazy("What is the conflict of interest?"),
        help_text=gettext_lazy(
            "Required when you declare a conflict, for example “I advised this organisation "
            "in 2025”. Programme staff read it; the applicant does not."
        ),
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("answer") == self.NO_CONFLICT and not cleaned.get("code_of_conduct"):
            self.add_error(
                "code_of_conduct",
                _("Code of conduct: tick the box to accept it before you declare no conflict."),
            )
        return cleaned

    @property
    def has_conflict(self) -> bool:
        return self.cleaned_data["answer"] == self.CONFLICT


def score_field_name(key: str) -> str:
    return f"score_{key}"


def comment_field_name(key: str) -> str:
    return f"comment_{key}"


class ReviewForm(AccessibleForm):
    """A score and a comment per criterion, an overall comment, and the version the page holds."""

    version = forms.IntegerField(
        widget=forms.HiddenInput,
        min_value=1,
        max_value=MAX_VERSION,
        error_messages={
            "required": gettext_lazy("The page is out of date: reload it before you continue."),
            "invalid": gettext_lazy("The page is out of date: reload it before you continue."),
        },
    )
    overall_comment = forms.CharField(
        required=False,
        strip=False,
        max_length=MAX_COMMENT_CHARS,
        label=gettext_lazy("Overall comment"),
        help_text=gettext_lazy(
            "Optional: strengths and weaknesses across the criteria, for the consensus discussion."
        ),
        widget=forms.Textarea(attrs={"rows": 5}),
    )

    def __init__(self, *args: Any, rows: list[RubricRow], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.rows = rows
        for row in rows:
            self.fields[score_field_name(row.key)] = forms.CharField(
                required=False,
                label=_("Score for “%(criterion)s”") % {"criterion": row.name},
                initial=row.score,
                widget=forms.Select(choices=score_choices()),
            )
            self.fields[comment_field_name(row.key)] = forms.CharField(
                required=False,
                strip=False,
                max_length=MAX_COMMENT_CHARS,
                label=_("Comment on “%(criterion)s”") % {"criterion": row.name},
                help_text=_(
                    "At least %(count)s characters: the strengths and weaknesses behind the score."
                )
                % {"count": MIN_COMMENT_CHARS},
                initial=row.comment,
                widget=forms.Textarea(
                    attrs={
                        "rows": 6,
                        "data-min-chars": str(MIN_COMMENT_CHARS),
                        "data-criterion": row.key,
                        "data-described-by": f"count-{row.key}",
                    }
                ),
            )
        self.order_fields(
            [
                name
                for row in rows
                for name in (score_field_name(row.key), comment_field_name(row.key))
            ]
            + ["overall_comment", "version"]
        )

    @classmethod
    def from_json(cls, payload: Any, *, rows: list[RubricRow]) -> ReviewForm:
        """The autosave's JSON ``{"scores", "comments", "overall_comment", "version"}`` as a form."""
        data: dict[str, str] = {}
        problems = []
        if not isinstance(payload, Mapping):
            payload = {}
            problems.append(_("Send the review as a JSON object."))
        scores = payload.get("scores") or {}
        comments = payload.get("comments") or {}
        if not isinstance(scores, Mapping):
            scores = {}
            problems.append(_("Scores: send an object keyed by criterion id."))
        if not isinstance(comments, Mapping):
            comments = {}
            problems.append(_("Comments: send an object keyed by criterion id."))
        for row in rows:
            score = scores.get(row.key)
            data[score_field_name(row.key)] = "" if score is None else str(score)
            comment = comments.get(row.key)
            data[comment_field_name(row.key)] = "" if comment is None else str(comment)
        overall = payload.get("overall_comment")
        data["overall_comment"] = "" if overall is None else str(overall)
        version = payload.get("version")
        data["version"] = "" if version is None or isinstance(version, bool) else str(version)
        form = cls(data, rows=rows)
        for problem in problems:
            form.add_error(None, problem)
        return form

    def scores(self) -> dict[str, str]:
        return {row.key: self.cleaned_data[score_field_name(row.key)] for row in self.rows}

    def comments(self) -> dict[str, str]:
        return {row.key: self.cleaned_data[comment_field_name(row.key)] for row in self.rows}

    def criterion_fields(self) -> list[dict[str, Any]]:
        items = []
        for row in self.rows:
            comment = self[comment_field_name(row.key)]
            items.append(
                {
                    "row": row,
                    "score": self[score_field_name(row.key)],
                    "comment": comment,
                    "length": len(str(comment.value() or "").strip()),
                }
            )
        return items

    def apply_service_error(self, error: ValidationError, *, submitting: bool = False) -> None:
        """Put the services' messages (keyed by criterion id) next to the score or comment.

        While saving, only scores are checked. On submission a criterion with a score can
        only be refused for its comment; one without, for the missing score.
        """
        if not hasattr(error, "error_dict"):
            self.add_error(None, error.messages)
            return
        known = {row.key for row in self.rows}
        for key, messages in error.message_dict.items():
            if key not in known:
                self.add_error(None, messages)
                continue
            score_name = score_field_name(key)
            has_score = bool(self.cleaned_data.get(score_name, "").strip())
            target = comment_field_name(key) if submitting and has_score else score_name
            self.add_error(target, messages)

    def error_json(self) -> dict[str, list[str]]:
        """Errors keyed as the autosave script knows them: criterion id, or the field name."""
        errors: dict[str, list[str]] = {}
        for name, messages in self.errors.items():
            errors.setdefault(name, []).extend(str(message) for message in messages)
        return errors
