"""The back office shows members but cannot break the one-owner rule."""

import pytest

from socialdynamo.organizations.models import Membership
from tests.factories import MembershipFactory, owned_organisation

pytestmark = pytest.mark.django_db


@pytest.fixture
def superuser_client(client, totp_staff):
    totp_staff.is_superuser = True
    totp_staff.save()
    client.force_login(totp_staff)
    return client


def test_members_are_shown_read_only_in_the_admin(superuser_client):
    organisation, owner = owned_organisation()
    MembershipFactory(organisation=organisation)
    page = superuser_client.get(f"/admin/organizations/organisation/{organisation.pk}/change/")
    assert page.status_code == 200
    html = page.content.decode()
    assert owner.email in html or str(owner) in html
    assert 'name="memberships-0-role"' not in html
    assert 'name="memberships-0-DELETE"' not in html


def test_a_forged_inline_post_leaves_the_owner_in_place(superuser_client):
    organisation, owner = owned_organisation()
    membership = Membership.objects.get(organisation=organisation, user=owner)
    superuser_client.post(
        f"/admin/organizations/organisation/{organisation.pk}/change/",
        {
            "memberships-TOTAL_FORMS": "1",
            "memberships-INITIAL_FORMS": "1",
            "memberships-0-id": membership.pk,
            "memberships-0-organisation": organisation.pk,
            "memberships-0-role": "member",
            "memberships-0-DELETE": "on",
        },
    )
    membership.refresh_from_db()
    assert membership.role == "owner"
