"""Training vouchers: a provider's course with a price, and places on it paid by a voucher."""
