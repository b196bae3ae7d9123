"""Vouchers: expiry."""
