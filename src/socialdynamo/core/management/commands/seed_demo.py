"""Build a believable demo hub. Idempotent: running it again changes nothing."""

import importlib
import random

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.apps import apps
from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import module_has_submodule

from socialdynamo.accounts.models import User
from socialdynamo.core import demo_data, page_cache
from socialdynamo.core.audit import log_action
from socialdynamo.organizations.models import District, Membership, Organisation, ThematicArea

PEOPLE = 120


def demo_modules():
    """Each domain app may add to the demo hub with a `demo.py` module holding
    `seed(command)`, run after the people and organisations exist. It must be idempotent."""
    modules = []
    for config in apps.get_app_configs():
        if config.name.startswith("socialdynamo.") and module_has_submodule(config.module, "demo"):
            modules.append(importlib.import_module(f"{config.name}.demo"))
    return modules


class Command(BaseCommand):
    help = "Create the demo hub: organisations of every kind, people, staff, experts, trainers."

    def handle(self, *args, **options):
        with transaction.atomic():
            created = self.seed()
            for module in demo_modules():
                module.seed(self)
            page_cache.bump("organizations")  # some rows were written with update()
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo hub ready: {Organisation.objects.count()} organisations, "
                f"{User.objects.count()} people ({created} new)."
            )
        )

    def person(self, email, first, last, *, language="el", **flags):
        user, created = User.objects.get_or_create(
            email=email,
            defaults={
                "first_name": first,
                "last_name": last,
                "language": language,
                "privacy_consent_at": timezone.now(),
                **flags,
            },
        )
        if created:
            # One hash for every demo account: hashing 120 times would take half a minute.
            if not hasattr(self, "_password_hash"):
                self._password_hash = make_password(demo_data.DEMO_PASSWORD)
            user.password = self._password_hash
            user.save(update_fields=["password"])
            EmailAddress.objects.get_or_create(
                user=user, email=email, defaults={"verified": True, "primary": True}
            )
        return user, created

    def seed(self) -> int:
        rng = random.Random(2026)
        new_people = 0

        staff = []
        for email, first, last in demo_data.STAFF:
            user, created = self.person(
                email, first, last, is_staff=True, is_superuser=email.startswith("staff@")
            )
            new_people += created
            staff.append(user)
        self.ensure_totp(staff[0])
        for user in staff[1:]:
            self.ensure_totp(user)

        named = {}
        for email, first, last, _role, flags in demo_data.DEMO_LOGINS:
            user, created = self.person(email, first, last, **flags)
            new_people += created
            named[email.split("@")[0]] = user

        # Everyone else: realistic Greek names, a few English speakers, roles spread out.
        others = []
        for index in range(PEOPLE):
            first, last = demo_data.demo_name(rng)
            language = "en" if index % 9 == 0 else "el"
            flags = {
                "is_expert": index % 7 == 0,
                "is_trainer": index % 12 == 0,
                "is_reviewer": index % 20 == 0,
            }
            user, created = self.person(
                f"person{index:03d}@people.demo.socialdynamo.org",
                first,
                last,
                language=language,
                **flags,
            )
            new_people += created
            others.append(user)

        areas = {a.slug: a for a in ThematicArea.objects.all()}
        districts = {d.slug: d for d in District.objects.all()}
        pool = iter(others * 3)
        for position, row in enumerate(demo_data.ORGANISATIONS):
            (
                slug,
                kind,
                name_el,
                name_en,
                acronym,
                area_slugs,
                district,
                summary_el,
                summary_en,
                founded,
                size,
            ) = row
            kind_el, kind_en = demo_data.KIND_SENTENCES[kind]
            defaults = {
                "name": name_el,
                "name_el": name_el,
                "name_en": name_en,
                "acronym": acronym,
                "kind": kind,
                "summary": summary_el,
                "summary_el": summary_el,
                "summary_en": summary_en,
                "description": f"{summary_el} {kind_el}",
                "description_el": f"{summary_el} {kind_el}",
                "description_en": f"{summary_en} {kind_en}",
                "district": districts.get(district),
                "email": f"info@{slug}.example.org",
                "website": f"https://{slug}.example.org/",
                "phone": f"+30 210 {5000000 + position * 7919 % 4999999:07d}",
                "year_founded": founded,
                "size": size,
                "tax_number": f"{800000000 + position * 104729 % 99999999:09d}"
                if kind != "informal"
                else "",
                "legal_form": {
                    "ngo": "Αστική μη κερδοσκοπική εταιρεία",
                    "business": "Ιδιωτική κεφαλαιουχική εταιρεία",
                    "academic": "ΝΠΔΔ",
                    "public": "ΝΠΔΔ",
                    "hub": "Σωματείο",
                }.get(kind, ""),
            }
            organisation, created = Organisation.objects.get_or_create(slug=slug, defaults=defaults)
            if not created:
                continue
            organisation.thematic_areas.set([areas[s] for s in area_slugs if s in areas])
            owner = {"kypseli-solidarity": named["member"], "safe-harbour": None}.get(slug) or next(
                pool
            )
            Membership.objects.create(
                organisation=organisation, user=owner, role=Membership.Role.OWNER
            )
            if slug == "safe-harbour":
                Membership.objects.create(
                    organisation=organisation, user=named["ngo"], role=Membership.Role.ADMIN
                )
            for _ in range(rng.randint(1, 4)):
                person = next(pool)
                Membership.objects.get_or_create(
                    organisation=organisation,
                    user=person,
                    defaults={
                        "role": rng.choice(
                            [Membership.Role.ADMIN, Membership.Role.MEMBER, Membership.Role.MEMBER]
                        )
                    },
                )
            log_action(organisation, "organizations.organisation.created", user=owner)
            if slug in demo_data.PENDING:
                continue
            state = (
                Organisation.State.SUSPENDED
                if slug in demo_data.SUSPENDED
                else Organisation.State.VERIFIED
            )
            reason = demo_data.SUSPENDED.get(slug, "")
            Organisation.objects.filter(pk=organisation.pk).update(
                state=state,
                state_reason=reason,
                state_changed_at=timezone.now()
                - timezone.timedelta(days=len(demo_data.ORGANISATIONS) - position),
            )
            log_action(
                organisation, f"organizations.organisation.{state}", user=staff[0], reason=reason
            )
        return new_people

    def ensure_totp(self, user):
        if Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
            return
        from allauth.mfa.totp.internal.auth import TOTP

        TOTP.activate(user, demo_data.DEMO_TOTP_SECRET)
