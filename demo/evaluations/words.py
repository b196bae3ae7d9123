"""What the demo reviews say and how good the applications are: comments per criterion,
overall comments, quality levels and expert leniency."""

from __future__ import annotations

from decimal import Decimal

# --- Words of the reviews -------------------------------------------------------------------
# Per criterion (in the call's order: Excellence, Impact, Implementation), the points an
# expert comments on, each as a strength and as a weakness. A review picks more strengths
# the higher its score, and never two sentences on the same point of one application.
# Placeholders are filled from the application: {groups}, {sector}, {readiness}, {amount},
# {team_size}.

TOPICS: tuple[tuple[tuple[str, str], ...], ...] = (
    (
        (
            "The social challenge is described precisely, with figures on the {groups} the organisation serves and a clear account of why current solutions fall short.",
            "The social challenge is described in general terms; figures on the {groups} concerned and on the gaps in current services are missing.",
        ),
        (
            "The proposal explains convincingly how the technology changes daily work, not only what it is; the link between the tool and the users' needs is easy to follow.",
            "The proposal describes the organisation's mission at length; how the technology will change daily work is only outlined.",
        ),
        (
            "Starting from {readiness} is realistic for a feasibility study, and the applicant is honest about what still has to be proven.",
            "The applicant describes the solution as {readiness} but gives no evidence for it, such as test results or a demonstration.",
        ),
        (
            "The choice of an open, reusable solution rather than bespoke software is well argued and lowers the risk of lock-in to one provider.",
            "Alternatives to the chosen solution are not discussed, so it is hard to judge whether it is the best option or a source of lock-in.",
        ),
        (
            "Users from the target group take part in design and testing from the first month, which is good practice and rarely described this concretely.",
            "Users from the target group are consulted only at the end, when the design can hardly change any more.",
        ),
        (
            "The contribution to the digital and green transition is specific and measurable rather than declared.",
            "The link to the green transition is asserted rather than demonstrated, and no environmental baseline is given.",
        ),
        (
            "The approach is new for the {sector} sector in the applicant's region, even if similar tools exist elsewhere, and the proposal says so openly.",
            "The degree of innovation is limited: the tool is an established product and the proposal does not explain what is new for its users.",
        ),
        (
            "The problem statement is grounded in the organisation's own operational data, which makes the need credible.",
            "Several claims about the need and the demand for the solution are not backed by data or sources.",
        ),
        (
            "The proposal separates well what the technology partner delivers from what the social enterprise must change in its own processes.",
            "It is not clear which components the technology partner will build or adapt and which already exist.",
        ),
        (
            "Accessibility for {groups} is treated as a design requirement from the start, not as an afterthought.",
            "Accessibility for {groups} is not discussed, although the success of the tool depends on it.",
        ),
        (
            "The objectives are specific and can be verified at the end of the twelve months.",
            "The objectives are broad and could not be verified at the end of the twelve months.",
        ),
        (
            "The applicant knows the comparable solutions on the market and explains why they do not fit this setting.",
            "Comparable solutions on the market are not mentioned, so the added value of this one is hard to judge.",
        ),
        (
            "The questions the feasibility study must answer are listed clearly, which is exactly what this call asks for.",
            "The questions of the feasibility study are not stated, so it is unclear what the study is meant to decide.",
        ),
        (
            "Data protection is considered from the outset, with a sensible approach to the personal data of vulnerable users.",
            "Risks to users, in particular around data protection and consent, are not addressed.",
        ),
        (
            "The scope is well chosen: the study tests what must be known before a roll-out, and nothing more.",
            "The proposal mixes the feasibility study with a full roll-out, which blurs the scope of the grant.",
        ),
        (
            "The technical concept is explained in plain words that a non-specialist can follow, without losing precision.",
            "Technical terms are used loosely, and the architecture of the solution remains vague.",
        ),
    ),
    (
        (
            "Expected results are quantified and plausible for an organisation of this size, with a baseline for each indicator.",
            "The expected results are ambitious for a twelve-month feasibility study and are not supported by a baseline.",
        ),
        (
            "The number of {groups} who will benefit is stated and consistent with the organisation's current activity.",
            "The number of people who will benefit is not quantified, which makes the social impact hard to assess.",
        ),
        (
            "The plan to share the solution with other social-economy organisations in the network is concrete and names the first adopters.",
            "Take-up of the solution by other organisations is limited to a general intention, with no named partners.",
        ),
        (
            "Economic sustainability after the grant is addressed through a realistic revenue model.",
            "Financial sustainability after the grant is not addressed; it is unclear who will pay for licences and maintenance.",
        ),
        (
            "The environmental benefits are estimated with figures that can be checked during the project.",
            "The environmental benefits are mentioned but not estimated.",
        ),
        (
            "The proposal links the expected jobs to the organisation's mission in a credible way, including how they will be financed.",
            "New jobs are announced without explaining how the positions will be financed after the project.",
        ),
        (
            "Publishing the results under an open licence gives the investment a value well beyond the applicant.",
            "The results stay with the applicant; nothing is said about sharing the tool or the lessons learnt with the sector.",
        ),
        (
            "Public authorities are involved as buyers or partners, which increases the chance that the solution is taken up.",
            "Public authorities, the likely buyers of the service, are not involved, which weakens the path to take-up.",
        ),
        (
            "The indicators are few, relevant and measurable, and the applicant explains how each will be collected.",
            "The indicators mix outputs and outcomes, and the methods for measuring them are not described.",
        ),
        (
            "The proposal explains well how the project strengthens the position of {groups} at work and in their community.",
            "The impact on {groups} is described in broad terms; the concrete change in their situation is not spelled out.",
        ),
        (
            "Dissemination targets the organisations that could actually use the results rather than a general audience.",
            "Dissemination is generic (website, social media) and not aimed at the likely users of the results.",
        ),
        (
            "The potential to replicate the solution in other regions is well argued, with an estimate of what replication would cost.",
            "The potential to replicate the solution elsewhere is claimed but not argued.",
        ),
        (
            "The expected social return is convincing for a grant of EUR {amount}.",
            "For a grant of EUR {amount}, the expected social return is modest.",
        ),
        (
            "The market analysis is short but to the point, and names the customers who would pay for the service once the grant ends.",
            "The market analysis is thin, so the commercial potential of the solution cannot be judged.",
        ),
        (
            "Possible side effects, such as extra work for staff or users who do not use digital tools, are foreseen and addressed.",
            "Possible negative effects, for instance on staff workload or on users who do not use digital tools, are not considered.",
        ),
        (
            "The chain from activities to results to long-term impact is explained step by step and is convincing.",
            "The link between the project's activities and the long-term impact it announces is not explained.",
        ),
    ),
    (
        (
            "The work plan is logical, with clear milestones and a realistic sequence from co-design to pilot and evaluation.",
            "The work plan is compressed: testing with users comes in the last two months, leaving no time to act on the results.",
        ),
        (
            "The project team of {team_size} people combines staff who know the users with the technical expertise of the partner.",
            "Roles within the team are unclear, and the time each person will give to the project is not stated.",
        ),
        (
            "The budget of EUR {amount} is consistent with the activities; staff costs and external services are justified in detail.",
            "The budget is not sufficiently justified; the external services line in particular is large and not broken down.",
        ),
        (
            "Risks are identified with credible mitigation measures, including a fallback if the technology partner drops out.",
            "Risks are listed without mitigation measures, and the main technical risk is not mentioned.",
        ),
        (
            "The organisation has managed comparable projects before, which gives confidence that it can deliver.",
            "The organisation's experience of managing externally funded projects is not demonstrated.",
        ),
        (
            "The technology provider will be chosen transparently, by comparing several offers against published criteria.",
            "The technology partner is not identified yet, and the way it will be selected is not described.",
        ),
        (
            "The timeline leaves enough room for selecting the provider and for testing with users before the final evaluation.",
            "The timeline does not allow for selecting the technology provider, which may delay the start.",
        ),
        (
            "Project governance is simple and appropriate: decisions, reporting and the role of the board are described.",
            "How progress will be monitored and reported during the project is not explained.",
        ),
        (
            "Equipment costs are modest and limited to what the pilot needs.",
            "The equipment costs look high for a feasibility study and are not explained.",
        ),
        (
            "Deliverables are concrete and verifiable, and each is tied to a month of the work plan.",
            "Milestones are described as activities rather than as results that can be verified.",
        ),
        (
            "The applicant commits its own staff time and co-funding, which shows real ownership of the project.",
            "The organisation's own contribution in staff time is not quantified, so its commitment is hard to judge.",
        ),
        (
            "Training for staff and users is planned and budgeted, which is essential for adoption.",
            "There is no plan for training the staff and users who will work with the new tool.",
        ),
        (
            "The final evaluation is planned with an external reviewer, which adds credibility to the results.",
            "The final evaluation is left to the project team alone, with no outside view on the results.",
        ),
        (
            "Responsibilities are shared so that the project does not depend on one person.",
            "The project depends on a single key person, and no back-up is foreseen.",
        ),
        (
            "The plan is proportionate to the size of the organisation and does not overstretch its management capacity.",
            "The plan is demanding for an organisation of this size, and the capacity to manage it is not shown.",
        ),
    ),
)
OVERALL_COMMENTS: dict[str, tuple[str, ...]] = {
    "high": (
        "A strong and well-prepared proposal from an organisation that clearly knows its users. I recommend it for funding.",
        "Convincing on all three criteria; the remaining points can be settled during grant preparation.",
        "One of the best proposals in my batch: a real need, a sensible technology choice and a credible team.",
        "Well written, realistic and useful beyond the applicant. Recommended.",
    ),
    "middle": (
        "A sound proposal with some weaknesses that should be addressed in the work plan if it is funded.",
        "The need is real and the approach reasonable, but the proposal would gain from sharper indicators.",
        "Fundable, with reservations on the budget justification and on the plan after the grant.",
        "A solid project; the applicant should clarify the role of the technology partner before signing.",
    ),
    "low": (
        "The proposal addresses a real need but is not mature enough for funding in its current form.",
        "The idea is relevant, but the proposal lacks the detail needed to judge whether the study can succeed.",
        "I encourage the applicant to resubmit with a clearer scope, a baseline and an identified technology partner.",
        "Too many open questions on feasibility and budget for a recommendation this time.",
    ),
}
CONFLICT_REASON = (
    "In 2024 I advised this organisation, as a paid consultant, on the business plan that this "
    "application builds on."
)
CONSENSUS_COMMENTS: tuple[str, ...] = (
    "The experts agree that the social challenge is well described and grounded in the organisation's own data, "
    "and that the technology choice suits {groups}. The open questions of the feasibility study are clear.",
    "The individual scores on impact diverged. One expert found the figures unsupported; after discussion the panel "
    "agreed that the baseline is credible for the organisation's own users, but that take-up by other social-economy "
    "organisations is described only as an intention. The consensus score reflects this reservation.",
    "The work plan is realistic and the budget of EUR {amount} matches the activities. The panel asks the applicant to "
    "name the technology partner and to plan user testing earlier, so that its results can still change the design.",
)

