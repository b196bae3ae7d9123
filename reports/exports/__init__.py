"""Funding report exports (issue 13 points 1 to 3): the export engine and the two reports.

- ``columns``: a report as typed columns over rows, and the column-provider protocol;
- ``writers``: CSV streamed (formulas neutralised) and XLSX in write-only mode;
- ``selectors``: the filters, the sub-call funnel and the recipient report, and where a
  new column source is registered;
- ``services`` / ``tasks`` / ``jobs``: a report file built in the background with progress;
- ``api`` / ``admin`` / ``forms``: ``GET /api/v1/reports/funding/`` and the back-office page.
"""
