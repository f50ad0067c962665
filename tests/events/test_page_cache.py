"""Anonymous visitors get cached copies of the public event pages, never stale ones."""

import pytest
from django.test import Client

from socialdynamo.events import services
from tests.events.factories import EventFactory
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _page_cache_on(settings):
    settings.PUBLIC_PAGE_CACHE = True


def test_cached_catalogue_and_event_page_cost_one_query(client, django_assert_num_queries):
    event = EventFactory.create_batch(5)[0]
    for url in ("/events/", "/events/calendar/", f"/events/{event.slug}/", "/events/feed.ics"):
        first = client.get(url)
        with django_assert_num_queries(1):
            again = client.get(url)
        assert again.content == first.content, url


def test_a_registration_shows_at_once_in_the_seats(client, django_capture_on_commit_callbacks):
    event = EventFactory(capacity=2)
    url = f"/en/events/{event.slug}/"
    assert "2 of 2 free" in client.get(url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        services.register_for_event(event=event, person=UserFactory())
    assert "1 of 2 free" in client.get(url).content.decode()
    assert "1 seat left" in client.get("/en/events/").content.decode()


def test_a_cancelled_event_and_the_home_page(client, django_capture_on_commit_callbacks):
    event = EventFactory(title_el="Βραδιά γνωριμίας")
    assert "Βραδιά γνωριμίας" in client.get("/").content.decode()
    staff = UserFactory(is_staff=True)
    with django_capture_on_commit_callbacks(execute=True):
        services.change_event_state(event=event, user=staff, action="cancel", reason="Απεργία")
    assert "Βραδιά γνωριμίας" not in client.get("/").content.decode()
    assert "Απεργία" in client.get(f"/events/{event.slug}/").content.decode()


def test_signed_in_people_get_their_own_page():
    event = EventFactory()
    person = UserFactory()
    anonymous, signed_in = Client(), Client()
    anonymous.get(f"/events/{event.slug}/")
    signed_in.force_login(person)
    services.register_for_event(event=event, person=person)
    page = signed_in.get(f"/events/{event.slug}/").content.decode()
    assert f"/events/{event.slug}/cancel/" in page
