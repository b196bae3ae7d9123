"""Writes on hackathons, their challenges, sign-ups and teams.

Staff write a hackathon and move it through one table of states (:data:`TRANSITIONS`):
draft → open (sign-up) → closed (teams formed) → held → completed (outcomes in), one
service per step. While it is open, an owner or editor of a social-economy organisation
brings one challenge per organisation; staff accept (within the challenge capacity) or
decline it, and the enterprise is e-mailed. A signed-in person signs up as a coach or a
sparring partner; sparring partners beyond the capacity go on a waiting list (first come,
first served) and a withdrawn place goes to the first person waiting. Coaches have no
capacity: staff ask them. Staff form one team per accepted challenge, put each confirmed
person in one team at most (a team without a coach is warned about, not refused), may have
teams suggested, and publish them (each person is e-mailed). While the hackathon is held,
each team's enterprise (its owners and editors) or its coach records the outcome.

Counts are taken under the hackathon's row lock; e-mails leave after commit. A refusal is
a ``HackathonError`` naming the field or the rule (and the current state), with a code.
"""

from connect_to_innovate.hackathons.services.challenges import (
    challenge_accept,
    challenge_decline,
    challenge_submit,
)
from connect_to_innovate.hackathons.services.common import (
    RESERVED_SLUGS,
    STAMPS,
    TRANSITIONS,
)
from connect_to_innovate.hackathons.services.lifecycle import (
    hackathon_close,
    hackathon_complete,
    hackathon_hold,
    hackathon_open,
    hackathon_save,
)
from connect_to_innovate.hackathons.services.signups import (
    signup_create,
    signup_withdraw,
)
from connect_to_innovate.hackathons.services.teams import (
    team_form,
    team_member_add,
    team_member_remove,
    team_outcome_record,
    teams_publish,
    teams_suggest,
)

__all__ = [
    "RESERVED_SLUGS",
    "STAMPS",
    "TRANSITIONS",
    "challenge_accept",
    "challenge_decline",
    "challenge_submit",
    "hackathon_close",
    "hackathon_complete",
    "hackathon_hold",
    "hackathon_open",
    "hackathon_save",
    "signup_create",
    "signup_withdraw",
    "team_form",
    "team_member_add",
    "team_member_remove",
    "team_outcome_record",
    "teams_publish",
    "teams_suggest",
]
