"""How many rows of each kind the bench data set holds at a given scale."""

from __future__ import annotations

from dataclasses import dataclass

PROGRAMMES = 2
CALLS_PER_PROGRAMME = 10
FORM_FIELDS = 40
CRITERIA = 5
# Per programme: the first two calls are open, the third in evaluation, the last a voucher
# call; the six between have published results (awards, beneficiaries, rankings).
OPEN_CALLS = (0, 1)
EVALUATION_CALL = 2
VOUCHER_CALL = CALLS_PER_PROGRAMME - 1
RESULTS_CALLS = tuple(range(3, VOUCHER_CALL))
DRAFT_SHARE = 0.10
# The applicant the page benchmarks sign in as holds exactly this many applications.
SHOWCASE_APPLICATIONS = 4


def _scaled(full: int, scale: float, minimum: int = 1) -> int:
    return max(minimum, round(full * scale))


@dataclass(frozen=True)
class Sizes:
    applications: int
    evaluators: int
    reviews: int
    awards: int
    vouchers: int
    courses: int
    enrolments: int
    news: int
    events: int

    @classmethod
    def at(cls, scale: float) -> Sizes:
        calls = PROGRAMMES * CALLS_PER_PROGRAMME
        applications = _scaled(20_000, scale, minimum=calls * 10)
        return cls(
            applications=applications,
            evaluators=_scaled(300, scale, minimum=PROGRAMMES * 5),
            reviews=_scaled(60_000, scale, minimum=applications),
            awards=_scaled(5_000, scale, minimum=PROGRAMMES * len(RESULTS_CALLS)),
            vouchers=_scaled(2_000, scale, minimum=PROGRAMMES),
            courses=_scaled(1_000, scale, minimum=PROGRAMMES * 10),
            enrolments=_scaled(50_000, scale, minimum=PROGRAMMES * 2),
            news=_scaled(200, scale, minimum=PROGRAMMES),
            events=_scaled(200, scale, minimum=PROGRAMMES),
        )

    @property
    def organisations(self) -> int:
        """Organisations per programme: each applies to two or three of its calls."""
        return max(SHOWCASE_APPLICATIONS, round(self.applications / PROGRAMMES / 2.5))
