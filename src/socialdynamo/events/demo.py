"""Demo events: a season of seminars, workshops and networking evenings at the hub.

Idempotent: events are found by their slug; a second run adds nothing. Dates are relative to
the day the demo is seeded, so there is always something upcoming and something past.
"""

from datetime import datetime, time, timedelta

from django.utils import timezone

from socialdynamo.accounts.models import User
from socialdynamo.core import page_cache
from socialdynamo.core.audit import log_action
from socialdynamo.organizations.models import Organisation, ThematicArea

from .models import Event, EventKind, EventPart, Feedback, Question, Registration, certificate_code

# slug, kind, days from today, start hour, hours, format, capacity, state, organiser org slug,
# areas, title el, title en, summary el, summary en
EVENTS = [
    ("funding-proposals", "seminar", -40, 17, 3, "in_person", 25, "held", "", ["social-economy", "civic-participation"],
     "Πώς γράφουμε μια πρόταση χρηματοδότησης", "Writing a funding proposal",
     "Από την ιδέα στον προϋπολογισμό: τα βήματα μιας πρότασης που πείθει.",
     "From the idea to the budget: the steps of a proposal that convinces."),
    ("volunteer-management", "workshop", -21, 10, 4, "in_person", 20, "held", "", ["social-inclusion"],
     "Διαχείριση εθελοντών στην πράξη", "Managing volunteers in practice",
     "Προσέλκυση, υποδοχή και διατήρηση εθελοντών σε μικρές οργανώσεις.",
     "Recruiting, welcoming and keeping volunteers in small organisations."),
    ("civil-society-meets-business", "networking", -10, 19, 2, "in_person", 60, "held", "", [],
     "Η κοινωνία των πολιτών συναντά τις επιχειρήσεις", "Civil society meets business",
     "Μια βραδιά γνωριμίας οργανώσεων με υπεύθυνους εταιρικής κοινωνικής ευθύνης.",
     "An evening where organisations meet people in charge of corporate social responsibility."),
    ("gdpr-for-ngos", "seminar", 3, 17, 2, "online", 100, "published", "", ["human-rights"],
     "GDPR για μη κερδοσκοπικές οργανώσεις", "GDPR for non-profits",
     "Τι πρέπει να κάνει μια οργάνωση με τα προσωπικά δεδομένα μελών και ωφελουμένων.",
     "What an organisation must do with the personal data of members and beneficiaries."),
    ("social-media-basics", "workshop", 6, 11, 3, "in_person", 3, "published", "", [],
     "Μέσα κοινωνικής δικτύωσης για οργανώσεις", "Social media for organisations",
     "Ένα πρακτικό εργαστήριο: πρόγραμμα αναρτήσεων, φωτογραφίες, μέτρηση αποτελεσμάτων.",
     "A hands-on workshop: a posting plan, photos, measuring results."),
    ("open-day", "open-day", 9, 12, 5, "in_person", 150, "published", "", [],
     "Ανοιχτή ημέρα του κόμβου", "The hub's open day",
     "Γνωρίστε τον χώρο, τις φιλοξενούμενες ομάδες και τις υπηρεσίες του κόμβου.",
     "Meet the space, the hosted groups and the services of the hub."),
    ("leadership-series", "seminar", 14, 18, 2, "hybrid", 30, "published", "", ["social-economy", "civic-participation"],
     "Ηγεσία σε οργανώσεις της κοινωνίας των πολιτών (κύκλος 3 συναντήσεων)",
     "Leadership in civil society organisations (a series of 3 meetings)",
     "Τρεις συναντήσεις για την ομάδα, τις αποφάσεις και την ανάθεση. Μία εγγραφή για όλες.",
     "Three meetings on the team, decisions and delegation. One registration for all."),
    ("info-session-space-call", "info-session", 18, 18, 1, "online", 200, "published", "", [],
     "Ενημέρωση για την πρόσκληση φιλοξενίας στον χώρο", "Info session on the call for hosting",
     "Πώς υποβάλλεται αίτηση για φιλοξενία στον χώρο συνεργασίας του κόμβου.",
     "How to apply to be hosted in the hub's co-working space."),
    ("refugee-rights-clinic", "workshop", 24, 17, 3, "in_person", 20, "proposed", "safe-harbour",
     ["refugees-migrants", "human-rights"],
     "Εργαστήριο για τα δικαιώματα των προσφύγων", "Workshop on refugees' rights",
     "Πρόταση της οργάνωσης Ασφαλές Λιμάνι: νομικά βήματα και υποστήριξη στην πράξη.",
     "Proposed by Safe Harbour: legal steps and practical support."),
    ("neighbourhood-networking", "networking", 30, 19, 2, "in_person", 80, "draft", "", [],
     "Βραδιά δικτύωσης γειτονιάς", "Neighbourhood networking evening",
     "Οργανώσεις και δήμοι της Αθήνας γνωρίζονται.",
     "Organisations and municipalities of Athens get to know each other."),
    ("storytelling", "workshop", 12, 17, 3, "in_person", 25, "cancelled", "", [],
     "Αφήγηση ιστοριών για οργανώσεις", "Storytelling for organisations",
     "Ακυρώθηκε λόγω ασθένειας της εισηγήτριας· θα οριστεί νέα ημερομηνία.",
     "Cancelled because the trainer is ill; a new date will be set."),
]  # fmt: skip


