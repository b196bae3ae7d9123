"""Open calls, their forms, eligibility rules, criteria and lifecycle."""
