"""``/api/v1/reviews/``: an evaluator's own assignments, their declaration and their review.

An evaluator sees only their confirmed assignments in the programme of the host; any other
id answers 404, as an id that does not exist. The list names each application by its
receipt number and never carries its content. Scores and comments are keyed by criterion
id (``GET /api/v1/calls/{slug}/`` lists the criteria). Every write goes through
``evaluations.workspace.services``; their refusals become JSON answers:

- 403 ``declaration_required``: declare on the application first (``.../declaration/``);
- 403 ``released``: the assignment was released (a declared conflict) or withdrawn;
- 409 ``stale_version`` (with ``current_version``), ``locked`` (submitted), ``already_declared``;
- 400 with ``errors`` by criterion id (scores, comment length) or request field.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import BasePermission, IsAuthenticated
from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response

from evaluations.models import Assignment, Review
from evaluations.scoring import MAX_COMMENT_CHARS, MAX_VERSION
from evaluations.selectors import evaluator_second_factor_missing
from evaluations.workspace import selectors, services
from socialtech.api_errors import PARSER_CLASSES, drf_validation_error, register_domain_error
from socialtech.api_schema import ErrorSerializer


class ReviewRefused(Exception):
    """A refusal of the review API, answered as ``{"detail", "code", ...extra}``."""

    def __init__(self, message: str, *, code: str, status_code: int, **extra: Any) -> None:
        super().__init__(message)
        self.message = message
        self.code = code
        self.status_code = status_code
        self.extra = extra


register_domain_error(ReviewRefused)


class EvaluatorSecondFactor(BasePermission):
    """Evaluators use the API only with a second factor, invited experts without a
    membership too (the middleware checks members)."""

    message = gettext_lazy("Set up two-factor authentication before evaluating.")
    code = "mfa_required"

    def has_permission(self, request: Request, view: Any) -> bool:
        return not evaluator_second_factor_missing(request.user)


# --- shapes -------------------------------------------------------------------------------


class EvaluatorReviewSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    application = serializers.CharField(
        help_text=gettext_lazy("The application's receipt number; its content is not included.")
    )
    call = serializers.SlugField()
    status = serializers.ChoiceField(choices=Assignment.Status.choices)
    due_at = serializers.DateTimeField(allow_null=True)
    declared = serializers.BooleanField(
        help_text=gettext_lazy("Whether you have made your conflict-of-interest declaration.")
    )
    scores = serializers.DictField(
        child=serializers.CharField(),
        help_text=gettext_lazy("Scores by criterion id, as decimal strings (0 to 5, half points)."),
    )
    comments = serializers.DictField(
        child=serializers.CharField(), help_text=gettext_lazy("Comments by criterion id.")
    )
    overall_comment = serializers.CharField()
    submitted_at = serializers.DateTimeField(allow_null=True)
    version = serializers.IntegerField(
        help_text=gettext_lazy("Send it back with the next PUT; a stale one answers 409.")
    )

    def to_representation(self, instance: Assignment) -> dict[str, Any]:
        review = selectors.review_of(instance)
        due = selectors.assignment_due(instance)
        return {
            "id": instance.pk,
            "application": instance.application.receipt_number or None,
            "call": instance.application.call.slug,
            "status": instance.status,
            "due_at": serializers.DateTimeField().to_representation(due) if due else None,
            "declared": bool(getattr(instance, "declared", False)),
            "scores": dict(review.scores) if review else {},
            "comments": dict(review.comments) if review else {},
            "overall_comment": review.overall_comment if review else "",
            "submitted_at": serializers.DateTimeField().to_representation(review.submitted_at)
            if review and review.submitted_at
            else None,
            "version": review.version if review else 1,
        }


class EvaluatorReviewUpdateSerializer(serializers.Serializer):
    scores = serializers.DictField(
        child=serializers.CharField(allow_null=True, allow_blank=True, max_length=10),
        required=False,
        label=gettext_lazy("scores"),
        help_text=gettext_lazy(
            "Scores by criterion id: 0 to 5 in half points, as a number or a string; "
            "null or an empty string clears one. Left out: the saved scores stay."
        ),
    )
    comments = serializers.DictField(
        child=serializers.CharField(
            allow_blank=True, trim_whitespace=False, max_length=MAX_COMMENT_CHARS
        ),
        required=False,
        label=gettext_lazy("comments"),
        help_text=gettext_lazy("Comments by criterion id. Left out: the saved comments stay."),
    )
    overall_comment = serializers.CharField(
        required=False,
        allow_blank=True,
        trim_whitespace=False,
        max_length=MAX_COMMENT_CHARS,
        label=gettext_lazy("overall comment"),
    )
    version = serializers.IntegerField(
        min_value=1, max_value=MAX_VERSION, label=gettext_lazy("version")
    )
    submit = serializers.BooleanField(
        required=False,
        default=False,
        label=gettext_lazy("submit"),
        help_text=gettext_lazy(
            "true: after saving, submit and lock the review (every criterion needs a score "
            "and a comment long enough)."
        ),
    )


class DeclarationSerializer(serializers.Serializer):
    conflict = serializers.BooleanField(
        label=gettext_lazy("conflict"),
        help_text=gettext_lazy(
            "false: you have no conflict of interest and accept the code of conduct; the "
            "application opens. true: you have one; the assignment is released."
        ),
    )
    reason = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=2000,
        label=gettext_lazy("reason"),
        help_text=gettext_lazy("Required with a conflict: what the conflict is."),
    )


class StaleReviewSerializer(ErrorSerializer):
    current_version = serializers.IntegerField()


class ReviewErrorsSerializer(ErrorSerializer):
    errors = serializers.DictField(  # type: ignore[assignment]
        child=serializers.ListField(child=serializers.CharField()),
        help_text=gettext_lazy("Messages by criterion id or request field."),
    )


ERROR_404 = OpenApiResponse(ErrorSerializer, description="Not one of your assignments.")
ERROR_403 = OpenApiResponse(ErrorSerializer, description="declaration_required or released")
ERRORS_400 = OpenApiResponse(ReviewErrorsSerializer, description="Errors by criterion id.")


# --- endpoints ----------------------------------------------------------------------------


def _refuse_unreadable(assignment: Assignment) -> None:
    if selectors.may_read_application(assignment=assignment):
        return
    if assignment.status == Assignment.Status.PROPOSED:
        raise ReviewRefused(
            _("Declare that you have no conflict of interest before reviewing."),
            code="declaration_required",
            status_code=status.HTTP_403_FORBIDDEN,
        )
    raise ReviewRefused(
        _("This assignment was released; the application is not open to you."),
        code="released",
        status_code=status.HTTP_403_FORBIDDEN,
    )


def _refusal_from(error: DjangoValidationError, assignment: Assignment) -> Exception:
    """A service's ``ValidationError`` as the API answers it."""
    code = getattr(error, "code", None)
    if code == "stale_version":
        current = Review.objects.filter(assignment=assignment).values_list("version", flat=True)
        return ReviewRefused(
            _(
                "Not saved: the review was saved elsewhere after you read it. GET it again, "
                "or send your text with the current version to replace it."
            ),
            code="stale_version",
            status_code=status.HTTP_409_CONFLICT,
            current_version=current.first() or 1,
        )
    if code in {"locked", "already_declared", "transition_not_allowed"}:
        return ReviewRefused(error.messages[0], code=code, status_code=status.HTTP_409_CONFLICT)
    return drf_validation_error(error)


