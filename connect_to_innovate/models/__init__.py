"""The tables of WP4's connect to innovate, one module per sub-domain (DESIGN.md §2, §4)."""

from connect_to_innovate.models.challenges import (
    EDITABLE_STATUSES,
    LANGUAGE_CODES,
    REVIEW_TRANSITIONS,
    Challenge,
    ReviewStatus,
    Sector,
)
from connect_to_innovate.models.connections import (
    INTEREST_TRANSITIONS,
    MEETING_TRANSITIONS,
    Interest,
    InterestMessage,
    InterestStatus,
    JointApplication,
    MeetingRequest,
    MeetingStatus,
    Side,
)
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
from connect_to_innovate.models.offers import ProviderType, TechnologyOffer

__all__ = [
    "EDITABLE_STATUSES",
    "INTEREST_TRANSITIONS",
    "LANGUAGE_CODES",
    "MEETING_TRANSITIONS",
    "REVIEW_TRANSITIONS",
    "SPOKEN_LANGUAGES",
    "Challenge",
    "ChallengeStatus",
    "Hackathon",
    "HackathonChallenge",
    "HackathonSignup",
    "HackathonStatus",
    "HackathonTeam",
    "Interest",
    "InterestMessage",
    "InterestStatus",
    "JointApplication",
    "MeetingRequest",
    "MeetingStatus",
    "ProviderType",
    "ReviewStatus",
    "Sector",
    "Side",
    "SignupRole",
    "SignupStatus",
    "SkillTag",
    "TechnologyOffer",
]
