"""The vouchers' back-office pages that ask something before a service acts (a reason, a
note, a date): one way to post them, and one template to show them."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponseRedirect

from vouchers.errors import VoucherError

FORM_TEMPLATE = "admin/vouchers/_service_form.html"


def service_form(
    request: HttpRequest,
    form: forms.Form,
    run: Callable[[], Any],
    *,
    done: str | Callable[[Any], str],
    to: str,
) -> HttpResponseRedirect | None:
    """A posted form of a back-office page: check it, call the service, say what happened
    (``done``, or ``done(result)``) and go to ``to``; ``None`` when the page is to be shown
    again, with the service's refusal by its field and what was typed kept."""
    if request.method != "POST" or not form.is_valid():
        return None
    try:
        result = run()
    except VoucherError as error:
        form.add_error(error.field if error.field in form.fields else None, error.message)
        return None
    messages.success(request, done(result) if callable(done) else done)
    return HttpResponseRedirect(to)
