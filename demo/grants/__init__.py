"""Demo awards: a call with published results taken through offers, agreements, signatures, payments and reports."""
