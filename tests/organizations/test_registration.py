import io

import pytest
from django.core import mail
from PIL import Image

from socialdynamo.core.models import AuditLogEntry
from socialdynamo.organizations.models import Membership, Organisation
from tests.factories import OrganisationFactory, UserFactory, owned_organisation

pytestmark = pytest.mark.django_db


def form_data(**overrides):
    data = {
        "name_el": "Ομάδα Γειτονιάς Κυψέλης",
        "name_en": "Kypseli Neighbours",
        "kind": "informal",
        "summary_el": "Γείτονες που βοηθούν",
        "summary_en": "Neighbours helping",
        "description_el": "Περιγραφή",
        "description_en": "Description",
        "email": "hello@example.org",
    }
    data.update(overrides)
    return data


def png_bytes(size=(64, 64)):
    buffer = io.BytesIO()
    Image.new("RGB", size, (10, 90, 80)).save(buffer, "PNG")
    return buffer.getvalue()


def test_informal_group_registers_without_legal_ids_and_waits_for_verification(client):
    person = UserFactory()
    client.force_login(person)
    response = client.post(
        "/organisations/new/",
        form_data(tax_number="123456789", legal_form="Σωματείο", registry_number="42"),
    )
    organisation = Organisation.objects.get()
    assert response.status_code == 302 and response["Location"] == organisation.get_absolute_url()
    assert organisation.state == "pending"
    assert (organisation.tax_number, organisation.legal_form, organisation.registry_number) == (
        "",
        "",
        "",
    )
    assert Membership.objects.get(organisation=organisation).user == person
    assert Membership.objects.get(organisation=organisation).role == "owner"
    assert AuditLogEntry.objects.filter(
        action="organizations.organisation.created", actor=person
    ).exists()
    # Its members see it; the public and other people do not.
    assert client.get(organisation.get_absolute_url()).status_code == 200
    client.logout()
    assert client.get(organisation.get_absolute_url()).status_code == 404
    client.force_login(UserFactory())
    assert client.get(organisation.get_absolute_url()).status_code == 404


def test_registered_ngo_needs_a_tax_number(client):
    client.force_login(UserFactory())
    response = client.post("/organisations/new/", form_data(kind="ngo"))
    assert response.status_code == 200
    assert "tax_number" in response.context["form"].errors
    assert not Organisation.objects.exists()


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"name_el": "Α" * 5000}, "name_el"),
        ({"website": "not a url"}, "website"),
        ({"kind": "ngo", "tax_number": "12AB"}, "tax_number"),
        ({"year_founded": "3000"}, "year_founded"),
        ({"kind": "spaceship"}, "kind"),
    ],
)
def test_bad_input_is_refused_with_a_field_error_and_typed_values_kept(client, overrides, field):
    client.force_login(UserFactory())
    response = client.post("/organisations/new/", form_data(**overrides))
    assert response.status_code == 200
    assert field in response.context["form"].errors
    html = response.content.decode()
    assert 'value="hello@example.org"' in html  # what was typed is still there
    assert "Kypseli Neighbours" in html
    assert not Organisation.objects.exists()


def test_a_pdf_posing_as_a_logo_is_refused(client):
    client.force_login(UserFactory())
    pdf = io.BytesIO(b"%PDF-1.4\n" + b"0" * (8 * 1024 * 1024))
    pdf.name = "logo.png"
    response = client.post("/organisations/new/", {**form_data(), "logo": pdf})
    assert response.status_code == 200
    assert "logo" in response.context["form"].errors
    assert not Organisation.objects.exists()


def test_a_small_pdf_renamed_png_is_refused_for_its_content(client):
    client.force_login(UserFactory())
    pdf = io.BytesIO(b"%PDF-1.4\n%%EOF\n")
    pdf.name = "logo.png"
    response = client.post("/organisations/new/", {**form_data(), "logo": pdf})
    assert "logo" in response.context["form"].errors
    assert not Organisation.objects.exists()


def test_a_real_logo_is_stored_under_a_random_name_and_served_to_the_allowed(client):
    owner = UserFactory()
    client.force_login(owner)
    upload = io.BytesIO(png_bytes())
    upload.name = "../../etc/passwd.jpg"
    client.post("/organisations/new/", {**form_data(), "logo": upload})
    organisation = Organisation.objects.get()
    assert organisation.logo.name.startswith("organisations/logos/")
    assert organisation.logo.name.endswith(".png") and "passwd" not in organisation.logo.name
    logo_url = f"/organisations/{organisation.slug}/logo/"
    response = client.get(logo_url)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    client.logout()
    assert client.get(logo_url).status_code == 404  # pending: private
    Organisation.objects.filter(pk=organisation.pk).update(state="verified")
    assert client.get(logo_url).status_code == 200


def test_script_in_description_is_stored_but_shown_escaped(client):
    organisation, owner = owned_organisation(description_el="<script>alert(1)</script>")
    html = client.get(organisation.get_absolute_url()).content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_owner_edits_and_plain_member_cannot(client):
    organisation, owner = owned_organisation()
    member = UserFactory()
    Membership.objects.create(organisation=organisation, user=member, role="member")
    client.force_login(member)
    assert client.get(f"/organisations/{organisation.slug}/edit/").status_code == 403
    client.force_login(owner)
    response = client.post(
        f"/organisations/{organisation.slug}/edit/",
        form_data(kind="ngo", tax_number="099999999", name_el="Νέο όνομα"),
    )
    assert response.status_code == 302
    organisation.refresh_from_db()
    assert organisation.name_el == "Νέο όνομα"
    assert AuditLogEntry.objects.filter(action="organizations.organisation.updated").exists()


def test_stale_edit_after_suspension_is_refused_with_the_reason_and_input_kept(client):
    organisation, owner = owned_organisation()
    client.force_login(owner)
    assert client.get(f"/organisations/{organisation.slug}/edit/").status_code == 200
    Organisation.objects.filter(pk=organisation.pk).update(
        state="suspended", state_reason="Έλεγχος"
    )
    response = client.post(
        f"/organisations/{organisation.slug}/edit/",
        form_data(kind="ngo", tax_number="099999999", name_el="Αλλαγή μετά την αναστολή"),
    )
    assert response.status_code == 200
    assert "suspended" in response.content.decode() or "αναστολ" in response.content.decode()
    assert "Αλλαγή μετά την αναστολή" in response.content.decode()
    organisation.refresh_from_db()
    assert organisation.name_el != "Αλλαγή μετά την αναστολή"


def test_other_organisations_members_get_404_for_pending_and_403_for_editing_verified(client):
    pending, _ = owned_organisation(state="pending")
    verified, _ = owned_organisation()
    outsider_org, outsider = owned_organisation()
    client.force_login(outsider)
    assert client.get(pending.get_absolute_url()).status_code == 404
    assert client.get(f"/organisations/{pending.slug}/edit/").status_code == 404
    assert client.get(f"/organisations/{verified.slug}/edit/").status_code == 403
    client.logout()
    response = client.get(f"/organisations/{verified.slug}/edit/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_organisation_page_in_both_languages(client):
    organisation = OrganisationFactory(name_el="Πράσινη Αθήνα", name_en="Green Athens")
    assert "Πράσινη Αθήνα" in client.get(f"/organisations/{organisation.slug}/").content.decode()
    english = client.get(f"/en/organisations/{organisation.slug}/").content.decode()
    assert "Green Athens" in english and 'lang="en"' in english
    assert not mail.outbox
