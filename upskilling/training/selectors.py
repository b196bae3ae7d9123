"""Reads of training vouchers: a course's offer, the place that lets a learner enrol, the
vouchers a person may book a place with and what each pays, and the places already booked.

A place is usable once the provider accepted the voucher's work: the voucher is in
delivery or in any later step of a used voucher (claim submitted, verified, reimbursed),
still chosen for the offer's provider in the training category. An expired or cancelled
voucher no longer pays, so its place no longer opens the course; a declined or withdrawn
choice sends the voucher back to "issued", where it may be booked again.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from mooc.models import Course, CourseStatus
from organisations.models import OrganisationMember
from organisations.permissions import role_can_edit
from upskilling.models import CourseOffer, TrainingPlace
from vouchers.access import member_roles
from vouchers.models import Accreditation, ServiceCategory, Voucher, VoucherStatus
from vouchers.money import CostSplit, cost_split

V = VoucherStatus
TRAINING = ServiceCategory.TRAINING.value
# The provider accepted: the learner may take the course the voucher paid for.
USABLE_STATUSES = (V.IN_DELIVERY, V.CLAIM_SUBMITTED, V.VERIFIED, V.REIMBURSED)
# The place states, as the pages and the integrator's pages read them.
NONE, WAITING, ACCEPTED, DECLINED, ENDED = "none", "waiting", "accepted", "declined", "ended"
# The best state first: a learner with two places shows the one that lets them in.
STATE_ORDER = (ACCEPTED, WAITING, DECLINED, ENDED)


def _usable_place(*, offer: Any, user: Any) -> QuerySet[TrainingPlace]:
    """The places of ``user`` on ``offer`` (an ``OuterRef`` or a row) that open the course."""
    provider = offer.provider_id if isinstance(offer, CourseOffer) else OuterRef("provider_id")
    return TrainingPlace.objects.filter(
        offer=offer,
        learner=user,
        voucher__status__in=USABLE_STATUSES,
        voucher__provider_id=provider,
        voucher__category=TRAINING,
    )


def offer_of(course: Course) -> CourseOffer | None:
    """The course's active offer, with its provider's organisation; ``None`` when the course
    is not sold through training vouchers (no offer, or an inactive one). One query."""
    return (
        CourseOffer.objects.filter(course_id=course.pk, active=True)
        .select_related("provider__organisation")
        .first()
    )


def offer_for_condition(*, course: Course, user: Any) -> CourseOffer | None:
    """The course's active offer with ``has_place``: whether ``user`` holds a usable place
    on it (always false for a visitor). One query."""
    offers = CourseOffer.objects.filter(course_id=course.pk, active=True).select_related(
        "provider__organisation"
    )
    if getattr(user, "is_authenticated", False):
        offers = offers.annotate(has_place=Exists(_usable_place(offer=OuterRef("pk"), user=user)))
    offer = offers.first()
    if offer is not None and not hasattr(offer, "has_place"):
        offer.has_place = False  # type: ignore[attr-defined]
    return offer


def state_of(place: TrainingPlace) -> str:
    """What became of ``place`` (its voucher and offer loaded): waiting for the provider,
    accepted (the learner may enrol), declined (the voucher is issued again: the provider
    declined or the enterprise withdrew its choice), or ended (the voucher expired, was
    cancelled, or was spent on something else)."""
    voucher = place.voucher
    chosen = voucher.provider_id == place.offer.provider_id and voucher.category == TRAINING
    if chosen and voucher.status in USABLE_STATUSES:
        return ACCEPTED
    if chosen and voucher.status == V.PROVIDER_SELECTED:
        return WAITING
    if voucher.status == V.ISSUED:
        return DECLINED
    return ENDED


def place_state(user: Any, course: Course) -> str:
    """``none``, ``waiting``, ``accepted``, ``declined`` or ``ended``: the best state of
    ``user``'s places on ``course``'s offer (any offer, active or not). One query."""
    if not getattr(user, "is_authenticated", False):
        return NONE
    places = TrainingPlace.objects.filter(learner=user, offer__course_id=course.pk).select_related(
        "voucher", "offer"
    )
    states = {state_of(place) for place in places}
    return next((state for state in STATE_ORDER if state in states), NONE)


def offer_for_page(slug: str) -> CourseOffer:
    """The active offer of the published course at ``slug`` in the active programme, with
    its course and provider; ``CourseOffer.DoesNotExist`` otherwise."""
    return CourseOffer.objects.select_related("course", "provider__organisation").get(
        course__slug=slug, course__status=CourseStatus.PUBLISHED, active=True
    )


def editable_organisations(user: Any) -> list[int]:
    """The organisations ``user`` may act for (owner or editor)."""
    return [pk for pk, role in member_roles(user).items() if role_can_edit(role)]


def scheme_covers_training(voucher: Voucher) -> bool:
    return TRAINING in (voucher.scheme.service_categories or [])


def usable_vouchers(user: Any) -> list[Voucher]:
    """The vouchers ``user`` may book a place with: issued, still valid, of an organisation
    they own or edit, of a scheme covering training; the nearest expiry first. One query
    after the roles."""
    organisations = editable_organisations(user)
    if not organisations:
        return []
    vouchers = (
        Voucher.objects.filter(
            organisation_id__in=organisations, status=V.ISSUED, expires_at__gt=timezone.now()
        )
        .select_related("scheme__call", "organisation")
        .order_by("expires_at", "pk")
    )
    # The scheme's categories are a JSON list, which SQLite cannot look inside.
    return [voucher for voucher in vouchers if scheme_covers_training(voucher)]


@dataclass(frozen=True)
class VoucherOption:
    """A voucher the person may book with, and what it pays of the offer's price."""

    voucher: Voucher
    split: CostSplit


