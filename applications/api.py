"""``/api/v1/applications/``: an applicant's applications, from the draft to the receipt.

Only members of the applying organisation see an application; anyone else gets 404, as
for an id that does not exist. Every write goes through ``applications.services``; their
refusals (``ApplicationError``) become JSON answers in ``socialtech.api_errors``, with the
status table below.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Prefetch, QuerySet
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import (
    OpenApiResponse,
    PolymorphicProxySerializer,
    extend_schema,
    extend_schema_field,
    extend_schema_view,
)
from rest_framework import exceptions, mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ErrorDetail
from rest_framework.permissions import IsAuthenticated
from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response

from applications.models import Application, Attachment
from applications.selectors import call_for_applying, member_applications
from applications.services import (
    ApplicationError,
    application_attach,
    application_save_draft,
    application_start,
    application_withdraw,
)
from applications.submission.services import application_submit
from applications.visibility import ApplicantStatus, applicant_status
from calls.models import Call
from organisations.selectors import organisation_list_for_user
from socialtech.api_errors import PARSER_CLASSES, drf_validation_error, register_domain_error
from socialtech.api_parsers import FormParser, MultiPartParser
from socialtech.api_schema import ErrorSerializer, FieldErrorsSerializer, coded
from socialtech.registry import application_section, application_sections

# The HTTP answer to each refusal of the services, by its code (the services know no HTTP);
# a code not listed is a 400.
APPLICATION_ERROR_STATUS = {
    "forbidden": status.HTTP_403_FORBIDDEN,
    "not_eligible": status.HTTP_403_FORBIDDEN,
    "call_not_open": status.HTTP_409_CONFLICT,
    "deadline_passed": status.HTTP_409_CONFLICT,
    "stale_version": status.HTTP_409_CONFLICT,
    "not_a_draft": status.HTTP_409_CONFLICT,
    "too_late": status.HTTP_409_CONFLICT,
    "transition_not_allowed": status.HTTP_409_CONFLICT,
}
register_domain_error(ApplicationError, status_by_code=APPLICATION_ERROR_STATUS)


def application_error_status(error: ApplicationError) -> int:
    """The HTTP status answering ``error``, for the API and the pages' scripts alike."""
    return APPLICATION_ERROR_STATUS.get(error.code, status.HTTP_400_BAD_REQUEST)


# Ids and versions are 64-bit and 32-bit integers in every database we run on.
MAX_ID = 2**63 - 1
MAX_VERSION = 2**31 - 1


def application_list_for_user(user: Any) -> QuerySet[Application]:
    """The user's applications with what the API shows of them, in a fixed number of queries:
    the count, the rows with their call, and the attachments of all of them."""
    queryset = (
        member_applications(user)
        .select_related("call")
        .prefetch_related(
            Prefetch("attachments", queryset=Attachment.objects.order_by("field_key", "pk"))
        )
        .order_by("-updated_at", "-pk")
    )
    for section in application_sections():
        queryset = section.load(queryset)
    return queryset


# --- shapes -------------------------------------------------------------------------------


StaleVersionSerializer = coded(
    "StaleVersion",
    ErrorSerializer,
    "stale_version",
    current_version=serializers.IntegerField(),
    current_answers=serializers.JSONField(),
)
DeadlinePassedSerializer = coded(
    "DeadlinePassed",
    ErrorSerializer,
    "deadline_passed",
    deadline=serializers.DateTimeField(),
    deadline_local=serializers.DateTimeField(),
    timezone=serializers.CharField(),
    received_at=serializers.DateTimeField(),
)
NotADraftSerializer = coded("NotADraft", ErrorSerializer, "not_a_draft")
CallNotOpenSerializer = coded("CallNotOpen", ErrorSerializer, "call_not_open")


def conflict(name: str, *shapes: type, description: str) -> OpenApiResponse:
    """A 409 that is one of several refusals, each with its own shape and code."""
    return OpenApiResponse(
        PolymorphicProxySerializer(
            component_name=name,
            serializers=[shape() for shape in shapes],
            resource_type_field_name=None,
        ),
        description=description,
    )


class NotEligibleSerializer(ErrorSerializer):
    failures = serializers.ListField(child=serializers.DictField(child=serializers.CharField()))


STATUS_HELP = gettext_lazy(
    "The status as the applicant may see it: an evaluation in progress is "
    "under_evaluation until the programme publishes the outcome (ineligible in the "
    "eligibility letter; main_list, reserve_list, rejected_threshold or rejected_budget "
    "with the results)."
)


class AttachmentSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    field = serializers.CharField(source="field_key")
    name = serializers.CharField(source="original_name")
    size = serializers.IntegerField()
    sha256 = serializers.CharField()
    content_type = serializers.CharField()


class ApplicationSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    call = serializers.SlugField(source="call.slug")
    organisation = serializers.IntegerField(source="organisation_id")
    status = serializers.ChoiceField(
        choices=ApplicantStatus.choices,
        read_only=True,
        help_text=STATUS_HELP,
    )
    version = serializers.IntegerField(
        help_text=gettext_lazy("Send it back with the next PATCH; a stale one answers 409.")
    )
    answers = serializers.JSONField(help_text=gettext_lazy("Answers keyed by field key."))
    attachments = AttachmentSerializer(many=True)
    requested_amount = serializers.DecimalField(max_digits=12, decimal_places=2, allow_null=True)
    submitted_at = serializers.DateTimeField(allow_null=True)
    receipt_number = serializers.CharField(allow_null=True)
    grant = serializers.SerializerMethodField(
        help_text=gettext_lazy(
            "The grant offered to the application, once there is one: its id in "
            "/api/v1/awards/, status, amount and tranches (position, amount, status); "
            "null before an offer."
        )
    )

    @extend_schema_field(serializers.JSONField(allow_null=True))
    def get_grant(self, application: Application) -> Any:
        section = application_section("grant")
        return section.read(application) if section is not None else None

    def to_representation(self, instance: Application) -> dict[str, Any]:
        data = super().to_representation(instance)
        data["status"] = applicant_status(instance)
        data["receipt_number"] = instance.receipt_number or None
        return data


class SubmissionSerializer(serializers.Serializer):
    status = serializers.ChoiceField(
        choices=ApplicantStatus.choices, read_only=True, help_text=STATUS_HELP
    )
    receipt_number = serializers.CharField()
    submitted_at = serializers.DateTimeField()

    def to_representation(self, instance: Application) -> dict[str, Any]:
        data = super().to_representation(instance)
        data["status"] = applicant_status(instance)
        return data


class ApplicationStartSerializer(serializers.Serializer):
    call = serializers.SlugField(max_length=80, label=gettext_lazy("call"))
    organisation = serializers.IntegerField(
        min_value=1, max_value=MAX_ID, label=gettext_lazy("organisation")
    )


class AnswersSerializer(serializers.Serializer):
    answers = serializers.JSONField(
        label=gettext_lazy("answers"),
        help_text=gettext_lazy(
            "Answers keyed by field key; a key given replaces the saved answer, null clears it."
        ),
    )
    version = serializers.IntegerField(
        min_value=1, max_value=MAX_VERSION, label=gettext_lazy("version")
    )

    def validate_answers(self, value: Any) -> dict[str, Any]:
        if not isinstance(value, dict):
            raise serializers.ValidationError(
                _("Give the answers as an object keyed by field key."), code="invalid"
            )
        return value


class AttachmentUploadSerializer(serializers.Serializer):
    field = serializers.CharField(max_length=50, label=gettext_lazy("field"))
    # Empty files and wrong types are refused by the upload check, which names the form field.
    file = serializers.FileField(allow_empty_file=True, label=gettext_lazy("file"))


class WithdrawSerializer(serializers.Serializer):
    reason = serializers.CharField(
        required=False, allow_blank=True, max_length=2000, label=gettext_lazy("reason")
    )


# --- endpoints ----------------------------------------------------------------------------


ERRORS_400 = OpenApiResponse(FieldErrorsSerializer, description="Field errors by key.")
ERROR_404 = OpenApiResponse(ErrorSerializer, description="Not one of your applications.")


