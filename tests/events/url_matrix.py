"""Who gets what on the events app's URLs (see tests/permissions_matrix.py).

Objects: "published" is a hub event; "org-published" is organised by the shared
"verified" organisation (its owner and admin manage it; "person" is registered on it);
"proposed" waits for approval and belongs to "verified" too; "other-proposed" belongs to
the outsider's own organisation; "held" is over and "person" attended it.
"""

import io
from datetime import timedelta

from django.core.files.base import ContentFile
from django.utils import timezone
from PIL import Image

from socialdynamo.events.models import (
    CalendarFeed,
    Event,
    EventKind,
    EventPart,
    Feedback,
    Question,
    Registration,
)
from tests.permissions_matrix import LOGIN, PUBLIC, REDIRECT, Row, expect, signed_in, to

DETAIL = to("events:event-detail")
ATTENDEES = to("events:event-attendees")
QUESTIONS = to("events:event-questions")
CHECKIN = to("events:event-checkin")
PARTS = to("events:event-parts")


def managers(outcome):
    return {"admin": outcome, "owner": outcome, "staff": outcome}


# Organisers of "verified" and staff; everyone else may see the event but not act.
MANAGE = expect(403, anon=LOGIN, **managers(200))
HIDDEN = {"person": 404, "outsider": 404}
# Anonymous people are sent to sign in; people who cannot see a proposal get 404.
MANAGE_HIDDEN = {**MANAGE, **HIDDEN}
# The outsider's own organisation's proposal: only the outsider and staff see it.
OTHER = expect(404, anon=LOGIN, outsider=200, staff=200)
POST_ONLY = signed_in(405)


def acts(target):
    return expect(403, anon=LOGIN, **managers(target))


