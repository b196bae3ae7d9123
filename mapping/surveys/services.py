"""Writes on surveys: staff build a survey (its dimensions and questions), open and close
it; a respondent starts a response, saves it as they type and submits it, which scores it.

Each service validates, saves and writes its audit row (a draft's autosave writes one when
the response starts, not on each keystroke); a refusal is a ``MappingError`` naming the
question or field and the rule. An anonymous response is written with no actor and holds
no personal data: only its random token, which stays in the respondent's session.
"""

from __future__ import annotations

import secrets
from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from calls.answers import check_draft_shape, check_for_submission, field_name
from mapping.errors import MappingError
from mapping.models import (
    Dimension,
    Question,
    QuestionType,
    Response,
    ResponseStatus,
    Survey,
    SurveyKind,
    SurveyStatus,
)
from mapping.surveys import selectors
from mapping.surveys.scoring import dimension_scores, scale_value
from mooc.models import Topic
from socialtech.accounts.roles import require_programme_staff
from socialtech.audit.services import audit_log
from vouchers.models import ServiceCategory

# Which state a survey may move to from each state; one service per move.
SURVEY_TRANSITIONS: dict[str, frozenset[str]] = {
    SurveyStatus.DRAFT: frozenset({SurveyStatus.OPEN}),
    SurveyStatus.OPEN: frozenset({SurveyStatus.CLOSED}),
    SurveyStatus.CLOSED: frozenset({SurveyStatus.OPEN}),
}


def _full_clean(row: Any, *, exclude: list[str] | None = None) -> None:
    try:
        row.full_clean(exclude=exclude, validate_constraints=False)
    except ValidationError as error:
        field, messages = next(iter(error.message_dict.items()))
        raise MappingError(" ".join(messages), "invalid", field=field) from None


def new_anonymous_token() -> str:
    return secrets.token_urlsafe(32)


# --- Building a survey (staff) ------------------------------------------------------------


@transaction.atomic
def survey_save(
    *,
    by: Any,
    survey: Survey | None = None,
    slug: str,
    title: str,
    intro: str = "",
    kind: str = SurveyKind.GENERAL,
    allows_anonymous: bool = True,
) -> Survey:
    """Create a survey (a draft) or change one. Refuses anyone but the programme's staff,
    a slug another survey of the programme has, an unknown kind, and what the table refuses."""
    require_programme_staff(by)
    slug = (slug or "").strip().lower()
    if kind not in SurveyKind.values:
        raise MappingError(
            _("Kind: choose one of %(kinds)s.")
            % {"kinds": ", ".join(str(label) for label in SurveyKind.labels)},
            "kind_unknown",
            field="kind",
        )
    taken = Survey.objects.filter(slug=slug)
    if survey is not None:
        taken = taken.exclude(pk=survey.pk)
    if taken.exists():
        raise MappingError(
            _("Slug: another survey already has the address “%(slug)s”.") % {"slug": slug},
            "slug_taken",
            field="slug",
        )
    is_new = survey is None
    row = survey or Survey()
    row.slug, row.title, row.intro = slug, (title or "").strip(), (intro or "").strip()
    row.kind, row.allows_anonymous = kind, bool(allows_anonymous)
    _full_clean(row)
    row.save()
    audit_log(
        actor=by,
        verb="mapping.survey_created" if is_new else "mapping.survey_changed",
        target=row,
        data={"slug": row.slug},
    )
    return row


def _check_list(values: Any, allowed: list[str], field: str, what: str) -> list[str]:
    items = [str(value).strip() for value in values or [] if str(value).strip()]
    unknown = [item for item in items if item not in allowed]
    if unknown:
        raise MappingError(
            _("%(what)s: %(unknown)s is not one of %(allowed)s.")
            % {"what": what, "unknown": ", ".join(unknown), "allowed": ", ".join(allowed)},
            "invalid_choice",
            field=field,
        )
    return items


