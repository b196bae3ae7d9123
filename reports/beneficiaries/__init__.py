"""The public list of beneficiaries (issue 13 point 5): who received a grant, how much, for
what, on the programme's site and as open data (CSV, JSON); natural persons by initials;
opt-outs on a reasoned request; each grant removed 2 years after the end of the financial
year of its award."""