@extend_schema_view(
    list=extend_schema(summary="Your evaluation assignments"),
    retrieve=extend_schema(
        summary="One of your assignments",
        responses={200: EvaluatorReviewSerializer, 404: ERROR_404},
    ),
)
class ReviewViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Your assignments in this programme: declare on each, then score and submit it."""

    serializer_class = EvaluatorReviewSerializer
    permission_classes = [IsAuthenticated, EvaluatorSecondFactor]
    renderer_classes = [JSONRenderer]
    parser_classes = PARSER_CLASSES
    filter_backends: list[type] = []
    http_method_names = ["get", "put", "post", "head", "options"]
    lookup_value_regex = r"[0-9]{1,18}"

    def get_queryset(self) -> QuerySet[Assignment]:
        if getattr(self, "swagger_fake_view", False):  # the schema generator, with no programme
            return Assignment.unscoped.none()
        return selectors.evaluator_assignments(user=self.request.user).select_related("review")

    def _fresh(self, assignment: Assignment) -> dict[str, Any]:
        return EvaluatorReviewSerializer(self.get_queryset().get(pk=assignment.pk)).data

    @extend_schema(
        summary='Save your review (and submit it with "submit": true)',
        request=EvaluatorReviewUpdateSerializer,
        responses={
            200: EvaluatorReviewSerializer,
            400: ERRORS_400,
            403: ERROR_403,
            404: ERROR_404,
            409: OpenApiResponse(StaleReviewSerializer, description="stale_version or locked"),
        },
    )
    def update(self, request: Request, pk: str | None = None) -> Response:
        assignment = self.get_object()
        _refuse_unreadable(assignment)
        payload = EvaluatorReviewUpdateSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = payload.validated_data
        stored = selectors.review_of(assignment)
        # A key left out keeps what is saved: a client sending scores only loses no comment.
        try:
            review = services.review_save(
                assignment=assignment,
                user=request.user,
                scores=data.get("scores", dict(stored.scores) if stored else {}),
                comments=data.get("comments", dict(stored.comments) if stored else {}),
                overall_comment=data.get(
                    "overall_comment", stored.overall_comment if stored else ""
                ),
                version=data["version"],
            )
        except DjangoValidationError as error:
            raise _refusal_from(error, assignment) from error
        if data["submit"]:
            try:
                services.review_submit(assignment=assignment, user=request.user)
            except DjangoValidationError as error:
                refusal = _refusal_from(error, assignment)
                if isinstance(refusal, ReviewRefused):
                    raise refusal from error
                # The draft is saved: say so, with its version, so the client can go on.
                raise ReviewRefused(
                    _("Saved but not submitted: complete the criteria listed in errors."),
                    code="incomplete",
                    status_code=status.HTTP_400_BAD_REQUEST,
                    errors={
                        key: [str(message) for message in messages]
                        for key, messages in refusal.detail.items()  # type: ignore[attr-defined]
                    },
                    version=review.version,
                ) from error
        return Response(self._fresh(assignment))

    @extend_schema(
        summary="Declare on the conflict of interest",
        request=DeclarationSerializer,
        responses={
            200: EvaluatorReviewSerializer,
            400: ERRORS_400,
            404: ERROR_404,
            409: OpenApiResponse(ErrorSerializer, description="already_declared"),
        },
    )
    @action(detail=True, methods=["post"])
    def declaration(self, request: Request, pk: str | None = None) -> Response:
        assignment = self.get_object()
        payload = DeclarationSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        if assignment.status != Assignment.Status.PROPOSED:
            raise ReviewRefused(
                _("You have already declared on this application."),
                code="already_declared",
                status_code=status.HTTP_409_CONFLICT,
            )
        try:
            services.assignment_declare(
                assignment=assignment,
                user=request.user,
                has_conflict=payload.validated_data["conflict"],
                reason=payload.validated_data.get("reason", ""),
            )
        except DjangoValidationError as error:
            raise _refusal_from(error, assignment) from error
        return Response(self._fresh(assignment))
