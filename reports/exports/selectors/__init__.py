"""The funding reports a coordinator sends the funding agency (issue 13 points 1 and 2,
``domain/eu-evaluation-and-fstp.md`` §5 K), as reports for the export engine.

- :func:`call_report`: one row per sub-call: identity, dates, budget, and at each step of
  the funnel (received, eligible, above threshold, selected, contracted) the count and the
  money requested or awarded. One aggregate query over the calls, whatever their number.
- :func:`recipient_report`: one row per award (an accepted offer and every later state):
  who the recipient is, what the support is for, when and how much. One query, read in
  chunks.

Both are built from column providers (``reports.exports.columns.ColumnProvider``): the
base provider of each report holds the columns listed above; a new source of figures is
appended to ``CALL_PROVIDERS`` or ``RECIPIENT_PROVIDERS`` (``register_call_provider``,
``register_recipient_provider``): the tranches paid and the recoveries of grants, then
vouchers and acceleration places, each adding its own annotations and columns.

Filters come from request parameters through :func:`filters_from_params`, the one place
that checks them (the API, the back-office page and the background export all use it).
"""

from reports.exports.selectors.building import CHUNK_SIZE
from reports.exports.selectors.calls import (
    ABOVE_THRESHOLD_OUTCOMES,
    CALL_FIELDS,
    CALL_PROVIDERS,
    CONTRACTED_STATUSES,
    ELIGIBLE_STATUSES,
    NOT_RECEIVED,
    STEPS,
    CallFunnelColumns,
    call_report,
    calls_for_report,
    register_call_provider,
)
from reports.exports.selectors.files import (
    export_params,
    export_to_build,
    export_to_download,
    exports_of,
)
from reports.exports.selectors.filters import (
    PARAMETERS,
    REPORT_ROLES,
    FundingFilters,
    filters_from_params,
    may_read_funding_reports,
    programme_context,
)
from reports.exports.selectors.funding import funding_report, report_filename
from reports.exports.selectors.recipients import (
    RECIPIENT_FIELDS,
    RECIPIENT_PROVIDERS,
    RecipientColumns,
    awards_for_report,
    recipient_report,
    register_recipient_provider,
)

__all__ = [
    "ABOVE_THRESHOLD_OUTCOMES",
    "CALL_FIELDS",
    "CALL_PROVIDERS",
    "CHUNK_SIZE",
    "CONTRACTED_STATUSES",
    "ELIGIBLE_STATUSES",
    "NOT_RECEIVED",
    "PARAMETERS",
    "RECIPIENT_FIELDS",
    "RECIPIENT_PROVIDERS",
    "REPORT_ROLES",
    "STEPS",
    "CallFunnelColumns",
    "FundingFilters",
    "RecipientColumns",
    "awards_for_report",
    "call_report",
    "calls_for_report",
    "export_params",
    "export_to_build",
    "export_to_download",
    "exports_of",
    "filters_from_params",
    "funding_report",
    "may_read_funding_reports",
    "programme_context",
    "recipient_report",
    "register_call_provider",
    "register_recipient_provider",
    "report_filename",
]
