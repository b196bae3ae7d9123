"""Back office of the certificates: the read-only list of the certificates issued, with the
learner, the course, when and the verification code leading to the public check. Staff
read them here; certificates are issued only by the completion of a course."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from mooc.certificates import selectors
from mooc.models import Certificate
from socialtech.formatting import format_datetime
from socialtech.tenancy.admin import ReadOnlyAdminMixin

CERTIFICATE_FIELDS: tuple[str, ...] = (
    "learner",
    "course",
    "language",
    "issued_at_text",
    "code_link",
    "pdf_link",
)


@admin.register(Certificate)
class CertificateAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["learner", "course", "issued_at_text", "code_link", "pdf_link"]
    list_display_links = ["learner"]
    list_filter = ["language"]
    search_fields = ["enrolment__user__email", "enrolment__user__full_name", "document__code"]
    ordering = ["-issued_at", "-pk"]
    list_per_page = 50
    show_full_result_count = False
    show_facets = admin.ShowFacets.NEVER
    actions = None
    fields = CERTIFICATE_FIELDS
    readonly_fields = CERTIFICATE_FIELDS

    def get_queryset(self, request: HttpRequest) -> QuerySet[Certificate]:
        return selectors.certificates_for_staff()

    @admin.display(description=_("learner"), ordering="enrolment__user__email")
    def learner(self, certificate: Certificate) -> str:
        user = certificate.enrolment.user
        return f"{user.full_name} <{user.email}>" if user.full_name else str(user.email)

    @admin.display(description=_("course"), ordering="enrolment__course__title")
    def course(self, certificate: Certificate) -> str:
        return certificate.enrolment.course.title

    @admin.display(description=_("issued at"), ordering="issued_at")
    def issued_at_text(self, certificate: Certificate) -> str:
        return format_datetime(certificate.issued_at, certificate.tenant.default_timezone)

    @admin.display(description=_("verification code"), ordering="document__code")
    def code_link(self, certificate: Certificate) -> SafeString | str:
        document = certificate.document
        if document is None:
            return gettext("Being prepared")
        url = f"{reverse('document_verify')}?{urlencode({'code': document.code})}"
        return format_html('<a href="{}">{}</a>', url, document.code)

    @admin.display(description=_("certificate PDF"))
    def pdf_link(self, certificate: Certificate) -> SafeString | str:
        if certificate.document_id is None:
            return "—"
        url = reverse("mooc_certificate", args=[certificate.pk])
        return format_html('<a href="{}">{}</a>', url, gettext("Download"))
