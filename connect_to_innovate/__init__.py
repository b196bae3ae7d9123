"""WP4: challenges, technology offers, matchmaking and feasibility calls."""
