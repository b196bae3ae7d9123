"""Programme budget (issue 13 point 6, work package 1): the consortium's budget for support
to third parties split by partner and work package, each call drawing on one line.

- ``selectors``: the figures of each line (budget, committed, paid, remaining, % used),
  in one query for every line, and the warning an offer that would overrun its line gets;
- ``services``: partners, lines and the line a call draws on, each change audited;
- ``admin`` / ``api``: the back-office lists and the "Programme budget" page, and
  ``GET /api/v1/reports/budget/``.

The grants' make-offer page shows the warning through ``socialtech.registry``
(``register_offer_check``), registered by the reports app: grants never imports reports.
"""
