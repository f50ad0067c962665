"""Every write about events: one function per thing a person does.

Seats are guarded by a short lock on the event row, always on the primary database:
``select_for_update`` on PostgreSQL (with a lock timeout), and on SQLite the IMMEDIATE
transaction that every writer takes. A lock that cannot be had in time becomes a clear
"try again" (``EventError`` with ``code="busy"``), never a 500.
"""

import functools
import hashlib
from datetime import timedelta

from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, OperationalError, connections, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from socialdynamo.core.audit import log_action
from socialdynamo.core.errors import DomainError
from socialdynamo.core.page_cache import bump_on_commit

from .models import (
    CalendarFeed,
    Event,
    EventPart,
    Feedback,
    Question,
    Registration,
    certificate_code,
)

DB = "default"  # seat checks never read a replica
LOCK_TIMEOUT_MS = 5000

EDITABLE_FIELDS = [
    "kind", "format", "title_el", "title_en", "summary_el", "summary_en", "description_el",
    "description_en", "audience_el", "audience_en", "language", "level", "image", "image_alt_el",
    "image_alt_en", "start", "end", "venue", "at_hub", "room", "online_url", "organiser_kind",
    "capacity", "waitlist_enabled", "registration_opens", "registration_closes",
    "cancellation_deadline",
]  # fmt: skip
# A change to any of these is told to everyone registered.
LOGISTICS_FIELDS = ["start", "end", "venue", "at_hub", "room_id", "online_url", "format"]


class EventError(DomainError):
    pass


BUSY_MESSAGE = _("Many people are registering right now. Please try again in a moment.")


def _on_commit_task(task, *args):
    transaction.on_commit(lambda: task.enqueue(*args), using=DB)


def _notify(registration: Registration, kind: str, key: str = "") -> None:
    from . import tasks

    _on_commit_task(tasks.notify_registration, registration.pk, kind, key)


def _notify_event(event: Event, kind: str, key: str = "") -> None:
    from . import tasks

    _on_commit_task(tasks.notify_event, event.pk, kind, key)


def locked(func):
    """Run ``func`` in a transaction on the primary database; a lock wait that times out
    becomes a readable ``EventError``."""

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        try:
            with transaction.atomic(using=DB):
                if connections[DB].vendor == "postgresql":
                    with connections[DB].cursor() as cursor:
                        cursor.execute(f"SET LOCAL lock_timeout = {int(LOCK_TIMEOUT_MS)}")
                result = func(*args, **kwargs)
                # Seats and states shown on cached public pages changed.
                bump_on_commit("events")
                return result
        except OperationalError as exc:
            text = str(exc).lower()
            if "lock" in text or "timeout" in text or "busy" in text:
                raise EventError(BUSY_MESSAGE, code="busy") from exc
            raise

    return wrapper


def _save_counts(event: Event) -> None:
    """Write the seat counters (the row is locked by the caller)."""
    Event.objects.using(DB).filter(pk=event.pk).update(
        confirmed_count=event.confirmed_count, waitlist_count=event.waitlist_count
    )


def _lock(event_or_pk) -> Event:
    pk = getattr(event_or_pk, "pk", event_or_pk)
    return Event.objects.using(DB).select_for_update().get(pk=pk)


# --- Checks ------------------------------------------------------------------------------


def check_event_data(data: dict, *, confirmed: int = 0) -> None:
    """Refuse impossible dates and seats, with the field to blame."""
    start, end = data.get("start"), data.get("end")
    if start and end and end <= start:
        raise EventError(_("The event must end after it starts."), field="end")
    capacity = data.get("capacity")
    if capacity is not None and capacity < 1:
        raise EventError(_("An event needs at least one seat."), field="capacity")
    if capacity is not None and capacity < confirmed:
        raise EventError(
            _(
                "%(count)s people are already confirmed; the seats cannot be fewer. Cancel registrations first."
            )
            % {"count": confirmed},
            field="capacity",
        )
    opens, closes = data.get("registration_opens"), data.get("registration_closes")
    if opens and closes and closes <= opens:
        raise EventError(_("Registration must close after it opens."), field="registration_closes")
    if closes and end and closes > end:
        raise EventError(
            _("Registration cannot close after the event has ended."), field="registration_closes"
        )
    deadline = data.get("cancellation_deadline")
    if deadline and end and deadline > end:
        raise EventError(
            _("The cancellation deadline cannot be after the event ends."),
            field="cancellation_deadline",
        )
    if data.get("format") in (Event.Format.ONLINE, Event.Format.HYBRID) and not data.get(
        "online_url"
    ):
        raise EventError(_("An online event needs its link."), field="online_url")
    if data.get("format") == Event.Format.IN_PERSON and not (
        data.get("venue") or data.get("at_hub")
    ):
        raise EventError(_("Say where the event takes place."), field="venue")


