"""Vouchers: redemption."""
