import json

import pytest
from allauth.account.models import EmailAddress
from django.contrib.sessions.models import Session

from socialdynamo.accounts.models import User
from socialdynamo.core.models import AuditLogEntry
from socialdynamo.organizations.models import Membership
from tests.factories import (
    PASSWORD,
    InvitationFactory,
    MembershipFactory,
    UserFactory,
    owned_organisation,
)

pytestmark = pytest.mark.django_db


def test_profile_edit_keeps_input_on_error_and_saves_good_input(client):
    user = UserFactory(last_name="Παλιό")
    client.force_login(user)
    response = client.post(
        "/me/edit/", {"first_name": "Νέο", "last_name": "Β" * 5000, "language": "el"}
    )
    assert response.status_code == 200
    assert "last_name" in response.context["form"].errors
    assert 'value="Νέο"' in response.content.decode()
    user.refresh_from_db()
    assert user.last_name == "Παλιό"
    response = client.post(
        "/me/edit/",
        {"first_name": "Νέο", "last_name": "Όνομα", "language": "en", "phone": "", "bio": ""},
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert (user.first_name, user.last_name, user.language) == ("Νέο", "Όνομα", "en")


def test_download_my_data_has_everything_about_me_and_nothing_about_others(client):
    organisation, me = owned_organisation(name_el="Η ομάδα μου")
    InvitationFactory(email=me.email)
    other = MembershipFactory(organisation=organisation).user
    client.force_login(me)
    assert client.get("/me/data/").status_code == 200
    response = client.post("/me/data/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert "attachment" in response["Content-Disposition"]
    data = json.loads(response.content)
    assert data["person"]["email"] == me.email
    assert data["email_addresses"][0]["email"] == me.email
    assert data["memberships"] == [
        {"organisation": "Η ομάδα μου", "role": "owner", "since": data["memberships"][0]["since"]}
    ]
    assert len(data["invitations_received"]) == 1
    assert other.email not in response.content.decode()


def test_delete_needs_the_password(client):
    user = UserFactory()
    client.force_login(user)
    response = client.post("/me/delete/", {"password": "wrong", "confirm": "on"})
    assert response.status_code == 200
    assert "password" in response.context["form"].errors
    user.refresh_from_db()
    assert user.is_active and user.erased_at is None


def test_an_owner_is_told_to_transfer_first(client):
    organisation, owner = owned_organisation(name_el="Δική μου ομάδα")
    client.force_login(owner)
    response = client.get("/me/delete/")
    assert "Δική μου ομάδα" in response.content.decode()
    assert 'name="password"' not in response.content.decode()
    response = client.post("/me/delete/", {"password": PASSWORD, "confirm": "on"})
    owner.refresh_from_db()
    assert owner.erased_at is None


def test_delete_my_account_erases_personal_data_and_keeps_an_anonymous_row(client):
    organisation, _ = owned_organisation()
    member = MembershipFactory(
        organisation=organisation, user=UserFactory(phone="2101234567", bio="Λίγα λόγια")
    ).user
    client.force_login(member)
    session_key = client.session.session_key
    response = client.post("/me/delete/", {"password": PASSWORD, "confirm": "on"})
    assert response.status_code == 302
    erased = User.objects.get(pk=member.pk)
    assert erased.erased_at is not None and not erased.is_active
    assert (erased.first_name, erased.last_name, erased.phone, erased.bio) == ("", "", "", "")
    assert erased.email.endswith("@erased.invalid")
    assert not erased.has_usable_password()
    assert not EmailAddress.objects.filter(user=erased).exists()
    assert not Membership.objects.filter(user=erased).exists()
    assert not Session.objects.filter(session_key=session_key).exists()
    assert AuditLogEntry.objects.filter(action="accounts.user.erased").exists()
    assert client.get("/me/").status_code == 302
    assert not client.login(email=member.email, password=PASSWORD)


def test_erasure_removes_the_person_from_the_audit_log_but_keeps_the_decisions(client):
    from socialdynamo.core.audit import log_action
    from socialdynamo.organizations import services

    organisation, owner = owned_organisation()
    person = UserFactory(email="Ioanna.P@example.org", first_name="Ιωάννα", last_name="Π.")
    services.invite_member(
        organisation=organisation, user=owner, email="ioanna.p@example.org", role="member"
    )
    log_action(person, "accounts.user.changed_by_staff", user=owner)
    client.force_login(person)
    assert client.post("/me/delete/", {"password": PASSWORD, "confirm": "on"}).status_code == 302
    everything = json.dumps(
        list(AuditLogEntry.objects.values("object_repr", "data", "reason")), ensure_ascii=False
    ).lower()
    assert "ioanna.p@example.org" not in everything and "ιωάννα" not in everything
    assert AuditLogEntry.objects.filter(action="organizations.invitation.sent").exists()
