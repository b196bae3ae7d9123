"""Evaluator pool, conflicts of interest, assignment, reviews, consensus and ranking."""
