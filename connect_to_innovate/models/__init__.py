"""The tables of WP4's connect to innovate, one module per sub-domain (DESIGN.md §2, §4)."""

from connect_to_innovate.models.hackathons import (
    SPOKEN_LANGUAGES,
    ChallengeStatus,
    Hackathon,
    HackathonChallenge,
    HackathonSignup,
    HackathonStatus,
    HackathonTeam,
    SignupRole,
    SignupStatus,
    SkillTag,
)

__all__ = [
    "SPOKEN_LANGUAGES",
    "ChallengeStatus",
    "Hackathon",
    "HackathonChallenge",
    "HackathonSignup",
    "HackathonStatus",
    "HackathonTeam",
    "SignupRole",
    "SignupStatus",
    "SkillTag",
]