@transaction.atomic
def dimension_save(
    *,
    by: Any,
    survey: Survey,
    dimension: Dimension | None = None,
    key: str,
    title: str,
    order: int = 0,
    course_topics: list[str] | None = None,
    service_categories: list[str] | None = None,
    call_keywords: list[str] | None = None,
) -> Dimension:
    """Add a dimension to ``survey`` or change one. Refuses anyone but staff, a key another
    dimension of the survey has, course topics and service categories that do not exist."""
    require_programme_staff(by)
    topics = _check_list(course_topics, list(Topic.values), "course_topics", _("Course topics"))
    categories = _check_list(
        service_categories,
        list(ServiceCategory.values),
        "service_categories",
        _("Voucher service categories"),
    )
    key = (key or "").strip()
    taken = Dimension.objects.filter(survey=survey, key=key)
    if dimension is not None:
        taken = taken.exclude(pk=dimension.pk)
    if taken.exists():
        raise MappingError(
            _("Key: another dimension of this survey is called “%(key)s”.") % {"key": key},
            "key_taken",
            field="key",
        )
    row = dimension or Dimension(survey=survey)
    row.key, row.title, row.order = key, (title or "").strip(), int(order or 0)
    row.course_topics, row.service_categories = topics, categories
    row.call_keywords = [str(word).strip() for word in call_keywords or [] if str(word).strip()]
    _full_clean(row)
    row.save()
    audit_log(actor=by, verb="mapping.dimension_saved", target=row, data={"key": row.key})
    return row


@transaction.atomic
def question_save(
    *,
    by: Any,
    survey: Survey,
    question: Question | None = None,
    key: str,
    label: str,
    type: str,
    dimension: Dimension | None = None,
    help: str = "",
    required: bool = True,
    order: int = 0,
    options: list[dict[str, Any]] | None = None,
    scale_low_label: str = "",
    scale_high_label: str = "",
    max_words: int | None = None,
) -> Question:
    """Add a question to ``survey`` or change one. Refuses anyone but staff, a key another
    question of the survey has, an unknown type, a choice without options, a scale without
    both end labels, and a dimension of another survey."""
    require_programme_staff(by)
    key = (key or "").strip()
    if type not in QuestionType.values:
        raise MappingError(
            _("Type: choose one of %(types)s.")
            % {"types": ", ".join(str(label) for label in QuestionType.labels)},
            "type_unknown",
            field="type",
        )
    if dimension is not None and dimension.survey_id != survey.pk:
        raise MappingError(
            _("Dimension: choose a dimension of this survey."), "dimension_other", field="dimension"
        )
    if type in (QuestionType.CHOICE, QuestionType.MULTIPLE_CHOICE) and not options:
        raise MappingError(
            _("Options: a choice question needs at least one option."),
            "options_required",
            field="options",
        )
    if type == QuestionType.SCALE and not (scale_low_label.strip() and scale_high_label.strip()):
        raise MappingError(
            _("Label of 1 and label of 5: a scale question names what both ends mean."),
            "scale_labels_required",
            field="scale_low_label",
        )
    taken = Question.objects.filter(survey=survey, key=key)
    if question is not None:
        taken = taken.exclude(pk=question.pk)
    if taken.exists():
        raise MappingError(
            _("Key: another question of this survey is called “%(key)s”.") % {"key": key},
            "key_taken",
            field="key",
        )
    row = question or Question(survey=survey)
    row.key, row.label, row.help, row.type = key, (label or "").strip(), help or "", type
    row.dimension, row.required, row.order = dimension, bool(required), int(order or 0)
    row.options = list(options or [])
    row.scale_low_label, row.scale_high_label = scale_low_label.strip(), scale_high_label.strip()
    row.max_words = max_words
    _full_clean(row)
    row.save()
    audit_log(actor=by, verb="mapping.question_saved", target=row, data={"key": row.key})
    return row