MATRIX = {
    "events:event-list": [Row("none", PUBLIC)],
    "events:event-calendar": [Row("none", PUBLIC)],
    "events:feed": [Row("none", PUBLIC)],
    "events:feed-area": [
        Row("events:area", PUBLIC),
        Row("events:area-missing", expect(404)),
    ],
    "events:feed-personal": [
        Row("events:token", PUBLIC, note="a secret address, for calendar apps"),
        Row("events:token-wrong", expect(404)),
    ],
    "events:my-events": [Row("none", signed_in(200))],
    "events:feed-reset": [
        Row("none", POST_ONLY),
        Row("empty_post", signed_in(to("events:my-events")), method="post"),
    ],
    "events:certificate-verify": [Row("none", PUBLIC), Row("events:code", PUBLIC)],
    "events:manage": [Row("none", signed_in(200))],
    "events:trainer-feedback": [Row("none", signed_in(404, staff=200))],
    "events:event-create": [
        Row(
            "none",
            signed_in(REDIRECT, outsider=200, **managers(200)),
            note="only admins of a verified organisation and staff; others are told why",
        ),
        Row(
            "empty_post",
            signed_in(REDIRECT, outsider=200, **managers(200)),
            method="post",
            unchanged=True,
            note="form errors",
        ),
    ],
    "events:event-detail": [
        Row("events:published", PUBLIC),
        Row("events:proposed", expect(200, anon=404, **HIDDEN)),
        Row("events:other-proposed", expect(404, outsider=200, staff=200)),
        Row("events:missing", expect(404)),
    ],
    "events:event-image": [
        Row("events:published", PUBLIC),
        Row("events:proposed", expect(404, anon=404, **HIDDEN), note="it has no image"),
    ],
    "events:event-ics": [
        Row("events:published", PUBLIC),
        Row("events:proposed", expect(200, anon=404, **HIDDEN)),
    ],
    "events:event-register": [
        Row("events:published", signed_in(200)),
        Row(
            "events:org-published",
            signed_in(200, person=DETAIL),
            note="already registered: back to the event",
        ),
        Row(
            "events:proposed",
            signed_in(403, **HIDDEN),
            note="not public yet: nobody registers, not even its organisers",
        ),
        Row("events:published", signed_in(DETAIL), method="post"),
    ],
    "events:registration-cancel": [
        Row("events:published", POST_ONLY),
        Row(
            "events:org-published",
            signed_in(404, person=DETAIL),
            method="post",
            note="only one's own registration: others have none to cancel",
        ),
    ],
    "events:feedback": [
        Row("events:held", signed_in(404, person=200, member=200), note="who attended"),
        Row(
            "events:held-post-feedback",
            signed_in(404, person=to("events:my-events"), member=200),
            method="post",
            note="the member already answered: told so, nothing changes",
        ),
    ],
    "events:certificate": [
        Row("events:held", signed_in(404, person=200, member=200), note="a PDF, for who attended"),
        Row(
            "events:org-published",
            signed_in(404, person=to("events:my-events")),
            note="registered but not marked present: told why",
        ),
    ],
    "events:event-edit": [
        Row("events:org-published", MANAGE),
        Row("events:published", expect(403, anon=LOGIN, staff=200), note="hub events: staff"),
        Row("events:proposed", MANAGE_HIDDEN),
        Row("events:other-proposed", OTHER),
        Row("events:missing", signed_in(404)),
        Row(
            "events:org-published-post-edit",
            MANAGE,
            method="post",
            unchanged=True,
            note="form errors: the post lacks required fields",
        ),
    ],
    "events:event-questions": [
        Row("events:org-published", MANAGE),
        Row("events:proposed", MANAGE_HIDDEN),
        Row("events:other-proposed", OTHER),
        Row("events:org-published-post-question", acts(QUESTIONS), method="post"),
    ],
    "events:question-remove": [
        Row("events:question", POST_ONLY),
        Row("events:question", acts(QUESTIONS), method="post"),
        Row(
            "events:foreign-question",
            expect(404, anon=LOGIN),
            method="post",
            note="IDOR: the question belongs to 'org-published', the URL names 'other-proposed'",
        ),
    ],
    "events:event-parts": [
        Row("events:org-published", MANAGE),
        Row("events:other-proposed", OTHER),
        Row("events:org-published-post-part", acts(PARTS), method="post"),
    ],
    "events:part-remove": [
        Row("events:part", POST_ONLY),
        Row("events:part", acts(PARTS), method="post"),
        Row(
            "events:foreign-part",
            expect(404, anon=LOGIN),
            method="post",
            note="IDOR: the part belongs to 'org-published', the URL names 'other-proposed'",
        ),
    ],
    "events:event-state": [
        Row("events:published", POST_ONLY),
        Row("events:org-published-post-cancel", acts(DETAIL), method="post"),
        Row(
            "events:proposed-post-approve",
            {**acts(DETAIL), **HIDDEN},
            method="post",
            note="organisers get the reason (only staff approve); nothing changes for them",
        ),
    ],
    "events:event-attendees": [
        Row("events:org-published", MANAGE),
        Row("events:proposed", MANAGE_HIDDEN),
        Row("events:other-proposed", OTHER),
    ],
    "events:event-attendees-csv": [
        Row("events:org-published", MANAGE),
        Row("events:other-proposed", OTHER),
    ],
    "events:attendee-add": [
        Row("events:org-published", POST_ONLY),
        Row("events:org-published-post-add", acts(ATTENDEES), method="post"),
    ],
    "events:attendee-cancel": [
        Row("events:registration", POST_ONLY),
        Row("events:registration", acts(ATTENDEES), method="post"),
        Row(
            "events:foreign-registration",
            OTHER | {"outsider": 404, "staff": 404},
            method="post",
            note="IDOR: the registration belongs to 'org-published'",
        ),
    ],
    "events:attendee-move": [
        Row("events:registration", POST_ONLY),
        Row(
            "events:registration-post-move",
            expect(403, anon=LOGIN, staff=ATTENDEES),
            method="post",
            note="only staff move people between events",
        ),
    ],
    "events:event-checkin": [
        Row("events:org-published", MANAGE),
        Row("events:other-proposed", OTHER),
        Row("events:checkin-post", acts(CHECKIN), method="post"),
    ],
    "events:event-walkin": [
        Row("events:org-published", POST_ONLY),
        Row("events:walkin-post", acts(CHECKIN), method="post"),
    ],
    "events:event-feedback": [
        Row("events:held", expect(403, anon=LOGIN, staff=200), note="staff and the trainers"),
        Row("events:other-proposed", expect(404, anon=LOGIN, outsider=403, staff=200)),
    ],
}


def _image():
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), (10, 80, 120)).save(buffer, "PNG")
    return ContentFile(buffer.getvalue(), name="event.png")


