"""What an applicant to Open Call 1 writes and attaches: complete answers to the grant form
built from a project, and its CV bundle and work plan.
"""

from __future__ import annotations

import random
from datetime import date
from typing import Any

from django.core.files.base import ContentFile

from demo.applications.files import demo_upload
from demo.applications.grant_choices import TARGET_GROUPS
from demo.applications.specs import Project
from organisations.models import Organisation

SECTOR_CONTEXT = {
    "care_health": "Demand for care is growing faster than the number of carers, and public services rely more and more on social-economy providers to reach people at home.",
    "education": "Access to training still depends on where people live, and rural areas lose young people who leave to study and do not come back.",
    "work_integration": "Work-integration social enterprises compete with mainstream companies on price and quality while employing people whom other employers turn away; technology that adapts tasks to people is one of the few ways to keep up.",
    "food_agriculture": "Short food chains keep value in the territory, but small producers and social farms lack the logistics and digital channels that larger buyers expect.",
    "circular_economy": "Reuse and repair create local jobs that cannot move abroad, yet the sector depends on information about products and materials that is rarely recorded.",
    "energy_housing": "Rising energy costs hit low-income households hardest, and community-led action is one of the few ways to share the benefits of the green transition fairly.",
    "culture_tourism": "Crafts and local tourism sustain many small communities, but most of their sales still happen face to face and in a short season.",
    "mobility": "Vans and cars crowd city centres, while cycle logistics and shared vehicles remain a niche that few small operators can organise alone.",
    "other": "Social-economy enterprises are many but small, and they rarely trade with one another even when they could meet each other's needs.",
}
TRANSITION_SENTENCES = {
    (
        "digital",
    ): "The solution is mainly digital: it changes how we plan, document and deliver our work.",
    ("green",): "The main benefit is environmental: less waste, water, energy or transport.",
    (
        "digital",
        "green",
    ): "The project serves both transitions: the digital tools make the environmental gains measurable and lasting.",
    (
        "green",
        "digital",
    ): "The project serves both transitions: the digital tools make the environmental gains measurable and lasting.",
}
PARTNER_SENTENCES = (
    "We will choose the technology provider by comparing at least three offers, and we keep the right to reuse the solution in other social enterprises.",
    "We work with a university technology-transfer office that has tested similar tools, and the results will be published under an open licence.",
    "Our technology partner is a small software company with experience in accessible design; the people we support test every version.",
    "We will document the set-up step by step so that other members of our network can replicate it at lower cost.",
)
TEAM_SENTENCES = (
    "The organisation has managed regional and ESF-funded projects before, and the coordinator has led a comparable change in our daily operations.",
    "People from our target group take part in design and testing and are paid for their time.",
    "An external evaluator will review the results at the end of the project.",
    "Our board follows the project at every meeting and has set aside staff time for it in the annual plan.",
)
READINESS_WORDS = {
    "trl3": "a proof of concept",
    "trl4": "a prototype validated in the lab",
    "trl5": "a prototype validated in a setting like ours",
    "trl6": "a solution demonstrated in a setting like ours",
    "trl7": "a solution already running elsewhere",
}
TARGET_WORDS = {option["value"]: option["label"]["en"].lower() for option in TARGET_GROUPS}
BUDGET_DESCRIPTIONS = {
    "staff": "Project coordinator and staff time for design, testing and training",
    "equipment": "Devices and equipment for the pilot",
    "external_services": "Technology provider: adaptation, set-up and support",
    "travel": "Visits to the technology partner and exchange with peer organisations",
    "other": "Training material, communication and the audit certificate",
}


def _budget(amount: int, rng: random.Random) -> list[dict[str, str]]:
    """Rows that add up to ``amount`` exactly, in a plausible split across the categories."""
    weights = {
        "staff": rng.uniform(32, 48),
        "equipment": rng.uniform(8, 25),
        "external_services": rng.uniform(18, 35),
        "travel": rng.uniform(2, 5),
        "other": rng.uniform(3, 8),
    }
    total_weight = sum(weights.values())
    amounts = {
        category: int(amount * weight / total_weight / 10) * 10
        for category, weight in weights.items()
        if category != "other"
    }
    # Rounding down leaves the remainder to the last category, so the rows sum to the amount.
    amounts["other"] = amount - sum(amounts.values())
    return [
        {
            "category": category,
            "description": BUDGET_DESCRIPTIONS[category],
            "amount": f"{value}.00",
        }
        for category, value in amounts.items()
    ]