def _apply(event: Event, data: dict) -> None:
    for field in EDITABLE_FIELDS:
        if field not in data:
            continue
        value = data[field]
        if field == "image":
            if value is None:
                continue
            if value is False:
                value = ""
        if value is None and field not in (
            "registration_opens",
            "registration_closes",
            "cancellation_deadline",
            "kind",
            "start",
            "end",
            "capacity",
            "room",
        ):
            value = ""
        setattr(event, field, value)


# --- The room of the hub (through the bookings app's service) -----------------------------


def _room_bookings(event: Event):
    from socialdynamo.bookings.models import Booking

    return Booking.objects.filter(
        source_type=ContentType.objects.get_for_model(Event),
        source_id=str(event.pk),
        state__in=Booking.LIVE_STATES,
    )


def _release_room(event: Event, user, reason: str) -> None:
    from socialdynamo.bookings import services as bookings

    for booking in _room_bookings(event).filter(end__gt=timezone.now()):
        bookings.cancel_booking(booking=booking, by=user, reason=reason)


def _reserve_room(event: Event, user) -> None:
    """A published event holds its room for its times: the same service as every booking,
    so a conflict, a closure or the opening hours stop the event from being scheduled."""
    from socialdynamo.bookings import services as bookings

    if not event.room_id or event.format == Event.Format.ONLINE:
        return
    try:
        bookings.reserve_room(
            event.room,
            event.start,
            event.end,
            purpose=event.title_el or event.title,
            by=user,
            organisation=None if user.is_staff else event.organisation,
            event=event,
            expected_people=event.capacity,
        )
    except DomainError as error:
        raise EventError(
            _("The room cannot be reserved for these times: %(reason)s")
            % {"reason": error.message},
            field="room",
        ) from error


def _room_key(event: Event) -> tuple:
    return (event.room_id, event.start, event.end, event.format)


# --- Events ------------------------------------------------------------------------------


@transaction.atomic
def create_event(
    *, user, data: dict, organisation=None, thematic_areas=(), trainers=(), parts=()
) -> Event:
    """Staff create hub or partner events; an organisation's admins propose their own."""
    check_event_data(data)
    if not user.is_staff and organisation is None:
        raise EventError(
            _("Choose the organisation that organises the event."), field="organisation"
        )
    event = Event(created_by=user, organisation=organisation, state=Event.State.DRAFT)
    _apply(event, data)
    if organisation is None:
        event.organiser_kind = Event.Organiser.HUB
    elif event.organiser_kind == Event.Organiser.HUB:
        event.organiser_kind = Event.Organiser.HOSTED
    event.title = data.get("title_el") or data.get("title")
    event.save()
    event.thematic_areas.set(thematic_areas)
    event.trainers.set(trainers)
    for part in parts:
        event.parts.create(**part)
    log_action(event, "events.event.created", user=user)
    return event


def _logistics_key(event: Event) -> str:
    raw = "|".join(str(getattr(event, f)) for f in LOGISTICS_FIELDS)
    return hashlib.sha256(raw.encode()).hexdigest()[:16]


