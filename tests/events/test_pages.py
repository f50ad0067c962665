import json
import re
from datetime import timedelta

import pytest
from django.utils import timezone

from socialdynamo.events import services
from socialdynamo.events.models import Event, Registration
from tests.events.factories import EventFactory, QuestionFactory, RegistrationFactory, kind
from tests.factories import MembershipFactory, ThematicAreaFactory, UserFactory, owned_organisation

pytestmark = pytest.mark.django_db


def test_catalogue_lists_upcoming_public_events_only(client):
    upcoming = EventFactory(title_el="Χρηματοδότηση ΜΚΟ")
    EventFactory(state=Event.State.DRAFT, title_el="Πρόχειρο")
    EventFactory(state=Event.State.PROPOSED, title_el="Πρόταση")
    past = EventFactory(
        start=timezone.now() - timedelta(days=3), state=Event.State.HELD, title_el="Παλιό"
    )
    page = client.get("/events/").content.decode()
    assert upcoming.title_el in page
    assert "Πρόχειρο" not in page and "Πρόταση" not in page and "Παλιό" not in page
    past_page = client.get("/events/?when=past").content.decode()
    assert past.title_el in past_page and upcoming.title_el not in past_page


def test_catalogue_filters(client):
    area = ThematicAreaFactory()
    workshop = EventFactory(
        kind=kind("workshop"),
        format="online",
        online_url="https://meet.example.org/x",
        language="en",
        title_en="Funding workshop",
        title_el="Εργαστήριο χρηματοδότησης",
    )
    workshop.thematic_areas.add(area)
    seminar = EventFactory()
    month = timezone.localtime(seminar.start).strftime("%Y-%m")

    def titles(query):
        page = client.get(f"/en/events/?{query}").content.decode()
        return {e.title_en for e in (workshop, seminar) if e.title_en in page}

    assert titles("kind=workshop") == {workshop.title_en}
    assert titles(f"area={area.slug}") == {workshop.title_en}
    assert titles("format=in_person") == {seminar.title_en}
    assert titles("language=en") == {workshop.title_en}
    assert titles(f"month={month}") == {workshop.title_en, seminar.title_en}
    assert titles("q=Workshop") == {workshop.title_en}
    assert titles("q=ΕΡΓΑΣΤΗΡΙΟ") == {workshop.title_en}
    response = client.get("/en/events/?month=2026-13")
    assert "Write the month as YYYY-MM." in response.content.decode()


def test_catalogue_and_calendar_keep_a_constant_query_count(client, django_assert_max_num_queries):
    area = ThematicAreaFactory()
    for _ in range(3):
        EventFactory().thematic_areas.add(area)
    with django_assert_max_num_queries(8) as few:
        client.get("/events/")
    for _ in range(40):
        EventFactory().thematic_areas.add(area)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get("/events/")
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(f"/events/?area={area.slug}&format=in_person")
    with django_assert_max_num_queries(4):
        client.get("/events/calendar/")


def test_calendar_shows_the_month_without_javascript(client):
    event = EventFactory(title_el="Ανοιχτή ημέρα")
    month = timezone.localtime(event.start).strftime("%Y-%m")
    page = client.get(f"/events/calendar/?month={month}").content.decode()
    assert "Ανοιχτή ημέρα" in page and event.get_absolute_url() in page
    assert client.get("/events/calendar/?month=bogus").status_code == 200


def test_event_page_has_json_ld_and_hides_the_online_link_until_confirmed(client):
    event = EventFactory(format="hybrid", online_url="https://meet.example.org/secret", capacity=1)
    page = client.get(f"/events/{event.slug}/").content.decode()
    block = re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S).group(1)
    data = json.loads(block)
    assert data["@type"] == "Event" and data["name"] == event.title_el
    assert data["eventAttendanceMode"].endswith("MixedEventAttendanceMode")
    assert "meet.example.org/secret" not in page
    confirmed, waiting = UserFactory(), UserFactory()
    services.register_for_event(event=event, person=confirmed)
    services.register_for_event(event=event, person=waiting)
    client.force_login(waiting)
    page = client.get(f"/events/{event.slug}/").content.decode()
    assert "meet.example.org/secret" not in page
    assert "place 1" in page or "θέση 1" in page
    assert (
        "meet.example.org/secret"
        not in client.get(f"/events/{event.slug}/event.ics").content.decode()
    )
    client.force_login(confirmed)
    assert "meet.example.org/secret" in client.get(f"/events/{event.slug}/").content.decode()
    assert (
        "meet.example.org/secret" in client.get(f"/events/{event.slug}/event.ics").content.decode()
    )


def test_draft_and_proposed_events_are_hidden_from_others(client):
    organisation, owner = owned_organisation()
    proposed = EventFactory(state=Event.State.PROPOSED, organisation=organisation)
    other_org, outsider = owned_organisation()
    client.force_login(outsider)
    assert client.get(proposed.get_absolute_url()).status_code == 404
    assert client.get(f"{proposed.get_absolute_url()}register/").status_code == 404
    client.force_login(owner)
    assert client.get(proposed.get_absolute_url()).status_code == 200


