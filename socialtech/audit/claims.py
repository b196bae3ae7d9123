"""Work done once, claimed in the audit trail: an e-mail that must leave once.

An e-mail cannot be rolled back, so a task claims the sending in a short transaction of
its own, sends, and gives the claim back if sending fails, so that a retry sends again.
The claim is a ``verb`` event on the target; giving it back adds a ``failed_verb`` event
beside it, so the trail keeps every attempt. A piece of work stays claimed while its
``verb`` events outnumber its ``failed_verb`` events.

Used by the receipt e-mail, the evaluation summary report e-mails and the notices to
evaluators; each names its verbs and what identifies one piece of work.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction

from socialtech.audit.models import AuditEvent
from socialtech.audit.services import audit_log


def audit_claim(
    *,
    target: models.Model,
    verb: str,
    failed_verb: str,
    data: dict[str, Any],
    key: Mapping[str, Any] | None = None,
) -> bool:
    """Claim the work ``verb`` on ``target`` for this caller; ``True`` when it got it.

    ``key`` names, by fields of the events' data, which piece of work on ``target`` this is
    (a recipient and a document, a confirmation); without it, ``target`` has one piece.
    ``data`` is recorded on the claim. ``target``'s row is locked while the trail is read,
    so two runners take turns and the second sees the first's claim. Refuses (``False``)
    work already claimed and not given back.
    """
    with transaction.atomic():
        # The row lock makes two runners take turns; the second sees the first's record.
        list(type(target)._default_manager.select_for_update().filter(pk=target.pk).values("pk"))
        events = AuditEvent.objects.filter(
            object_type=ContentType.objects.get_for_model(target),
            object_id=str(target.pk),
            **{f"data__{field}": value for field, value in (key or {}).items()},
        )
        tenant_id = getattr(target, "tenant_id", None)
        if tenant_id is not None:
            events = events.filter(tenant_id=tenant_id)
        if events.filter(verb=verb).count() - events.filter(verb=failed_verb).count() > 0:
            return False
        audit_log(actor=None, verb=verb, target=target, data=data)
    return True


@contextmanager
def audit_claim_released_on_failure(
    *, target: models.Model, failed_verb: str, data: dict[str, Any]
) -> Iterator[None]:
    """Give a claim made by :func:`audit_claim` back if the block raises.

    The ``failed_verb`` event records ``data`` and the error's class name, in a
    transaction of its own, and the error goes on (a task's retry then claims again).
    """
    try:
        yield
    except Exception as error:
        with transaction.atomic():
            audit_log(
                actor=None,
                verb=failed_verb,
                target=target,
                data={**data, "error": error.__class__.__name__},
            )
        raise


def claimed_once(
    *,
    target: models.Model,
    verb: str,
    failed_verb: str,
    key: Mapping[str, Any],
    do: Callable[[], object],
    data: Mapping[str, Any] | None = None,
) -> bool:
    """Do ``do`` (send one e-mail, say) once for the piece of work ``key`` on ``target``.

    Claims the work (:func:`audit_claim`, recording ``key`` and ``data``), calls ``do``,
    and gives the claim back if ``do`` raises, so a retry does it again. ``True`` when it
    was done now; ``False`` when it had been done (or is being done) already.
    """
    if not audit_claim(
        target=target, verb=verb, failed_verb=failed_verb, data={**key, **(data or {})}, key=key
    ):
        return False
    with audit_claim_released_on_failure(target=target, failed_verb=failed_verb, data=dict(key)):
        do()
    return True
