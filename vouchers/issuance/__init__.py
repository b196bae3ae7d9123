"""Vouchers: issuance."""
