import csv
import io
from datetime import timedelta

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone, translation

from socialdynamo.core.models import AuditLogEntry
from socialdynamo.events import services
from socialdynamo.events.models import Event, Question, Registration, SentNotification
from socialdynamo.events.services import EventError
from tests.events.factories import EventFactory, QuestionFactory, kind
from tests.factories import UserFactory, owned_organisation

pytestmark = pytest.mark.django_db


def local(dt):
    return timezone.localtime(dt).strftime("%Y-%m-%dT%H:%M")


def event_post(**overrides):
    start = timezone.now() + timedelta(days=10)
    data = {
        "kind": kind().pk,
        "format": "in_person",
        "title_el": "Εργαστήριο επικοινωνίας",
        "title_en": "Communication workshop",
        "summary_el": "Πώς μιλάμε στα μέσα",
        "language": "el",
        "level": "all",
        "start": local(start),
        "end": local(start + timedelta(hours=3)),
        "venue": "Αίθουσα 2",
        "at_hub": "on",
        "organiser_kind": "hosted",
        "capacity": "25",
        "waitlist_enabled": "on",
    }
    data.update(overrides)
    return data


def test_organisation_admin_proposes_and_staff_approve(
    totp_staff, django_capture_on_commit_callbacks
):
    organisation, owner = owned_organisation()
    client, staff_client = Client(), Client()
    client.force_login(owner)
    staff_client.force_login(totp_staff)
    response = client.post("/events/new/", event_post(organisation=organisation.pk))
    assert response.status_code == 302, response.content.decode()[:3000]
    event = Event.objects.get()
    assert event.state == "draft" and event.organisation == organisation
    assert event.start.tzinfo is not None
    client.post(f"/events/{event.slug}/state/", {"action": "publish"})
    event.refresh_from_db()
    assert event.state == "draft", "organisations cannot publish by themselves"
    client.post(f"/events/{event.slug}/state/", {"action": "submit"})
    event.refresh_from_db()
    assert event.state == "proposed"
    # Not public while waiting.
    client.logout()
    assert client.get(event.get_absolute_url()).status_code == 404
    response = staff_client.get("/events/manage/")
    assert event.title_el in response.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        staff_client.post(f"/events/{event.slug}/state/", {"action": "approve"})
    event.refresh_from_db()
    assert event.state == "published" and event.published_at
    assert mail.outbox[-1].to == [owner.email]
    assert AuditLogEntry.objects.filter(action="events.event.published").exists()


def test_staff_send_a_proposal_back_with_a_reason(staff_client, django_capture_on_commit_callbacks):
    organisation, owner = owned_organisation()
    event = EventFactory(state="proposed", organisation=organisation, created_by=owner)
    staff_client.post(f"/en/events/{event.slug}/state/", {"action": "return"})
    event.refresh_from_db()
    assert event.state == "proposed", "a reason is needed"
    with django_capture_on_commit_callbacks(execute=True):
        staff_client.post(
            f"/en/events/{event.slug}/state/", {"action": "return", "reason": "Λείπει η περιγραφή"}
        )
    event.refresh_from_db()
    assert event.state == "draft" and event.state_reason == "Λείπει η περιγραφή"
    assert "Λείπει η περιγραφή" in mail.outbox[-1].body


