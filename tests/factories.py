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
