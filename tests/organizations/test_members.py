import threading
from datetime import timedelta

import pytest
from django.core import mail
from django.db import close_old_connections
from django.utils import timezone

from socialdynamo.organizations import services
from socialdynamo.organizations.models import Invitation, Membership
from socialdynamo.organizations.services import OrganisationError
from tests.factories import InvitationFactory, MembershipFactory, UserFactory, owned_organisation

pytestmark = pytest.mark.django_db


def members_url(org, suffix=""):
    return f"/organisations/{org.slug}/members/{suffix}"


def test_admin_invites_by_email_in_their_language(client):
    organisation, owner = owned_organisation()
    owner.language = "en"
    owner.save()
    client.force_login(owner)
    response = client.post(
        members_url(organisation, "invite/"), {"email": "New@Example.org", "role": "member"}
    )
    assert response.status_code == 302
    invitation = Invitation.objects.get()
    assert invitation.email == "new@example.org"
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["new@example.org"]
    assert "Invitation to join" in message.subject
    assert f"/organisations/invitation/{invitation.token}/" in message.body


def test_duplicate_invitation_and_inviting_a_member_are_refused(client):
    organisation, owner = owned_organisation()
    member = MembershipFactory(organisation=organisation).user
    client.force_login(owner)
    client.post(members_url(organisation, "invite/"), {"email": "a@example.org", "role": "member"})
    response = client.post(
        members_url(organisation, "invite/"), {"email": "a@example.org", "role": "admin"}
    )
    assert response.status_code == 200
    assert "email" in response.context["form"].errors
    assert 'value="a@example.org"' in response.content.decode()
    response = client.post(
        members_url(organisation, "invite/"), {"email": member.email, "role": "member"}
    )
    assert "email" in response.context["form"].errors
    assert Invitation.objects.count() == 1


def test_only_the_invited_person_can_accept(client):
    organisation, _ = owned_organisation()
    invited = UserFactory(email="invited@example.org")
    invitation = InvitationFactory(
        organisation=organisation, email="invited@example.org", role="admin"
    )
    url = f"/organisations/invitation/{invitation.token}/"
    client.force_login(UserFactory())
    assert client.get(url).status_code == 404
    assert client.post(url, {"answer": "accept"}).status_code == 404
    client.force_login(invited)
    assert client.get(url).status_code == 200
    response = client.post(url, {"answer": "accept"})
    assert response.status_code == 302
    assert Membership.objects.get(organisation=organisation, user=invited).role == "admin"
    invitation.refresh_from_db()
    assert invitation.state == "accepted"
    # A second use is refused.
    response = client.post(url, {"answer": "accept"}, follow=True)
    assert Membership.objects.filter(organisation=organisation, user=invited).count() == 1


def test_expired_invitation_is_refused_and_decline_works(client):
    organisation, _ = owned_organisation()
    person = UserFactory()
    expired = InvitationFactory(
        organisation=organisation, email=person.email, expires_at=timezone.now() - timedelta(days=1)
    )
    client.force_login(person)
    response = client.post(
        f"/organisations/invitation/{expired.token}/", {"answer": "accept"}, follow=True
    )
    assert not Membership.objects.filter(user=person).exists()
    assert "expired" in response.content.decode() or "έληξε" in response.content.decode()
    other, _ = owned_organisation()
    invitation = InvitationFactory(organisation=other, email=person.email)
    client.post(f"/organisations/invitation/{invitation.token}/", {"answer": "decline"})
    invitation.refresh_from_db()
    assert invitation.state == "declined"


def test_revoke_change_role_and_remove(client):
    organisation, owner = owned_organisation()
    membership = MembershipFactory(organisation=organisation)
    invitation = InvitationFactory(organisation=organisation)
    client.force_login(owner)
    client.post(members_url(organisation, f"{membership.pk}/role/"), {"role": "admin"})
    membership.refresh_from_db()
    assert membership.role == "admin"
    client.post(f"/organisations/{organisation.slug}/invitations/{invitation.pk}/revoke/")
    invitation.refresh_from_db()
    assert invitation.state == "revoked"
    client.post(members_url(organisation, f"{membership.pk}/remove/"))
    assert not Membership.objects.filter(pk=membership.pk).exists()


def test_owner_cannot_be_removed_or_demoted_and_cannot_leave(client):
    organisation, owner = owned_organisation()
    admin = MembershipFactory(organisation=organisation, role="admin").user
    owner_membership = Membership.objects.get(organisation=organisation, user=owner)
    client.force_login(admin)
    client.post(members_url(organisation, f"{owner_membership.pk}/remove/"))
    client.post(members_url(organisation, f"{owner_membership.pk}/role/"), {"role": "member"})
    owner_membership.refresh_from_db()
    assert owner_membership.role == "owner"
    client.force_login(owner)
    response = client.post(f"/organisations/{organisation.slug}/leave/")
    assert response.status_code in (302, 403)
    assert Membership.objects.filter(pk=owner_membership.pk).exists()


def test_member_leaves(client):
    organisation, _ = owned_organisation()
    member = MembershipFactory(organisation=organisation).user
    client.force_login(member)
    response = client.post(f"/organisations/{organisation.slug}/leave/")
    assert response.status_code == 302
    assert not Membership.objects.filter(organisation=organisation, user=member).exists()


def test_transfer_ownership_keeps_exactly_one_owner(client):
    organisation, owner = owned_organisation()
    admin_membership = MembershipFactory(organisation=organisation, role="admin")
    client.force_login(admin_membership.user)
    assert (
        client.post(
            f"/organisations/{organisation.slug}/transfer/", {"new_owner": admin_membership.pk}
        ).status_code
        == 403
    )
    client.force_login(owner)
    response = client.post(
        f"/organisations/{organisation.slug}/transfer/", {"new_owner": admin_membership.pk}
    )
    assert response.status_code == 302
    roles = dict(
        Membership.objects.filter(organisation=organisation).values_list("user_id", "role")
    )
    assert roles == {owner.pk: "admin", admin_membership.user_id: "owner"}


def test_transfer_refused_for_a_member_of_another_organisation():
    organisation, owner = owned_organisation()
    stranger = MembershipFactory()
    with pytest.raises(OrganisationError):
        services.transfer_ownership(
            organisation=organisation, user=owner, new_owner_membership=stranger
        )


@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_transfers_leave_exactly_one_owner():
    organisation, owner = owned_organisation()
    candidates = [MembershipFactory(organisation=organisation, role="admin") for _ in range(2)]
    barrier = threading.Barrier(2)
    outcomes = []

    def transfer(candidate):
        try:
            barrier.wait()
            services.transfer_ownership(
                organisation=organisation, user=owner, new_owner_membership=candidate
            )
            outcomes.append("ok")
        except OrganisationError:
            outcomes.append("refused")
        finally:
            close_old_connections()

    threads = [threading.Thread(target=transfer, args=(c,)) for c in candidates]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["ok", "refused"]
    assert Membership.objects.filter(organisation=organisation, role="owner").count() == 1