def test_bad_event_input_is_refused_with_clear_messages(staff_client):
    start = timezone.now() + timedelta(days=3)
    response = staff_client.post(
        "/en/events/new/",
        event_post(start=local(start), end=local(start - timedelta(hours=1)), capacity="0"),
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Ensure this value is greater than or equal to 1." in page
    assert "Communication workshop" in page  # what was typed is kept
    response = staff_client.post(
        "/en/events/new/", event_post(start=local(start), end=local(start - timedelta(hours=1)))
    )
    assert "The event must end after it starts." in response.content.decode()
    response = staff_client.post("/en/events/new/", event_post(capacity="-5"))
    assert "Ensure this value is greater than or equal to 1." in response.content.decode()
    response = staff_client.post("/en/events/new/", event_post(format="online"))
    assert "An online event needs its link." in response.content.decode()
    assert not Event.objects.exists()


def test_greek_messages_for_bad_input(staff_client):
    start = timezone.now() + timedelta(days=3)
    response = staff_client.post(
        "/events/new/", event_post(start=local(start), end=local(start - timedelta(hours=1)))
    )
    assert "Η εκδήλωση πρέπει να τελειώνει μετά την έναρξή της." in response.content.decode()


def test_editing_time_tells_everyone_registered_once(
    staff_client, django_capture_on_commit_callbacks
):
    event = EventFactory(capacity=1)
    confirmed = services.register_for_event(event=event, person=UserFactory(language="en"))
    waiting = services.register_for_event(event=event, person=UserFactory())
    mail.outbox.clear()
    new_start = event.start + timedelta(days=1)
    data = event_post(
        title_el=event.title_el,
        start=local(new_start),
        end=local(new_start + timedelta(hours=2)),
        capacity="1",
        organiser_kind="hub",
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(f"/events/{event.slug}/edit/", data)
    assert response.status_code == 302
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [confirmed.person.email, waiting.person.email]
    )
    english = next(m for m in mail.outbox if m.to == [confirmed.person.email])
    assert english.subject.startswith("Changed time or place")
    assert english.attachments[0][0] == "event.ics"
    # Saving again without a change of time or place sends nothing more.
    mail.outbox.clear()
    data["summary_el"] = "Άλλη περίληψη"
    with django_capture_on_commit_callbacks(execute=True):
        staff_client.post(f"/events/{event.slug}/edit/", data)
    assert mail.outbox == []


def test_cancelling_an_event_tells_everyone_registered(
    staff_client, django_capture_on_commit_callbacks
):
    event = EventFactory(capacity=1)
    people = [services.register_for_event(event=event, person=UserFactory()) for _ in range(2)]
    mail.outbox.clear()
    response = staff_client.post(f"/events/{event.slug}/state/", {"action": "cancel"})
    event.refresh_from_db()
    assert event.state == "published"
    with django_capture_on_commit_callbacks(execute=True):
        staff_client.post(f"/events/{event.slug}/state/", {"action": "cancel", "reason": "Απεργία"})
    event.refresh_from_db()
    assert event.state == "cancelled"
    assert sorted(m.to[0] for m in mail.outbox) == sorted(r.person.email for r in people)
    assert "Απεργία" in mail.outbox[0].body
    with translation.override("en"), pytest.raises(EventError, match="cancelled"):
        services.register_for_event(event=event, person=UserFactory())
    response = staff_client.get(event.get_absolute_url())
    assert response.status_code == 200


def test_every_state_change_of_an_event():
    staff = UserFactory(is_staff=True)
    organisation, owner = owned_organisation()
    event = EventFactory(state="draft", organisation=organisation)
    assert services.allowed_actions(event, owner) == ["submit", "cancel"]
    services.change_event_state(event=event, user=owner, action="submit")
    with pytest.raises(EventError, match="staff"):
        services.change_event_state(event=event, user=owner, action="approve")
    services.change_event_state(event=event, user=staff, action="return", reason="Όχι ακόμη")
    services.change_event_state(event=event, user=owner, action="submit")
    services.change_event_state(event=event, user=staff, action="approve")
    event.refresh_from_db()
    assert event.state == "published"
    with pytest.raises(EventError, match="after it has started"):
        services.change_event_state(event=event, user=staff, action="held")
    Event.objects.filter(pk=event.pk).update(
        start=timezone.now() - timedelta(hours=3), end=timezone.now() - timedelta(hours=1)
    )
    services.change_event_state(event=event, user=staff, action="held")
    with pytest.raises(EventError, match="cannot be done"):
        services.change_event_state(event=event, user=staff, action="cancel", reason="x")
    services.change_event_state(event=event, user=staff, action="archive")
    event.refresh_from_db()
    assert event.state == "archived"
    hub_event = EventFactory(state="draft")
    services.change_event_state(event=hub_event, user=staff, action="publish")
    hub_event.refresh_from_db()
    assert hub_event.state == "published"
    actions = list(
        AuditLogEntry.objects.filter(action__startswith="events.event.").values_list(
            "action", flat=True
        )
    )
    assert actions.count("events.event.proposed") == 2
    assert "events.event.returned" in actions and "events.event.archived" in actions


def test_another_organisation_cannot_manage_an_event(client):
    organisation, owner = owned_organisation()
    event = EventFactory(organisation=organisation)
    _other, outsider = owned_organisation()
    client.force_login(outsider)
    for url in ("edit/", "attendees/", "attendees.csv", "check-in/", "questions/"):
        assert client.get(f"/events/{event.slug}/{url}").status_code == 403, url
    client.post(f"/events/{event.slug}/state/", {"action": "cancel", "reason": "x"})
    event.refresh_from_db()
    assert event.state == "published"


def test_attendee_list_and_csv(client):
    organisation, owner = owned_organisation()
    event = EventFactory(organisation=organisation)
    question = QuestionFactory(event=event, label_el="Ρόλος")
    person = UserFactory(first_name="=cmd", last_name="Παπά")
    services.register_for_event(event=event, person=person, answers={str(question.pk): "Ταμίας"})
    client.force_login(owner)
    page = client.get(f"/events/{event.slug}/attendees/").content.decode()
    assert person.email in page and "Ταμίας" in page
    response = client.get(f"/events/{event.slug}/attendees.csv")
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][-1] == "Ρόλος"
    assert rows[1][0].startswith("'=cmd"), "formulas are neutralised"
    assert rows[1][1] == person.email and rows[1][-1] == "Ταμίας"


