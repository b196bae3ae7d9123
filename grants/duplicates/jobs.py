"""The work of the near-duplicate tasks, callable directly too: fingerprint applications'
texts, find their near duplicates across the installation and flag both sides, a call's
check with its progress, and the periodic sweep over newly submitted applications.

Only signatures cross programmes: an application of another programme is compared by its
fingerprint alone, never by its text, and its programme's side of the pair is written as a
row of that programme. Pairs inside one programme are confirmed on their texts (the exact
Jaccard similarity of their shingles). Safe to run twice: an unchanged text keeps its
fingerprint, and a pair has one flag per side however often it is found.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone

from grants.duplicates import minhash, selectors
from grants.models import (
    DuplicateCheck,
    DuplicateCheckStatus,
    DuplicateFlag,
    FingerprintBand,
    TextFingerprint,
)
from socialtech.audit.services import audit_log
from socialtech.tenancy.context import require_active_tenant
from socialtech.tenancy.models import Tenant

# A pair of one programme whose signatures estimate this much under the threshold is still
# compared on its texts (the estimate's error with 128 values is about 0.04).
ESTIMATE_MARGIN = Decimal("0.100")
# Applications fingerprinted and matched between two updates of a check's progress.
CHECK_STEP = 50
SWEEP_LIMIT = 500


# --- Fingerprints -------------------------------------------------------------------------------


def _sha256(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def fingerprints_compute(*, application_ids: Sequence[int]) -> dict[int, int]:
    """The fingerprint of each of ``application_ids`` (of the active programme, submitted),
    computed only when its text changed; returns {application id: fingerprint id}."""
    applications = selectors.applications_for_fingerprint(application_ids)
    keys = selectors.text_field_keys({application.call_id for application in applications})
    existing = selectors.fingerprints_by_application([row.pk for row in applications])
    now = timezone.now()
    done: dict[int, int] = {}
    unchanged: list[int] = []
    for application in applications:
        text = selectors.application_text(application, keys.get(application.call_id, []))
        digest = _sha256(text)
        known = existing.get(application.pk)
        if known is not None and known.text_sha256 == digest:
            done[application.pk] = known.pk
            unchanged.append(known.pk)
            continue
        done[application.pk] = _fingerprint_write(
            application_id=application.pk,
            tenant_id=application.tenant_id,
            call_id=application.call_id,
            text=text,
            digest=digest,
            known=known,
            now=now,
        )
    if unchanged:
        # Seen again: the sweep does not pick them up until they are submitted anew.
        TextFingerprint.objects.filter(pk__in=unchanged).update(computed_at=now)
    return done


def _fingerprint_write(
    *,
    application_id: int,
    tenant_id: int,
    call_id: int,
    text: str,
    digest: str,
    known: TextFingerprint | None,
    now: Any,
) -> int:
    words = len(minhash.words_of(text))
    values = minhash.signature(minhash.shingles(text)) if words >= minhash.MIN_WORDS else []
    with transaction.atomic():
        fingerprint = known or TextFingerprint(
            tenant_id=tenant_id, application_id=application_id, call_id=call_id
        )
        fingerprint.call_id = call_id
        fingerprint.text_sha256 = digest
        fingerprint.word_count = words
        fingerprint.signature = values
        fingerprint.computed_at = now
        fingerprint.save()
        FingerprintBand.objects.filter(fingerprint=fingerprint).delete()
        FingerprintBand.objects.bulk_create(
            FingerprintBand(
                tenant_id=tenant_id,
                fingerprint=fingerprint,
                application_id=application_id,
                band=band,
                value=value,
            )
            for band, value in enumerate(minhash.band_hashes(values))
        )
    return fingerprint.pk


# --- Matching ------------------------------------------------------------------------------------


def _exact_similarities(pairs: set[tuple[int, int]]) -> dict[tuple[int, int], Decimal]:
    """The exact similarity of pairs of the active programme, from their texts."""
    ids = sorted({pk for pair in pairs for pk in pair})
    applications = {row.pk: row for row in selectors.applications_for_fingerprint(ids)}
    keys = selectors.text_field_keys({row.call_id for row in applications.values()})
    sets = {
        pk: minhash.shingles(selectors.application_text(row, keys.get(row.call_id, [])))
        for pk, row in applications.items()
    }
    return {
        (first, second): minhash.exact_similarity(sets[first], sets[second])
        for first, second in pairs
        if first in sets and second in sets
    }


def duplicates_find(*, application_ids: Sequence[int]) -> list[int]:
    """Flag the near duplicates of ``application_ids`` (fingerprinted, of the active
    programme) among every compared application of the installation; returns the ids of the
    flags made (both sides). Idempotent: a pair found again only has its similarity updated."""
    threshold = selectors.similarity_threshold()
    tenant = require_active_tenant()
    # The ids read across programmes: only the active programme's are matched from here.
    own = {
        pk: row
        for pk, row in selectors.judged_prints(application_ids).items()
        if row.tenant_id == tenant.pk
    }
    if not own:
        return []
    found = selectors.candidate_pairs(own.values())
    prints = {**own, **selectors.judged_prints(sorted({other for _own, other in found} - set(own)))}
    unordered = {(min(pair), max(pair)) for pair in found if pair[1] in prints}
    similarities: dict[tuple[int, int], Decimal] = {}
    to_confirm: set[tuple[int, int]] = set()
    for first, second in unordered:
        estimate = minhash.estimated_similarity(prints[first].signature, prints[second].signature)
        if prints[first].tenant_id == prints[second].tenant_id:
            if estimate >= threshold - ESTIMATE_MARGIN:
                to_confirm.add((first, second))
        elif estimate >= threshold:
            similarities[(first, second)] = estimate
    exact = _exact_similarities(to_confirm) if to_confirm else {}
    similarities.update({pair: value for pair, value in exact.items() if value >= threshold})
    if not similarities:
        return []
    return _flags_write(similarities, prints)


def _flags_write(
    similarities: dict[tuple[int, int], Decimal], prints: dict[int, selectors.Print]
) -> list[int]:
    sides: dict[tuple[int, int], Decimal] = {}
    for (first, second), value in similarities.items():
        sides[(first, second)] = value
        sides[(second, first)] = value
    ids = sorted({pk for pair in sides for pk in pair})
    now = timezone.now()
    with transaction.atomic():
        existing = {
            (flag.application_id, flag.other_key): flag
            for part in selectors.chunks(ids)
            for flag in DuplicateFlag.unscoped.filter(
                application_id__in=list(part), other_key__in=ids
            )
        }
        changed = []
        for pair, flag in existing.items():
            if pair in sides and flag.similarity != sides[pair]:
                flag.similarity = sides[pair]
                changed.append(flag)
        if changed:
            DuplicateFlag.unscoped.bulk_update(changed, ["similarity"])
        new = [pair for pair in sorted(sides) if pair not in existing]
        if not new:
            return []
        # Rows of other programmes are written on purpose (each holds its own side), so
        # through the plain manager; each row's programme is its application's.
        DuplicateFlag.unscoped.bulk_create(
            [
                DuplicateFlag(
                    tenant_id=prints[own].tenant_id,
                    application_id=own,
                    call_id=prints[own].call_id,
                    other_application_id=(
                        other if prints[own].tenant_id == prints[other].tenant_id else None
                    ),
                    other_key=other,
                    other_tenant_id=prints[other].tenant_id,
                    same_programme=prints[own].tenant_id == prints[other].tenant_id,
                    similarity=sides[(own, other)],
                    found_at=now,
                )
                for own, other in new
            ],
            ignore_conflicts=True,
        )
        # A run racing this one may have written some of them: ours carry this run's time.
        made = [
            flag
            for part in selectors.chunks(sorted({own for own, _other in new}))
            for flag in DuplicateFlag.unscoped.filter(
                application_id__in=list(part), found_at=now
            ).select_related("application")
        ]
        tenants = Tenant.objects.in_bulk({flag.tenant_id for flag in made})
        for flag in made:
            flag.tenant = tenants[flag.tenant_id]
            audit_log(
                actor=None,
                verb="duplicate_flag.found",
                target=flag,
                data={
                    "application": flag.application_id,
                    "similarity": str(flag.similarity),
                    "same_programme": flag.same_programme,
                    # The other side is named only inside its own programme.
                    "other_application": flag.other_application_id,
                },
            )
    return [flag.pk for flag in made]


# --- A call's check, and the sweep ---------------------------------------------------------------


def duplicate_check_run(*, check_id: int) -> dict[str, int]:
    """Fingerprint and match every compared application of the check's call, counting
    progress after each step of ``CHECK_STEP``; safe to rerun (what was found stays)."""
    check = DuplicateCheck.objects.filter(pk=check_id).first()
    if check is None:
        return {"done": 0, "total": 0, "found": 0}
    application_ids = selectors.applications_of_call(check.call_id)
    DuplicateCheck.objects.filter(pk=check.pk).update(
        status=DuplicateCheckStatus.RUNNING, error="", done=0, total=len(application_ids)
    )
    done = 0
    try:
        for part in selectors.chunks(application_ids, CHECK_STEP):
            fingerprints_compute(application_ids=part)
            duplicates_find(application_ids=part)
            done += len(part)
            DuplicateCheck.objects.filter(pk=check.pk).update(done=done)
    except Exception as error:
        DuplicateCheck.objects.filter(pk=check.pk).update(
            status=DuplicateCheckStatus.FAILED, error=f"{type(error).__name__}: {error}"[:2000]
        )
        raise
    found = selectors.flags_of_call_count(check.call_id)
    with transaction.atomic():
        DuplicateCheck.objects.filter(pk=check.pk).update(
            status=DuplicateCheckStatus.DONE, found=found, finished_at=timezone.now()
        )
        audit_log(
            actor=None,
            verb="duplicate_check.finished",
            target=check,
            data={"applications": done, "flags": found},
        )
    return {"done": done, "total": len(application_ids), "found": found}


def application_duplicates_check(*, application_id: int) -> list[int]:
    """Fingerprint one application of the active programme and flag its near duplicates
    (for a hook on submission: the task ``grants.check_application_duplicates``)."""
    fingerprints_compute(application_ids=[application_id])
    return duplicates_find(application_ids=[application_id])


def fingerprints_sweep(*, limit: int = SWEEP_LIMIT) -> int:
    """The periodic sweep of the active programme: applications submitted since the last
    sweep are fingerprinted and matched, so their flags wait for staff before any offer.
    Returns how many applications were looked at."""
    application_ids = selectors.applications_without_fingerprint(limit=limit)
    for part in selectors.chunks(application_ids, CHECK_STEP):
        fingerprints_compute(application_ids=part)
        duplicates_find(application_ids=part)
    return len(application_ids)
