"""Writes of training vouchers: an enterprise books a place on a provider's course for one
of its members, paid by its training voucher.

Booking chooses the offer's provider for the voucher at the offer's price, in the training
category, through the vouchers' own redemption service, so the provider accepts or
declines the work where it answers every voucher; the place opens the course once it
accepted.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from mooc.models import CourseStatus
from socialtech.audit.services import audit_log
from socialtech.tenancy.links import tenant_absolute_url
from upskilling.errors import UpskillingError
from upskilling.models import CourseOffer, TrainingPlace
from upskilling.training import selectors
from vouchers.access import may_act_for_enterprise
from vouchers.errors import VoucherError
from vouchers.models import ProviderStatus, ServiceCategory, Voucher
from vouchers.money import euros
from vouchers.redemption.services import provider_select

CENT = Decimal("0.01")


def place_scope(*, offer: CourseOffer, learner: Any) -> str:
    """The scope of work the provider reads: the course, its address and the learner."""
    course = offer.course
    return _(
        "Training place on the course “%(course)s” (%(address)s) for the learner "
        "%(learner)s <%(email)s>, at the course's price of %(price)s per learner."
    ) % {
        "course": course.title,
        "address": tenant_absolute_url(course.tenant, selectors.course_path(course)),
        "learner": learner.full_name or learner.email,
        "email": learner.email,
        "price": euros(offer.price),
    }


@transaction.atomic
def place_book(*, offer: CourseOffer, voucher: Voucher, learner: Any, by: Any) -> TrainingPlace:
    """Book ``learner`` a place on ``offer``'s course paid by ``voucher``: the voucher's
    provider becomes the offer's provider, at the offer's price, for training (the
    provider is asked to accept); the place is recorded (a voucher booked again after a
    decline or a withdrawal moves its place) with an audit row.

    Refuses (``UpskillingError``): an inactive offer or an unpublished course; a person who
    may not act for the voucher's organisation; a voucher whose scheme does not cover
    training; a learner who is not a member of the voucher's organisation; and whatever
    the voucher's choice of provider refuses (a voucher not issued or expired, a provider
    not accredited for training, self-dealing), with its message, code and field."""
    course = offer.course
    if not offer.active:
        raise UpskillingError(
            _("Course: “%(course)s” is no longer open to training vouchers.")
            % {"course": course.title},
            "offer_inactive",
            field="offer",
        )
    if course.status != CourseStatus.PUBLISHED:
        raise UpskillingError(
            _("Course: “%(course)s” is not published; a place can be booked once it is.")
            % {"course": course.title},
            "course_not_published",
            field="offer",
        )
    if not may_act_for_enterprise(by, voucher):
        raise UpskillingError(
            _("Voucher: only the owners and editors of %(organisation)s may spend its voucher.")
            % {"organisation": voucher.organisation.legal_name},
            "forbidden",
            field="voucher",
        )
    if not selectors.scheme_covers_training(voucher):
        raise UpskillingError(
            _(
                "Voucher: %(code)s is of a scheme that does not cover training; choose a training voucher."
            )
            % {"code": voucher.code},
            "training_not_covered",
            field="voucher",
        )
    if not selectors.is_member(user=learner, organisation_id=voucher.organisation_id):
        raise UpskillingError(
            _(
                "Learner: %(learner)s is not a member of %(organisation)s, whose voucher pays the place."
            )
            % {
                "learner": learner.full_name or learner.email,
                "organisation": voucher.organisation.legal_name,
            },
            "learner_not_member",
            field="learner",
        )
    try:
        provider_select(
            voucher=voucher,
            provider=offer.provider,
            category=ServiceCategory.TRAINING,
            scope=place_scope(offer=offer, learner=learner),
            agreed_price=offer.price,
            by=by,
        )
    except VoucherError as error:
        raise UpskillingError(error.message, error.code, field=error.field) from error
    place, created = TrainingPlace.objects.update_or_create(
        voucher=voucher,
        defaults={"offer": offer, "learner": learner},
        create_defaults={"offer": offer, "learner": learner, "tenant_id": voucher.tenant_id},
    )
    audit_log(
        actor=by,
        verb="upskilling.place_booked",
        target=place,
        data={
            "voucher": voucher.code,
            "course": course.slug,
            "learner": learner.pk,
            "price": str(offer.price),
            "again": not created,
        },
    )
    return place


@transaction.atomic
def offer_save(
    *,
    by: Any,
    offer: CourseOffer | None,
    course: Any,
    provider: Any,
    price: Any,
    active: bool,
) -> CourseOffer:
    """Create or change a course's offer: the provider that gives it and its price per
    learner, open to training vouchers while ``active``; an audit row either way.

    Refuses (``UpskillingError``): a provider not accredited for training (field
    ``provider``), a price that is not more than EUR 0.00 (field ``price``), a course that
    already has another offer (field ``course``)."""
    accreditation = selectors.training_accreditation(provider_id=provider.pk)
    if accreditation is None or accreditation.status != ProviderStatus.ACCREDITED:
        raise UpskillingError(
            _(
                "Provider: %(provider)s is not accredited for training; a course offered "
                "for training vouchers must be given by a provider accredited for training."
            )
            % {"provider": provider.organisation.legal_name},
            "provider_not_accredited",
            field="provider",
        )
    try:
        amount = Decimal(str(price))
    except (ArithmeticError, ValueError):
        amount = Decimal("NaN")
    if not amount.is_finite() or amount != amount.quantize(CENT):
        raise UpskillingError(
            _("Price per learner: give the price in euros, with at most two decimals."),
            "price_invalid",
            field="price",
        )
    if amount <= 0:
        raise UpskillingError(
            _("Price per learner: it must be more than EUR 0.00."),
            "price_not_positive",
            field="price",
        )
    existing = CourseOffer.objects.filter(course_id=course.pk)
    if offer is not None and offer.pk is not None:
        existing = existing.exclude(pk=offer.pk)
    if existing.exists():
        raise UpskillingError(
            _("Course: “%(course)s” already has an offer; change that one instead.")
            % {"course": course.title},
            "course_already_offered",
            field="course",
        )
    saved = offer if offer is not None and offer.pk is not None else CourseOffer()
    created = saved.pk is None
    saved.course = course
    saved.provider = provider
    saved.price = amount.quantize(CENT)
    saved.active = active
    saved.full_clean(exclude=["tenant"], validate_unique=False)
    saved.save()
    audit_log(
        actor=by,
        verb="upskilling.offer_created" if created else "upskilling.offer_changed",
        target=saved,
        data={
            "course": course.slug,
            "provider": provider.pk,
            "price": str(saved.price),
            "active": active,
        },
    )
    return saved
