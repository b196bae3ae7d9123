"""Receipts: the PDF and e-mail an applicant gets once an application is submitted."""
