"""factory_boy factories for every app's models. Tests build exactly the data they need."""

from datetime import timedelta

import factory
from allauth.account.models import EmailAddress
from django.utils import timezone

from socialdynamo.accounts.models import User
from socialdynamo.organizations.models import (
    District,
    Invitation,
    Membership,
    Organisation,
    ThematicArea,
)

PASSWORD = "correct-horse-battery-staple"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    first_name = factory.Faker("first_name", locale="el_GR")
    last_name = factory.Faker("last_name", locale="el_GR")
    language = "el"
    privacy_consent_at = factory.LazyFunction(timezone.now)

    @factory.post_generation
    def password(obj, create, extracted, **kwargs):
        obj.set_password(extracted or PASSWORD)
        if create:
            obj.save(update_fields=["password"])

    @factory.post_generation
    def verified_email(obj, create, extracted, **kwargs):
        if create and extracted is not False:
            EmailAddress.objects.create(user=obj, email=obj.email, verified=True, primary=True)


class StaffFactory(UserFactory):
    is_staff = True


class ThematicAreaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ThematicArea
        django_get_or_create = ["slug"]

    slug = factory.Sequence(lambda n: f"area-{n}")
    name_el = factory.Sequence(lambda n: f"Θεματική {n}")
    name_en = factory.Sequence(lambda n: f"Area {n}")
    name = factory.SelfAttribute("name_el")


class DistrictFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = District
        django_get_or_create = ["slug"]

    slug = factory.Sequence(lambda n: f"district-{n}")
    name_el = factory.Sequence(lambda n: f"Περιοχή {n}")
    name_en = factory.Sequence(lambda n: f"District {n}")
    name = factory.SelfAttribute("name_el")


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name_el = factory.Sequence(lambda n: f"Οργάνωση {n}")
    name_en = factory.Sequence(lambda n: f"Organisation {n}")
    name = factory.SelfAttribute("name_el")
    slug = factory.Sequence(lambda n: f"organisation-{n}")
    kind = Organisation.Kind.NGO
    state = Organisation.State.VERIFIED
    summary_el = "Δράσεις αλληλεγγύης στη γειτονιά"
    summary_en = "Solidarity in the neighbourhood"
    tax_number = "099999999"


class InformalGroupFactory(OrganisationFactory):
    kind = Organisation.Kind.INFORMAL_GROUP
    tax_number = ""


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    organisation = factory.SubFactory(OrganisationFactory)
    user = factory.SubFactory(UserFactory)
    role = Membership.Role.MEMBER


class InvitationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Invitation

    organisation = factory.SubFactory(OrganisationFactory)
    email = factory.Sequence(lambda n: f"invitee{n}@example.org")
    role = Membership.Role.MEMBER
    expires_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=14))


def owned_organisation(owner=None, **kwargs):
    """An organisation with its owner (a new person unless given)."""
    owner = owner or UserFactory()
    organisation = OrganisationFactory(**kwargs)
    MembershipFactory(organisation=organisation, user=owner, role=Membership.Role.OWNER)
    return organisation, owner