def voucher_options(*, vouchers: list[Voucher], price: Decimal) -> list[VoucherOption]:
    return [
        VoucherOption(
            voucher=voucher,
            split=cost_split(
                value=voucher.value, co_funding_percent=voucher.co_funding_percent, price=price
            ),
        )
        for voucher in vouchers
    ]


def learner_choices(organisation_ids: list[int]) -> list[OrganisationMember]:
    """The members of the organisations, each with their user, by organisation then name."""
    if not organisation_ids:
        return []
    return list(
        OrganisationMember.objects.filter(
            organisation_id__in=organisation_ids, user__is_active=True
        )
        .select_related("organisation", "user")
        .order_by("organisation__legal_name", "organisation_id", "user__full_name", "user_id")
    )


def is_member(*, user: Any, organisation_id: int) -> bool:
    return OrganisationMember.objects.filter(user=user, organisation_id=organisation_id).exists()


def places_booked(*, user: Any, offer: CourseOffer) -> list[TrainingPlace]:
    """The places on ``offer`` booked with a voucher of any organisation ``user`` belongs
    to, or for ``user`` as the learner, the newest first. One query."""
    organisations = list(member_roles(user))
    places = TrainingPlace.objects.filter(offer=offer).filter(
        Q(voucher__organisation_id__in=organisations) | Q(learner=user)
    )
    return list(
        places.select_related("voucher__organisation", "learner", "offer").order_by(
            "-created_at", "-pk"
        )
    )


def newly_usable_places(*, since: Any) -> QuerySet[TrainingPlace]:
    """Places whose provider accepted since ``since`` and which open their course now."""
    return (
        TrainingPlace.objects.filter(
            voucher__status__in=USABLE_STATUSES,
            voucher__provider_id=F("offer__provider_id"),
            voucher__category=TRAINING,
            voucher__provider_accepted_at__gte=since,
        )
        .select_related(
            "voucher", "offer__course", "offer__provider__organisation", "learner", "tenant"
        )
        .order_by("pk")
    )


def training_accreditation(*, provider_id: int) -> Accreditation | None:
    """The provider's accreditation for training, whatever its status."""
    return Accreditation.objects.filter(provider_id=provider_id, category=TRAINING).first()


def offers_for_staff() -> QuerySet[CourseOffer]:
    """Every offer of the programme with its course, provider and number of places."""
    return CourseOffer.objects.select_related("course", "provider__organisation").annotate(
        places_count=Count("places")
    )


def places_for_staff() -> QuerySet[TrainingPlace]:
    return TrainingPlace.objects.select_related("voucher", "offer__course", "learner")


def place_for_notice(place_id: int) -> TrainingPlace | None:
    return (
        TrainingPlace.objects.select_related(
            "voucher", "offer__course", "offer__provider__organisation", "learner", "tenant"
        )
        .filter(pk=place_id)
        .first()
    )


def place_path(course: Course) -> str:
    """The page where a place on ``course`` is booked."""
    try:
        return reverse("training_place", args=[course.slug])
    except NoReverseMatch:
        return f"/training/courses/{course.slug}/place/"


def course_path(course: Course) -> str:
    try:
        return reverse("mooc_course", args=[course.slug])
    except NoReverseMatch:
        return f"/courses/{course.slug}/"


def calls_path() -> str:
    """The programme's list of open calls, where voucher calls are published."""
    try:
        return reverse("call_list")
    except NoReverseMatch:
        return "/calls/"
