"""Writes on demo days and the applications to pitch at them.

Staff write a cohort's demo day (one per cohort, optional) and publish it; while its
application window is open, the owners and editors of an active participant of that
cohort apply with a pitch summary and their ask; staff select up to the pitch slots
(counted under the demo day's row lock), set the pitch order and publish the selection,
which e-mails every applicant after commit; after the day they note each pitch's outcome.
Moves of an application follow ``PITCH_TRANSITIONS``; a refused move names the state.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from acceleration.demoday import selectors
from acceleration.demoday.tasks import send_pitch_decision
from acceleration.errors import AccelerationError, full_clean_on_field
from acceleration.models import (
    PITCH_TRANSITIONS,
    Cohort,
    CohortStatus,
    DemoDay,
    DirectoryEntry,
    Participant,
    ParticipantStatus,
    PitchApplication,
    PitchStatus,
)
from acceleration.participation import can_request
from socialtech.accounts.roles import require_programme_staff
from socialtech.audit.services import audit_log
from socialtech.formatting import format_datetime, known_zone
from socialtech.tasks import enqueue_on_commit
from socialtech.tenancy.context import require_active_tenant


def _lock(demo_day: DemoDay) -> DemoDay:
    return DemoDay.objects.select_for_update().get(pk=demo_day.pk)


def _notify(pitch: PitchApplication) -> None:
    enqueue_on_commit(send_pitch_decision, tenant_id=pitch.tenant_id, pitch_id=pitch.pk)


@transaction.atomic
def demo_day_save(
    *,
    by: Any,
    demo_day: DemoDay | None = None,
    cohort: Cohort,
    slug: str = "",
    title: str,
    description: str = "",
    starts_at: datetime,
    time_zone: str,
    place: str = "",
    online_url: str = "",
    applications_close_at: datetime,
    pitch_slots: int,
    invited_entries: list[DirectoryEntry] | None = None,
    is_published: bool = False,
) -> DemoDay:
    """Create or change a cohort's demo day and the directory entries invited to it.
    Refuses anyone but the programme's staff, a second demo day for the cohort, a slug
    taken, an unknown time zone, naive times, applications closing after the day starts,
    neither a place nor an online link, no pitch slot, fewer slots than pitches already
    selected, and an invited entry that is a public procurer."""
    require_programme_staff(by)
    for field, moment in (
        ("starts_at", starts_at),
        ("applications_close_at", applications_close_at),
    ):
        if moment is None or timezone.is_naive(moment):
            raise AccelerationError(
                _("%(field)s: give a time with its zone.")
                % {
                    "field": str(
                        getattr(DemoDay._meta.get_field(field), "verbose_name", field)
                    ).capitalize()
                },
                "naive_time",
                field=field,
            )
    if known_zone(time_zone) is None:
        raise AccelerationError(
            _("Time zone: “%(zone)s” is not a known zone (e.g. Europe/Rome).")
            % {"zone": time_zone},
            "zone_unknown",
            field="time_zone",
        )
    if applications_close_at > starts_at:
        raise AccelerationError(
            _("Applications close at: the window must close before the demo day starts."),
            "window_after_start",
            field="applications_close_at",
        )
    if not (place or "").strip() and not (online_url or "").strip():
        raise AccelerationError(
            _("Place: give a place or an online link."), "place_missing", field="place"
        )
    if pitch_slots is None or pitch_slots < 1:
        raise AccelerationError(
            _("Pitch slots: give at least one slot."), "slots_invalid", field="pitch_slots"
        )
    invited = list(invited_entries or [])
    for entry in invited:
        if entry.kind == "procurer":
            raise AccelerationError(
                _(
                    "Investors invited: “%(entry)s” is a public procurer; invite investors and platforms."
                )
                % {"entry": entry.name},
                "procurer_invited",
                field="invited_entries",
            )
    slug = slugify(slug or title)[:80]
    others = DemoDay.objects.all() if demo_day is None else DemoDay.objects.exclude(pk=demo_day.pk)
    if others.filter(slug=slug).exists():
        raise AccelerationError(
            _("Slug: another demo day already has the address “%(slug)s”.") % {"slug": slug},
            "slug_taken",
            field="slug",
        )
    if others.filter(cohort=cohort).exists():
        raise AccelerationError(
            _("Cohort: “%(cohort)s” already has a demo day.") % {"cohort": cohort.name},
            "cohort_has_demo_day",
            field="cohort",
        )
    row = _lock(demo_day) if demo_day is not None else DemoDay(tenant=require_active_tenant())
    if demo_day is not None:
        selected = selectors.selected_count(row)
        if pitch_slots < selected:
            raise AccelerationError(
                _(
                    "Pitch slots: %(selected)s pitches are already selected; give at least %(selected)s."
                )
                % {"selected": selected},
                "slots_below_selected",
                field="pitch_slots",
            )
    row.cohort = cohort
    row.slug = slug
    row.title = (title or "").strip()
    row.description = (description or "").strip()
    row.starts_at = starts_at
    row.time_zone = time_zone
    row.place = (place or "").strip()
    row.online_url = (online_url or "").strip()
    row.applications_close_at = applications_close_at
    row.pitch_slots = pitch_slots
    row.is_published = bool(is_published)
    full_clean_on_field(row)
    row.save()
    row.invited_entries.set(invited)
    audit_log(
        actor=by,
        verb="acceleration.demo_day_changed"
        if demo_day is not None
        else "acceleration.demo_day_created",
        target=row,
        data={
            "cohort": cohort.pk,
            "pitch_slots": pitch_slots,
            "invited": sorted(entry.pk for entry in invited),
            "is_published": row.is_published,
        },
    )
    return row


@transaction.atomic
def pitch_apply(
    *, by: Any, demo_day: DemoDay, participant: Participant, summary: str, ask: str
) -> PitchApplication:
    """Apply, for ``participant``, to pitch at ``demo_day`` (applying again while the
    window is open and nothing is decided rewrites the application). Refuses anyone who
    does not own or edit the participant's organisation, a participant of another cohort
    or no longer active, a cohort not running, a demo day not published, a window closed,
    an application already decided, and a summary or ask left empty."""
    if not can_request(by, participant):
        raise PermissionDenied(
            _("Only the owners and editors of the organisation may apply to pitch.")
        )
    locked = _lock(demo_day)
    participant = Participant.objects.select_related("cohort", "organisation").get(
        pk=participant.pk
    )
    if participant.cohort_id != locked.cohort_id:
        raise AccelerationError(
            _("%(organisation)s is not in the cohort of this demo day.")
            % {"organisation": participant.organisation.legal_name},
            "other_cohort",
        )
    if (
        participant.status != ParticipantStatus.ACTIVE
        or participant.cohort.status != CohortStatus.RUNNING
    ):
        raise AccelerationError(
            _("%(organisation)s is not an active participant of a running cohort.")
            % {"organisation": participant.organisation.legal_name},
            "not_participant",
        )
    now = timezone.now()
    if not locked.is_published:
        raise AccelerationError(
            _("The demo day “%(title)s” is not published.") % {"title": locked.title},
            "not_published",
        )
    if now >= locked.applications_close_at:
        raise AccelerationError(
            _("Applications to pitch closed on %(closed)s.")
            % {"closed": format_datetime(locked.applications_close_at, locked.time_zone)},
            "window_closed",
        )
    summary = (summary or "").strip()
    ask = (ask or "").strip()
    if not summary:
        raise AccelerationError(
            _("Pitch summary: say in a few lines what you will pitch."),
            "summary_missing",
            field="summary",
        )
    if not ask:
        raise AccelerationError(
            _("Your ask: say what you ask the investors for (an amount, a partnership…)."),
            "ask_missing",
            field="ask",
        )
    existing = (
        PitchApplication.objects.select_for_update()
        .filter(demo_day=locked, participant=participant)
        .first()
    )
    if existing is not None and existing.status != PitchStatus.APPLIED:
        raise AccelerationError(
            _("Your application is %(status)s; it can no longer be changed.")
            % {"status": existing.get_status_display()},
            "already_decided",
        )
    row = existing or PitchApplication(
        tenant=locked.tenant, demo_day=locked, participant=participant, applied_at=now
    )
    row.submitted_by = by
    row.summary = summary
    row.ask = ask
    full_clean_on_field(row)
    row.save()
    audit_log(
        actor=by,
        verb="acceleration.pitch_changed" if existing else "acceleration.pitch_applied",
        target=row,
        data={"demo_day": locked.pk, "participant": participant.pk},
    )
    return row


def _move(pitch: PitchApplication, to: str) -> tuple[DemoDay, PitchApplication]:
    demo_day = _lock(pitch.demo_day)
    row = (
        PitchApplication.objects.select_for_update()
        .select_related("participant__organisation")
        .get(pk=pitch.pk)
    )
    if to not in PITCH_TRANSITIONS[row.status]:
        raise AccelerationError(
            _("The application of %(organisation)s is %(status)s; it cannot become %(to)s.")
            % {
                "organisation": row.participant.organisation.legal_name,
                "status": row.get_status_display(),
                "to": PitchStatus(to).label,
            },
            "wrong_state",
        )
    return demo_day, row


@transaction.atomic
def pitch_select(*, pitch: PitchApplication, by: Any, order: int | None = None) -> PitchApplication:
    """Select an application to pitch, at place ``order`` (default: after the last one).
    Counted under the demo day's row lock: never more pitches than slots. After the
    selection is published the applicant is e-mailed the change. Refuses anyone but the
    programme's staff, a demo day whose slots are all taken, and an application already
    selected (naming its state)."""
    require_programme_staff(by)
    demo_day, row = _move(pitch, PitchStatus.SELECTED)
    taken = selectors.selected_count(demo_day)
    if taken >= demo_day.pitch_slots:
        raise AccelerationError(
            _("All %(slots)s pitch slots of “%(title)s” are taken; unselect a pitch first.")
            % {"slots": demo_day.pitch_slots, "title": demo_day.title},
            "slots_full",
        )
    row.status = PitchStatus.SELECTED
    row.pitch_order = order if order is not None else taken + 1
    row.decided_at = timezone.now()
    row.save(update_fields=["status", "pitch_order", "decided_at"])
    audit_log(
        actor=by, verb="acceleration.pitch_selected", target=row, data={"order": row.pitch_order}
    )
    if demo_day.selection_published_at is not None:
        _notify(row)
    return row


@transaction.atomic
def pitch_unselect(*, pitch: PitchApplication, by: Any) -> PitchApplication:
    """Mark an application not selected (from applied, or taking back a selection). After
    the selection is published the applicant is e-mailed the change. Refuses anyone but
    the programme's staff and an application already not selected."""
    require_programme_staff(by)
    demo_day, row = _move(pitch, PitchStatus.NOT_SELECTED)
    row.status = PitchStatus.NOT_SELECTED
    row.pitch_order = None
    row.decided_at = timezone.now()
    row.save(update_fields=["status", "pitch_order", "decided_at"])
    audit_log(actor=by, verb="acceleration.pitch_not_selected", target=row)
    if demo_day.selection_published_at is not None:
        _notify(row)
    return row


