"""Vouchers: providers."""
