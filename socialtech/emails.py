"""The programme's e-mails: a subject and a body rendered from a pair of templates, sent
from the platform's address with replies going to the programme's contact address.

A template name ``x`` stands for ``x_subject.txt`` (folded onto one line) and
``x_body.txt``; render them inside ``translation.override`` for the reader's language.
"""

from __future__ import annotations

import smtplib
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string

# What a mail server may answer for a while and then not: a task sending e-mail retries on these.
TRANSIENT_MAIL_ERRORS = (smtplib.SMTPException, ConnectionError, TimeoutError)


def render_email(template: str, context: dict[str, Any]) -> tuple[str, str]:
    """The subject (on one line) and the body of ``template``, rendered with ``context``."""
    subject = " ".join(render_to_string(f"{template}_subject.txt", context).split())
    body = render_to_string(f"{template}_body.txt", context)
    return subject, body


def programme_reply_to(tenant: Any) -> list[str]:
    """Replies go to the programme's contact address, when it has one."""
    contact = getattr(tenant, "contact_email", "")
    return [contact] if contact else []


def programme_email(
    *, tenant: Any, template: str, context: dict[str, Any], to: list[str]
) -> EmailMessage:
    """An e-mail of ``tenant``'s programme to ``to``, rendered from ``template``."""
    subject, body = render_email(template, context)
    return EmailMessage(
        subject, body, settings.DEFAULT_FROM_EMAIL, to, reply_to=programme_reply_to(tenant)
    )


def send_together(messages: list[EmailMessage]) -> None:
    """Send ``messages`` over one connection (nothing when there are none)."""
    from django.core.mail import get_connection

    if messages:
        get_connection().send_messages(messages)