@locked
def update_event(*, event: Event, user, data: dict, thematic_areas=None, trainers=None) -> Event:
    current = _lock(event)
    if current.state not in Event.EDITABLE_STATES:
        raise EventError(
            _("A %(state)s event can no longer be changed.")
            % {"state": current.get_state_display().lower()}
        )
    merged = {f: getattr(current, f) for f in EDITABLE_FIELDS if f != "image"}
    merged.update({k: v for k, v in data.items() if k != "image"})
    check_event_data(merged, confirmed=current.confirmed_count)
    before = _logistics_key(current)
    room_before = _room_key(current)
    changed = [f for f in EDITABLE_FIELDS if f in data and data[f] != getattr(current, f, None)]
    _apply(event, data)
    event.state = current.state
    event.confirmed_count = current.confirmed_count
    event.waitlist_count = current.waitlist_count
    event.save()
    if thematic_areas is not None:
        event.thematic_areas.set(thematic_areas)
    if trainers is not None:
        event.trainers.set(trainers)
    if event.state == Event.State.PUBLISHED and _room_key(event) != room_before:
        _release_room(event, user, reason=str(_("The event moved.")))
        _reserve_room(event, user)  # a refusal rolls the whole change back
    log_action(event, "events.event.updated", user=user, data={"fields": changed})
    if event.state == Event.State.PUBLISHED:
        after = _logistics_key(event)
        if after != before:
            _notify_event(event, "changed", after)
        _promote(event)
    return event


# The state machine: action -> (states it may start from, state it leads to).
TRANSITIONS = {
    "submit": ({Event.State.DRAFT}, Event.State.PROPOSED),
    "approve": ({Event.State.PROPOSED}, Event.State.PUBLISHED),
    "return": ({Event.State.PROPOSED}, Event.State.DRAFT),
    "publish": ({Event.State.DRAFT}, Event.State.PUBLISHED),
    "held": ({Event.State.PUBLISHED}, Event.State.HELD),
    "archive": ({Event.State.HELD}, Event.State.ARCHIVED),
    "cancel": (
        {Event.State.DRAFT, Event.State.PROPOSED, Event.State.PUBLISHED},
        Event.State.CANCELLED,
    ),
}
STAFF_ACTIONS = {"approve", "return", "publish"}


def allowed_actions(event: Event, user) -> list[str]:
    """What the person may do to the event now (for the buttons on the page)."""
    actions = []
    for action, (sources, _target) in TRANSITIONS.items():
        if event.state not in sources:
            continue
        if action in STAFF_ACTIONS and not user.is_staff:
            continue
        if action == "submit" and event.organisation_id is None:
            continue
        if action == "publish" and event.organisation_id is not None and not user.is_staff:
            continue
        actions.append(action)
    return actions


@locked
def change_event_state(*, event: Event, user, action: str, reason: str = "") -> Event:
    """The one function that moves an event between states."""
    if action not in TRANSITIONS:
        raise EventError(_("Unknown action."))
    event = _lock(event)
    sources, target = TRANSITIONS[action]
    if action in STAFF_ACTIONS and not user.is_staff:
        raise EventError(_("Only the hub's staff can do this."))
    if event.state not in sources:
        raise EventError(
            _("This cannot be done to a %(state)s event.")
            % {"state": event.get_state_display().lower()}
        )
    reason = (reason or "").strip()
    if action in ("cancel", "return") and not reason:
        raise EventError(_("Give the reason; it is sent to the people concerned."), field="reason")
    if action == "held" and event.start > timezone.now():
        raise EventError(_("An event can be marked as held only after it has started."))
    previous = event.state
    event.state = target
    event.state_reason = reason
    fields = ["state", "state_reason", "updated"]
    if target == Event.State.PUBLISHED and not event.published_at:
        event.published_at = timezone.now()
        fields.append("published_at")
    event.save(update_fields=fields)
    if target == Event.State.PUBLISHED:
        _reserve_room(event, user)  # a refusal leaves the event as it was
    elif target == Event.State.CANCELLED:
        _release_room(event, user, reason=reason)
    log_action(
        event,
        f"events.event.{target}" if action != "return" else "events.event.returned",
        user=user,
        reason=reason,
        data={"from": previous},
    )
    if action == "cancel" and previous == Event.State.PUBLISHED:
        _notify_event(event, "cancelled")
    if action in ("approve", "return") and event.created_by_id:
        from . import tasks

        _on_commit_task(tasks.notify_proposer, event.pk, action)
    return event


