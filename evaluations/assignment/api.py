"""Staff API of the evaluator assignment (DESIGN.md §5).

- ``POST /api/v1/calls/{slug}/assign-evaluators/``: staff or coordinators of the programme
  start the solver on one of its calls; 202 ``{"task": id}``.
- ``GET /api/v1/tasks/{id}/``: ``{"id", "state", "progress", "result"}`` of a task staff of
  this programme started; any other id (another programme's included) is a 404.

Anyone else signed in gets 403; the writes go through ``evaluations.assignment.services``.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import exceptions, serializers, status
from rest_framework.permissions import BasePermission, IsAuthenticated
from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from calls.models import Call
from evaluations.assignment.run_state import task_status
from evaluations.assignment.services import assignment_run_start
from evaluations.selectors import may_assign_evaluators
from socialtech.api_errors import PARSER_CLASSES
from socialtech.api_schema import ErrorSerializer

TASK_STATES = ["PENDING", "STARTED", "PROGRESS", "SUCCESS", "FAILURE"]


class TaskStartedSerializer(serializers.Serializer):
    task = serializers.CharField(help_text=gettext_lazy("Poll GET /api/v1/tasks/{task}/."))


class TaskSerializer(serializers.Serializer):
    id = serializers.CharField()
    state = serializers.ChoiceField(choices=TASK_STATES)
    progress = serializers.IntegerField(min_value=0, max_value=100)
    result = serializers.JSONField(
        allow_null=True,
        help_text=gettext_lazy(
            'When SUCCESS: {"status": "proposed", "assignments", "alternates", ...} or '
            '{"status": "infeasible" | "refused", "reasons": [...]}.'
        ),
    )


class IsProgrammeStaff(BasePermission):
    message = gettext_lazy("Only the programme's staff and coordinators may do this.")

    def has_permission(self, request: Request, view: Any) -> bool:
        return may_assign_evaluators(request.user)


class StaffAPIView(APIView):
    permission_classes = [IsAuthenticated, IsProgrammeStaff]
    renderer_classes = [JSONRenderer]
    parser_classes = PARSER_CLASSES


class AssignEvaluatorsView(StaffAPIView):
    @extend_schema(
        summary="Start the evaluator assignment of a call",
        description=(
            "Queues the solver; the proposal replaces an earlier one that is not confirmed. "
            "Poll the task for progress and the result."
        ),
        request=None,
        responses={
            202: TaskStartedSerializer,
            403: OpenApiResponse(ErrorSerializer, description="Not staff of the programme."),
            404: OpenApiResponse(ErrorSerializer, description="No such call in the programme."),
            409: OpenApiResponse(ErrorSerializer, description="already_confirmed"),
        },
    )
    def post(self, request: Request, slug: str) -> Response:
        call = Call.objects.filter(slug=slug).first()
        if call is None:
            raise exceptions.NotFound(_("No call %(slug)s in this programme.") % {"slug": slug})
        try:
            task_id = assignment_run_start(call=call, by=request.user)
        except DjangoValidationError as error:
            code = getattr(error, "code", None) or "refused"
            return Response(
                {"detail": " ".join(error.messages), "code": code},
                status=status.HTTP_409_CONFLICT,
            )
        return Response({"task": task_id}, status=status.HTTP_202_ACCEPTED)


class TaskDetailView(StaffAPIView):
    @extend_schema(
        summary="State and progress of a background task",
        responses={
            200: TaskSerializer,
            403: OpenApiResponse(ErrorSerializer, description="Not staff of the programme."),
            404: OpenApiResponse(ErrorSerializer, description="No such task in the programme."),
        },
    )
    def get(self, request: Request, task_id: uuid.UUID) -> Response:
        found = task_status(str(task_id))
        if found is None:
            raise exceptions.NotFound(_("No such task in this programme."))
        return Response(
            TaskSerializer(
                {
                    "id": found.id,
                    "state": found.state,
                    "progress": found.progress,
                    "result": found.result,
                }
            ).data
        )
