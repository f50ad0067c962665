"""Fill the database with a large call for `make bench`:

    manage.py generate_space_load_data --applications 2000 --reviewers 20

One closed call (results published) with the given number of applications from generated
organisations, two completed reviews each (load balanced over the reviewers), three
criteria scored, 15 selected. bulk_create in batches: seconds, not minutes. Running it again
adds nothing. For benchmarks only.
"""

import random
from datetime import timedelta

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from socialdynamo.accounts.models import User
from socialdynamo.core import page_cache
from socialdynamo.organizations.models import Organisation, normalise_for_search
from socialdynamo.space.models import (
    Answer,
    Application,
    Call,
    Criterion,
    Question,
    ReviewAssignment,
    Score,
)

SLUG = "bench-space"
DOMAIN = "load.socialdynamo.invalid"
BATCH = 2000
UNUSABLE = "!"


class Command(BaseCommand):
    help = "Generate a call with many reviewed applications for the space's benchmarks."

    def add_arguments(self, parser):
        parser.add_argument("--applications", type=int, default=2000)
        parser.add_argument("--reviewers", type=int, default=20)

    @transaction.atomic
    def handle(self, *args, applications, reviewers, **options):
        if Call.objects.filter(slug=SLUG).exists():
            self.stdout.write("The space's bench call is already there.")
            return
        rng = random.Random(2026)
        now = timezone.now()
        User.objects.bulk_create(
            [
                User(
                    email=f"space-reviewer-{i}@{DOMAIN}",
                    first_name="Αξιολογητής",
                    last_name=f"{i}",
                    is_reviewer=True,
                    password=UNUSABLE,
                )
                for i in range(reviewers)
            ]
        )
        people = list(User.objects.filter(email__startswith="space-reviewer-").order_by("pk"))
        orgs = []
        for i in range(applications):
            name = f"Ομάδα χώρου {i}"
            kind = "informal" if i % 2 else "ngo"
            orgs.append(
                Organisation(
                    name=name,
                    name_el=name,
                    name_en=f"Space group {i}",
                    slug=f"space-load-{i}",
                    kind=kind,
                    state="verified",
                    tax_number="" if kind == "informal" else f"{900000000 + i:09d}",
                    search_text=normalise_for_search(f"{name} Space group {i}"),
                    state_changed_at=now,
                )
            )
        Organisation.objects.bulk_create(orgs, batch_size=BATCH)
        orgs = list(Organisation.objects.filter(slug__startswith="space-load-").order_by("pk"))
        call = Call.objects.create(
            slug=SLUG,
            title="Πρόσκληση για μετρήσεις",
            title_el="Πρόσκληση για μετρήσεις",
            title_en="Bench call",
            status=Call.Status.RESULTS,
            opens_at=now - timedelta(days=60),
            closes_at=now - timedelta(days=30),
            hosting_start=timezone.localdate() + timedelta(days=10),
            places=15,
            decided_at=now,
            results_published_at=now,
        )
        call.reviewers.set(people)
        criteria = [
            Criterion.objects.create(call=call, name=n, name_el=n, name_en=n, weight=w, max_points=10, position=p)
            for p, (n, w) in enumerate([("Αντίκτυπος", 3), ("Ανάγκη", 2), ("Συνεργασία", 1)])
        ]  # fmt: skip
        questions = [
            Question.objects.create(call=call, text=t, text_el=t, text_en=t, kind=k, position=p)
            for p, (t, k) in enumerate([("Τι θα κάνετε;", "text"), ("Μέλη;", "number")])
        ]  # fmt: skip
        apps = Application.objects.bulk_create(
            [
                Application(
                    call=call,
                    organisation=org,
                    status=Application.Status.SELECTED
                    if i < 15
                    else Application.Status.NOT_SELECTED,
                    reference=f"SD-BENCH-{i:05d}",
                    contact_name="Επαφή",
                    submitted_at=now - timedelta(days=31, minutes=i),
                    decided_at=now,
                )
                for i, org in enumerate(orgs)
            ],
            batch_size=BATCH,
        )
        apps = list(Application.objects.filter(call=call).order_by("pk"))
        Answer.objects.bulk_create(
            [
                Answer(
                    application=a, question=q, value="12" if q.kind == "number" else "Εργαστήρια"
                )
                for a in apps
                for q in questions
            ],
            batch_size=BATCH,
        )
        ReviewAssignment.objects.bulk_create(
            [
                ReviewAssignment(
                    application=a, reviewer=people[(i + k) % len(people)], submitted_at=now
                )
                for i, a in enumerate(apps)
                for k in (0, 1)
            ],
            batch_size=BATCH,
        )
        assignments = ReviewAssignment.objects.filter(application__call=call).values_list(
            "pk", flat=True
        )
        Score.objects.bulk_create(
            [
                Score(assignment_id=pk, criterion=c, points=rng.randint(2, 10))
                for pk in assignments
                for c in criteria
            ],
            batch_size=BATCH,
        )
        page_cache.bump("space", "organizations")
        self.stdout.write(
            f"Space bench: {len(apps)} applications, {len(people)} reviewers, "
            f"{Score.objects.filter(assignment__application__call=call).count()} scores."
        )