def test_register_in_two_clicks_then_cancel(client, django_capture_on_commit_callbacks):
    event = EventFactory(capacity=5)
    person = UserFactory()
    client.force_login(person)
    page = client.get(event.get_absolute_url()).content.decode()
    assert f"{event.get_absolute_url()}register/" in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"{event.get_absolute_url()}register/", {})
    assert response.status_code == 302
    registration = Registration.objects.get(person=person)
    assert registration.state == "confirmed"
    page = client.get(event.get_absolute_url()).content.decode()
    assert "cancel/" in page
    response = client.post(f"{event.get_absolute_url()}cancel/")
    registration.refresh_from_db()
    assert registration.state == "cancelled"


def test_register_form_keeps_answers_and_shows_translated_errors(client):
    event = EventFactory()
    question = QuestionFactory(event=event, required=True, label_en="Your role")
    consent = QuestionFactory(event=event, kind="consent", required=True, label_en="Photos")
    client.force_login(UserFactory(language="en"))
    response = client.post(
        f"/en/events/{event.slug}/register/", {f"q_{question.pk}": "Coordinator"}
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Coordinator" in page
    assert "This field is required." in page
    assert not Registration.objects.exists()
    response = client.post(
        f"/en/events/{event.slug}/register/",
        {f"q_{question.pk}": "Coordinator", f"q_{consent.pk}": "on"},
    )
    assert response.status_code == 302


def test_registering_after_closing_says_why(client):
    event = EventFactory(registration_closes=timezone.now() - timedelta(minutes=1))
    client.force_login(UserFactory())
    response = client.post(f"/en/events/{event.slug}/register/", {})
    assert "Registration for this event has closed." in response.content.decode()
    assert not Registration.objects.exists()


def test_registering_twice_redirects_to_the_event(client):
    event = EventFactory()
    person = UserFactory()
    services.register_for_event(event=event, person=person)
    client.force_login(person)
    response = client.post(f"/events/{event.slug}/register/", {})
    assert response.status_code == 302
    assert Registration.objects.count() == 1


def test_cancel_after_deadline_is_refused_with_a_message(client):
    event = EventFactory(cancellation_deadline=timezone.now() - timedelta(hours=1))
    person = UserFactory()
    services.register_for_event(event=event, person=person)
    client.force_login(person)
    response = client.post(f"/en/events/{event.slug}/cancel/", follow=True)
    assert "The deadline for cancelling has passed" in response.content.decode()
    assert Registration.objects.get().state == "confirmed"


def test_nobody_cancels_another_persons_registration(client):
    event = EventFactory()
    registration = services.register_for_event(event=event, person=UserFactory())
    client.force_login(UserFactory())
    assert client.post(f"/events/{event.slug}/cancel/").status_code == 404
    registration.refresh_from_db()
    assert registration.state == "confirmed"


def test_my_events_shows_waitlist_place_and_constant_queries(client, django_assert_max_num_queries):
    person = UserFactory()
    client.force_login(person)
    full = EventFactory(capacity=1)
    services.register_for_event(event=full, person=UserFactory())
    services.register_for_event(event=full, person=UserFactory())
    services.register_for_event(event=full, person=person)
    page = client.get("/en/events/mine/").content.decode()
    assert "Waiting list, place 2" in page
    with django_assert_max_num_queries(20) as few:
        client.get("/events/mine/")
    for _ in range(15):
        RegistrationFactory(person=person)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get("/events/mine/")


def test_personal_feed_by_secret_token(client):
    person = UserFactory()
    event = EventFactory(title_en="Board training")
    services.register_for_event(event=event, person=person)
    feed = services.feed_for(person)
    body = client.get(f"/en/events/feed/me/{feed.token}.ics").content.decode()
    assert "BEGIN:VCALENDAR" in body and "Board training" in body
    assert client.get("/events/feed/me/wrong.ics").status_code == 404
    client.force_login(person)
    client.post("/events/mine/calendar-address/")
    assert client.get(f"/events/feed/me/{feed.token}.ics").status_code == 404


def test_public_feeds(client):
    area = ThematicAreaFactory()
    inside = EventFactory(title_en="Inside")
    inside.thematic_areas.add(area)
    EventFactory(title_en="Outside")
    EventFactory(title_en="Draft", state=Event.State.DRAFT)
    all_events = client.get("/en/events/feed.ics").content.decode()
    assert "Inside" in all_events and "Outside" in all_events and "Draft" not in all_events
    by_area = client.get(f"/en/events/feed/area/{area.slug}.ics").content.decode()
    assert "Inside" in by_area and "Outside" not in by_area
    assert client.get("/events/feed/area/none.ics").status_code == 404


def test_on_behalf_of_an_organisation(client):
    event = EventFactory()
    membership = MembershipFactory()
    client.force_login(membership.user)
    client.post(f"/events/{event.slug}/register/", {"organisation": membership.organisation.pk})
    assert Registration.objects.get().organisation == membership.organisation


def test_home_page_shows_the_next_events(client):
    soon = EventFactory(title_el="Ανοιχτή ημέρα του κόμβου")
    EventFactory(title_el="Πρόχειρη", state=Event.State.DRAFT)
    page = client.get("/").content.decode()
    assert soon.title_el in page and "Πρόχειρη" not in page
    assert "/events/" in page
