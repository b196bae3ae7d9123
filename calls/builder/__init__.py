"""Building a call: the staff form builder writes the call, its form fields and its award criteria through these."""
