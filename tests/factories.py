"""Factories shared by the whole suite."""

from __future__ import annotations

import factory
from allauth.account.models import EmailAddress

from socialtech.accounts.models import Membership, User
from socialtech.tenancy.models import Domain, Tenant

PASSWORD = "correct-horse-battery-staple"


class TenantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Tenant
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Programme {n}")
    slug = factory.Sequence(lambda n: f"programme-{n}")
    receipt_prefix = "TEST"


class DomainFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Domain
        django_get_or_create = ("host",)

    tenant = factory.SubFactory(TenantFactory)
    host = factory.Sequence(lambda n: f"programme-{n}.localhost")
    is_primary = True


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("email",)
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    full_name = factory.Faker("name")

    @factory.post_generation
    def password(self, create: bool, extracted: str | None, **kwargs: object) -> None:
        self.set_password(extracted or PASSWORD)
        if create:
            self.save(update_fields=["password"])
            EmailAddress.objects.get_or_create(
                user=self, email=self.email, defaults={"verified": True, "primary": True}
            )


class TenantOwnedFactory(factory.django.DjangoModelFactory):
    """Creates tenant-owned rows with the tenant given, whatever tenant is active."""

    class Meta:
        abstract = True

    @classmethod
    def _get_manager(cls, model_class: type) -> object:
        return model_class.unscoped  # type: ignore[attr-defined]


class MembershipFactory(TenantOwnedFactory):
    class Meta:
        model = Membership

    tenant = factory.SubFactory(TenantFactory)
    user = factory.SubFactory(UserFactory)
    role = "staff"


class OrganisationFactory(factory.django.DjangoModelFactory):
    """A valid Italian social cooperative; ``owner=`` and ``editors=[...]`` add members."""

    class Meta:
        model = "organisations.Organisation"
        skip_postgeneration_save = True

    legal_name = factory.Sequence(lambda n: f"Cooperativa Sociale Esempio {n}")
    short_name = ""
    country = "IT"
    legal_form = "social_cooperative"
    national_legal_form = "Cooperativa sociale di tipo B"
    social_economy_type = "wise"
    registration_number = factory.Sequence(lambda n: f"MI-{1000000 + n}")
    vat_number = "IT00743110157"
    founding_year = 1998
    staff_headcount = 42
    turnover_band = "2m_to_10m"
    balance_sheet_band = "up_to_2m"
    website = "https://example.org"
    address_line1 = "Via Roma 1"
    postcode = "20121"
    city = "Milano"
    legal_representative_name = "Giulia Bianchi"
    legal_representative_role = "Presidente"
    legal_representative_email = "presidente@example.org"

    @factory.post_generation
    def owner(self, create: bool, extracted: object, **kwargs: object) -> None:
        from organisations.models import OrganisationMember

        if create and extracted is not None:
            OrganisationMember.objects.create(organisation=self, user=extracted, role="owner")

    @factory.post_generation
    def editors(self, create: bool, extracted: object, **kwargs: object) -> None:
        from organisations.models import OrganisationMember

        for user in extracted or ():  # type: ignore[attr-defined]
            OrganisationMember.objects.create(organisation=self, user=user, role="editor")
