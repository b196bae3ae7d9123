"""The evaluator's workspace: assignments, the conflict declaration, the review with autosave."""
