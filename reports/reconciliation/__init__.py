"""Reconciliation of the funding reports (issue 13 point 7): the reports' totals (awarded,
paid, recovered, paid back, contracted) against the same sums read directly from the
database, each difference named with both figures.

- ``selectors``: :func:`reconciliation_totals` and :func:`reconciliation_differences`;
- ``services``: :func:`reconciliation_run`, the coordinator's check, with its audit row;
- ``admin``: the button (a POST) and the page that shows "No difference" or each one.
"""