def test_attendee_list_keeps_a_constant_query_count(client, django_assert_max_num_queries):
    organisation, owner = owned_organisation()
    event = EventFactory(organisation=organisation, capacity=100)
    QuestionFactory(event=event)
    client.force_login(owner)
    for _ in range(3):
        services.register_for_event(event=event, person=UserFactory())
    with django_assert_max_num_queries(30) as few:
        client.get(f"/events/{event.slug}/attendees/")
    for _ in range(30):
        services.register_for_event(event=event, person=UserFactory())
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(f"/events/{event.slug}/attendees/")
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(f"/events/{event.slug}/check-in/")


def test_staff_add_cancel_and_move_people(staff_client):
    event = EventFactory(capacity=1)
    later = EventFactory(capacity=5)
    person = UserFactory()
    staff_client.post(f"/events/{event.slug}/attendees/add/", {"email": person.email})
    registration = Registration.objects.get(person=person)
    assert registration.state == "confirmed"
    response = staff_client.post(
        f"/en/events/{event.slug}/attendees/add/", {"email": "nobody@example.org"}, follow=True
    )
    assert "No account has this e-mail address." in response.content.decode()
    staff_client.post(
        f"/events/{event.slug}/attendees/{registration.pk}/move/",
        {"registration": registration.pk, "target": later.pk},
    )
    assert Registration.objects.get(person=person, state="confirmed").event == later
    moved = Registration.objects.get(person=person, state="confirmed")
    staff_client.post(f"/events/{later.slug}/attendees/{moved.pk}/cancel/")
    moved.refresh_from_db()
    assert moved.state == "cancelled"


def test_check_in_walk_ins_and_attendance_rate(client):
    organisation, owner = owned_organisation()
    start = timezone.now() - timedelta(minutes=10)
    event = EventFactory(organisation=organisation, start=start, end=start + timedelta(hours=2))
    people = [
        services.add_person(event=event, person=UserFactory(first_name=name), user=owner)
        for name in ("Άννα", "Βασίλης", "Γιώργος")
    ]
    client.force_login(owner)
    page = client.get(f"/events/{event.slug}/check-in/?q=βασ").content.decode()
    assert "Βασίλης" in page and "Άννα" not in page
    client.post(f"/events/{event.slug}/check-in/", {"registration": people[1].pk, "present": "1"})
    people[1].refresh_from_db()
    assert people[1].attended and people[1].checked_in_at
    client.post(f"/events/{event.slug}/check-in/walk-in/", {"name": "Δήμητρα", "email": ""})
    walk_in = Registration.objects.get(walk_in=True)
    assert walk_in.name == "Δήμητρα" and walk_in.attended
    page = client.get(f"/en/events/{event.slug}/check-in/").content.decode()
    assert "2 of 4 present" in page and "(50%)" in page
    client.post(f"/events/{event.slug}/check-in/", {"registration": people[1].pk, "present": "0"})
    people[1].refresh_from_db()
    assert not people[1].attended


