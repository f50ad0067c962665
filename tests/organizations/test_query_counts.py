"""Every list page costs the same number of queries with 5 rows or with many."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import (
    InvitationFactory,
    MembershipFactory,
    OrganisationFactory,
    ThematicAreaFactory,
    owned_organisation,
)

pytestmark = pytest.mark.django_db


def queries(client, url):
    client.get(url)  # the first request of a session also refreshes the session
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
        assert response.status_code == 200
    return len(context.captured_queries)


def test_staff_verification_queue(staff_client):
    area = ThematicAreaFactory()

    def add(count):
        for _ in range(count):
            OrganisationFactory(state="pending").thematic_areas.add(area)

    add(5)
    few = queries(staff_client, "/organisations/staff/verification/")
    add(95)
    assert queries(staff_client, "/organisations/staff/verification/") == few


def test_members_page(client):
    organisation, owner = owned_organisation()
    client.force_login(owner)
    url = f"/organisations/{organisation.slug}/members/"

    def add(count):
        for _ in range(count):
            MembershipFactory(organisation=organisation)
            InvitationFactory(organisation=organisation, invited_by=owner)

    add(5)
    few = queries(client, url)
    add(60)
    assert queries(client, url) == few


def test_home_and_profile(client):
    organisation, owner = owned_organisation()
    client.force_login(owner)
    few_home, few_profile = queries(client, "/"), queries(client, "/me/")
    for _ in range(40):
        OrganisationFactory()
        other, _ = owned_organisation()
        MembershipFactory(organisation=other, user=owner)
    assert queries(client, "/") == few_home
    assert queries(client, "/me/") == few_profile
