"""Bulk data for `make bench`: open support requests and approved experts.

manage.py generate_support_load_data --requests 5000 --experts 1000
"""

import random

from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from socialdynamo.accounts.models import User
from socialdynamo.organizations.models import Organisation
from socialdynamo.support.models import ExpertProfile, Format, SupportArea, SupportRequest

BATCH = 1000


class Command(BaseCommand):
    help = "Create many approved experts and open support requests (for benchmarks)."

    def add_arguments(self, parser):
        parser.add_argument("--requests", type=int, default=5000)
        parser.add_argument("--experts", type=int, default=1000)
        parser.add_argument("--organisations", type=int, default=500)
        parser.add_argument("--seed", type=int, default=1)

    @transaction.atomic
    def handle(self, *args, **options):
        if User.objects.filter(email__startswith="load-expert-").exists():
            # Idempotent, as make bench expects: the data of an earlier run stays as it is.
            self.stdout.write("Support bench data already there.")
            return
        rng = random.Random(options["seed"])
        stamp = timezone.now().strftime("%Y%m%d%H%M%S")
        areas = list(SupportArea.objects.prefetch_related("topics"))
        formats = list(Format.values)
        password = make_password(None)
        orgs = Organisation.objects.bulk_create(
            [
                Organisation(
                    name=f"Load {stamp} {n}",
                    name_el=f"Φορτίο {stamp} {n}",
                    name_en=f"Load {stamp} {n}",
                    slug=f"support-load-{stamp}-{n}",
                    kind=Organisation.Kind.INFORMAL_GROUP,
                    state=Organisation.State.VERIFIED,
                )
                for n in range(options["organisations"])
            ],
            batch_size=BATCH,
        )
        users = User.objects.bulk_create(
            [
                User(
                    email=f"load-expert-{stamp}-{n}@example.org",
                    first_name="Expert",
                    last_name=str(n),
                    password=password,
                    is_expert=True,
                )
                for n in range(options["experts"])
            ],
            batch_size=BATCH,
        )
        profiles = ExpertProfile.objects.bulk_create(
            [
                ExpertProfile(
                    user=user,
                    state=ExpertProfile.State.APPROVED,
                    languages=rng.choice([["el"], ["el", "en"], ["en"]]),
                    formats=rng.sample(formats, rng.randint(1, 3)),
                    monthly_hours=rng.choice([4, 8, 12, 16, 20]),
                )
                for user in users
            ],
            batch_size=BATCH,
        )
        area_links, topic_links, conflict_links = [], [], []
        AreaLink = ExpertProfile.areas.through
        TopicLink = ExpertProfile.topics.through
        ConflictLink = ExpertProfile.conflicts.through
        for profile in profiles:
            for area in rng.sample(areas, rng.choice([1, 1, 2, 2, 3])):
                area_links.append(AreaLink(expertprofile_id=profile.pk, supportarea_id=area.pk))
                for topic in area.topics.all():
                    if rng.random() < 0.5:
                        topic_links.append(
                            TopicLink(expertprofile_id=profile.pk, supporttopic_id=topic.pk)
                        )
            for org in rng.sample(orgs, 2):
                conflict_links.append(
                    ConflictLink(expertprofile_id=profile.pk, organisation_id=org.pk)
                )
        AreaLink.objects.bulk_create(area_links, batch_size=BATCH)
        TopicLink.objects.bulk_create(topic_links, batch_size=BATCH)
        ConflictLink.objects.bulk_create(conflict_links, batch_size=BATCH)
        requests = []
        for n in range(options["requests"]):
            area = rng.choice(areas)
            topics = list(area.topics.all())
            requests.append(
                SupportRequest(
                    organisation=rng.choice(orgs),
                    area=area,
                    topic=rng.choice([None, *topics]),
                    title=f"Load request {n}",
                    goal="Load test",
                    format=rng.choice(formats),
                    language=rng.choice(["el", "en", "any"]),
                    state=rng.choice(
                        [SupportRequest.State.SUBMITTED, SupportRequest.State.TRIAGED]
                    ),
                )
            )
        SupportRequest.objects.bulk_create(requests, batch_size=BATCH)
        self.stdout.write(
            f"Created {len(profiles)} experts and {len(requests)} open requests "
            f"for {len(orgs)} organisations."
        )
