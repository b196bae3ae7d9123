"""Eligibility screening of a submitted application."""
