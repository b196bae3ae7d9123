"""Redress: the applicant's results page, the evaluation summary report, and the request for redress."""
