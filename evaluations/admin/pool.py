"""Back office of the evaluator pool: expert profiles and their invitations to calls.

Profiles are global (one expert serves several programmes); a programme's staff see the
experts invited to its calls or holding its evaluator role, and nobody else. Every write
goes through ``evaluations.pool.services``; the forms check the same rules first
so a refusal is shown next to the field, with what was typed kept.
"""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.conf import settings
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404, HttpRequest
from django.http.response import HttpResponseBase
from django.urls import URLPattern, path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from applications.models import Application
from calls.models import Call
from evaluations.admin.assignment import AssignmentPagesMixin
from evaluations.models import EXPERTISE_TAGS, CallEvaluator, EvaluatorProfile
from evaluations.pool import services
from evaluations.selectors import (
    call_evaluator_list,
    evaluator_label,
    evaluator_language_choices,
    evaluator_profiles_for_tenant,
)
from organisations.models import Organisation
from socialtech.accounts.models import User
from socialtech.admin_services import ServiceSavedAdminMixin
from socialtech.documents.responses import serve_protected_file
from socialtech.documents.uploads import validate_upload
from socialtech.tenancy.admin import TenantScopedAdminMixin
from socialtech.tenancy.context import require_active_tenant

POOL_TEMPLATES = "admin/evaluations/pool"
EXPERTISE_LABELS = dict(EXPERTISE_TAGS)


# --- Evaluator profiles ---------------------------------------------------------------------


class EmployerChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Organisation) -> str:
        return f"{obj.legal_name} ({obj.country})"


class EvaluatorProfileForm(forms.ModelForm):
    email = forms.EmailField(
        label=_("E-mail of the expert"),
        help_text=_("The address of their account; they must have registered first."),
    )
    expertise = forms.MultipleChoiceField(
        label=_("Expertise"),
        choices=EXPERTISE_TAGS,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Matched against the topics of calls and applications."),
    )
    keywords = forms.CharField(
        label=_("Keywords"),
        required=False,
        max_length=2000,
        help_text=_("Further fields of expertise, separated by commas, e.g. social economy, WISE."),
    )
    languages = forms.MultipleChoiceField(
        label=_("Languages the expert reads"),
        choices=evaluator_language_choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    country = forms.ChoiceField(label=_("Country"), required=False)
    employer_name = forms.CharField(label=_("Employer"), required=False, max_length=255)
    employer = EmployerChoiceField(
        label=_("Employer among the applicants"),
        queryset=Organisation.objects.none(),
        required=False,
        help_text=_(
            "When the expert works for an organisation that applies to this programme: its "
            "applications are then a conflict of interest."
        ),
    )
    cv_upload = forms.FileField(
        label=_("CV (PDF)"),
        required=False,
        widget=forms.FileInput(attrs={"accept": "application/pdf,.pdf"}),
        help_text=_("Replaces the CV on file."),
    )

    class Meta:
        model = EvaluatorProfile
        fields: list[str] = []

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["country"]).choices = [("", "—"), *countries]
        tenant = require_active_tenant()
        applicants = Organisation.objects.filter(
            pk__in=Application.unscoped.filter(tenant=tenant).values("organisation_id")
        )
        if self.instance.pk and self.instance.employer_id:
            applicants = applicants | Organisation.objects.filter(pk=self.instance.employer_id)
        cast(forms.ModelChoiceField, self.fields["employer"]).queryset = applicants.order_by(
            "legal_name"
        )
        if self.instance.pk:
            self.fields.pop("email")
            self.initial.update(
                {
                    "expertise": self.instance.expertise,
                    "keywords": ", ".join(self.instance.keywords or []),
                    "languages": self.instance.languages,
                    "country": self.instance.country,
                    "employer_name": self.instance.employer_name,
                    "employer": self.instance.employer_id,
                }
            )

    def clean_email(self) -> str:
        email = self.cleaned_data["email"].strip().lower()
        if not User.objects.filter(email__iexact=email).exists():
            raise forms.ValidationError(
                _("No account uses this e-mail address; ask the expert to register first.")
            )
        return email

    def clean_keywords(self) -> list[str]:
        return [part for part in self.cleaned_data.get("keywords", "").split(",") if part.strip()]

    def clean_cv_upload(self) -> Any:
        upload = self.cleaned_data.get("cv_upload")
        if upload:
            validate_upload(
                upload,
                field_label=str(self.fields["cv_upload"].label),
                max_bytes=settings.UPLOAD_MAX_BYTES,
                allowed_types=services.CV_TYPES,
            )
        return upload

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or self.cleaned_data
        problems = services.evaluator_profile_problems(
            expertise=cleaned.get("expertise") or [],
            keywords=cleaned.get("keywords") or [],
            languages=cleaned.get("languages") or [],
            country=cleaned.get("country") or "",
        )
        for key, message in problems.items():
            if key not in self.errors:
                self.add_error(key, message)
        return cleaned

    def service_values(self) -> dict[str, Any]:
        values = {
            "expertise": self.cleaned_data["expertise"],
            "keywords": self.cleaned_data["keywords"],
            "languages": self.cleaned_data["languages"],
            "country": self.cleaned_data["country"],
            "employer_name": self.cleaned_data["employer_name"],
            "employer": self.cleaned_data["employer"],
            "cv": self.cleaned_data.get("cv_upload") or None,
        }
        if "email" in self.cleaned_data:
            values["email"] = self.cleaned_data["email"]
        return values


