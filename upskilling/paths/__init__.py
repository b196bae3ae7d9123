"""Learning paths: ordered courses for an audience, and a learner's progress across them."""
