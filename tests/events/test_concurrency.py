"""The last seat is never sold twice: real threads, each with its own connection, on
SQLite (IMMEDIATE transactions) and on PostgreSQL (select_for_update on the event row)."""

import queue
import threading

import pytest
from django.db import close_old_connections, connection

from socialdynamo.events import services
from socialdynamo.events.models import Event, Registration
from socialdynamo.events.services import EventError
from tests.events.factories import EventFactory
from tests.factories import UserFactory


def burst(event, people, workers=None):
    """Everyone tries at once; returns {person id: registration id or error}.

    SQLite: one thread per person. PostgreSQL allows ~100 connections shared by every test
    run on the machine, so there a pool of threads (each with its own connection) works
    through the queue of people as fast as it can.
    """
    if workers is None:
        workers = len(people) if connection.vendor == "sqlite" else min(len(people), 24)
    pending = queue.Queue()
    for person in people:
        pending.put(person)
    barrier = threading.Barrier(workers)
    outcomes = {}
    lock = threading.Lock()

    def work():
        try:
            barrier.wait()
            while True:
                try:
                    person = pending.get_nowait()
                except queue.Empty:
                    return
                try:
                    result = services.register_for_event(event=event, person=person).pk
                except EventError as error:
                    result = error.code or str(error.message)
                with lock:
                    outcomes[person.pk] = result
        finally:
            close_old_connections()
            connection.close()

    threads = [threading.Thread(target=work) for _ in range(workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


def check_burst(capacity, attempts):
    event = EventFactory(capacity=capacity)
    people = UserFactory.create_batch(attempts, verified_email=False)
    outcomes = burst(event, people)
    assert all(isinstance(v, int) for v in outcomes.values()), outcomes
    event.refresh_from_db()
    registrations = list(Registration.objects.filter(event=event).order_by("id"))
    confirmed = [r for r in registrations if r.state == Registration.State.CONFIRMED]
    waiting = [r for r in registrations if r.state == Registration.State.WAITLISTED]
    assert len(confirmed) == capacity
    assert len(waiting) == attempts - capacity
    assert (event.confirmed_count, event.waitlist_count) == (capacity, attempts - capacity)
    # Arrival order: whoever took the lock first got the lower id, and the seats.
    assert max(r.pk for r in confirmed) < min(r.pk for r in waiting)
    positions = [services.waitlist_position(r) for r in waiting]
    assert positions == list(range(1, attempts - capacity + 1))
    return event


@pytest.mark.django_db(transaction=True)
def test_200_simultaneous_attempts_for_20_seats():
    check_burst(20, 200)


@pytest.mark.django_db(transaction=True)
def test_cancellations_and_registrations_at_once_never_overbook():
    event = EventFactory(capacity=5)
    first = [services.register_for_event(event=event, person=UserFactory()) for _ in range(5)]
    newcomers = UserFactory.create_batch(10, verified_email=False)
    barrier = threading.Barrier(15)

    def cancel(registration):
        try:
            barrier.wait()
            services.cancel_registration(registration=registration, user=registration.person)
        finally:
            close_old_connections()
            connection.close()

    def join(person):
        try:
            barrier.wait()
            services.register_for_event(event=event, person=person)
        finally:
            close_old_connections()
            connection.close()

    threads = [threading.Thread(target=cancel, args=(r,)) for r in first] + [
        threading.Thread(target=join, args=(p,)) for p in newcomers
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    event = Event.objects.get(pk=event.pk)
    live = Registration.objects.filter(event=event)
    assert live.filter(state="confirmed").count() == 5 == event.confirmed_count
    assert live.filter(state="waitlisted").count() == 5 == event.waitlist_count


@pytest.mark.django_db(transaction=True)
def test_a_lock_that_cannot_be_had_in_time_says_try_again(monkeypatch):
    """The lock wait's OperationalError becomes a readable EventError, not a 500."""
    from django.db import OperationalError

    event = EventFactory()

    def stuck(_event):
        raise OperationalError("database is locked")

    monkeypatch.setattr(services, "_lock", stuck)
    with pytest.raises(EventError) as error:
        services.register_for_event(event=event, person=UserFactory())
    assert error.value.code == "busy"
    assert "try again" in str(error.value.message)
