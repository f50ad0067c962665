import io

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import validate_totp_code
from django.contrib.auth import authenticate
from django.core.management import call_command
from django.db.models import Count, Q

from socialdynamo.accounts.models import User
from socialdynamo.core import demo_data
from socialdynamo.organizations.models import Membership, Organisation

pytestmark = pytest.mark.django_db


def seed():
    call_command("seed_demo", stdout=io.StringIO())


def test_demo_hub_has_every_kind_of_organisation_and_enough_people():
    seed()
    assert Organisation.objects.count() >= 40
    assert set(Organisation.objects.values_list("kind", flat=True)) == set(Organisation.Kind.values)
    assert User.objects.count() >= 120
    assert User.objects.filter(is_staff=True).count() >= 3
    assert User.objects.filter(is_expert=True).count() >= 15
    assert User.objects.filter(is_trainer=True).count() >= 8
    assert User.objects.filter(is_reviewer=True).count() >= 5
    # Staff have work to do: some pending, one suspended with its reason.
    assert Organisation.objects.filter(state="pending").exists()
    assert Organisation.objects.filter(state="suspended").exclude(state_reason="").exists()


def test_seeding_twice_changes_nothing():
    seed()
    counts = (Organisation.objects.count(), User.objects.count(), Membership.objects.count())
    seed()
    assert (
        Organisation.objects.count(),
        User.objects.count(),
        Membership.objects.count(),
    ) == counts


def test_every_organisation_has_one_owner_and_both_languages():
    seed()
    owners = Organisation.objects.annotate(
        n=Count("memberships", filter=Q(memberships__role="owner"))
    )
    assert set(owners.values_list("n", flat=True)) == {1}
    assert not Organisation.objects.filter(
        Q(name_el="") | Q(name_en="") | Q(description_en="")
    ).exists()
    assert not Organisation.objects.filter(kind="informal").exclude(tax_number="").exists()


def test_demo_logins_work_and_staff_have_a_working_second_factor():
    seed()
    for email in ["staff@demo.socialdynamo.org"] + [row[0] for row in demo_data.DEMO_LOGINS]:
        assert authenticate(email=email, password=demo_data.DEMO_PASSWORD) is not None, email
    staff = User.objects.get(email="staff@demo.socialdynamo.org")
    assert staff.is_staff
    assert Authenticator.objects.filter(user=staff, type=Authenticator.Type.TOTP).exists()
    out = io.StringIO()
    call_command("demo_totp", stdout=out)
    code = out.getvalue().strip()
    assert len(code) == 6 and code.isdigit()
    assert validate_totp_code(demo_data.DEMO_TOTP_SECRET, code)


def test_demo_logins_prints_accounts_or_says_to_seed_first():
    out = io.StringIO()
    call_command("demo_logins", stdout=out)
    assert "seed_demo" in out.getvalue()
    seed()
    out = io.StringIO()
    call_command("demo_logins", stdout=out)
    text = out.getvalue()
    assert (
        "member@demo.socialdynamo.org" in text
        and demo_data.DEMO_PASSWORD in text
        and "demo_totp" in text
    )