def _at(days: int, hour: int):
    day = timezone.localdate() + timedelta(days=days)
    return datetime.combine(day, time(hour, 0), tzinfo=timezone.get_current_timezone())


def seed(command) -> None:
    kinds = {k.slug: k for k in EventKind.objects.all()}
    areas = {a.slug: a for a in ThematicArea.objects.all()}
    staff = User.objects.filter(email="staff@demo.socialdynamo.org").first()
    trainer = User.objects.filter(email="trainer@demo.socialdynamo.org").first()
    member = User.objects.filter(email="member@demo.socialdynamo.org").first()
    ngo = User.objects.filter(email="ngo@demo.socialdynamo.org").first()
    people = list(
        User.objects.filter(email__endswith="@people.demo.socialdynamo.org").order_by("email")
    )
    made = 0
    for row in EVENTS:
        (slug, kind, days, hour, hours, fmt, capacity, state, org_slug, area_slugs,
         title_el, title_en, summary_el, summary_en) = row  # fmt: skip
        slug = f"demo-{slug}"
        if Event.objects.filter(slug=slug).exists():
            continue
        start = _at(days, hour)
        organisation = Organisation.objects.filter(slug=org_slug).first() if org_slug else None
        event = Event.objects.create(
            slug=slug,
            kind=kinds[kind],
            format=fmt,
            title=title_el,
            title_el=title_el,
            title_en=title_en,
            summary=summary_el,
            summary_el=summary_el,
            summary_en=summary_en,
            description_el=f"{summary_el}\n\nΗ συμμετοχή είναι δωρεάν. Θα δοθεί βεβαίωση παρακολούθησης.",
            description_en=f"{summary_en}\n\nTaking part is free. A certificate of attendance is given.",
            audience_el="Μέλη και εθελοντές οργανώσεων της κοινωνίας των πολιτών",
            audience_en="Members and volunteers of civil society organisations",
            language="el",
            start=start,
            end=start + timedelta(hours=hours),
            venue="" if fmt == "online" else "Αίθουσα σεμιναρίων, 1ος όροφος",
            at_hub=fmt != "online",
            online_url="https://meet.example.org/socialdynamo-" + slug
            if fmt != "in_person"
            else "",
            capacity=capacity,
            organisation=organisation,
            organiser_kind=Event.Organiser.HOSTED if organisation else Event.Organiser.HUB,
            state=state,
            state_reason="Ασθένεια της εισηγήτριας" if state == "cancelled" else "",
            published_at=timezone.now() if state in ("published", "held", "cancelled") else None,
            created_by=ngo if organisation else staff,
        )
        made += 1
        event.thematic_areas.set([areas[a] for a in area_slugs if a in areas])
        if trainer and kind in ("seminar", "workshop"):
            event.trainers.add(trainer)
        log_action(event, "events.event.created", user=event.created_by)
        if slug == "demo-leadership-series":
            for part in range(3):
                part_start = start + timedelta(days=7 * part)
                EventPart.objects.create(
                    event=event,
                    title=["Η ομάδα", "Οι αποφάσεις", "Η ανάθεση"][part],
                    title_el=["Η ομάδα", "Οι αποφάσεις", "Η ανάθεση"][part],
                    title_en=["The team", "Decisions", "Delegation"][part],
                    start=part_start,
                    end=part_start + timedelta(hours=2),
                )
            Event.objects.filter(pk=event.pk).update(end=start + timedelta(days=14, hours=2))
        if kind == "workshop" and state == "published":
            Question.objects.create(
                event=event,
                kind=Question.Kind.CHOICE,
                label="Πόση εμπειρία έχετε;",
                label_el="Πόση εμπειρία έχετε;",
                label_en="How much experience do you have?",
                choices="Καμία\nΛίγη\nΑρκετή",
                choices_el="Καμία\nΛίγη\nΑρκετή",
                choices_en="None\nSome\nQuite a lot",
            )
        _registrations(event, people, member, capacity)
    page_cache.bump("events")  # counters were written with update()
    command.stdout.write(f"Events: {made} new demo events.")


def _registrations(event, people, member, capacity):
    if event.state not in ("published", "held", "cancelled"):
        return
    held = event.state == "held"
    wanted = min(capacity + (3 if capacity <= 5 else 0), len(people), 18)
    crowd = ([member] if member else []) + people[: max(wanted - 1, 0)]
    confirmed = waiting = 0
    for index, person in enumerate(crowd):
        state = (
            Registration.State.CONFIRMED if confirmed < capacity else Registration.State.WAITLISTED
        )
        attended = held and state == "confirmed" and index % 5 != 4
        registration = Registration.objects.create(
            event=event,
            person=person,
            state=state,
            attended=attended,
            checked_in_at=event.start if attended else None,
            certificate_code=certificate_code() if attended and person == member else None,
        )
        if state == "confirmed":
            confirmed += 1
        else:
            waiting += 1
        if attended and index % 3 == 0:
            Feedback.objects.create(
                registration=registration,
                event=event,
                overall=4 + index % 2,
                usefulness=3 + index % 3,
                comments="Πολύ χρήσιμο, θα ήθελα συνέχεια." if index % 2 == 0 else "",
            )
    Event.objects.filter(pk=event.pk).update(confirmed_count=confirmed, waitlist_count=waiting)
