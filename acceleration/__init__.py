"""WP5: cohorts, mentors, milestones and KPIs, investor and procurer introductions."""
