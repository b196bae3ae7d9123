"""What the certificate tests share: a completed enrolment made directly, and reading a
stored PDF."""

from __future__ import annotations

import io
from datetime import datetime
from typing import Any

from django.utils import timezone
from pypdf import PdfReader

from mooc.models import Enrolment
from tests.factories import UserFactory
from tests.mooc.factories import CourseFactory


def enrolment_made(
    tenant: Any,
    *,
    user: Any = None,
    completed_at: datetime | None = None,
    completed: bool = True,
    **course: Any,
) -> Enrolment:
    """A learner's enrolment on a new course, completed (now, unless told) or not."""
    return Enrolment.objects.create(
        tenant=tenant,
        course=CourseFactory(tenant=tenant, **course),
        user=user or UserFactory(),
        completed_at=(completed_at or timezone.now()) if completed else None,
    )


def pdf_bytes(document: Any) -> bytes:
    with document.file.open("rb") as handle:
        return bytes(handle.read())


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages)


def pdf_pages(data: bytes) -> list[str]:
    return [page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages]
