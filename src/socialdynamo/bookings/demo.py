"""Demo rooms and bookings (called by `manage.py seed_demo`; safe to run again)."""

from datetime import datetime, time, timedelta

from django.utils import timezone

from socialdynamo.accounts.models import User
from socialdynamo.organizations.models import Organisation

from .models import Booking, Closure, OpeningHours, Room, RoomAccessGrant
from .services import athens, conflicts

ROOMS = [
    # slug, kind, capacity, name el/en, equipment el/en, accessibility el/en, approval, monthly h
    (
        "agora",
        "hall",
        80,
        "Αίθουσα εκδηλώσεων «Αγορά»",
        "“Agora” event hall",
        "Προβολέας και οθόνη\nΗχοσύστημα με 2 μικρόφωνα\n80 καρέκλες",
        "Projector and screen\nSound system with 2 microphones\n80 chairs",
        "Ισόγειο, είσοδος χωρίς σκαλιά, επαγωγικός βρόχος για βαρήκοους, WC ΑμεΑ.",
        "Ground floor, step-free entrance, hearing loop, accessible toilet.",
        True,
        16,
    ),
    (
        "ergastirio",
        "training",
        24,
        "Αίθουσα εκπαίδευσης «Εργαστήρι»",
        "“Workshop” training room",
        "Διαδραστικός πίνακας\n12 φορητοί υπολογιστές\nFlipchart",
        "Interactive whiteboard\n12 laptops\nFlipchart",
        "1ος όροφος, ανελκυστήρας 90 εκ.",
        "First floor, lift with a 90 cm door.",
        True,
        20,
    ),
    (
        "synantisi",
        "meeting",
        10,
        "Αίθουσα συσκέψεων «Συνάντηση»",
        "“Encounter” meeting room",
        "Οθόνη 55 ιντσών\nΣύστημα τηλεδιάσκεψης",
        "55-inch screen\nVideo-conference kit",
        "1ος όροφος, ανελκυστήρας.",
        "First floor, lift.",
        False,
        None,
    ),
    (
        "avli",
        "open",
        30,
        "Ανοιχτός χώρος «Αυλή»",
        "“Courtyard” open space",
        "Πτυσσόμενα τραπέζια\nΚαφετιέρα",
        "Folding tables\nCoffee machine",
        "Ισόγειο, χωρίς σκαλιά.",
        "Ground floor, step-free.",
        False,
        None,
    ),
]

BOOKINGS = [
    # room, organisation slug, weekday, hour, hours, purpose, people, confirmed
    ("ergastirio", "kypseli-solidarity", 1, 18, 2, "Εργαστήριο: συγγραφή προτάσεων χρηματοδότησης", 18, True),
    ("synantisi", "safe-harbour", 2, 10, 1, "Συνάντηση συντονισμού εθελοντών", 8, True),
    ("agora", "safe-harbour", 4, 17, 3, "Ανοιχτή εκδήλωση: μια χρονιά στο λιμάνι", 60, False),
    ("avli", "kypseli-solidarity", 5, 11, 2, "Ανταλλαγή βιβλίων της γειτονιάς", 25, True),
    ("synantisi", None, 0, 9, 1, "Εβδομαδιαία συνάντηση ομάδας του κόμβου", 6, True),
]  # fmt: skip


def seed(command):
    for (slug, kind, capacity, name_el, name_en, eq_el, eq_en, acc_el, acc_en, approval,
         monthly) in ROOMS:  # fmt: skip
        room, created = Room.objects.get_or_create(
            slug=slug,
            defaults={
                "kind": kind,
                "capacity": capacity,
                "name": name_el,
                "name_el": name_el,
                "name_en": name_en,
                "equipment_el": eq_el,
                "equipment_en": eq_en,
                "accessibility_el": acc_el,
                "accessibility_en": acc_en,
                "requires_approval": approval,
                "monthly_hours_per_organisation": monthly,
                "min_notice_hours": 24,
                "max_days_ahead": 120,
                "position": len(Room.objects.all()),
            },
        )
        if created:
            OpeningHours.objects.bulk_create(
                OpeningHours(room=room, weekday=d, opens=time(9), closes=time(21)) for d in range(5)
            )
            OpeningHours.objects.create(room=room, weekday=5, opens=time(10), closes=time(15))
    year = timezone.localdate().year
    Closure.objects.get_or_create(
        room=None,
        first_day=datetime(year, 12, 24).date(),
        defaults={
            "last_day": datetime(year + 1, 1, 6).date(),
            "reason": "Χριστούγεννα και Πρωτοχρονιά",
            "reason_el": "Χριστούγεννα και Πρωτοχρονιά",
            "reason_en": "Christmas and New Year",
        },
    )
    for slug in ("kypseli-solidarity", "safe-harbour"):
        organisation = Organisation.objects.filter(slug=slug).first()
        if organisation is not None:
            RoomAccessGrant.objects.get_or_create(
                organisation=organisation,
                kind=RoomAccessGrant.Kind.HOSTED,
                defaults={"note": "Φιλοξενούμενη ομάδα (demo)", "monthly_hours": 30},
            )
    if Booking.objects.exists():
        return
    staff = User.objects.filter(is_staff=True).order_by("pk").first()
    zone = athens()
    today = timezone.localdate()
    next_monday = today + timedelta(days=7 - today.weekday())
    for room_slug, org_slug, weekday, hour, hours, purpose, people, confirmed in BOOKINGS:
        room = Room.objects.get(slug=room_slug)
        organisation = Organisation.objects.filter(slug=org_slug).first() if org_slug else None
        booker = (
            organisation.memberships.order_by("role", "pk").first().user if organisation else staff
        )
        for week in range(3):
            day = next_monday + timedelta(days=weekday, weeks=week)
            start = datetime.combine(day, time(hour), zone)
            end = start + timedelta(hours=hours)
            if conflicts(room, start, end).exists():
                continue
            Booking.objects.create(
                room=room,
                start=start,
                end=end,
                purpose=purpose,
                expected_people=people,
                organisation=organisation,
                booked_by=booker,
                state="confirmed" if confirmed or week else "requested",
            )
    command.stdout.write(f"Rooms: {Room.objects.count()}, bookings: {Booking.objects.count()}.")
