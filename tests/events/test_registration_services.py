from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from socialdynamo.core.models import AuditLogEntry
from socialdynamo.events import services
from socialdynamo.events.models import Event, Registration, SentNotification
from socialdynamo.events.services import EventError
from tests.events.factories import EventFactory, QuestionFactory
from tests.factories import MembershipFactory, OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db


def register(event, person=None, **kwargs):
    return services.register_for_event(event=event, person=person or UserFactory(), **kwargs)


def counts(event):
    event.refresh_from_db()
    return event.confirmed_count, event.waitlist_count


def test_registration_is_confirmed_while_seats_are_free_then_waitlisted(
    django_capture_on_commit_callbacks,
):
    event = EventFactory(capacity=2)
    with django_capture_on_commit_callbacks(execute=True):
        first = register(event)
        second = register(event)
        third = register(event)
    assert [first.state, second.state, third.state] == ["confirmed", "confirmed", "waitlisted"]
    assert counts(event) == (2, 1)
    assert services.waitlist_position(third) == 1
    kinds = sorted(SentNotification.objects.values_list("kind", flat=True))
    assert kinds == ["confirmed", "confirmed", "waitlisted"]
    confirmation = next(m for m in mail.outbox if m.to == [first.person.email])
    assert confirmation.attachments[0][0] == "event.ics"
    assert "BEGIN:VEVENT" in confirmation.attachments[0][1]


def test_registering_twice_is_refused_and_changes_nothing():
    event = EventFactory()
    person = UserFactory()
    register(event, person)
    with pytest.raises(EventError, match="already registered"):
        register(event, person)
    assert counts(event) == (1, 0)
    assert Registration.objects.count() == 1


def test_registration_after_closing_before_opening_and_for_a_cancelled_event_is_refused():
    now = timezone.now()
    closed = EventFactory(registration_closes=now - timedelta(minutes=1))
    not_yet = EventFactory(registration_opens=now + timedelta(days=1))
    cancelled = EventFactory(state=Event.State.CANCELLED)
    draft = EventFactory(state=Event.State.DRAFT)
    with pytest.raises(EventError, match="closed"):
        register(closed)
    with pytest.raises(EventError, match="opens on"):
        register(not_yet)
    with pytest.raises(EventError, match="cancelled"):
        register(cancelled)
    with pytest.raises(EventError, match="not open"):
        register(draft)
    assert not Registration.objects.exists()


def test_full_event_without_waitlist_refuses():
    event = EventFactory(capacity=1, waitlist_enabled=False)
    register(event)
    with pytest.raises(EventError, match="full"):
        register(event)
    assert counts(event) == (1, 0)


def test_cancelling_promotes_the_first_on_the_waitlist(django_capture_on_commit_callbacks):
    event = EventFactory(capacity=1)
    first = register(event)
    second = register(event)
    third = register(event)
    assert services.waitlist_position(third) == 2
    with django_capture_on_commit_callbacks(execute=True):
        services.cancel_registration(registration=first, user=first.person)
    second.refresh_from_db()
    third.refresh_from_db()
    assert second.state == "confirmed" and second.promoted_at is not None
    assert third.state == "waitlisted"
    assert services.waitlist_position(third) == 1
    assert counts(event) == (1, 1)
    assert SentNotification.objects.filter(registration=second, kind="promoted").exists()
    assert AuditLogEntry.objects.filter(action="events.registration.promoted").count() == 1


def test_leaving_the_waitlist_does_not_promote_anyone():
    event = EventFactory(capacity=1)
    register(event)
    waiting = register(event)
    services.cancel_registration(registration=waiting, user=waiting.person)
    assert counts(event) == (1, 0)


def test_cancelling_after_the_deadline_is_refused_but_leaving_the_waitlist_is_not():
    event = EventFactory(capacity=1, cancellation_deadline=timezone.now() - timedelta(hours=1))
    confirmed = register(event)
    waiting = register(event)
    with pytest.raises(EventError, match="deadline"):
        services.cancel_registration(registration=confirmed, user=confirmed.person)
    confirmed.refresh_from_db()
    assert confirmed.state == "confirmed"
    services.cancel_registration(registration=waiting, user=waiting.person)
    assert counts(event) == (1, 0)


def test_organiser_may_cancel_after_the_deadline():
    event = EventFactory(capacity=1, cancellation_deadline=timezone.now() - timedelta(hours=1))
    confirmed = register(event)
    services.cancel_registration(registration=confirmed, user=UserFactory(), by_organiser=True)
    assert counts(event) == (0, 0)


def test_cancelling_twice_is_refused():
    event = EventFactory()
    registration = register(event)
    services.cancel_registration(registration=registration, user=registration.person)
    with pytest.raises(EventError, match="already cancelled"):
        services.cancel_registration(registration=registration, user=registration.person)


def test_registering_again_after_cancelling_joins_at_the_end():
    event = EventFactory(capacity=1)
    person = UserFactory()
    first = register(event, person)
    services.cancel_registration(registration=first, user=person)
    again = register(event, person)
    assert again.state == "confirmed"
    assert counts(event) == (1, 0)


