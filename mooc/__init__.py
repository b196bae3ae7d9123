"""Courses, lessons, quizzes, enrolments and certificates."""
