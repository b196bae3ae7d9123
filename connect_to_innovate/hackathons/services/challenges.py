"""Challenges brought to a hackathon by social enterprises, accepted or declined by staff."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from connect_to_innovate.hackathons import selectors
from connect_to_innovate.hackathons.errors import HackathonError
from connect_to_innovate.hackathons.services.common import (
    _full_clean,
    _lock,
    _require_person,
    _tags,
    _wrong_state,
)
from connect_to_innovate.hackathons.tasks import (
    send_challenge_decision,
)
from connect_to_innovate.models import (
    ChallengeStatus,
    Hackathon,
    HackathonChallenge,
    HackathonStatus,
    SkillTag,
)
from organisations.models import Organisation, SocialEconomyType
from socialtech.accounts.roles import require_programme_staff
from socialtech.audit.services import audit_log
from socialtech.tasks import enqueue_on_commit


@transaction.atomic
def challenge_submit(
    *,
    hackathon: Hackathon,
    organisation: Organisation,
    by: Any,
    title: str,
    problem: str,
    help_wanted: str,
    skills_wanted: list[str],
    now: datetime | None = None,
) -> HackathonChallenge:
    """Bring ``organisation``'s challenge to ``hackathon`` (submitted, for staff to decide).
    Refuses anyone but an owner or editor of the organisation, an organisation outside the
    social economy, a hackathon that is not open or whose sign-up has closed (as of
    ``now``), a second challenge of the same organisation, unknown skills and empty
    fields."""
    _require_person(by, _("bring a challenge"))
    if not selectors.is_organisation_editor(by, organisation.pk):
        raise PermissionDenied(_("Only an owner or editor of the organisation may do this."))
    locked = _lock(hackathon)
    now = now or timezone.now()
    if locked.status != HackathonStatus.OPEN:
        raise _wrong_state(locked, _("challenges are not taken"))
    if locked.signup_closes_at <= now:
        raise HackathonError(
            _("Challenges for “%(title)s” closed at the time announced.") % {"title": locked.title},
            "signup_closed",
        )
    if organisation.social_economy_type == SocialEconomyType.NOT_SOCIAL_ECONOMY:
        raise HackathonError(
            _("Organisation: hackathon challenges come from the social economy."),
            "not_social_economy",
            field="organisation",
        )
    if HackathonChallenge.objects.filter(hackathon=locked, organisation=organisation).exists():
        raise HackathonError(
            _("Organisation: %(organisation)s has already brought a challenge to this hackathon.")
            % {"organisation": organisation.display_name},
            "challenge_exists",
            field="organisation",
        )
    row = HackathonChallenge(
        tenant=locked.tenant,
        hackathon=locked,
        organisation=organisation,
        submitted_by=by,
        title=(title or "").strip(),
        problem=(problem or "").strip(),
        help_wanted=(help_wanted or "").strip(),
        skills_wanted=_tags(
            skills_wanted,
            field="skills_wanted",
            allowed=SkillTag.values,
            label=_("Skills wanted"),
        ),
        created_at=now,
    )
    _full_clean(row)
    row.save()
    audit_log(
        actor=by,
        verb="connect.hackathon_challenge_submitted",
        target=row,
        data={"hackathon": locked.pk, "organisation": organisation.pk},
    )
    return row


def _decide(challenge: HackathonChallenge, *, by: Any) -> tuple[Hackathon, HackathonChallenge]:
    require_programme_staff(by)
    locked = _lock(challenge.hackathon)
    row = HackathonChallenge.objects.select_for_update().get(pk=challenge.pk)
    if locked.status not in selectors.FORMING:
        raise _wrong_state(locked, _("challenges are no longer decided"))
    if row.status != ChallengeStatus.SUBMITTED:
        raise HackathonError(
            _("The challenge “%(title)s” is %(status)s; only a submitted one is decided.")
            % {"title": row.title, "status": row.get_status_display()},
            "wrong_state",
        )
    return locked, row


def _decided(row: HackathonChallenge, *, by: Any, to: str) -> HackathonChallenge:
    row.status = to
    row.decided_at = timezone.now()
    row.save(update_fields=["status", "decided_at"])
    audit_log(actor=by, verb=f"connect.hackathon_challenge_{to}", target=row)
    enqueue_on_commit(send_challenge_decision, tenant_id=row.tenant_id, challenge_id=row.pk)
    return row


@transaction.atomic
def challenge_accept(*, challenge: HackathonChallenge, by: Any) -> HackathonChallenge:
    """Accept a submitted challenge; the enterprise is e-mailed. Refuses anyone but the
    programme's staff, a hackathon past forming its teams, a challenge already decided, and
    one beyond the hackathon's challenge capacity."""
    locked, row = _decide(challenge, by=by)
    if selectors.accepted_count(locked) >= locked.challenge_capacity:
        raise HackathonError(
            _("“%(title)s” takes %(capacity)s challenges and has accepted them all.")
            % {"title": locked.title, "capacity": locked.challenge_capacity},
            "challenges_full",
        )
    return _decided(row, by=by, to=ChallengeStatus.ACCEPTED)


@transaction.atomic
def challenge_decline(*, challenge: HackathonChallenge, by: Any) -> HackathonChallenge:
    """Decline a submitted challenge; the enterprise is e-mailed. Refuses anyone but the
    programme's staff, a hackathon past forming its teams and a challenge already decided."""
    _locked, row = _decide(challenge, by=by)
    return _decided(row, by=by, to=ChallengeStatus.DECLINED)


# --- Sign-ups of coaches and sparring partners ------------------------------------------
