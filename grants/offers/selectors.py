"""Reads of the offers: the money awarded to an organisation (the cap per recipient and the
call's eligibility rule read the same total), a call's committed budget, the reserve list in
ranking order, and the awards a person may see.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import Case, CharField, DecimalField, QuerySet, Sum, Value, When
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from applications.models import Application, ApplicationStatus
from applications.selectors import format_money
from calls.models import Call, CallKind
from evaluations.models import RankingRun
from grants.models import AWARDED_STATUSES, LAPSED_STATUSES, Award, AwardStatus
from organisations.models import Organisation, OrganisationMember
from organisations.permissions import member_role, role_can_edit
from socialtech.accounts.roles import is_programme_staff
from socialtech.audit.models import AuditEvent

S = ApplicationStatus
ZERO = Decimal("0.00")


def _sum(queryset: QuerySet[Any], field: str) -> Decimal:
    total = queryset.aggregate(
        total=Coalesce(
            Sum(field), Value(ZERO), output_field=DecimalField(max_digits=14, decimal_places=2)
        )
    )["total"]
    return Decimal(total).quantize(Decimal("0.01"))


# --- The cap per recipient --------------------------------------------------------------------


def awarded_total(
    *, tenant: Any, organisation: Organisation | Any, excluding: Award | None = None
) -> Decimal:
    """What ``organisation`` has been awarded across every call of ``tenant``'s programme:
    offers accepted and every later state. Registered as the grants' funding source, so the
    call's eligibility rule "already received the cap" reads this same total."""
    awards = Award.unscoped.filter(
        tenant_id=getattr(tenant, "pk", tenant),
        organisation_id=getattr(organisation, "pk", organisation),
        status__in=AWARDED_STATUSES,
    )
    if excluding is not None and excluding.pk is not None:
        awards = awards.exclude(pk=excluding.pk)
    return _sum(awards, "amount")


def awarded_totals(*, tenant: Any, organisations: Any) -> dict[int, Decimal]:
    """:func:`awarded_total` of each of ``organisations`` in one grouped query, by id."""
    rows = (
        Award.unscoped.filter(
            tenant_id=getattr(tenant, "pk", tenant),
            organisation_id__in=[getattr(org, "pk", org) for org in organisations],
            status__in=AWARDED_STATUSES,
        )
        .order_by()
        .values("organisation_id")
        .annotate(total=Sum("amount"))
    )
    return {row["organisation_id"]: Decimal(row["total"]).quantize(Decimal("0.01")) for row in rows}


def offers_awaiting_answer_count() -> int:
    """Offers of the active programme still waiting for the applicant's answer."""
    return Award.objects.filter(status=AwardStatus.OFFERED).count()


@dataclass(frozen=True)
class CapCheck:
    already_awarded: Decimal
    this_award: Decimal
    cap: Decimal

    @property
    def exceeded(self) -> bool:
        return self.already_awarded + self.this_award > self.cap

    def message(self) -> str:
        return _(
            "This award would exceed the programme's cap per recipient: already awarded "
            "%(awarded)s, this award %(amount)s, cap %(cap)s."
        ) % {
            "awarded": format_money(self.already_awarded),
            "amount": format_money(self.this_award),
            "cap": format_money(self.cap),
        }


def cap_check(
    *, tenant: Any, organisation: Organisation, amount: Decimal, excluding: Award | None = None
) -> CapCheck:
    return CapCheck(
        already_awarded=awarded_total(
            tenant=tenant, organisation=organisation, excluding=excluding
        ),
        this_award=Decimal(amount).quantize(Decimal("0.01")),
        cap=Decimal(tenant.fstp_cap_per_recipient).quantize(Decimal("0.01")),
    )


# --- The call's budget and its reserve list -----------------------------------------------------


def call_committed(call: Call) -> Decimal:
    """Money of ``call`` spoken for: every offer not lapsed, and the amount requested by each
    main-list application still waiting for its offer."""
    offers = _sum(Award.objects.filter(call=call).exclude(status__in=LAPSED_STATUSES), "amount")
    waiting = _sum(
        Application.objects.filter(call=call, status=S.MAIN_LIST, award__isnull=True),
        "requested_amount",
    )
    return offers + waiting