class ExpertiseListFilter(admin.SimpleListFilter):
    title = _("expertise")
    parameter_name = "expertise"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, Any]]:
        return list(EXPERTISE_TAGS)

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        value = self.value()
        if value in EXPERTISE_LABELS:
            # Tags are stored as a JSON list of strings: the quoted tag is one whole element.
            return queryset.filter(expertise__icontains=f'"{value}"')
        return queryset


@admin.register(EvaluatorProfile)
class EvaluatorProfileAdmin(ServiceSavedAdminMixin, TenantScopedAdminMixin, admin.ModelAdmin):
    form = EvaluatorProfileForm
    list_display = [
        "name",
        "email",
        "expertise_display",
        "languages_display",
        "country",
        "employer_name",
        "has_cv",
    ]
    list_select_related = ["user"]
    list_filter = [ExpertiseListFilter]
    search_fields = ["user__email", "user__full_name", "employer_name"]
    ordering = ["user__full_name", "user__email"]
    list_per_page = 50
    show_full_result_count = False
    show_facets = admin.ShowFacets.NEVER
    actions = None
    readonly_fields = ["cv_file"]

    def get_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        fields = [
            "expertise",
            "keywords",
            "languages",
            "country",
            "employer_name",
            "employer",
            "cv_upload",
        ]
        if obj is None:
            return ["email", *fields]
        return ["name", *fields[:-1], "cv_file", "cv_upload"]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        return ["name", "cv_file"] if obj is not None else []

    # --- columns --------------------------------------------------------------------------
    @admin.display(description=_("name"), ordering="user__full_name")
    def name(self, profile: EvaluatorProfile) -> str:
        return evaluator_label(profile)

    @admin.display(description=_("e-mail"), ordering="user__email")
    def email(self, profile: EvaluatorProfile) -> str:
        return profile.user.email

    @admin.display(description=_("expertise"))
    def expertise_display(self, profile: EvaluatorProfile) -> str:
        return ", ".join(
            str(EXPERTISE_LABELS[tag]) for tag in profile.expertise or [] if tag in EXPERTISE_LABELS
        )

    @admin.display(description=_("languages"))
    def languages_display(self, profile: EvaluatorProfile) -> str:
        return ", ".join(code.upper() for code in profile.languages or [])

    @admin.display(description=_("CV"), boolean=True)
    def has_cv(self, profile: EvaluatorProfile) -> bool:
        return bool(profile.cv)

    @admin.display(description=_("CV on file"))
    def cv_file(self, profile: EvaluatorProfile) -> str:
        if not profile.pk or not profile.cv:
            return gettext("None yet.")
        return format_html(
            '<a href="{}">{}</a>',
            reverse("admin:evaluations_evaluatorprofile_cv", args=[profile.pk]),
            gettext("Download the CV"),
        )

    # --- rights and rows ------------------------------------------------------------------
    def get_queryset(self, request: HttpRequest) -> QuerySet[EvaluatorProfile]:
        return evaluator_profiles_for_tenant().select_related("user", "employer")

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # profiles are global; an invitation is withdrawn instead

    # --- writes through the services ------------------------------------------------------
    service_error_fields = {"cv": "cv_upload"}

    def save_through_service(
        self, request: HttpRequest, obj: EvaluatorProfile, form: Any, change: bool
    ) -> EvaluatorProfile:
        # The form filled ``obj`` with what was typed; the service starts from the stored row.
        stored = EvaluatorProfile.objects.get(pk=obj.pk) if change else None
        return services.evaluator_profile_save(
            by=request.user, profile=stored, **form.service_values()
        )

    # The admin's own change log is installation-wide, and a profile is shared between
    # programmes: one programme's staff would read another's edits in it. The audit trail
    # (per programme, written by the services) records every change instead.
    def log_addition(self, request: HttpRequest, obj: Any, message: Any) -> Any:
        return None

    def log_change(self, request: HttpRequest, obj: Any, message: Any) -> Any:
        return None

    # --- the CV, served only after the scope check ----------------------------------------
    def get_urls(self) -> list[URLPattern]:
        view = self.admin_site.admin_view
        return [
            path(
                "<int:profile_id>/cv/",
                view(self.cv_view),
                name="evaluations_evaluatorprofile_cv",
            ),
            *super().get_urls(),
        ]

    def cv_view(self, request: HttpRequest, profile_id: int) -> HttpResponseBase:
        if not self.has_view_permission(request):
            raise PermissionDenied
        profile = self.get_queryset(request).filter(pk=profile_id).first()
        if profile is None or not profile.cv:
            raise Http404(gettext("No such CV in this programme."))
        return serve_protected_file(
            profile.cv, filename=f"cv-{profile.pk}.pdf", content_type="application/pdf"
        )