@transaction.atomic
def survey_part_remove(*, by: Any, row: Dimension | Question) -> None:
    """Remove a dimension or a question. Refuses anyone but staff and a survey that already
    has responses (their answers and scores refer to it)."""
    require_programme_staff(by)
    if Response.objects.filter(survey_id=row.survey_id).exists():
        raise MappingError(
            _("%(row)s: the survey has responses, so its questions and dimensions stay.")
            % {"row": str(row)},
            "has_responses",
        )
    audit_log(
        actor=by, verb="mapping.survey_part_removed", target=row.survey, data={"key": row.key}
    )
    row.delete()


def _move(*, by: Any, survey: Survey, to: str) -> Survey:
    require_programme_staff(by)
    locked = Survey.objects.select_for_update().get(pk=survey.pk)
    if to not in SURVEY_TRANSITIONS.get(locked.status, frozenset()):
        raise MappingError(
            _("Status: the survey is %(status)s and cannot become %(target)s.")
            % {"status": locked.get_status_display(), "target": SurveyStatus(to).label},
            "invalid_transition",
            field="status",
        )
    if to == SurveyStatus.OPEN and not Question.objects.filter(survey=locked).exists():
        raise MappingError(
            _("Questions: add at least one question before opening the survey."),
            "no_questions",
            field="questions",
        )
    locked.status = to
    now = timezone.now()
    if to == SurveyStatus.OPEN:
        locked.opened_at, locked.closed_at = now, None
    else:
        locked.closed_at = now
    locked.save(update_fields=["status", "opened_at", "closed_at"])
    audit_log(actor=by, verb=f"mapping.survey_{to}", target=locked)
    return locked


@transaction.atomic
def survey_open(*, by: Any, survey: Survey) -> Survey:
    """Open a draft or closed survey to answers. Refuses anyone but staff, an open survey,
    and a survey without questions."""
    return _move(by=by, survey=survey, to=SurveyStatus.OPEN)


@transaction.atomic
def survey_close(*, by: Any, survey: Survey) -> Survey:
    """Close an open survey: no answer is taken any more; responses stay."""
    return _move(by=by, survey=survey, to=SurveyStatus.CLOSED)


# --- Answering ----------------------------------------------------------------------------


def _require_open(survey: Survey) -> None:
    if survey.status != SurveyStatus.OPEN:
        raise MappingError(
            _("This survey is closed: it takes no more answers."), "survey_closed", field="survey"
        )


@transaction.atomic
def response_start(*, survey: Survey, user: Any, token: str | None = None) -> Response:
    """The person's response to ``survey``, started when they have none: by account when
    signed in, else anonymous with ``token`` (a new random token when None). Refuses a
    survey that is not open and an anonymous person when the survey asks for an account."""
    _require_open(survey)
    is_signed_in = bool(getattr(user, "is_authenticated", False))
    if not is_signed_in and not survey.allows_anonymous:
        raise MappingError(
            _("Sign in to answer this survey: it takes no anonymous responses."),
            "sign_in_required",
        )
    existing = selectors.response_of(survey=survey, user=user, token=token)
    if existing is not None:
        return existing
    response = Response(
        survey=survey,
        user=user if is_signed_in else None,
        anonymous_token="" if is_signed_in else (token or new_anonymous_token()),
    )
    try:
        with transaction.atomic():
            response.save()
    except IntegrityError:
        # A second tab started it a moment ago: that response is the person's.
        found = selectors.response_of(survey=survey, user=user, token=response.anonymous_token)
        if found is None:
            raise
        return found
    audit_log(
        actor=user if is_signed_in else None,
        verb="mapping.response_started",
        target=response,
        data={"survey": survey.slug, "anonymous": not is_signed_in},
    )
    return response