def project_answers(
    *, project: Project, organisation: Organisation, start: date, seed: int
) -> dict[str, Any]:
    """Complete answers to the grant form for ``project``, in the applicant's words."""
    rng = random.Random(seed)
    groups = [TARGET_WORDS[group] for group in project.target_groups]
    team_size = max(3, min(organisation.staff_headcount, rng.randint(3, 12)))
    answers: dict[str, Any] = {
        "project_title": project.title,
        "project_summary": f"{project.pitch} {project.impact}",
        "country_of_activity": str(organisation.country),
        "sector": project.sector,
        "start_date": start.isoformat(),
        "social_challenge": " ".join(
            [
                project.problem,
                SECTOR_CONTEXT[project.sector],
                f"The project works first of all with {', '.join(groups[:-1]) + ' and ' if len(groups) > 1 else ''}{groups[-1]}, "
                f"whom {organisation.display_name} has served since {organisation.founding_year}.",
            ]
        ),
        "target_groups": list(project.target_groups),
        "solution": " ".join(
            [
                project.approach,
                TRANSITION_SENTENCES[project.transitions],
                f"Today the solution is {READINESS_WORDS[project.readiness]}; at the end of the "
                "project it will be in use in our daily work, with real users.",
                PARTNER_SENTENCES[seed % len(PARTNER_SENTENCES)],
                project.impact,
            ]
        ),
        "transitions": list(project.transitions),
        "technology_readiness": project.readiness,
        "team": " ".join(
            [
                f"{organisation.legal_representative_name} ({organisation.legal_representative_role}) "
                f"leads the project for {organisation.display_name}, which has "
                f"{organisation.staff_headcount} staff. The project team has {team_size} people: a project "
                "coordinator, staff who work with our users every day, and specialists of the "
                "technology partner.",
                TEAM_SENTENCES[seed % len(TEAM_SENTENCES)],
                TEAM_SENTENCES[(seed + 1) % len(TEAM_SENTENCES)],
            ]
        ),
        "team_size": str(team_size),
        "budget": _budget(project.amount, rng),
        "declaration_honour": True,
        "declaration_no_double_funding": True,
        "declaration_data_protection": True,
    }
    if seed % 3 == 0:
        answers["own_contribution"] = (
            f"{int(project.amount * rng.uniform(0.05, 0.2) / 100) * 100}.00"
        )
    return answers


def project_files(*, project: Project, organisation: Organisation) -> dict[str, ContentFile]:
    """The CV bundle and the work plan of ``project``, as small PDFs."""
    cv = demo_upload(
        "key-staff-cvs.pdf",
        f"Key staff — {organisation.display_name}",
        [
            f"{organisation.legal_representative_name}, {organisation.legal_representative_role}. "
            f"With {organisation.display_name} since {max(organisation.founding_year, 2000)}; "
            "responsible for strategy, partnerships and the organisation's EU-funded projects.",
            "Project coordinator. Twelve years in the social economy; has coordinated three "
            "regional projects on digital inclusion and work integration.",
            "Technology lead (technology partner). Software engineer with experience in "
            "accessible design and open-source platforms.",
        ],
    )
    work_plan = demo_upload(
        "work-plan.pdf",
        f"Work plan — {project.title}",
        [
            "Months 1–2. Needs analysis and co-design sessions with users and staff.",
            "Months 3–6. Adaptation of the solution with the technology partner; first tests.",
            "Months 7–10. Pilot in daily operations; training of staff and users.",
            "Months 11–12. Evaluation, documentation and a plan to transfer the solution.",
            f"Milestones: M2 requirements agreed; M6 first version in use; M10 pilot report; "
            f"M12 final report. Expected result: {project.impact}",
        ],
    )
    return {"cv": cv, "work_plan": work_plan}
