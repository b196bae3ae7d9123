"""Back-office pages whose writes go through the services, written once.

``ServiceSavedAdminMixin`` is mixed into every ModelAdmin whose rows a service saves. The
subclass names the service call in ``save_through_service`` (and ``delete_through_service``);
the mixin does the rest the same way everywhere:

- the saved row refreshes the admin's ``obj`` (inlines, messages and redirects use it);
- a service's refusal while saving (a ``ValidationError``) is shown on the form again, as
  typed, next to the field each key of the error names (``service_error_fields`` renames
  a service's key to the form's field); nothing was saved: the admin's transaction rolled
  back;
- a refusal anywhere else in the page (an inline's row, a deletion) is a message at the top
  of the page it leads back to.

``ChangeContextAdminMixin`` gives a change page what it shows beside the form, from one
hook: ``change_context(request, obj)``.

``service_refusal`` turns a service's refusal into the error the admin shows next to its
field; ``saved_by_services`` marks an inline formset whose rows the services saved.

``admin_page`` frames a custom page of an admin (the site's context, the admin's options).
``admin_action`` is the shared shape of a button on a custom admin page: check the right,
call the service, say what happened, go back; ``form_action`` the same for a form posted
on such a page, whose refusals are shown next to their fields.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, TypeVar

from django import forms
from django.contrib import messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Model, QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse

T = TypeVar("T")

# Where a service's refusal waits for the form shown again in the same request.
_REFUSAL = "_service_refusal"


def apply_service_errors(
    form: forms.BaseForm, error: ValidationError, fields: Mapping[str, str] | None = None
) -> None:
    """Show a service's ``ValidationError`` next to the field each key names.

    ``fields`` renames a service's key to the form's field; a key that names no field of
    the form (and a refusal without keys) goes above the form.
    """
    if hasattr(error, "error_dict"):
        for key, problems in error.message_dict.items():
            target = (fields or {}).get(key, key)
            form.add_error(target if target in form.fields else None, problems)
    else:
        form.add_error(None, error.messages)


def refresh_from_saved(obj: Model, saved: Model) -> None:
    """Make the admin's ``obj`` the row the service saved (its key, its stored values)."""
    obj.__dict__.update(saved.__dict__)


def service_refusal(error: Any) -> ValidationError:
    """A service's refusal (an app's error with ``message`` and, where a form has it,
    ``field``) as the admin shows it: next to its field when it names one, else above the
    form."""
    if getattr(error, "field", None):
        return ValidationError({error.field: [error.message]})
    return ValidationError(error.message)


def saved_by_services(formset: Any) -> None:
    """Mark an inline formset whose rows the services saved (not the formset itself): the
    admin's change message reads these lists."""
    formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []


def move_each(
    request: HttpRequest,
    rows: Any,
    move: Callable[..., Any],
    *,
    keyword: str,
    done: str,
    refused: type[Exception],
) -> None:
    """An admin action's state change on each selected row: ``move(<keyword>=row, by=...)``;
    each row gets its own message: ``done`` (formatted with the row's title under
    ``keyword``), or the row's title and the service's refusal (an error of ``refused``
    with a ``message``). One row refused does not stop the others."""
    for row in rows:
        try:
            move(**{keyword: row}, by=request.user)
        except refused as error:
            messages.error(request, f"{row.title}: {getattr(error, 'message', error)}")
        else:
            messages.success(request, done % {keyword: row.title})


def message_errors(request: HttpRequest, error: ValidationError, heading: Any = None) -> None:
    """Each message of a refusal as an error message, after ``heading`` when given."""
    if heading is not None:
        messages.error(request, heading)
    for message in error.messages:
        messages.error(request, message)


def admin_page(
    model_admin: Any,
    request: HttpRequest,
    template: str,
    context: dict[str, Any],
    status: int = 200,
) -> TemplateResponse:
    """A custom page of ``model_admin``: the admin site's frame (``each_context``), the
    admin's options, then the page's own ``context``."""
    return TemplateResponse(
        request,
        template,
        {**model_admin.admin_site.each_context(request), "opts": model_admin.opts, **context},
        status=status,
    )


def admin_action(
    request: HttpRequest,
    run: Callable[[], T],
    *,
    done: Callable[[T], Any],
    to: str,
    refused_to: str | None = None,
    refused_heading: Any = None,
    allowed: bool = True,
) -> HttpResponseRedirect:
    """A button of a custom admin page, pressed: check, act, say, go back.

    Refuses with 403 unless ``allowed``. Calls ``run`` (the service); on success says
    ``done(result)`` and goes to ``to``; on a service's refusal lists its messages (after
    ``refused_heading``) and goes to ``refused_to`` (``to`` when not given).
    """
    if not allowed:
        raise PermissionDenied
    try:
        result = run()
    except ValidationError as error:
        message_errors(request, error, refused_heading)
        return HttpResponseRedirect(refused_to or to)
    messages.success(request, done(result))
    return HttpResponseRedirect(to)