# Application quality levels (the mean score each criterion is drawn around), one per
# application of OC1; shuffled with the demo's seed.
QUALITY_LEVELS = (
    [Decimal("4.5")] * 7
    + [Decimal("4")] * 16
    + [Decimal("3.5")] * 11
    + [Decimal("3")] * 3
    + [Decimal("2.5")] * 3
)
# What each expert may add to an application's level on a criterion, by leniency.
OFFSETS = {
    -1: (Decimal("-0.5"), Decimal("-0.5"), Decimal("0"), Decimal("0"), Decimal("0.5")),
    0: (Decimal("-0.5"), Decimal("0"), Decimal("0"), Decimal("0.5")),
    1: (Decimal("-0.5"), Decimal("0"), Decimal("0.5"), Decimal("0.5"), Decimal("0")),
}
# How the unfinished applications stand: one state per assigned expert, fastest expert first.
SUBMITTED, DRAFT, DECLARED, UNDECLARED = "submitted", "draft", "declared", "undeclared"
UNFINISHED_PATTERNS: tuple[tuple[str, str, str], ...] = (
    (SUBMITTED, SUBMITTED, DRAFT),
    (SUBMITTED, DRAFT, DRAFT),
    (SUBMITTED, SUBMITTED, DECLARED),
    (SUBMITTED, DRAFT, UNDECLARED),
    (DRAFT, DECLARED, UNDECLARED),
    (SUBMITTED, SUBMITTED, DRAFT),
    (SUBMITTED, DRAFT, DECLARED),
    (SUBMITTED, SUBMITTED, UNDECLARED),
)
HALF = Decimal("0.5")
