"""The one way a voucher changes state: checked against ``VOUCHER_TRANSITIONS``, saved and
recorded in the audit trail in the caller's transaction."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from socialtech.audit.services import audit_log
from vouchers.errors import VoucherError
from vouchers.models import VOUCHER_TRANSITIONS, Voucher, VoucherStatus


def require_status(voucher: Voucher, *allowed: str) -> None:
    """Refuse (``VoucherError`` code ``wrong_state``) unless ``voucher`` is in one of ``allowed``,
    naming the state it is in."""
    if voucher.status not in allowed:
        raise VoucherError(
            _("Voucher %(code)s is %(status)s: this cannot be done now.")
            % {"code": voucher.code, "status": voucher.get_status_display()},
            "wrong_state",
            status=voucher.status,
        )


def voucher_move(
    *,
    voucher: Voucher,
    to: str,
    by: Any,
    verb: str,
    data: dict[str, Any] | None = None,
    update_fields: list[str] | None = None,
) -> Voucher:
    """Move a locked ``voucher`` to ``to`` when the table allows it, save it (with the other
    ``update_fields`` the caller set) and write the audit row ``verb``. Refuses a move the
    table does not allow, naming the current state."""
    if to not in VOUCHER_TRANSITIONS[voucher.status]:
        raise VoucherError(
            _("Voucher %(code)s is %(status)s and cannot become %(to)s.")
            % {
                "code": voucher.code,
                "status": voucher.get_status_display(),
                "to": VoucherStatus(to).label,
            },
            "wrong_state",
            status=voucher.status,
        )
    before = voucher.status
    voucher.status = to
    voucher.full_clean(exclude=["application", "scheme", "organisation", "provider", "document"])
    voucher.save(update_fields=["status", *(update_fields or [])])
    audit_log(
        actor=by,
        verb=verb,
        target=voucher,
        data={"from": before, "to": to, **(data or {})},
    )
    return voucher


def lock_voucher(voucher: Voucher) -> Voucher:
    """The voucher's row, locked for the rest of the transaction, with what the rules read."""
    return (
        Voucher.objects.select_for_update(of=("self",))
        .select_related("scheme__call", "organisation", "provider__organisation", "application")
        .get(pk=voucher.pk)
    )