def _draft_errors(questions: list[Question], answers: Mapping[str, Any]) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    for problem in check_draft_shape(questions, answers):  # type: ignore[arg-type]
        errors.setdefault(problem.key, []).append(problem.message)
    by_key = {question.key: question for question in questions}
    for key, value in answers.items():
        question = by_key.get(key)
        if question is None or question.type != QuestionType.SCALE or value in (None, ""):
            continue
        if scale_value(value) is None:
            errors.setdefault(key, []).append(
                _("%(label)s: choose a whole number from 1 to 5.") % {"label": field_name(question)}  # type: ignore[arg-type]
            )
    return errors


@transaction.atomic
def response_save_draft(*, response: Response, answers: Mapping[str, Any]) -> Response:
    """Keep what the respondent typed: ``answers`` by question key (None or "" clears one)
    over the draft's. Nothing is refused for being incomplete; refuses a survey that is not
    open, a submitted response, unknown questions and answers of the wrong shape (named)."""
    locked = selectors.response_for_update(response.pk)
    _require_open(locked.survey)
    if locked.status != ResponseStatus.DRAFT:
        raise MappingError(
            _("This response is already submitted and cannot change."), "not_a_draft"
        )
    questions = selectors.survey_questions(locked.survey)
    errors = _draft_errors(questions, answers)
    if errors:
        raise MappingError(
            _("Some answers could not be kept: %(count)s to fix.") % {"count": len(errors)},
            "invalid",
            errors=errors,
        )
    merged = dict(locked.answers or {})
    by_key = {question.key: question for question in questions}
    for key, value in answers.items():
        if value in (None, "", []):
            merged.pop(key, None)
        elif by_key[key].type == QuestionType.SCALE:
            merged[key] = scale_value(value)
        else:
            merged[key] = value
    locked.answers = merged
    locked.save(update_fields=["answers", "updated_at"])
    return locked


def submission_errors(
    questions: list[Question], answers: Mapping[str, Any]
) -> dict[str, list[str]]:
    """One message per question that keeps the response from being submitted, naming it."""
    errors: dict[str, list[str]] = {}
    others = [question for question in questions if question.type != QuestionType.SCALE]
    for problem in check_for_submission(others, dict(answers), set()):  # type: ignore[arg-type]
        errors.setdefault(problem.key, []).append(problem.message)
    for question in questions:
        if question.type != QuestionType.SCALE:
            continue
        value = answers.get(question.key)
        label = field_name(question)  # type: ignore[arg-type]
        if value in (None, ""):
            if question.required:
                errors.setdefault(question.key, []).append(
                    _("%(label)s: this question is required.") % {"label": label}
                )
        elif scale_value(value) is None:
            errors.setdefault(question.key, []).append(
                _("%(label)s: choose a whole number from 1 to 5.") % {"label": label}
            )
    return errors


@transaction.atomic
def response_submit(*, response: Response, user: Any = None) -> Response:
    """Submit the response: every required question answered and every answer valid, then
    the score of each dimension is kept. Refuses a survey that is not open and lists each
    question to fix by name. A response already submitted is returned as it is."""
    locked = selectors.response_for_update(response.pk)
    if locked.status == ResponseStatus.SUBMITTED:
        return locked
    _require_open(locked.survey)
    questions = selectors.survey_questions(locked.survey)
    errors = submission_errors(questions, locked.answers or {})
    if errors:
        raise MappingError(
            _("%(count)s questions need an answer or a fix before you submit.")
            % {"count": len(errors)},
            "incomplete",
            errors=errors,
        )
    locked.scores = dimension_scores(questions, locked.answers or {})
    locked.status = ResponseStatus.SUBMITTED
    locked.submitted_at = timezone.now()
    locked.save(update_fields=["scores", "status", "submitted_at", "updated_at"])
    audit_log(
        actor=user if locked.user_id else None,
        verb="mapping.response_submitted",
        target=locked,
        data={"survey": locked.survey.slug, "scores": locked.scores},
    )
    return locked