def test_raising_capacity_promotes_in_order():
    event = EventFactory(capacity=1)
    register(event)
    waiting = [register(event) for _ in range(3)]
    services.update_event(event=event, user=UserFactory(is_staff=True), data={"capacity": 3})
    states = [Registration.objects.get(pk=r.pk).state for r in waiting]
    assert states == ["confirmed", "confirmed", "waitlisted"]
    assert counts(event) == (3, 1)


def test_capacity_below_confirmed_is_refused():
    event = EventFactory(capacity=3)
    register(event)
    register(event)
    with pytest.raises(EventError, match="already confirmed"):
        services.update_event(event=event, user=UserFactory(is_staff=True), data={"capacity": 1})
    event.refresh_from_db()
    assert event.capacity == 3


def test_on_behalf_of_an_organisation_needs_membership():
    event = EventFactory()
    person = UserFactory()
    organisation = OrganisationFactory()
    with pytest.raises(EventError, match="member"):
        register(event, person, organisation=organisation)
    MembershipFactory(organisation=organisation, user=person)
    registration = register(event, person, organisation=organisation)
    assert registration.organisation == organisation


def test_required_questions_and_choices_are_checked():
    event = EventFactory()
    text = QuestionFactory(event=event, required=True)
    choice = QuestionFactory(
        event=event, kind="choice", choices_el="Χορτοφαγικό\nΚανονικό", label_el="Γεύμα"
    )
    consent = QuestionFactory(event=event, kind="consent", required=True, label_el="Φωτογραφίες")
    with pytest.raises(EventError) as error:
        register(event, answers={str(text.pk): "", str(consent.pk): True})
    assert error.value.field == f"q_{text.pk}"
    with pytest.raises(EventError, match="options"):
        register(event, answers={str(text.pk): "x", str(choice.pk): "Ψάρι", str(consent.pk): "1"})
    with pytest.raises(EventError, match="tick"):
        register(event, answers={str(text.pk): "x"})
    assert not Registration.objects.exists()
    registration = register(
        event, answers={str(text.pk): "Να μάθω", str(choice.pk): "Κανονικό", str(consent.pk): "on"}
    )
    assert registration.answers == {
        str(text.pk): "Να μάθω",
        str(choice.pk): "Κανονικό",
        str(consent.pk): True,
    }


def test_staff_add_and_move_people():
    staff = UserFactory(is_staff=True)
    source = EventFactory(capacity=1)
    target = EventFactory(capacity=1)
    person = UserFactory()
    added = services.add_person(event=source, person=person, user=staff)
    waiting = register(source)
    assert added.state == "confirmed"
    with pytest.raises(EventError, match="already registered"):
        services.add_person(event=source, person=person, user=staff)
    moved = services.move_registration(registration=added, target=target, user=staff)
    assert moved.event == target and moved.state == "confirmed"
    added.refresh_from_db()
    waiting.refresh_from_db()
    assert added.state == "cancelled"
    assert waiting.state == "confirmed"  # the freed seat went to the waiting list
    assert counts(source) == (1, 0)
    assert counts(target) == (1, 0)
    with pytest.raises(EventError, match="different event"):
        services.move_registration(registration=moved, target=target, user=staff)


def test_attendance_walk_ins_and_certificates():
    staff = UserFactory(is_staff=True)
    event = EventFactory(capacity=2, start=timezone.now() - timedelta(hours=1))
    event.end = timezone.now() + timedelta(hours=1)
    event.save()
    registration = services.add_person(event=event, person=UserFactory(), user=staff)
    with pytest.raises(EventError, match="present"):
        services.issue_certificate(registration=registration)
    services.set_attendance(registration=registration, user=staff, present=True)
    registration = services.issue_certificate(registration=registration)
    code = registration.certificate_code
    assert code and services.issue_certificate(registration=registration).certificate_code == code
    walk_in = services.add_walk_in(event=event, user=staff, name="Μαρία Παπαδοπούλου")
    assert walk_in.attended and walk_in.walk_in and walk_in.person is None
    with pytest.raises(EventError, match="seats are taken"):
        services.add_walk_in(event=event, user=staff, name="Γιώργος")
    with pytest.raises(EventError, match="name"):
        services.add_walk_in(event=event, user=staff, name=" ")
    assert counts(event) == (2, 0)


def test_check_in_is_refused_days_before_and_for_waitlisted():
    staff = UserFactory(is_staff=True)
    event = EventFactory(capacity=1)
    registration = register(event)
    with pytest.raises(EventError, match="day of the event"):
        services.set_attendance(registration=registration, user=staff, present=True)
    Event.objects.filter(pk=event.pk).update(start=timezone.now() - timedelta(minutes=5))
    waiting = services.add_person(event=event, person=UserFactory(), user=staff)
    with pytest.raises(EventError, match="confirmed"):
        services.set_attendance(registration=waiting, user=staff, present=True)
