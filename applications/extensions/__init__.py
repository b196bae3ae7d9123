"""Extensions: one applicant given more time, with its reason."""
