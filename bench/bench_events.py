"""Events in `make bench`: 50,000 events and 1,000,000 registrations; the catalogue with
filters, the month calendar and an event page; a registration burst (1,000 attempts for 50
seats from 8 threads) that must end with exactly 50 confirmed and 950 waitlisted."""

import threading
import time
from concurrent.futures import ThreadPoolExecutor

GENERATE = [
    ["generate_events_load_data", "--events", "50000", "--registrations", "1000000"],
]


def pages():
    from django.utils import timezone

    from socialdynamo.organizations.models import ThematicArea

    month = timezone.localdate().strftime("%Y-%m")
    area = ThematicArea.objects.order_by("position", "id").values_list("slug", flat=True).first()
    return [
        ("events: catalogue", "/events/"),
        ("events: kind + format + language", "/events/?kind=workshop&format=in_person&language=el"),
        ("events: area + month, page 2", f"/events/?area={area}&month={month}&page=2"),
        ("events: past, page 3", "/events/?when=past&page=3"),
        ("events: month calendar", "/events/calendar/"),
        ("events: event page", "/events/bench-event-page/"),
    ]


def extra(stdout):
    return burst(stdout)


def burst(stdout, attempts=1000, seats=50, threads=8):
    """The registration burst, through the real service (locks and all)."""
    from django.contrib.auth import get_user_model
    from django.db import close_old_connections
    from django.utils import timezone

    from socialdynamo.events import services
    from socialdynamo.events.models import Event, EventKind, Registration
    from socialdynamo.events.services import EventError

    User = get_user_model()
    stamp = int(time.time())
    event = Event.objects.create(
        kind=EventKind.objects.order_by("pk").first(),
        title=f"Burst {stamp}",
        title_el=f"Burst {stamp}",
        slug=f"bench-burst-{stamp}",
        start=timezone.now() + timezone.timedelta(days=3),
        end=timezone.now() + timezone.timedelta(days=3, hours=2),
        venue="Αίθουσα 1",
        capacity=seats,
        state=Event.State.PUBLISHED,
    )
    people = User.objects.bulk_create(
        [
            User(email=f"burst-{stamp}-{n}@bench.socialdynamo.org", password="!")  # noqa: S106
            for n in range(attempts)
        ]
    )
    people = list(User.objects.filter(email__startswith=f"burst-{stamp}-").order_by("pk"))
    busy = []
    lock = threading.Lock()

    def attempt(person):
        try:
            for _try in range(5):
                try:
                    services.register_for_event(event=event, person=person)
                    return
                except EventError as error:
                    if error.code != "busy":
                        raise
                    with lock:
                        busy.append(person.pk)
        finally:
            close_old_connections()

    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=threads) as pool:
        list(pool.map(attempt, people))
    elapsed = time.perf_counter() - started
    event.refresh_from_db()
    states = Registration.objects.filter(event=event)
    confirmed = states.filter(state="confirmed").count()
    waiting = states.filter(state="waitlisted").count()
    correct = (
        (confirmed, waiting)
        == (seats, attempts - seats)
        == (
            event.confirmed_count,
            event.waitlist_count,
        )
    )
    stdout.write(
        f"events: registration burst, {attempts} attempts for {seats} seats from {threads} "
        f"threads: {attempts / elapsed:.0f} registrations/s ({elapsed:.1f} s); "
        f"{confirmed} confirmed, {waiting} waitlisted, {len(busy)} 'try again' retries: "
        + ("correct" if correct else "WRONG")
        + "\n"
    )
    # Leave the bench database as it was.
    Registration.objects.filter(event=event).delete()
    event.delete()
    User.objects.filter(email__startswith=f"burst-{stamp}-").delete()
    return correct
