"""Courses: learning."""
