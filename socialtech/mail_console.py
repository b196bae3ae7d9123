"""The development e-mail backend: each message printed readably on the terminal.

``make run`` starts the task runner in the background with its log in
``var/worker.log``; Celery turns ``sys.stdout`` into that log. E-mails are what a newcomer
wants to see (the receipt, the verification link), so this backend writes to the
process's original standard output (``sys.__stdout__``), the terminal ``make run`` runs
in, whichever process sends them: the web server or the worker.

A message is shown as its headers, its plain-text body and one line per attachment (name,
type, size); attachments and HTML alternatives are not dumped as base64.
"""

from __future__ import annotations

import sys
import threading
from email.mime.base import MIMEBase
from typing import IO, Any

from django.core.mail import EmailMessage, EmailMultiAlternatives
from django.core.mail.backends.base import BaseEmailBackend

RULE = "-" * 79


def _attachment_line(attachment: Any) -> str:
    if isinstance(attachment, MIMEBase):
        name = attachment.get_filename() or "(unnamed)"
        mimetype = attachment.get_content_type()
        payload = attachment.get_payload(decode=True) or b""
    else:
        name, content, mimetype = attachment
        payload = content.encode() if isinstance(content, str) else (content or b"")
    return f"Attachment: {name or '(unnamed)'} ({mimetype or 'application/octet-stream'}, {len(payload):,} bytes)"


def format_message(message: EmailMessage) -> str:
    """The message as a newcomer reads it on the terminal."""
    lines = [
        RULE,
        f"From: {message.from_email}",
        f"To: {', '.join(message.to)}",
    ]
    if message.cc:
        lines.append(f"Cc: {', '.join(message.cc)}")
    if message.reply_to:
        lines.append(f"Reply-To: {', '.join(message.reply_to)}")
    lines += [f"Subject: {message.subject}", ""]
    lines += [str(message.body).rstrip("\n"), ""]
    if isinstance(message, EmailMultiAlternatives):
        for alternative in message.alternatives:
            content, mimetype = str(alternative[0]), alternative[1]
            lines.append(f"Alternative: {mimetype} ({len(content):,} characters)")
    lines += [_attachment_line(attachment) for attachment in message.attachments]
    lines.append(RULE)
    return "\n".join(lines) + "\n"


class EmailBackend(BaseEmailBackend):
    """Print every message on the terminal (``sys.__stdout__``) instead of sending it."""

    def __init__(self, *args: Any, stream: IO[str] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.stream = stream
        self._lock = threading.RLock()

    def _stream(self) -> IO[str]:
        return self.stream or sys.__stdout__ or sys.stdout

    def send_messages(self, email_messages: Any) -> int:
        if not email_messages:
            return 0
        sent = 0
        with self._lock:
            stream = self._stream()
            try:
                for message in email_messages:
                    stream.write(format_message(message))
                    sent += 1
                stream.flush()
            except Exception:
                if not self.fail_silently:
                    raise
        return sent