# --- Registration ------------------------------------------------------------------------


def _clean_answers(event: Event, answers: dict) -> dict:
    clean = {}
    for question in event.questions.all():
        key = str(question.pk)
        value = answers.get(key)
        if question.kind == Question.Kind.CONSENT:
            value = bool(value)
            if question.required and not value:
                raise EventError(
                    _("Please tick “%(question)s” to register.") % {"question": question.label},
                    field=f"q_{key}",
                )
        else:
            value = (value or "").strip()
            if (
                question.kind == Question.Kind.CHOICE
                and value
                and value not in question.choice_list()
            ):
                raise EventError(_("Choose one of the options."), field=f"q_{key}")
            if question.required and not value:
                raise EventError(
                    _("Please answer “%(question)s”.") % {"question": question.label},
                    field=f"q_{key}",
                )
        clean[key] = value
    return clean


def _place(event: Event, registration: Registration) -> None:
    """Confirm while seats are free, else put on the waiting list (under the event lock)."""
    if event.confirmed_count < event.capacity:
        registration.state = Registration.State.CONFIRMED
        event.confirmed_count += 1
    elif event.waitlist_enabled:
        registration.state = Registration.State.WAITLISTED
        event.waitlist_count += 1
    else:
        raise EventError(_("This event is full."))


def _check_can_register(event: Event, person, organisation) -> None:
    if event.state == Event.State.CANCELLED:
        raise EventError(_("This event has been cancelled."))
    if event.state != Event.State.PUBLISHED:
        raise EventError(_("This event is not open for registration."))
    now = timezone.now()
    if event.registration_opens and now < event.registration_opens:
        raise EventError(
            _("Registration opens on %(when)s.")
            % {"when": timezone.localtime(event.registration_opens).strftime("%d/%m/%Y %H:%M")}
        )
    if now >= event.closes_at:
        raise EventError(_("Registration for this event has closed."))
    if organisation is not None and not organisation.memberships.filter(user=person).exists():
        raise EventError(
            _("You can register on behalf of an organisation only if you are its member."),
            field="organisation",
        )


def _already_registered(event, person) -> bool:
    return (
        Registration.objects.using(DB)
        .filter(event=event, person=person, state__in=Registration.LIVE_STATES)
        .exists()
    )


@locked
def register_for_event(
    *, event: Event, person, organisation=None, answers: dict | None = None
) -> Registration:
    """A person registers: confirmed while seats are free, otherwise waitlisted."""
    event = _lock(event)
    _check_can_register(event, person, organisation)
    if _already_registered(event, person):
        raise EventError(_("You are already registered for this event."))
    clean = _clean_answers(event, answers or {})
    registration = Registration(
        event=event, person=person, organisation=organisation, answers=clean
    )
    _place(event, registration)
    try:
        registration.save(using=DB)
    except IntegrityError as exc:  # the partial unique constraint, if a check was raced
        raise EventError(_("You are already registered for this event.")) from exc
    _save_counts(event)
    log_action(
        event,
        "events.registration.created",
        user=person,
        data={"registration": registration.pk, "state": registration.state},
    )
    _notify(registration, registration.state)
    return registration


def _promote(event: Event) -> list[Registration]:
    """Fill free seats from the waiting list, first come first served (under the lock)."""
    promoted = []
    if event.state != Event.State.PUBLISHED:
        return promoted
    free = event.capacity - event.confirmed_count
    if free <= 0 or event.waitlist_count <= 0:
        return promoted
    waiting = list(
        Registration.objects.using(DB)
        .filter(event=event, state=Registration.State.WAITLISTED)
        .order_by("id")[:free]
    )
    now = timezone.now()
    for registration in waiting:
        registration.state = Registration.State.CONFIRMED
        registration.promoted_at = now
        registration.save(update_fields=["state", "promoted_at"])
        promoted.append(registration)
        _notify(registration, "promoted")
        log_action(event, "events.registration.promoted", data={"registration": registration.pk})
    event.confirmed_count += len(promoted)
    event.waitlist_count -= len(promoted)
    _save_counts(event)
    return promoted


