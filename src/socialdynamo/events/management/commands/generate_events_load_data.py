"""Bulk data for `make bench`: events and registrations, fast (bulk_create in batches)."""

import random
import time as clock
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import connection, transaction
from django.utils import timezone

from socialdynamo.core import page_cache
from socialdynamo.events.models import Event, EventKind, Registration
from socialdynamo.organizations.models import ThematicArea

WORDS_EL = ["Σεμινάριο", "Εργαστήριο", "Συνάντηση", "Βραδιά", "Ενημέρωση", "Κύκλος"]
TOPICS = [
    ("χρηματοδότησης", "funding"),
    ("επικοινωνίας", "communication"),
    ("εθελοντισμού", "volunteering"),
    ("ηγεσίας", "leadership"),
    ("νομικών θεμάτων", "legal matters"),
    ("ψηφιακών εργαλείων", "digital tools"),
    ("συνηγορίας", "advocacy"),
    ("αξιολόγησης", "evaluation"),
]
PAGE_EVENT = "bench-event-page"


class Command(BaseCommand):
    help = (
        "Create bench events (slug bench-event-N) over three years around today and their "
        "registrations (confirmed up to the seats, the rest waitlisted). Counters are kept right."
    )

    def add_arguments(self, parser):
        parser.add_argument("--events", type=int, default=50_000)
        parser.add_argument("--registrations", type=int, default=1_000_000)
        parser.add_argument("--people", type=int, default=20_000)
        parser.add_argument("--batch", type=int, default=10_000)

    def handle(self, *args, events, registrations, people, batch, **options):
        started = clock.monotonic()
        rng = random.Random(2026)
        existing = Event.objects.filter(slug__startswith="bench-event-").count()
        if existing >= events:
            self.stdout.write(f"{existing} bench events already there.")
            return
        person_ids = self._people(people, batch)
        kinds = list(EventKind.objects.order_by("pk"))
        areas = list(ThematicArea.objects.order_by("pk").values_list("pk", flat=True))
        now = timezone.now().replace(minute=0, second=0, microsecond=0)
        per_event = max(registrations // max(events, 1), 1)
        formats = [Event.Format.IN_PERSON] * 3 + [Event.Format.ONLINE, Event.Format.HYBRID]
        made_events = made_registrations = 0
        for offset in range(existing, events, batch):
            chunk = []
            for i in range(offset, min(offset + batch, events)):
                start = now + timedelta(hours=(i * 7919) % (3 * 365 * 24) - 2 * 365 * 24)
                topic_el, topic_en = TOPICS[i % len(TOPICS)]
                word = WORDS_EL[i % len(WORDS_EL)]
                capacity = 10 + (i % 31)
                fmt = formats[i % len(formats)]
                past = start + timedelta(hours=3) <= now
                state = Event.State.HELD if past else Event.State.PUBLISHED
                if i % 97 == 0:
                    state = Event.State.CANCELLED
                title_el = f"{word} {topic_el} {i}"
                title_en = f"{topic_en.capitalize()} session {i}"
                regs = min(per_event + (i % 5) - 2, len(person_ids)) if per_event > 2 else per_event
                confirmed = min(regs, capacity)
                chunk.append(
                    Event(
                        slug=PAGE_EVENT if i == 0 else f"bench-event-{i}",
                        kind=kinds[i % len(kinds)],
                        format=fmt,
                        title=title_el,
                        title_el=title_el,
                        title_en=title_en,
                        summary=f"Πρακτικό {word.lower()} για οργανώσεις",
                        summary_el=f"Πρακτικό {word.lower()} για οργανώσεις",
                        summary_en="A practical session for organisations",
                        description_el="Περιγραφή " * 40,
                        description_en="Description " * 40,
                        language="en" if i % 10 == 0 else "el",
                        start=start if i else now + timedelta(days=5),
                        end=(start if i else now + timedelta(days=5)) + timedelta(hours=3),
                        venue="" if fmt == Event.Format.ONLINE else "Αίθουσα 1",
                        online_url="https://meet.example.org/bench"
                        if fmt != Event.Format.IN_PERSON
                        else "",
                        capacity=capacity,
                        state=state if i else Event.State.PUBLISHED,
                        confirmed_count=confirmed,
                        waitlist_count=regs - confirmed,
                        search_text=f"{title_el} {title_en}".lower(),
                        published_at=now,
                    )
                )
            with transaction.atomic():
                created = Event.objects.bulk_create(chunk, batch_size=2000)
                if not created or created[0].pk is None:
                    slugs = [e.slug for e in chunk]
                    created = list(Event.objects.filter(slug__in=slugs).order_by("pk"))
                Through = Event.thematic_areas.through
                if areas:
                    Through.objects.bulk_create(
                        [
                            Through(event_id=e.pk, thematicarea_id=areas[(e.pk * 13) % len(areas)])
                            for e in created
                        ],
                        batch_size=5000,
                    )
            made_events += len(created)
            made_registrations += self._registrations(created, person_ids, rng, batch)
            self.stdout.write(
                f"  {made_events} events, {made_registrations} registrations "
                f"({clock.monotonic() - started:.0f} s)"
            )
        page_cache.bump("events")  # bulk inserts send no signals
        self.stdout.write(
            f"{made_events} bench events and {made_registrations} registrations in "
            f"{clock.monotonic() - started:.0f} s."
        )

    def _people(self, wanted, batch):
        User = get_user_model()
        ids = list(User.objects.order_by("pk").values_list("pk", flat=True)[:wanted])
        missing = wanted - len(ids)
        if missing > 0:
            start = User.objects.filter(email__startswith="bench-attendee-").count()
            for offset in range(0, missing, batch):
                User.objects.bulk_create(
                    [
                        User(
                            email=f"bench-attendee-{start + n}@bench.socialdynamo.org",
                            first_name="Συμμετέχουσα",
                            last_name=f"{start + n}",
                            password="!",  # noqa: S106 - unusable password
                        )
                        for n in range(offset, min(offset + batch, missing))
                    ],
                    batch_size=batch,
                )
            ids = list(User.objects.order_by("pk").values_list("pk", flat=True)[:wanted])
        return ids

    def _registrations(self, events, person_ids, rng, batch):
        """Plain INSERTs through executemany: a million model objects would take minutes."""
        table = connection.ops.quote_name(Registration._meta.db_table)
        # The table name comes from the model; every value is a parameter.
        columns = "event_id, person_id, name, email, state, answers, created, attended, walk_in"
        values = "%s, %s, '', '', %s, '{}', %s, %s, %s"
        sql = f"INSERT INTO {table} ({columns}) VALUES ({values})"  # noqa: S608
        made, buffer = 0, []
        now = connection.ops.adapt_datetimefield_value(timezone.now())
        count = len(person_ids)

        def flush():
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.executemany(sql, buffer)

        for event in events:
            total = event.confirmed_count + event.waitlist_count
            first = rng.randrange(count)
            held = event.state == Event.State.HELD
            for n in range(total):
                confirmed = n < event.confirmed_count
                buffer.append(
                    (
                        event.pk,
                        person_ids[(first + n) % count],
                        "confirmed" if confirmed else "waitlisted",
                        now,
                        held and confirmed and n % 4 != 3,
                        False,
                    )
                )
            if len(buffer) >= batch:
                flush()
                made += len(buffer)
                buffer = []
        if buffer:
            flush()
            made += len(buffer)
        return made
