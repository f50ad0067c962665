from datetime import timedelta

import factory
from django.db.models import F
from django.utils import timezone

from socialdynamo.events.models import Event, EventKind, Question, Registration
from tests.factories import UserFactory


def kind(slug="seminar"):
    # get_or_create: transactional tests flush the kinds the data migration made.
    names = {"seminar": ("Σεμινάριο", "Seminar"), "workshop": ("Εργαστήριο", "Workshop")}
    name_el, name_en = names.get(slug, (slug, slug))
    return EventKind.objects.get_or_create(
        slug=slug, defaults={"name": name_el, "name_el": name_el, "name_en": name_en}
    )[0]


class EventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Event
        skip_postgeneration_save = True

    kind = factory.LazyFunction(kind)
    title_el = factory.Sequence(lambda n: f"Σεμινάριο {n}")
    title_en = factory.Sequence(lambda n: f"Seminar {n}")
    title = factory.SelfAttribute("title_el")
    slug = factory.Sequence(lambda n: f"event-{n}")
    summary_el = "Πώς γράφουμε μια καλή πρόταση χρηματοδότησης"
    summary_en = "How to write a good funding proposal"
    start = factory.LazyFunction(lambda: timezone.now() + timedelta(days=7))
    end = factory.LazyAttribute(lambda o: o.start + timedelta(hours=3))
    venue = "Αίθουσα 1"
    capacity = 20
    state = Event.State.PUBLISHED
    published_at = factory.LazyFunction(timezone.now)


class QuestionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Question

    event = factory.SubFactory(EventFactory)
    kind = Question.Kind.TEXT
    label_el = "Τι περιμένετε;"
    label_en = "What do you expect?"
    label = factory.SelfAttribute("label_el")


class RegistrationFactory(factory.django.DjangoModelFactory):
    """Bypasses the services: use only for setting up, then fix the counters."""

    class Meta:
        model = Registration

    event = factory.SubFactory(EventFactory)
    person = factory.SubFactory(UserFactory)
    state = Registration.State.CONFIRMED

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        registration = super()._create(model_class, *args, **kwargs)
        event = registration.event
        field = {"confirmed": "confirmed_count", "waitlisted": "waitlist_count"}.get(
            registration.state
        )
        if field:
            Event.objects.filter(pk=event.pk).update(**{field: F(field) + 1})
            event.refresh_from_db()
        return registration