# --- Invitations to calls -------------------------------------------------------------------


class EvaluatorChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: EvaluatorProfile) -> str:
        return f"{evaluator_label(obj)} <{obj.user.email}>"


class CallEvaluatorForm(forms.ModelForm):
    # Querysets are set per request: at import no programme is active.
    call = forms.ModelChoiceField(label=_("Call"), queryset=Call.unscoped.none())
    evaluator = EvaluatorChoiceField(
        label=_("Evaluator"),
        queryset=EvaluatorProfile.objects.none(),
        help_text=_("An expert of the pool; add their profile first if missing."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if "call" in self.fields:
            cast(forms.ModelChoiceField, self.fields["call"]).queryset = Call.objects.order_by(
                "-deadline"
            )
        if "evaluator" in self.fields:
            cast(forms.ModelChoiceField, self.fields["evaluator"]).queryset = (
                evaluator_profiles_for_tenant()
                .select_related("user")
                .order_by("user__full_name", "user__email")
            )

    class Meta:
        model = CallEvaluator
        fields = [
            "call",
            "evaluator",
            "status",
            "min_load",
            "max_load",
            "is_consortium_partner",
            "standing_declaration_at",
        ]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or self.cleaned_data
        minimum, maximum = cleaned.get("min_load"), cleaned.get("max_load")
        if minimum is not None and maximum is not None and minimum > maximum:
            self.add_error(
                "min_load",
                _("Minimum applications (%(minimum)s) cannot be above the maximum (%(maximum)s).")
                % {"minimum": minimum, "maximum": maximum},
            )
        call, evaluator = cleaned.get("call"), cleaned.get("evaluator")
        if (
            self.instance.pk is None
            and call is not None
            and evaluator is not None
            and CallEvaluator.objects.filter(call=call, evaluator=evaluator).exists()
        ):
            self.add_error(
                "evaluator",
                _("%(evaluator)s is already invited to this call.")
                % {"evaluator": evaluator_label(evaluator)},
            )
        return cleaned

    def validate_unique(self) -> None:
        pass  # clean() words the one constraint that matters; the service checks it again


@admin.register(CallEvaluator)
class CallEvaluatorAdmin(
    ServiceSavedAdminMixin, AssignmentPagesMixin, TenantScopedAdminMixin, admin.ModelAdmin
):
    form = CallEvaluatorForm
    change_list_template = f"{POOL_TEMPLATES}/callevaluator_change_list.html"
    list_display = [
        "evaluator_name",
        "call",
        "status",
        "min_load",
        "max_load",
        "assigned_display",
        "is_consortium_partner",
        "standing_declaration_at",
    ]
    list_filter = ["call", "status", "is_consortium_partner"]
    search_fields = ["evaluator__user__email", "evaluator__user__full_name"]
    ordering = ["call", "evaluator__user__full_name", "pk"]
    list_per_page = 50
    show_full_result_count = False
    show_facets = admin.ShowFacets.NEVER
    actions = None

    @admin.display(description=_("evaluator"), ordering="evaluator__user__full_name")
    def evaluator_name(self, row: CallEvaluator) -> str:
        return evaluator_label(row.evaluator)

    @admin.display(description=_("assigned"), ordering="assigned")
    def assigned_display(self, row: CallEvaluator) -> int:
        return int(getattr(row, "assigned", 0))

    def get_queryset(self, request: HttpRequest) -> QuerySet[CallEvaluator]:
        return call_evaluator_list()

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        return ["call", "evaluator"] if obj is not None else []

    def save_through_service(
        self, request: HttpRequest, obj: CallEvaluator, form: Any, change: bool
    ) -> CallEvaluator:
        stored = CallEvaluator.objects.get(pk=obj.pk) if change else None
        data = form.cleaned_data
        return services.call_evaluator_save(
            by=request.user,
            call=stored.call if stored else data["call"],
            evaluator=stored.evaluator if stored else data["evaluator"],
            call_evaluator=stored,
            min_load=data["min_load"],
            max_load=data["max_load"],
            status=data["status"],
            is_consortium_partner=data["is_consortium_partner"],
            standing_declaration_at=data["standing_declaration_at"],
        )

    def delete_through_service(self, request: HttpRequest, obj: CallEvaluator) -> None:
        services.call_evaluator_remove(call_evaluator=obj, by=request.user)

    def get_urls(self) -> list[URLPattern]:
        return [*self.assignment_urls(), *super().get_urls()]
