"""Vouchers: schemes."""
