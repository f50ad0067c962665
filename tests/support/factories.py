"""Factories for the support app (kept here to avoid clashes in tests/factories.py)."""

import importlib
from datetime import timedelta

import factory
from django.apps import apps as django_apps
from django.utils import timezone

from socialdynamo.organizations.models import Membership
from socialdynamo.support.models import (
    Engagement,
    ExpertProfile,
    Format,
    Proposal,
    Session,
    SupportArea,
    SupportRequest,
    SupportTopic,
)
from tests.factories import InformalGroupFactory, MembershipFactory, UserFactory


def ensure_areas():
    """The areas and sub-topics of the data migration (transactional tests flush them)."""
    if SupportTopic.objects.exists():
        return
    seeded = importlib.import_module(
        "socialdynamo.support.migrations.0002_initial_areas_and_topics"
    )
    seeded.create(django_apps, None)


def area(slug="legal"):
    ensure_areas()
    return SupportArea.objects.get(slug=slug)


def topic(area_slug="legal", slug="legal-form"):
    ensure_areas()
    return SupportTopic.objects.get(area__slug=area_slug, slug=slug)


class ExpertFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ExpertProfile
        skip_postgeneration_save = True

    user = factory.SubFactory(UserFactory, is_expert=True)
    state = ExpertProfile.State.APPROVED
    headline = "Δικηγόρος"
    bio = "Είκοσι χρόνια εμπειρία."
    languages = factory.LazyFunction(lambda: ["el", "en"])
    formats = factory.LazyFunction(lambda: [f.value for f in Format])
    monthly_hours = 8

    @factory.post_generation
    def areas(obj, create, extracted, **kwargs):
        if create:
            obj.areas.set(extracted if extracted is not None else [area("legal")])

    @factory.post_generation
    def topics(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.topics.set(extracted)


class RequestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SupportRequest

    organisation = factory.SubFactory(InformalGroupFactory)
    area = factory.LazyFunction(lambda: area("legal"))
    title = "Θέλουμε να γίνουμε σωματείο"
    goal = "Να καταλάβουμε τη διαδικασία σύστασης."
    context = "Εμπιστευτικό: έχουμε 12 μέλη."
    format = Format.CONSULTATION
    language = "el"
    created = factory.LazyFunction(lambda: timezone.now() - timedelta(days=3))


def group_with_admin(**kwargs):
    organisation = InformalGroupFactory(**kwargs)
    owner = UserFactory()
    MembershipFactory(organisation=organisation, user=owner, role=Membership.Role.OWNER)
    return organisation, owner


def engagement(*, expert=None, request=None, format=Format.CONSULTATION):
    expert = expert or ExpertFactory()
    request = request or RequestFactory(state=SupportRequest.State.IN_PROGRESS, format=format)
    request.expert = expert
    request.state = SupportRequest.State.IN_PROGRESS
    request.save()
    Proposal.objects.create(request=request, expert=expert, state=Proposal.State.ACCEPTED)
    return Engagement.objects.create(
        request=request, expert=expert, organisation=request.organisation, format=request.format
    )


def held_session(engagement, *, days_ago=1, minutes=60):
    return Session.objects.create(
        engagement=engagement,
        starts_at=timezone.now() - timedelta(days=days_ago),
        minutes=minutes,
        state=Session.State.HELD,
        logged_at=timezone.now(),
    )