def form_action(
    request: HttpRequest,
    form: forms.BaseForm,
    run: Callable[[], T],
    *,
    done: Callable[[T], Any],
    to: str | Callable[[T], str],
    fields: Mapping[str, str] | None = None,
) -> HttpResponseRedirect | None:
    """A form of a custom admin page, posted: check it, act, say, go on.

    When ``form`` is valid calls ``run`` (the service); on success says ``done(result)``
    and answers the redirect to ``to`` (or ``to(result)``). ``None`` when the page is to be shown again: the
    form's own errors, or the service's refusal put next to its fields (``fields`` renames a
    service's key to the form's field).
    """
    if not form.is_valid():
        return None
    try:
        result = run()
    except ValidationError as error:
        apply_service_errors(form, error, fields)
        return None
    messages.success(request, done(result))
    return HttpResponseRedirect(to(result) if callable(to) else to)


class _ServiceRefused(Exception):
    """A service refused the save; carried out of the admin's transaction."""

    def __init__(self, error: ValidationError) -> None:
        super().__init__(error)
        self.error = error


class ServiceSavedAdminMixin:
    """A ModelAdmin whose rows a service saves (see the module's note)."""

    # A service's error key -> the form field it is shown next to, where they differ.
    service_error_fields: Mapping[str, str] = {}

    def save_through_service(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> Any:
        """Call the service that saves ``obj`` from ``form``; return the saved row."""
        raise NotImplementedError

    def delete_through_service(self, request: HttpRequest, obj: Any) -> None:
        """Call the service that deletes ``obj``."""
        raise NotImplementedError

    # --- saving -------------------------------------------------------------------------

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        try:
            saved = self.save_through_service(request, obj, form, change)
        except ValidationError as error:
            raise _ServiceRefused(error) from error
        refresh_from_saved(obj, saved)

    def get_form(
        self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any
    ) -> Any:
        form_class = super().get_form(request, obj, change, **kwargs)  # type: ignore[misc]
        refusal: ValidationError | None = getattr(request, _REFUSAL, None)
        if refusal is None:
            return form_class
        fields, error = self.service_error_fields, refusal

        class RefusedForm(form_class):  # type: ignore[misc,valid-type]
            def clean(self) -> Any:
                cleaned = super().clean()
                apply_service_errors(self, error, fields)
                return cleaned

        RefusedForm.__name__ = form_class.__name__
        return RefusedForm

    def changeform_view(
        self,
        request: HttpRequest,
        object_id: str | None = None,
        form_url: str = "",
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        view = super().changeform_view  # type: ignore[misc]
        try:
            return view(request, object_id, form_url, extra_context)
        except _ServiceRefused as refused:
            # The forms check the services' rules first; this catches what changed
            # meanwhile. The page is made again from what was posted, the refusal on it.
            setattr(request, _REFUSAL, refused.error)
            try:
                return view(request, object_id, form_url, extra_context)
            finally:
                delattr(request, _REFUSAL)
        except ValidationError as error:
            # Refused outside the form (an inline's row): nothing was saved.
            message_errors(request, error)
            return HttpResponseRedirect(request.get_full_path())

    # --- deleting -----------------------------------------------------------------------

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        self.delete_through_service(request, obj)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> None:
        for obj in queryset:
            self.delete_through_service(request, obj)

    def delete_view(
        self, request: HttpRequest, object_id: str, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        try:
            return super().delete_view(request, object_id, extra_context)  # type: ignore[misc]
        except ValidationError as error:
            # The row stands: back to it, with the reason.
            message_errors(request, error)
            opts: Any = self.opts  # type: ignore[attr-defined]
            return HttpResponseRedirect(
                reverse(
                    f"admin:{opts.app_label}_{opts.model_name}_change",
                    args=[unquote(object_id)],
                    current_app=self.admin_site.name,  # type: ignore[attr-defined]
                )
            )


class ChangeContextAdminMixin:
    """A change page that shows more than the form: ``change_context`` says what."""

    def change_context(self, request: HttpRequest, obj: Any) -> dict[str, Any]:
        """What the change page of ``obj`` shows beside the form."""
        return {}

    def change_view(
        self,
        request: HttpRequest,
        object_id: str,
        form_url: str = "",
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        context = dict(extra_context or {})
        obj = self.get_object(request, unquote(object_id))  # type: ignore[attr-defined]
        if obj is not None:
            context.update(self.change_context(request, obj))
        return super().change_view(request, object_id, form_url, context)  # type: ignore[misc]