def call_remaining(call: Call) -> Decimal:
    return Decimal(call.budget or ZERO) - call_committed(call)


def is_on_published_main_list(application: Application) -> bool:
    """On the main list of a ranking the programme has published: the applicant has been
    told (``published_outcome``) and no later, unpublished ranking has moved it."""
    return application.status == S.MAIN_LIST and application.published_outcome == S.MAIN_LIST


def is_on_published_reserve_list(application: Application) -> bool:
    return application.status == S.RESERVE_LIST and application.published_outcome == S.RESERVE_LIST


def ranking_places(call: Call) -> dict[int, int]:
    """Application id -> rank in the call's latest ranking (the published lists follow it)."""
    run = RankingRun.objects.filter(call=call).order_by("-created_at", "-pk").first()
    if run is None:
        return {}
    return {
        int(row["application"]): int(row["rank"])
        for row in run.results
        if row.get("rank") is not None
    }


def reserve_in_order(call: Call) -> list[Application]:
    """The published reserve list of ``call`` in ranking order (unranked rows last, oldest first)."""
    places = ranking_places(call)
    reserve = list(
        Application.objects.filter(
            call=call,
            status=S.RESERVE_LIST,
            published_outcome=S.RESERVE_LIST,
            award__isnull=True,
        ).select_related("organisation")
    )
    return sorted(reserve, key=lambda a: (places.get(a.pk, 10**9), a.pk))


def reserve_first_fundable(call: Call, *, remaining: Decimal) -> Application | None:
    """The first reserve application whose requested amount the remaining budget funds."""
    for application in reserve_in_order(call):
        requested = application.requested_amount
        if requested is not None and requested > 0 and requested <= remaining:
            return application
    return None


# --- Who sees and acts ----------------------------------------------------------------------------


def member_awards(user: Any) -> QuerySet[Award]:
    """Awards of the organisations ``user`` belongs to, in the active programme."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return Award.objects.none()
    roles = dict(
        OrganisationMember.objects.filter(user=user).values_list("organisation_id", "role")
    )
    if not roles:
        return Award.objects.none()
    return Award.objects.filter(organisation_id__in=list(roles)).annotate(
        viewer_role=Case(
            *(When(organisation_id=pk, then=Value(role)) for pk, role in roles.items()),
            output_field=CharField(),
        ),
        viewer_id=Value(user.pk),
    )


def award_for_member(*, user: Any, pk: int) -> Award:
    """One award of ``user``'s organisations; ``Award.DoesNotExist`` for anyone else."""
    return member_awards(user).select_related("call", "organisation", "application").get(pk=pk)


def award_of_application(application: Application) -> Award | None:
    return Award.objects.filter(application=application).first()


def may_act_for(user: Any, award: Award) -> bool:
    """Owners and editors of the organisation accept or decline its offers."""
    if getattr(award, "viewer_id", None) == getattr(user, "pk", object()):
        return role_can_edit(award.viewer_role)  # type: ignore[attr-defined]
    return role_can_edit(member_role(user, award.organisation))


def awards_for_staff() -> QuerySet[Award]:
    return Award.objects.select_related("call", "organisation", "application")


def applications_awaiting_offer() -> QuerySet[Application]:
    """The programme's applications on a published main list that have no offer yet."""
    return (
        Application.objects.filter(
            status=S.MAIN_LIST, published_outcome=S.MAIN_LIST, award__isnull=True
        )
        .exclude(call__kind=CallKind.VOUCHER)
        .select_related("organisation", "call")
        .order_by("call_id", "receipt_number", "pk")
    )


def award_audit_trail(award: Award) -> QuerySet[AuditEvent]:
    return (
        AuditEvent.objects.filter(
            object_type=ContentType.objects.get_for_model(Award), object_id=str(award.pk)
        )
        .select_related("actor")
        .order_by("at", "pk")
    )


def awards_visible_to(user: Any) -> QuerySet[Award]:
    """Every award of the programme for its staff; an applicant's own organisations' otherwise."""
    awards = Award.objects.all() if is_programme_staff(user) else member_awards(user)
    return awards.select_related("call", "application").order_by("-offered_at", "-pk")
