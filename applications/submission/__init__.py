"""Submission: review, submit, confirmation."""
