"""The tables of WP4's connect to innovate, one module per sub-domain (DESIGN.md §2, §4)."""

from connect_to_innovate.models.hackathons import (
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