def scenarios(base):
    from tests.events.factories import EventFactory, QuestionFactory

    actors = base["actors"]
    person = actors["person"]
    seminar = EventKind.objects.get_or_create(
        slug="seminar", defaults={"name": "Σεμινάριο", "name_el": "Σεμινάριο", "name_en": "Seminar"}
    )[0]
    published = EventFactory(kind=seminar, slug="matrix-published", capacity=50)
    published.image.save("event.png", _image())
    org_published = EventFactory(
        kind=seminar,
        slug="matrix-org-published",
        organisation=base["verified"],
        organiser_kind=Event.Organiser.HOSTED,
        capacity=50,
    )
    proposed = EventFactory(
        kind=seminar, slug="matrix-proposed", organisation=base["verified"], state="proposed"
    )
    other_proposed = EventFactory(
        kind=seminar, slug="matrix-other-proposed", organisation=base["other"], state="proposed"
    )
    start = timezone.now() - timedelta(days=2)
    held = EventFactory(
        kind=seminar, slug="matrix-held", state="held", start=start, end=start + timedelta(hours=2)
    )
    registration = Registration.objects.create(
        event=org_published, person=person, state=Registration.State.CONFIRMED
    )
    Registration.objects.create(
        event=held,
        person=person,
        state=Registration.State.CONFIRMED,
        attended=True,
        certificate_code="MATRIX000001",
    )
    someone = Registration.objects.create(
        event=held, person=actors["member"], state=Registration.State.CONFIRMED, attended=True
    )
    Feedback.objects.create(registration=someone, event=held, overall=4, usefulness=5)
    Event.objects.filter(pk=org_published.pk).update(confirmed_count=1)
    Event.objects.filter(pk=held.pk).update(confirmed_count=2)
    question = QuestionFactory(event=org_published)
    part = EventPart.objects.create(
        event=org_published,
        title_el="Πρώτη συνάντηση",
        start=org_published.start,
        end=org_published.start + timedelta(hours=1),
    )
    part_start = timezone.localtime(org_published.start + timedelta(days=7))
    feed = CalendarFeed.objects.create(person=person)
    area = base["verified"].thematic_areas.first()
    published.thematic_areas.add(area)
    org = {"slug": org_published.slug}
    return {
        "events:published": ({"slug": published.slug}, {}),
        "events:org-published": (org, {}),
        "events:proposed": ({"slug": proposed.slug}, {}),
        "events:other-proposed": ({"slug": other_proposed.slug}, {}),
        "events:held": ({"slug": held.slug}, {}),
        "events:missing": ({"slug": "no-such-event"}, {}),
        "events:area": ({"area": area.slug}, {}),
        "events:area-missing": ({"area": "no-such-area"}, {}),
        "events:token": ({"token": feed.token}, {}),
        "events:token-wrong": ({"token": "wrong"}, {}),
        "events:code": ({}, {}),  # the code goes in the query string: see the tests
        "events:held-post-feedback": (
            {"slug": held.slug},
            {"overall": "5", "usefulness": "4", "comments": "Πολύ χρήσιμο"},
        ),
        "events:org-published-post-edit": (org, {"title_el": "Κατάληψη"}),
        "events:org-published-post-question": (
            org,
            {"kind": "text", "label_el": "Ερώτηση", "label_en": "Question"},
        ),
        "events:question": ({**org, "question_id": question.pk}, {}),
        "events:org-published-post-part": (
            org,
            {
                "title_el": "Δεύτερη συνάντηση",
                "start": part_start.strftime("%Y-%m-%dT%H:%M"),
                "end": (part_start + timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M"),
            },
        ),
        "events:part": ({**org, "part_id": part.pk}, {}),
        "events:foreign-part": ({"slug": other_proposed.slug, "part_id": part.pk}, {}),
        "events:foreign-question": (
            {"slug": other_proposed.slug, "question_id": question.pk},
            {},
        ),
        "events:org-published-post-cancel": (org, {"action": "cancel", "reason": "Δοκιμή"}),
        "events:proposed-post-approve": ({"slug": proposed.slug}, {"action": "approve"}),
        "events:org-published-post-add": (org, {"email": actors["member"].email}),
        "events:registration": ({**org, "registration_id": registration.pk}, {}),
        "events:foreign-registration": (
            {"slug": other_proposed.slug, "registration_id": registration.pk},
            {},
        ),
        "events:registration-post-move": (
            {**org, "registration_id": registration.pk},
            {"registration": registration.pk, "target": published.pk},
        ),
        "events:checkin-post": (org, {"registration": registration.pk, "present": "1"}),
        "events:walkin-post": (org, {"name": "Επισκέπτρια"}),
    }


def snapshot():
    return (
        sorted(
            Event.objects.values_list(
                "id", "state", "capacity", "confirmed_count", "waitlist_count", "title_el"
            )
        ),
        sorted(
            Registration.objects.values_list("id", "event_id", "person_id", "state", "attended")
        ),
        sorted(Question.objects.values_list("id", "event_id")),
        sorted(EventPart.objects.values_list("id", "event_id", "start", "end")),
        Feedback.objects.count(),
        sorted(CalendarFeed.objects.values_list("id", "token")),
    )
