"""Vouchers: claims."""