def _release(event: Event, registration: Registration) -> None:
    if registration.state == Registration.State.CONFIRMED:
        event.confirmed_count -= 1
    elif registration.state == Registration.State.WAITLISTED:
        event.waitlist_count -= 1
    registration.state = Registration.State.CANCELLED
    registration.cancelled_at = timezone.now()
    registration.attended = False
    registration.save(update_fields=["state", "cancelled_at", "attended"])
    _save_counts(event)


@locked
def cancel_registration(*, registration: Registration, user, by_organiser: bool = False):
    """The attendee cancels (until the deadline) or leaves the waiting list (any time before
    the event); organisers and staff may cancel anyone's registration."""
    event = _lock(registration.event_id)
    registration = Registration.objects.using(DB).select_for_update().get(pk=registration.pk)
    if registration.state == Registration.State.CANCELLED:
        raise EventError(_("This registration is already cancelled."))
    if not by_organiser:
        now = timezone.now()
        if registration.state == Registration.State.CONFIRMED and now >= event.cancel_until:
            raise EventError(
                _(
                    "The deadline for cancelling has passed (%(when)s). If you cannot come, please tell the organisers."
                )
                % {"when": timezone.localtime(event.cancel_until).strftime("%d/%m/%Y %H:%M")}
            )
        if now >= event.end:
            raise EventError(_("This event is over."))
    was = registration.state
    _release(event, registration)
    log_action(
        event,
        "events.registration.cancelled",
        user=user,
        data={"registration": registration.pk, "was": was, "by_organiser": by_organiser},
    )
    _promote(event)
    return registration


def waitlist_position(registration: Registration) -> int | None:
    if registration.state != Registration.State.WAITLISTED:
        return None
    return (
        Registration.objects.using(DB)
        .filter(
            event_id=registration.event_id,
            state=Registration.State.WAITLISTED,
            id__lte=registration.pk,
        )
        .count()
    )


@locked
def add_person(*, event: Event, person, user) -> Registration:
    """Staff or organisers add someone (no registration window); full: the waiting list."""
    event = _lock(event)
    if event.state not in (Event.State.PUBLISHED, Event.State.HELD):
        raise EventError(_("People can be added only to a published event."))
    if _already_registered(event, person):
        raise EventError(_("This person is already registered."), field="email")
    registration = Registration(event=event, person=person, added_by=user)
    _place(event, registration)
    registration.save(using=DB)
    _save_counts(event)
    log_action(
        event,
        "events.registration.added",
        user=user,
        data={"registration": registration.pk, "state": registration.state},
    )
    _notify(registration, registration.state)
    return registration


@locked
def move_registration(*, registration: Registration, target: Event, user) -> Registration:
    """Staff move a person to another event (say, a later run of the same seminar)."""
    if target.pk == registration.event_id:
        raise EventError(_("Choose a different event."), field="target")
    # Lock both events in the same order everywhere, so two moves cannot deadlock.
    first, second = sorted([registration.event_id, target.pk])
    locked_events = {first: _lock(first), second: _lock(second)}
    source, target = locked_events[registration.event_id], locked_events[target.pk]
    registration = Registration.objects.using(DB).select_for_update().get(pk=registration.pk)
    if not registration.is_live:
        raise EventError(_("This registration is already cancelled."))
    if target.state != Event.State.PUBLISHED:
        raise EventError(_("People can be moved only to a published event."), field="target")
    if registration.person_id and _already_registered(target, registration.person):
        raise EventError(_("This person is already registered for that event."), field="target")
    _release(source, registration)
    moved = Registration(
        event=target,
        person=registration.person,
        name=registration.name,
        email=registration.email,
        organisation=registration.organisation,
        added_by=user,
    )
    _place(target, moved)
    moved.save(using=DB)
    _save_counts(target)
    log_action(
        source,
        "events.registration.moved",
        user=user,
        data={"registration": registration.pk, "to": target.pk, "new": moved.pk},
    )
    _promote(source)
    _notify(moved, moved.state)
    return moved


# --- Attendance --------------------------------------------------------------------------