@extend_schema_view(
    list=extend_schema(summary="Your applications"),
    retrieve=extend_schema(
        summary="One of your applications", responses={200: ApplicationSerializer, 404: ERROR_404}
    ),
)
class ApplicationViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Applications of the organisations you belong to; start, fill, attach, submit, withdraw."""

    serializer_class = ApplicationSerializer
    permission_classes = [IsAuthenticated]
    renderer_classes = [JSONRenderer]
    parser_classes = PARSER_CLASSES
    filter_backends: list[type] = []
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self) -> QuerySet[Application]:
        if getattr(self, "swagger_fake_view", False):  # the schema generator, with no programme
            return Application.unscoped.none()
        if self.action == "submit":
            # The submission reads and locks the row itself: here only whether it is one of
            # the user's, without its answers, call or files.
            return member_applications(self.request.user).only("pk", "tenant_id")
        return application_list_for_user(self.request.user)

    def _fresh(self, application: Application) -> dict[str, Any]:
        """The application as stored now, with its attachments."""
        return ApplicationSerializer(self.get_queryset().get(pk=application.pk)).data

    @extend_schema(
        summary="Start a draft",
        request=ApplicationStartSerializer,
        responses={
            201: ApplicationSerializer,
            400: ERRORS_400,
            403: OpenApiResponse(NotEligibleSerializer, description="not_eligible"),
            404: OpenApiResponse(ErrorSerializer, description="Not one of your organisations."),
            409: conflict(
                "StartConflict",
                DeadlinePassedSerializer,
                CallNotOpenSerializer,
                description="deadline_passed or call_not_open",
            ),
        },
    )
    def create(self, request: Request) -> Response:
        payload = ApplicationStartSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        slug = payload.validated_data["call"]
        try:
            call = call_for_applying(slug=slug)
        except Call.DoesNotExist:
            raise exceptions.ValidationError(
                {
                    "call": [
                        ErrorDetail(
                            _("No published call %(slug)s in this programme.") % {"slug": slug},
                            code="does_not_exist",
                        )
                    ]
                }
            ) from None
        organisation = (
            organisation_list_for_user(request.user)
            .filter(pk=payload.validated_data["organisation"])
            .first()
        )
        if organisation is None:
            raise exceptions.NotFound(
                _("Organisation %(id)s is not one of yours.")
                % {"id": payload.validated_data["organisation"]}
            )
        application = application_start(
            call=call,
            organisation=organisation,
            user=request.user,
            language=translation.get_language() or "",
        )
        return Response(self._fresh(application), status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Save answers into a draft",
        request=AnswersSerializer,
        responses={
            200: ApplicationSerializer,
            400: ERRORS_400,
            404: ERROR_404,
            409: conflict(
                "SaveConflict",
                StaleVersionSerializer,
                DeadlinePassedSerializer,
                NotADraftSerializer,
                description="stale_version, deadline_passed or not_a_draft",
            ),
        },
    )
    def partial_update(self, request: Request, pk: str | None = None) -> Response:
        application = self.get_object()
        payload = AnswersSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        application = application_save_draft(
            application=application,
            user=request.user,
            answers=payload.validated_data["answers"],
            version=payload.validated_data["version"],
        )
        return Response(self._fresh(application))

    @extend_schema(
        summary="Upload a file for a file field",
        request={"multipart/form-data": AttachmentUploadSerializer},
        responses={
            201: AttachmentSerializer,
            400: ERRORS_400,
            404: ERROR_404,
            409: conflict(
                "AttachConflict",
                DeadlinePassedSerializer,
                NotADraftSerializer,
                description="deadline_passed or not_a_draft",
            ),
        },
    )
    @action(detail=True, methods=["post"], parser_classes=[MultiPartParser, FormParser])
    def attachments(self, request: Request, pk: str | None = None) -> Response:
        application = self.get_object()
        payload = AttachmentUploadSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        try:
            attachment = application_attach(
                application=application,
                user=request.user,
                field_key=payload.validated_data["field"],
                upload=payload.validated_data["file"],
            )
        except DjangoValidationError as error:
            raise drf_validation_error(error, field="file") from error
        return Response(AttachmentSerializer(attachment).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Submit (idempotent: a repeat gives the same receipt)",
        request=None,
        responses={
            200: SubmissionSerializer,
            400: OpenApiResponse(FieldErrorsSerializer, description="incomplete"),
            403: OpenApiResponse(NotEligibleSerializer, description="not_eligible"),
            404: ERROR_404,
            409: conflict(
                "SubmitConflict",
                DeadlinePassedSerializer,
                NotADraftSerializer,
                description="deadline_passed or not_a_draft",
            ),
        },
    )
    @action(detail=True, methods=["post"])
    def submit(self, request: Request, pk: str | None = None) -> Response:
        application = application_submit(application=self.get_object(), user=request.user)
        return Response(SubmissionSerializer(application).data)

    @extend_schema(
        summary="Withdraw (before results)",
        request=WithdrawSerializer,
        responses={
            200: ApplicationSerializer,
            404: ERROR_404,
            409: OpenApiResponse(ErrorSerializer, description="too_late"),
        },
    )
    @action(detail=True, methods=["post"])
    def withdraw(self, request: Request, pk: str | None = None) -> Response:
        application = self.get_object()
        payload = WithdrawSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        application = application_withdraw(
            application=application,
            user=request.user,
            reason=payload.validated_data.get("reason", ""),
        )
        return Response(self._fresh(application))
