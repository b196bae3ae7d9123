"""Courses: certificates."""