def _check_attendance_day(event: Event) -> None:
    if event.state not in (Event.State.PUBLISHED, Event.State.HELD):
        raise EventError(_("Attendance is taken only for published or held events."))
    if timezone.now() < event.start - timedelta(hours=12):
        raise EventError(_("Check-in opens on the day of the event."))


@locked
def set_attendance(*, registration: Registration, user, present: bool) -> Registration:
    event = _lock(registration.event_id)
    _check_attendance_day(event)
    registration = Registration.objects.using(DB).select_for_update().get(pk=registration.pk)
    if registration.state != Registration.State.CONFIRMED:
        raise EventError(_("Only confirmed people can be checked in."))
    registration.attended = present
    registration.checked_in_at = timezone.now() if present else None
    registration.save(update_fields=["attended", "checked_in_at"])
    log_action(
        event,
        "events.attendance.marked" if present else "events.attendance.unmarked",
        user=user,
        data={"registration": registration.pk},
    )
    return registration


@locked
def add_walk_in(*, event: Event, user, name: str = "", email: str = "", person=None):
    """Someone came without registering: recorded as confirmed and present."""
    event = _lock(event)
    _check_attendance_day(event)
    email = (email or "").strip().lower()
    name = (name or "").strip()
    if person is None and email:
        from django.contrib.auth import get_user_model

        person = get_user_model().objects.filter(email__iexact=email).first()
    if person is None and not name:
        raise EventError(_("Write the person's name."), field="name")
    if person is not None:
        existing = (
            Registration.objects.using(DB)
            .filter(event=event, person=person, state__in=Registration.LIVE_STATES)
            .first()
        )
        if existing is not None:
            if existing.state == Registration.State.CONFIRMED:
                raise EventError(
                    _("This person is already registered: check them in from the list."),
                    field="email",
                )
            _release(event, existing)
    if event.confirmed_count >= event.capacity:
        raise EventError(
            _("All seats are taken. Raise the number of seats first if the room allows it.")
        )
    now = timezone.now()
    registration = Registration(
        event=event,
        person=person,
        name="" if person else name,
        email="" if person else email,
        state=Registration.State.CONFIRMED,
        walk_in=True,
        attended=True,
        checked_in_at=now,
        added_by=user,
    )
    registration.save(using=DB)
    event.confirmed_count += 1
    _save_counts(event)
    log_action(
        event, "events.attendance.walk_in", user=user, data={"registration": registration.pk}
    )
    return registration


# --- Feedback and certificates -----------------------------------------------------------


@transaction.atomic
def submit_feedback(
    *, registration: Registration, user, overall: int, usefulness: int, comments: str = ""
) -> Feedback:
    registration = (
        Registration.objects.select_for_update().select_related("event").get(pk=registration.pk)
    )
    if registration.person_id != user.pk:
        raise EventError(_("This is not your registration."))
    if not registration.attended:
        raise EventError(_("Feedback is asked from the people who attended."))
    if timezone.now() < registration.event.start:
        raise EventError(_("You can give feedback once the event has started."))
    for value, field in ((overall, "overall"), (usefulness, "usefulness")):
        if not (isinstance(value, int) and 1 <= value <= 5):
            raise EventError(_("Choose a score from 1 to 5."), field=field)
    if Feedback.objects.filter(registration=registration).exists():
        raise EventError(_("You have already sent your feedback. Thank you!"))
    feedback = Feedback.objects.create(
        registration=registration,
        event=registration.event,
        overall=overall,
        usefulness=usefulness,
        comments=(comments or "").strip(),
    )
    log_action(registration.event, "events.feedback.sent", user=user)
    return feedback


@transaction.atomic
def issue_certificate(*, registration: Registration) -> Registration:
    """Give a present attendee's certificate its verification code (once)."""
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    if registration.state != Registration.State.CONFIRMED or not registration.attended:
        raise EventError(_("Certificates are given to the people marked present."))
    if registration.event.state == Event.State.CANCELLED:
        raise EventError(_("This event has been cancelled."))
    if not registration.certificate_code:
        registration.certificate_code = certificate_code()
        registration.save(update_fields=["certificate_code"])
        log_action(
            registration.event,
            "events.certificate.issued",
            user=registration.person,
            data={"registration": registration.pk, "code": registration.certificate_code},
        )
    return registration


