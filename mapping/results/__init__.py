"""Aggregated results of a survey for policy makers, with small groups suppressed."""
