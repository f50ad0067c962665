"""Bulk data for `make bench`: rooms and non-overlapping bookings, fast (bulk_create)."""

from datetime import datetime, time, timedelta

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from socialdynamo.bookings.models import Booking, OpeningHours, Room
from socialdynamo.bookings.services import athens
from socialdynamo.core import page_cache

SLOTS = [(9, 10), (10, 12), (12, 13), (14, 16), (16, 18), (18, 20)]  # per room and day


class Command(BaseCommand):
    help = "Create bench rooms (slug bench-room-N) and bookings spread over past and future days."

    def add_arguments(self, parser):
        parser.add_argument("--rooms", type=int, default=50)
        parser.add_argument("--bookings", type=int, default=200_000)
        parser.add_argument("--batch", type=int, default=5000)

    def handle(self, *args, rooms, bookings, batch, **options):
        zone = athens()
        with transaction.atomic():
            existing = Room.objects.filter(slug__startswith="bench-room-").count()
            new_rooms = [
                Room(
                    slug=f"bench-room-{i}",
                    name=f"Αίθουσα δοκιμής {i}",
                    name_el=f"Αίθουσα δοκιμής {i}",
                    name_en=f"Bench room {i}",
                    kind=Room.Kind.MEETING,
                    capacity=20,
                    position=1000 + i,
                )
                for i in range(existing, rooms)
            ]
            Room.objects.bulk_create(new_rooms)
            bench_rooms = list(Room.objects.filter(slug__startswith="bench-room-").order_by("pk"))
            OpeningHours.objects.bulk_create(
                [
                    OpeningHours(room=room, weekday=d, opens=time(8), closes=time(22))
                    for room in new_rooms
                    for d in range(7)
                ]
            )
        # Days centred on today: the week view of this week meets a full load.
        per_day = len(bench_rooms) * len(SLOTS)
        days = -(-bookings * 7 // (per_day * 6)) + 1  # one slot in seven is left free
        first_day = timezone.localdate() - timedelta(days=days // 2)
        created, buffer = 0, []
        now = timezone.now()
        for d in range(days):
            day = first_day + timedelta(days=d)
            for room_index, room in enumerate(bench_rooms):
                for slot_index, (start_hour, end_hour) in enumerate(SLOTS):
                    if created >= bookings:
                        break
                    # Leave some gaps so the grid shows free time too.
                    if (room_index + slot_index + d) % 7 == 0:
                        continue
                    buffer.append(
                        Booking(
                            room=room,
                            start=datetime.combine(day, time(start_hour), zone),
                            end=datetime.combine(day, time(end_hour), zone),
                            state=Booking.State.CONFIRMED,
                            purpose="Bench",
                            expected_people=5,
                            created=now,
                        )
                    )
                    created += 1
                    if len(buffer) >= batch:
                        Booking.objects.bulk_create(buffer)
                        buffer = []
        if buffer:
            Booking.objects.bulk_create(buffer)
        page_cache.bump("bookings")  # bulk_create sends no signals
        self.stdout.write(f"{len(bench_rooms)} bench rooms, {created} bookings over {days} days.")