# --- Questions ---------------------------------------------------------------------------


@transaction.atomic
def add_question(*, event: Event, user, data: dict) -> Question:
    if event.state not in Event.EDITABLE_STATES:
        raise EventError(_("This event can no longer be changed."))
    question = Question(event=event, **data)
    if question.kind == Question.Kind.CHOICE and len(question.choice_list()) < 2:
        raise EventError(
            _("A choice question needs at least two options, one per line."), field="choices_el"
        )
    question.label = data.get("label_el") or data.get("label")
    question.position = event.questions.count() + 1
    question.save()
    log_action(event, "events.question.added", user=user, data={"question": question.pk})
    return question


@transaction.atomic
def remove_question(*, question: Question, user) -> None:
    event = question.event
    if event.state not in Event.EDITABLE_STATES:
        raise EventError(_("This event can no longer be changed."))
    log_action(event, "events.question.removed", user=user, data={"label": question.label})
    question.delete()


# --- Parts of a series --------------------------------------------------------------------


@locked
def add_part(*, event: Event, user, data: dict) -> EventPart:
    """Add a meeting to a multi-part seminar; the event's span grows to cover it."""
    event = _lock(event)
    if event.state not in Event.EDITABLE_STATES:
        raise EventError(_("This event can no longer be changed."))
    start, end = data.get("start"), data.get("end")
    if not (start and end) or end <= start:
        raise EventError(_("The event must end after it starts."), field="end")
    part = EventPart(event=event, **data)
    part.title = data.get("title_el") or data.get("title") or ""
    part.save()
    fields = []
    if start < event.start:
        event.start = start
        fields.append("start")
    if end > event.end:
        event.end = end
        fields.append("end")
    if fields:
        before = _logistics_key(Event.objects.using(DB).get(pk=event.pk))
        event.save(update_fields=fields)
        if event.state == Event.State.PUBLISHED and _logistics_key(event) != before:
            _notify_event(event, "changed", _logistics_key(event))
    log_action(event, "events.part.added", user=user, data={"part": part.pk})
    return part


@transaction.atomic
def remove_part(*, part: EventPart, user) -> None:
    event = part.event
    if event.state not in Event.EDITABLE_STATES:
        raise EventError(_("This event can no longer be changed."))
    log_action(event, "events.part.removed", user=user, data={"start": str(part.start)})
    part.delete()


# --- Personal calendar feed --------------------------------------------------------------


def feed_for(user) -> CalendarFeed:
    feed, _created = CalendarFeed.objects.get_or_create(person=user)
    return feed


@transaction.atomic
def reset_feed_token(*, user) -> CalendarFeed:
    from .models import feed_token

    feed = feed_for(user)
    feed.token = feed_token()
    feed.save(update_fields=["token"])
    return feed


# --- Personal data -----------------------------------------------------------------------


def export_registrations(user) -> dict:
    return {
        "event_registrations": [
            {
                "event": r.event.title,
                "start": r.event.start,
                "state": r.state,
                "registered": r.created,
                "present": r.attended,
                "answers": r.answers,
                "certificate_code": r.certificate_code,
                "feedback": (
                    {
                        "overall": r.feedback.overall,
                        "usefulness": r.feedback.usefulness,
                        "comments": r.feedback.comments,
                    }
                    if hasattr(r, "feedback")
                    else None
                ),
            }
            for r in Registration.objects.filter(person=user).select_related("event", "feedback")
        ]
    }


def erase_registrations(user) -> None:
    """Keep the counts and anonymous feedback; drop what identifies the person."""
    for registration in Registration.objects.filter(
        person=user, state__in=Registration.LIVE_STATES
    ):
        if registration.event.end > timezone.now():
            cancel_registration(registration=registration, user=user, by_organiser=True)
    Feedback.objects.filter(registration__person=user).update(comments="")
    Registration.objects.filter(person=user).update(
        person=None, name="—", email="", answers={}, organisation=None
    )
    CalendarFeed.objects.filter(person=user).delete()
