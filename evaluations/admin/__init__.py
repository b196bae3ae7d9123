"""Back-office pages of the evaluation, one module per stage."""

from evaluations.admin import applications, assignment, pool, results, reviews  # noqa: F401
