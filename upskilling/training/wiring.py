"""How training vouchers join the course engine: a provider's course with a price is
taken through a place a training voucher paid."""

from __future__ import annotations


def register() -> None:
    """Register the training places' condition of enrolment."""
