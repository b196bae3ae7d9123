"""Voucher schemes, service providers, vouchers, claims and reimbursement."""
