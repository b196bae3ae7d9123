"""WP2: needs and readiness surveys, the cluster questionnaire and the cluster registry."""