def test_questions_are_added_and_removed_by_organisers(client):
    organisation, owner = owned_organisation()
    event = EventFactory(organisation=organisation)
    client.force_login(owner)
    response = client.post(
        f"/en/events/{event.slug}/questions/",
        {"kind": "choice", "label_el": "Γεύμα", "choices_el": "Μόνο ένα"},
    )
    assert "at least two options" in response.content.decode()
    client.post(
        f"/events/{event.slug}/questions/",
        {"kind": "choice", "label_el": "Γεύμα", "choices_el": "Χορτοφαγικό\nΚανονικό"},
    )
    question = Question.objects.get()
    assert question.choice_list() == ["Χορτοφαγικό", "Κανονικό"]
    client.post(f"/events/{event.slug}/questions/{question.pk}/remove/")
    assert not Question.objects.exists()


def test_notifications_are_sent_once_even_when_the_task_runs_again(
    django_capture_on_commit_callbacks,
):
    from socialdynamo.events import tasks

    event = EventFactory(start=timezone.now() + timedelta(hours=20))
    with django_capture_on_commit_callbacks(execute=True):
        registration = services.register_for_event(event=event, person=UserFactory())
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        first = tasks.send_due_notices.call()
        again = tasks.send_due_notices.call()
    assert first["reminder"] == 1 and again["reminder"] == 0
    assert len(mail.outbox) == 1
    assert mail.outbox[0].subject.startswith("Αύριο")
    assert tasks.notify_registration.call(registration.pk, "confirmed", "") == 0
    assert SentNotification.objects.filter(registration=registration).count() == 2


def test_after_the_event_it_is_held_and_attendees_asked_for_feedback(
    django_capture_on_commit_callbacks,
):
    from socialdynamo.events import tasks

    start = timezone.now() - timedelta(hours=3)
    event = EventFactory(start=start, end=start + timedelta(hours=2))
    present = Registration.objects.create(
        event=event, person=UserFactory(), state="confirmed", attended=True
    )
    Registration.objects.create(event=event, person=UserFactory(), state="confirmed")
    with django_capture_on_commit_callbacks(execute=True):
        counts = tasks.send_due_notices.call()
        tasks.send_due_notices.call()
    event.refresh_from_db()
    assert event.state == "held"
    assert counts == {"reminder": 0, "feedback": 1, "held": 1}
    assert [m.to for m in mail.outbox] == [[present.person.email]]
    assert f"/events/{event.slug}/feedback/" in mail.outbox[0].body


def test_series_parts_grow_the_event_and_tell_attendees(client, django_capture_on_commit_callbacks):
    organisation, owner = owned_organisation()
    event = EventFactory(organisation=organisation)
    services.register_for_event(event=event, person=UserFactory())
    client.force_login(owner)
    later = timezone.localtime(event.start + timedelta(days=7))
    response = client.post(
        f"/en/events/{event.slug}/parts/",
        {"title_el": "Β", "start": local(later), "end": local(later - timedelta(hours=1))},
    )
    assert "The event must end after it starts." in response.content.decode()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            f"/events/{event.slug}/parts/",
            {"title_el": "Β", "start": local(later), "end": local(later + timedelta(hours=2))},
        )
    event.refresh_from_db()
    assert event.parts.count() == 1
    assert timezone.localtime(event.end).strftime("%Y-%m-%dT%H:%M") == local(
        later + timedelta(hours=2)
    )
    assert len(mail.outbox) == 1
    page = client.get(f"/events/{event.slug}/").content.decode()
    assert "Β" in page
    client.post(f"/events/{event.slug}/parts/{event.parts.get().pk}/remove/")
    assert not event.parts.exists()


def test_manage_page_keeps_a_constant_query_count(staff_client, django_assert_max_num_queries):
    for _ in range(3):
        EventFactory()
    with django_assert_max_num_queries(20) as few:
        staff_client.get("/events/manage/")
    for _ in range(20):
        EventFactory(state="proposed", organisation=owned_organisation()[0])
    with django_assert_max_num_queries(len(few.captured_queries)):
        staff_client.get("/events/manage/")
