"""The tables of the grants app, one module per part of a grant's life: an ``Award`` is the
offer made to a selected application and, once accepted, the grant that the agreement, the
signature, the tranches and the reports follow; the double-funding check sits beside them.
"""

from grants.models.agreements import (
    Agreement,
    AgreementBatch,
    AgreementBatchStatus,
    AgreementTemplate,
    BackgroundRun,
    BankAccount,
    RunStatus,
)
from grants.models.awards import (
    AWARD_TRANSITIONS,
    AWARDED_STATUSES,
    LAPSED_STATUSES,
    A,
    Award,
    AwardStatus,
)
from grants.models.duplicates import (
    DUPLICATE_FLAG_TRANSITIONS,
    DuplicateCheck,
    DuplicateCheckStatus,
    DuplicateFlag,
    DuplicateFlagStatus,
    FingerprintBand,
    TextFingerprint,
)
from grants.models.payments import (
    OPEN_TRANCHE_STATUSES,
    TRANCHE_TRANSITIONS,
    PaymentPlanStep,
    RecoveryOrder,
    T,
    Tranche,
    TrancheStatus,
    TrancheTrigger,
)
from grants.models.reports import (
    REPORT_EDITABLE_STATUSES,
    REPORT_TRANSITIONS,
    BeneficiaryReport,
    R,
    ReportField,
    ReportFile,
    ReportKind,
    ReportStatus,
    report_file_path,
)
from grants.models.signature import (
    Signature,
    SignatureMethod,
    signed_copy_path,
)

__all__ = [
    "AWARDED_STATUSES",
    "AWARD_TRANSITIONS",
    "DUPLICATE_FLAG_TRANSITIONS",
    "LAPSED_STATUSES",
    "OPEN_TRANCHE_STATUSES",
    "REPORT_EDITABLE_STATUSES",
    "REPORT_TRANSITIONS",
    "TRANCHE_TRANSITIONS",
    "A",
    "Agreement",
    "AgreementBatch",
    "AgreementBatchStatus",
    "AgreementTemplate",
    "Award",
    "AwardStatus",
    "BackgroundRun",
    "BankAccount",
    "BeneficiaryReport",
    "DuplicateCheck",
    "DuplicateCheckStatus",
    "DuplicateFlag",
    "DuplicateFlagStatus",
    "FingerprintBand",
    "PaymentPlanStep",
    "R",
    "RecoveryOrder",
    "ReportField",
    "ReportFile",
    "ReportKind",
    "ReportStatus",
    "RunStatus",
    "Signature",
    "SignatureMethod",
    "T",
    "TextFingerprint",
    "Tranche",
    "TrancheStatus",
    "TrancheTrigger",
    "report_file_path",
    "signed_copy_path",
]
