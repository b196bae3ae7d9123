"""Links between back-office pages that lead only where the viewer may go.

A page of the back office names other records (the applicant of an application, the
application of a consensus report, the author of an amendment). Each such name is a link
only when the viewer may open that record's page; otherwise it is plain text, never a link
to a 403. The permission is the one the record's own admin page applies.

:func:`admin_change_link` is the one helper; the ``{% admin_change_link %}`` tag gives it to
templates, and :class:`ViewerLinksAdminMixin` routes Django's own links of read-only foreign
keys (in forms and inlines) through it.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django import template
from django.contrib import admin
from django.contrib.admin import helpers
from django.contrib.admin.utils import quote
from django.db import models
from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString

register = template.Library()


def admin_change_url(
    request: HttpRequest | None,
    obj: models.Model,
    *,
    site: admin.AdminSite | None = None,
    model: type[models.Model] | None = None,
) -> str:
    """The back-office page of ``obj`` when the viewer may view or change it, else ``""``."""
    if request is None or obj is None:
        return ""
    site = site or admin.site
    model = model or type(obj)
    model_admin = site._registry.get(model)
    if model_admin is None and model._meta.concrete_model is not None:
        model_admin = site._registry.get(model._meta.concrete_model)
    if model_admin is None or not model_admin.has_view_or_change_permission(request, obj):
        return ""
    opts = model._meta
    try:
        return reverse(
            f"{site.name}:{opts.app_label}_{opts.model_name}_change",
            args=[quote(obj.pk)],
            current_app=site.name,
        )
    except NoReverseMatch:
        return ""


def admin_change_link(
    request: HttpRequest | None,
    obj: models.Model,
    text: Any = None,
    *,
    site: admin.AdminSite | None = None,
    model: type[models.Model] | None = None,
) -> SafeString:
    """``obj`` (or ``text``) as a link to its back-office page when the viewer may open
    it; as plain, escaped text otherwise."""
    label = obj if text is None or text == "" else text
    url = admin_change_url(request, obj, site=site, model=model)
    if not url:
        return conditional_escape(str(label))
    return format_html('<a href="{}">{}</a>', url, label)


@register.simple_tag(takes_context=True, name="admin_change_url")
def admin_change_url_tag(context: template.Context, obj: Any) -> str:
    """``{% admin_change_url obj as url %}{% if url %}…{% endif %}``: for a link whose
    text is more than the record's name, or that is left out when the viewer may not go."""
    return admin_change_url(context.get("request"), obj)


@register.simple_tag(takes_context=True, name="admin_change_link")
def admin_change_link_tag(context: template.Context, obj: Any, text: Any = None) -> SafeString:
    return admin_change_link(context.get("request"), obj, text)


# --- Django's read-only fields ----------------------------------------------------------------


class ViewerReadonlyField(helpers.AdminReadonlyField):
    """A read-only field of a change form whose foreign key links only where the viewer
    may go."""

    def __init__(self, field: helpers.AdminReadonlyField, request: HttpRequest) -> None:
        self.__dict__.update(field.__dict__)
        self.request = request

    def get_admin_url(self, remote_field: Any, remote_obj: Any) -> SafeString:
        site = self.model_admin.admin_site if self.model_admin is not None else None
        return admin_change_link(self.request, remote_obj, site=site, model=remote_field.model)


# The helpers of a change form that hold read-only fields, down to the line of fields.
_HOLDERS = (helpers.AdminForm, helpers.InlineAdminFormSet, helpers.Fieldset, helpers.Fieldline)


class ViewerBound:
    """One of Django's change-form helpers (the form, an inline, a fieldset, a line) seen by
    one viewer: its read-only fields come out as :class:`ViewerReadonlyField`; everything
    else is the helper's own."""

    def __init__(self, helper: Any, request: HttpRequest) -> None:
        self._helper = helper
        self._request = request

    def __getattr__(self, name: str) -> Any:
        return getattr(self._helper, name)

    def __bool__(self) -> bool:
        return True

    def __iter__(self) -> Iterator[Any]:
        for item in self._helper:
            if isinstance(item, helpers.AdminReadonlyField):
                yield ViewerReadonlyField(item, self._request)
            elif isinstance(item, _HOLDERS):
                yield ViewerBound(item, self._request)
            else:
                yield item


class ViewerLinksAdminMixin:
    """For a ModelAdmin: the change form's read-only foreign keys link only where the
    viewer may go."""

    def render_change_form(
        self, request: HttpRequest, context: dict[str, Any], *args: Any, **kwargs: Any
    ) -> Any:
        if "adminform" in context:
            context["adminform"] = ViewerBound(context["adminform"], request)
        if "inline_admin_formsets" in context:
            context["inline_admin_formsets"] = [
                ViewerBound(formset, request) for formset in context["inline_admin_formsets"]
            ]
        return super().render_change_form(request, context, *args, **kwargs)  # type: ignore[misc]
