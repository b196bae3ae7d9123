"""SME self-assessment against Commission Recommendation 2003/361/EC.

An enterprise is an SME when it employs fewer than 250 persons and either its annual
turnover does not exceed EUR 50 million or its annual balance sheet total does not exceed
EUR 43 million (Annex, Article 2). Small: fewer than 50 persons and turnover or balance
sheet up to EUR 10 million; micro: fewer than 10 persons and up to EUR 2 million.

Turnover and balance sheet are asked as bands whose edges are exactly these ceilings, so
the test is always decidable without asking for amounts. Partner and linked enterprises
(Article 6) are the applicant's own responsibility: this is a self-assessment.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy


class TurnoverBand(models.TextChoices):
    UP_TO_2M = "up_to_2m", gettext_lazy("Up to EUR 2 million")
    FROM_2M_TO_10M = "2m_to_10m", gettext_lazy("More than EUR 2 million, up to EUR 10 million")
    FROM_10M_TO_50M = "10m_to_50m", gettext_lazy("More than EUR 10 million, up to EUR 50 million")
    OVER_50M = "over_50m", gettext_lazy("More than EUR 50 million")


class BalanceSheetBand(models.TextChoices):
    UP_TO_2M = "up_to_2m", gettext_lazy("Up to EUR 2 million")
    FROM_2M_TO_10M = "2m_to_10m", gettext_lazy("More than EUR 2 million, up to EUR 10 million")
    FROM_10M_TO_43M = "10m_to_43m", gettext_lazy("More than EUR 10 million, up to EUR 43 million")
    OVER_43M = "over_43m", gettext_lazy("More than EUR 43 million")


class SizeClass(models.TextChoices):
    MICRO = "micro", gettext_lazy("Micro enterprise")
    SMALL = "small", gettext_lazy("Small enterprise")
    MEDIUM = "medium", gettext_lazy("Medium-sized enterprise")
    LARGE = "large", gettext_lazy("Not an SME")


# Bands within each ceiling of the Recommendation, per size class.
TURNOVER_WITHIN = {
    SizeClass.MICRO: {TurnoverBand.UP_TO_2M},
    SizeClass.SMALL: {TurnoverBand.UP_TO_2M, TurnoverBand.FROM_2M_TO_10M},
    SizeClass.MEDIUM: {
        TurnoverBand.UP_TO_2M,
        TurnoverBand.FROM_2M_TO_10M,
        TurnoverBand.FROM_10M_TO_50M,
    },
}
BALANCE_SHEET_WITHIN = {
    SizeClass.MICRO: {BalanceSheetBand.UP_TO_2M},
    SizeClass.SMALL: {BalanceSheetBand.UP_TO_2M, BalanceSheetBand.FROM_2M_TO_10M},
    SizeClass.MEDIUM: {
        BalanceSheetBand.UP_TO_2M,
        BalanceSheetBand.FROM_2M_TO_10M,
        BalanceSheetBand.FROM_10M_TO_43M,
    },
}
STAFF_BELOW = {SizeClass.MICRO: 10, SizeClass.SMALL: 50, SizeClass.MEDIUM: 250}


@dataclass(frozen=True)
class SMEAssessment:
    is_sme: bool
    size_class: str
    reason: str

    @property
    def size_class_label(self) -> str:
        return str(SizeClass(self.size_class).label)


def sme_status(
    staff_headcount: int,
    turnover_band: str,
    balance_sheet_band: str,
    *,
    is_public_body: bool = False,
) -> SMEAssessment:
    """Classify an enterprise as micro, small, medium or not an SME, with the reason in words.

    Public bodies are never SMEs (Annex, Article 3(4): 25 % or more controlled by public
    bodies). Unknown bands raise ``ValueError``.
    """
    turnover = TurnoverBand(turnover_band)
    balance_sheet = BalanceSheetBand(balance_sheet_band)
    if staff_headcount < 0:
        raise ValueError("staff_headcount must not be negative")
    if is_public_body:
        return SMEAssessment(
            False,
            SizeClass.LARGE,
            _("A public body is not an SME (Recommendation 2003/361, Annex, Article 3(4))."),
        )
    if staff_headcount >= STAFF_BELOW[SizeClass.MEDIUM]:
        return SMEAssessment(
            False,
            SizeClass.LARGE,
            _("%(staff)s staff: an SME employs fewer than 250 persons.")
            % {"staff": staff_headcount},
        )
    for size_class in (SizeClass.MICRO, SizeClass.SMALL, SizeClass.MEDIUM):
        if staff_headcount < STAFF_BELOW[size_class] and (
            turnover in TURNOVER_WITHIN[size_class]
            or balance_sheet in BALANCE_SHEET_WITHIN[size_class]
        ):
            return SMEAssessment(
                True, size_class, _reason(size_class, staff_headcount, turnover, balance_sheet)
            )
    return SMEAssessment(
        False,
        SizeClass.LARGE,
        _(
            "Turnover above EUR 50 million and balance sheet total above EUR 43 million: "
            "an SME stays within at least one of these ceilings."
        ),
    )


def _reason(
    size_class: SizeClass, staff: int, turnover: TurnoverBand, balance_sheet: BalanceSheetBand
) -> str:
    ceilings = {
        SizeClass.MICRO: (10, "2", "2"),
        SizeClass.SMALL: (50, "10", "10"),
        SizeClass.MEDIUM: (250, "50", "43"),
    }[size_class]
    label = SizeClass(size_class).label
    if turnover in TURNOVER_WITHIN[size_class]:
        return _(
            "%(label)s: %(staff)s staff (fewer than %(limit)s) and turnover up to EUR %(turnover)s million."
        ) % {"label": label, "staff": staff, "limit": ceilings[0], "turnover": ceilings[1]}
    return _(
        "%(label)s: %(staff)s staff (fewer than %(limit)s) and balance sheet total up to EUR "
        "%(balance)s million (turnover is above the ceiling, which the balance sheet may replace)."
    ) % {"label": label, "staff": staff, "limit": ceilings[0], "balance": ceilings[2]}
