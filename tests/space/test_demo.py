import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from socialdynamo.space import selectors
from socialdynamo.space.models import Application, Call, Hosting, Space

pytestmark = pytest.mark.django_db


def test_demo_space_is_seeded_once_and_its_pages_work(client):
    call_command("seed_demo", stdout=io.StringIO())
    counts = (Call.objects.count(), Application.objects.count(), Hosting.objects.count())
    call_command("seed_demo", stdout=io.StringIO())
    assert (Call.objects.count(), Application.objects.count(), Hosting.objects.count()) == counts
    assert counts[0] == 2 and counts[2] >= 6
    assert Space.get().house_rules_en
    assert selectors.hosted_organisations().count() >= 5
    past = Call.objects.get(slug="spring-2026")
    assert len(selectors.ranking(past)) >= 8
    page = client.get(reverse("space:home")).content.decode()
    assert "Πρόσκληση φιλοξενίας, φθινόπωρο" in page
    assert client.get(reverse("space:call-results", args=[past.slug])).status_code == 200
    assert selectors.occupancy()["columns"][0]["hosted"] >= 6
