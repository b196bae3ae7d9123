"""Badges: a path completed earns its badge, shown elsewhere as a signed Open Badges assertion."""