@transaction.atomic
def pitch_order_set(*, pitch: PitchApplication, by: Any, order: int) -> PitchApplication:
    """Give a selected pitch its place in the running order. Refuses anyone but the
    programme's staff, an application not selected, and a place below 1."""
    require_programme_staff(by)
    row = PitchApplication.objects.select_for_update().get(pk=pitch.pk)
    if row.status != PitchStatus.SELECTED:
        raise AccelerationError(
            _("Only a selected pitch has a place in the order; this one is %(status)s.")
            % {"status": row.get_status_display()},
            "wrong_state",
        )
    if order is None or order < 1:
        raise AccelerationError(
            _("Pitch order: give a place of 1 or more."), "order_invalid", field="pitch_order"
        )
    row.pitch_order = order
    row.save(update_fields=["pitch_order"])
    audit_log(actor=by, verb="acceleration.pitch_ordered", target=row, data={"order": order})
    return row


@transaction.atomic
def demo_day_publish_selection(*, demo_day: DemoDay, by: Any) -> DemoDay:
    """Publish the selection: every application still undecided becomes not selected,
    the selected pitches show on the public page, and every applicant is e-mailed the
    decision after commit. Refuses anyone but the programme's staff, a selection already
    published, and a window still open."""
    require_programme_staff(by)
    locked = _lock(demo_day)
    if locked.selection_published_at is not None:
        raise AccelerationError(
            _("The selection of “%(title)s” is already published.") % {"title": locked.title},
            "already_published",
        )
    now = timezone.now()
    if now < locked.applications_close_at:
        raise AccelerationError(
            _("Applications are open until %(closes)s; publish the selection after they close.")
            % {"closes": format_datetime(locked.applications_close_at, locked.time_zone)},
            "window_open",
        )
    undecided = PitchApplication.objects.filter(demo_day=locked, status=PitchStatus.APPLIED)
    count = undecided.update(status=PitchStatus.NOT_SELECTED, decided_at=now)
    locked.selection_published_at = now
    locked.save(update_fields=["selection_published_at", "updated_at"])
    audit_log(
        actor=by,
        verb="acceleration.demo_day_selection_published",
        target=locked,
        data={"made_not_selected": count, "selected": selectors.selected_count(locked)},
    )
    for pitch_id in selectors.decided_pitch_ids(locked):
        enqueue_on_commit(send_pitch_decision, tenant_id=locked.tenant_id, pitch_id=pitch_id)
    return locked


@transaction.atomic
def pitch_outcome_record(*, pitch: PitchApplication, by: Any, note: str) -> PitchApplication:
    """Note what came of a pitch after the demo day. Refuses anyone but the programme's
    staff, a pitch not selected, a note before the day has started, and an empty note."""
    require_programme_staff(by)
    row = PitchApplication.objects.select_for_update().select_related("demo_day").get(pk=pitch.pk)
    if row.status != PitchStatus.SELECTED:
        raise AccelerationError(
            _("Only a selected pitch has an outcome; this one is %(status)s.")
            % {"status": row.get_status_display()},
            "wrong_state",
        )
    if timezone.now() < row.demo_day.starts_at:
        raise AccelerationError(
            _("The demo day has not taken place yet; note the outcome after it."),
            "day_not_held",
            field="outcome_note",
        )
    note = (note or "").strip()
    if not note:
        raise AccelerationError(
            _("Outcome: write what came of the pitch."), "note_missing", field="outcome_note"
        )
    row.outcome_note = note
    row.save(update_fields=["outcome_note"])
    audit_log(actor=by, verb="acceleration.pitch_outcome_recorded", target=row)
    return row
