"""Tasks waiting to reach the broker.

A task queued by a write is first stored here, in the write's own transaction; it is handed
to the broker once that transaction commits, and marked sent. A broker that is down leaves
the row unsent, and the sweeper hands it over later: the write never fails for the broker,
and no task is lost or sent twice.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class OutboxMessage(models.Model):
    """One task to hand to the broker. Platform-wide: the task's kwargs carry its tenant."""

    task_name = models.CharField(_("task"), max_length=200)
    kwargs = models.JSONField(_("arguments"), default=dict)
    created = models.DateTimeField(_("created"), auto_now_add=True, db_index=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)

    class Meta:
        verbose_name = _("outbox message")
        verbose_name_plural = _("outbox messages")
        ordering = ["created", "pk"]
        indexes = [
            models.Index(
                fields=["created"],
                name="outbox_unsent_idx",
                condition=models.Q(sent_at__isnull=True),
            )
        ]

    def __str__(self) -> str:
        return f"{self.task_name} #{self.pk}"

    @property
    def task_id(self) -> str:
        """The Celery task id: the same on every attempt, so a worker's log shows repeats."""
        return f"outbox-{self.pk}"
