import pytest
from django.core import mail

from socialdynamo.core.models import AuditLogEntry
from socialdynamo.organizations.models import Membership, Organisation
from tests.factories import UserFactory, owned_organisation

pytestmark = pytest.mark.django_db


def test_staff_verify_an_organisation_and_its_admins_are_told_in_their_language(
    staff_client, totp_staff
):
    organisation, owner = owned_organisation(state="pending", name_en="Green Athens")
    owner.language = "en"
    owner.save()
    queue = staff_client.get("/organisations/staff/verification/")
    assert queue.status_code == 200 and organisation.name in queue.content.decode()
    response = staff_client.post(
        f"/organisations/staff/{organisation.slug}/", {"action": "verify", "reason": ""}
    )
    assert response.status_code == 302
    organisation.refresh_from_db()
    assert organisation.state == "verified" and organisation.state_changed_at
    entry = AuditLogEntry.objects.get(action="organizations.organisation.verified")
    assert entry.actor == totp_staff
    assert [m.to for m in mail.outbox] == [[owner.email]]
    assert "verified" in mail.outbox[0].subject


def test_suspension_needs_a_reason_which_is_sent(staff_client):
    organisation, owner = owned_organisation()
    response = staff_client.post(
        f"/organisations/staff/{organisation.slug}/", {"action": "suspend", "reason": " "}
    )
    assert response.status_code == 200
    assert "reason" in response.context["form"].errors
    organisation.refresh_from_db()
    assert organisation.state == "verified"
    staff_client.post(
        f"/organisations/staff/{organisation.slug}/",
        {"action": "suspend", "reason": "Ψευδή στοιχεία"},
    )
    organisation.refresh_from_db()
    assert organisation.state == "suspended" and organisation.state_reason == "Ψευδή στοιχεία"
    assert "Ψευδή στοιχεία" in mail.outbox[-1].body
    # Suspended organisations leave the directory.
    listed = staff_client.get("/organisations/").context["page_obj"].object_list
    assert organisation not in listed


def test_verifying_twice_is_refused_with_a_message(staff_client):
    organisation, _ = owned_organisation()
    response = staff_client.post(
        f"/organisations/staff/{organisation.slug}/", {"action": "verify", "reason": ""}
    )
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    assert AuditLogEntry.objects.filter(action="organizations.organisation.verified").count() == 0


def test_non_staff_cannot_review(client):
    organisation, owner = owned_organisation(state="pending")
    client.force_login(owner)
    assert client.get("/organisations/staff/verification/").status_code == 403
    assert (
        client.post(f"/organisations/staff/{organisation.slug}/", {"action": "verify"}).status_code
        == 403
    )
    organisation.refresh_from_db()
    assert organisation.state == "pending"


def test_admin_action_verifies_and_logs(staff_client, totp_staff):
    totp_staff.is_superuser = True
    totp_staff.save()
    organisation, _ = owned_organisation(state="pending")
    changelist = "/admin/organizations/organisation/"
    assert (
        staff_client.get(
            changelist + "?state__exact=pending&q=" + organisation.name_el[:5]
        ).status_code
        == 200
    )
    response = staff_client.post(
        changelist, {"action": "verify_selected", "_selected_action": [organisation.pk]}
    )
    assert response.status_code == 302
    organisation.refresh_from_db()
    assert organisation.state == "verified"
    assert AuditLogEntry.objects.filter(
        action="organizations.organisation.verified", actor=totp_staff
    ).exists()
    assert Membership.objects.filter(organisation=organisation).exists()


def test_staff_without_an_authenticator_must_set_one_up(client):
    staff = UserFactory(is_staff=True)
    client.force_login(staff)
    response = client.get("/organisations/staff/verification/")
    assert response.status_code == 302 and "/2fa/totp/activate/" in response["Location"]
    assert Organisation.objects.count() == 0
