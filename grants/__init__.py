"""Offers, grant agreements, payment tranches, progress and final reports."""
