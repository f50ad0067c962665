"""Fill the database with a large, plausible hub for `make bench`.

    manage.py generate_load_data --orgs 20000 --people 100000

Rows are written with bulk_create in batches (a few minutes for the sizes above, not hours).
Running it again adds nothing when the generated rows are already there. Never run it on a
database that real people use: it is for benchmarks only.
"""

import random

from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from socialdynamo.accounts.models import User
from socialdynamo.core import demo_data, page_cache
from socialdynamo.organizations.models import District, Membership, Organisation, ThematicArea

EMAIL_DOMAIN = "load.socialdynamo.invalid"
BATCH = 2000

WORDS_EL = [
    ("Δίκτυο", "Network"),
    ("Σύλλογος", "Association"),
    ("Ομάδα", "Group"),
    ("Κίνηση", "Movement"),
    ("Εταιρεία", "Society"),
    ("Πρωτοβουλία", "Initiative"),
    ("Κέντρο", "Centre"),
    ("Φόρουμ", "Forum"),
    ("Συνεργατική", "Cooperative"),
]
TOPICS = [
    ("Αλληλεγγύης", "Solidarity"),
    ("Περιβάλλοντος", "Environment"),
    ("Πολιτισμού", "Culture"),
    ("Νεολαίας", "Youth"),
    ("Παιδείας", "Education"),
    ("Υγείας", "Health"),
    ("Γειτονιάς", "Neighbourhood"),
    ("Ισότητας", "Equality"),
    ("Τεχνολογίας", "Technology"),
    ("Αθλητισμού", "Sport"),
    ("Μεταναστών", "Migrants"),
    ("Ζώων", "Animals"),
    ("Τεχνών", "Arts"),
    ("Εθελοντισμού", "Volunteering"),
]
PLACES = [
    ("Αθήνας", "Athens"),
    ("Πειραιά", "Piraeus"),
    ("Κυψέλης", "Kypseli"),
    ("Πατησίων", "Patisia"),
    ("Εξαρχείων", "Exarchia"),
    ("Παγκρατίου", "Pangrati"),
    ("Καλλιθέας", "Kallithea"),
    ("Περιστερίου", "Peristeri"),
    ("Χαλανδρίου", "Chalandri"),
    ("Βύρωνα", "Vyronas"),
    ("Ζωγράφου", "Zografou"),
    ("Αιγάλεω", "Egaleo"),
]


class Command(BaseCommand):
    help = "Generate many organisations and people for benchmarks (bulk, idempotent)."

    def add_arguments(self, parser):
        parser.add_argument("--orgs", type=int, default=20000)
        parser.add_argument("--people", type=int, default=100000)
        parser.add_argument("--seed", type=int, default=2026)

    def handle(self, *args, orgs, people, seed, **options):
        rng = random.Random(seed)
        people_made = self.make_people(people, rng)
        orgs_made = self.make_organisations(orgs, rng)
        page_cache.bump("organizations")  # bulk_create sends no signals
        self.stdout.write(
            f"Load data: {people_made} people and {orgs_made} organisations added "
            f"({User.objects.count()} people, {Organisation.objects.count()} organisations)."
        )

    def make_people(self, count: int, rng: random.Random) -> int:
        existing = User.objects.filter(email__endswith=f"@{EMAIL_DOMAIN}").count()
        password = make_password(None)  # unusable: nobody signs in as generated people
        now = timezone.now()
        made = 0
        for start in range(existing, count, BATCH):
            batch = []
            for index in range(start, min(start + BATCH, count)):
                first, last = demo_data.demo_name(rng)
                batch.append(
                    User(
                        email=f"person{index:06d}@{EMAIL_DOMAIN}",
                        first_name=first,
                        last_name=last,
                        password=password,
                        language="en" if index % 9 == 0 else "el",
                        privacy_consent_at=now,
                        is_expert=index % 50 == 0,
                        is_trainer=index % 80 == 0,
                    )
                )
            with transaction.atomic():
                User.objects.bulk_create(batch)
            made += len(batch)
        return made

    def make_organisations(self, count: int, rng: random.Random) -> int:
        prefix = "load-"
        existing = Organisation.objects.filter(slug__startswith=prefix).count()
        if existing >= count:
            return 0
        areas = list(ThematicArea.objects.all()) or self.make_areas()
        districts = list(District.objects.all())
        owners = list(
            User.objects.filter(email__endswith=f"@{EMAIL_DOMAIN}")
            .order_by("id")
            .values_list("id", flat=True)
        )
        if not owners:
            owners = list(User.objects.order_by("id").values_list("id", flat=True)[:1000])
        kinds = [kind for kind, _label in Organisation.Kind.choices]
        sizes = [size for size, _label in Organisation.Size.choices]
        now = timezone.now()
        made = 0
        through = Organisation.thematic_areas.through
        for start in range(existing, count, BATCH):
            batch = []
            for index in range(start, min(start + BATCH, count)):
                word, topic, place = rng.choice(WORDS_EL), rng.choice(TOPICS), rng.choice(PLACES)
                name_el = f"{word[0]} {topic[0]} {place[0]} {index}"
                name_en = f"{place[1]} {topic[1]} {word[1]} {index}"
                summary_el = f"{word[0]} για θέματα {topic[0].lower()} στην περιοχή {place[0]}."
                summary_en = f"A {word[1].lower()} working on {topic[1].lower()} in {place[1]}."
                kind = kinds[index % len(kinds)]
                roll = rng.random()
                state = (
                    Organisation.State.VERIFIED
                    if roll < 0.9
                    else Organisation.State.PENDING
                    if roll < 0.97
                    else Organisation.State.SUSPENDED
                )
                organisation = Organisation(
                    slug=f"{prefix}{index:06d}",
                    name=name_el,
                    name_el=name_el,
                    name_en=name_en,
                    kind=kind,
                    state=state,
                    state_changed_at=now,
                    summary=summary_el,
                    summary_el=summary_el,
                    summary_en=summary_en,
                    description=summary_el,
                    description_el=summary_el,
                    description_en=summary_en,
                    district=rng.choice(districts) if districts else None,
                    email=f"info@org{index}.{EMAIL_DOMAIN}",
                    year_founded=rng.randint(1980, 2025),
                    size=rng.choice(sizes),
                    created=now,
                )
                organisation.search_text = organisation.build_search_text()
                batch.append(organisation)
            with transaction.atomic():
                Organisation.objects.bulk_create(batch)
                created = Organisation.objects.filter(slug__in=[o.slug for o in batch]).values_list(
                    "id", "slug"
                )
                links, memberships = [], []
                for organisation_id, slug in created:
                    index = int(slug[len(prefix) :])
                    for area in rng.sample(areas, k=min(len(areas), rng.randint(1, 3))):
                        links.append(
                            through(organisation_id=organisation_id, thematicarea_id=area.id)
                        )
                    memberships.append(
                        Membership(
                            organisation_id=organisation_id,
                            user_id=owners[index % len(owners)],
                            role=Membership.Role.OWNER,
                        )
                    )
                through.objects.bulk_create(links)
                Membership.objects.bulk_create(memberships, ignore_conflicts=True)
            made += len(batch)
        return made

    def make_areas(self):
        for position, (el, en) in enumerate(TOPICS):
            ThematicArea.objects.get_or_create(
                slug=en.lower(),
                defaults={"name": el, "name_el": el, "name_en": en, "position": position},
            )
        return list(ThematicArea.objects.all())
