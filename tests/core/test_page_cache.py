"""Public pages are cached for visitors who are not signed in, and never show stale content."""

import pytest

from socialdynamo.organizations import services
from tests.factories import (
    InformalGroupFactory,
    OrganisationFactory,
    StaffFactory,
    ThematicAreaFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _page_cache_on(settings):
    settings.PUBLIC_PAGE_CACHE = True


def test_a_cached_directory_costs_one_query(client, django_assert_num_queries):
    OrganisationFactory.create_batch(30)
    first = client.get("/organisations/")
    with django_assert_num_queries(1):  # the content version; nothing else
        again = client.get("/organisations/")
    assert again.content == first.content
    assert "Cookie" in again["Vary"]


def test_a_verified_organisation_appears_at_once(client, django_capture_on_commit_callbacks):
    pending = OrganisationFactory(name_el="Νέα Ομάδα Γειτονιάς", state="pending")
    assert "Νέα Ομάδα Γειτονιάς" not in client.get("/organisations/").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        services.verify_organisation(organisation=pending, user=StaffFactory(), reason="ok")
    assert "Νέα Ομάδα Γειτονιάς" in client.get("/organisations/").content.decode()
    assert "Νέα Ομάδα Γειτονιάς" in client.get("/").content.decode()


def test_a_renamed_area_shows_at_once(client, django_capture_on_commit_callbacks):
    area = ThematicAreaFactory(name_el="Παλιό όνομα", name_en="Old name")
    OrganisationFactory().thematic_areas.add(area)
    assert "Παλιό όνομα" in client.get("/organisations/").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        area.name_el = "Καινούργιο όνομα"
        area.save()
    assert "Καινούργιο όνομα" in client.get("/organisations/").content.decode()


def test_each_language_and_query_has_its_own_copy(client):
    OrganisationFactory(name_el="Πράσινη Αθήνα", name_en="Green Athens", kind="ngo")
    InformalGroupFactory(name_el="Μουσική στο Μπαλκόνι", name_en="Balcony Music")
    greek = client.get("/organisations/").content.decode()
    english = client.get("/en/organisations/").content.decode()
    assert 'lang="el"' in greek and "Πράσινη Αθήνα" in greek
    assert 'lang="en"' in english and "Green Athens" in english
    informal = client.get("/organisations/", {"kind": "informal"}).content.decode()
    assert "Μουσική στο Μπαλκόνι" in informal and "Πράσινη Αθήνα" not in informal


def test_signed_in_people_get_their_own_page(client):
    OrganisationFactory()
    client.get("/organisations/")  # an anonymous copy is now cached
    user = UserFactory(first_name="Ζωή")
    client.force_login(user)
    page = client.get("/organisations/").content.decode()
    assert "Sign out" in page or "Αποσύνδεση" in page
    assert "csrfmiddlewaretoken" in page  # the sign-out form: never from the shared cache
    client.logout()
    anonymous = client.get("/organisations/").content.decode()
    assert "csrfmiddlewaretoken" not in anonymous


def test_cached_pages_carry_no_csrf_token(client):
    OrganisationFactory()
    for url in ("/", "/en/", "/organisations/", "/en/organisations/?kind=ngo"):
        client.get(url)
        assert "csrfmiddlewaretoken" not in client.get(url).content.decode(), url
