"""Courses: catalogue."""
