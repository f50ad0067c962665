"""Events: seminars, workshops, networking events; registrations, waitlists, attendance,
feedback and certificates. Every write goes through services.py."""

import secrets

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from socialdynamo.organizations.models import Organisation, ThematicArea, normalise_for_search


class EventKind(models.Model):
    """Seminar, workshop, networking event... Staff can add kinds in the back office."""

    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(_("short name"), max_length=80, unique=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("kind of event")
        verbose_name_plural = _("kinds of event")
        ordering = ["position", "name"]

    def __str__(self):
        return self.name


def image_upload_to(instance, filename):
    ext = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"events/images/{secrets.token_hex(16)}.{ext}"


class Event(models.Model):
    class State(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PROPOSED = "proposed", _("Waiting for approval")
        PUBLISHED = "published", _("Published")
        HELD = "held", _("Held")
        ARCHIVED = "archived", _("Archived")
        CANCELLED = "cancelled", _("Cancelled")

    class Format(models.TextChoices):
        IN_PERSON = "in_person", _("In person")
        ONLINE = "online", _("Online")
        HYBRID = "hybrid", _("Hybrid (in person and online)")

    class Language(models.TextChoices):
        GREEK = "el", _("Greek")
        ENGLISH = "en", _("English")
        BOTH = "el+en", _("Greek and English")

    class Level(models.TextChoices):
        ALL = "all", _("For everyone")
        INTRO = "intro", _("Introductory")
        INTERMEDIATE = "intermediate", _("Intermediate")
        ADVANCED = "advanced", _("Advanced")

    class Organiser(models.TextChoices):
        HUB = "hub", _("The hub")
        PARTNER = "partner", _("A pro-bono partner organisation")
        HOSTED = "hosted", _("A hosted organisation")

    # States in which the public sees the event.
    PUBLIC_STATES = {State.PUBLISHED, State.HELD, State.ARCHIVED, State.CANCELLED}
    # States in which the organiser may still edit it.
    EDITABLE_STATES = {State.DRAFT, State.PROPOSED, State.PUBLISHED}

    kind = models.ForeignKey(
        EventKind, on_delete=models.PROTECT, related_name="events", verbose_name=_("kind")
    )
    format = models.CharField(
        _("format"), max_length=12, choices=Format.choices, default=Format.IN_PERSON
    )
    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("web address name"), max_length=220, unique=True)
    summary = models.CharField(_("one-line summary"), max_length=300, blank=True)
    description = models.TextField(_("description"), max_length=10000, blank=True)
    thematic_areas = models.ManyToManyField(
        ThematicArea, verbose_name=_("thematic areas"), blank=True, related_name="events"
    )
    audience = models.CharField(_("who it is for"), max_length=300, blank=True)
    language = models.CharField(
        _("language"), max_length=8, choices=Language.choices, default=Language.GREEK
    )
    level = models.CharField(_("level"), max_length=16, choices=Level.choices, default=Level.ALL)
    image = models.ImageField(_("image"), upload_to=image_upload_to, blank=True)
    image_alt = models.CharField(_("image description"), max_length=200, blank=True)
    start = models.DateTimeField(_("starts"))
    end = models.DateTimeField(_("ends"))
    venue = models.CharField(
        _("place"),
        max_length=300,
        blank=True,
        help_text=_("A room of the hub or an address."),
    )
    at_hub = models.BooleanField(_("at the hub"), default=True)
    room = models.ForeignKey(
        "bookings.Room",
        verbose_name=_("room of the hub"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="events",
        help_text=_("Reserved for the event's times when it is published."),
    )
    online_url = models.URLField(
        _("online link"),
        blank=True,
        help_text=_("Shown only to people whose registration is confirmed."),
    )
    organiser_kind = models.CharField(
        _("organised by"), max_length=10, choices=Organiser.choices, default=Organiser.HUB
    )
    organisation = models.ForeignKey(
        Organisation,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="events",
        verbose_name=_("organising organisation"),
    )
    trainers = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="events_as_trainer",
        verbose_name=_("trainers and speakers"),
    )
    capacity = models.PositiveIntegerField(
        _("seats"), default=20, validators=[MinValueValidator(1)]
    )
    waitlist_enabled = models.BooleanField(_("waiting list when full"), default=True)
    registration_opens = models.DateTimeField(_("registration opens"), null=True, blank=True)
    registration_closes = models.DateTimeField(
        _("registration closes"),
        null=True,
        blank=True,
        help_text=_("Empty: when the event starts."),
    )
    cancellation_deadline = models.DateTimeField(
        _("attendees may cancel until"),
        null=True,
        blank=True,
        help_text=_("Empty: until the event starts."),
    )
    state = models.CharField(_("state"), max_length=12, choices=State.choices, default=State.DRAFT)
    state_reason = models.TextField(_("reason for the state"), blank=True)
    # Kept by the services under the event's lock, so lists show free seats without counting.
    confirmed_count = models.PositiveIntegerField(_("confirmed"), default=0, editable=False)
    waitlist_count = models.PositiveIntegerField(_("waiting"), default=0, editable=False)
    search_text = models.TextField(editable=False, blank=True, default="")
    created = models.DateTimeField(_("created"), default=timezone.now)
    updated = models.DateTimeField(_("updated"), auto_now=True)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering = ["start", "id"]
        indexes = [
            # Upcoming lists: state, ordered by start, with the end in the index for counts.
            models.Index(fields=["state", "start", "end"], name="event_state_start_end"),
            # Past lists: newest first whatever the state (drafts are filtered out).
            models.Index(fields=["start", "state", "end"], name="event_start_state_end"),
            models.Index(fields=["state", "kind", "start"], name="event_state_kind_start"),
            models.Index(fields=["state", "format", "start"], name="event_state_format_start"),
            models.Index(fields=["state", "language", "start"], name="event_state_lang_start"),
            models.Index(fields=["state", "end"], name="event_state_end"),
            models.Index(fields=["organisation", "state"], name="event_org_state"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__gt=F("start")),
                name="event_ends_after_start",
                violation_error_message=_("The event must end after it starts."),
            ),
            models.CheckConstraint(
                condition=Q(capacity__gte=1),
                name="event_capacity_positive",
                violation_error_message=_("An event needs at least one seat."),
            ),
            models.CheckConstraint(
                condition=Q(
                    state__in=["draft", "proposed", "published", "held", "archived", "cancelled"]
                ),
                name="event_state_valid",
            ),
            models.CheckConstraint(
                condition=Q(format__in=["in_person", "online", "hybrid"]),
                name="event_format_valid",
            ),
            models.CheckConstraint(
                condition=Q(confirmed_count__lte=F("capacity")) | Q(state="cancelled"),
                name="event_not_overbooked",
                violation_error_message=_("More people are confirmed than there are seats."),
            ),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        if not self.title_el:
            self.title_el = self.title
        if not self.title_en:
            self.title_en = self.title_el
        if not self.slug:
            self.slug = unique_event_slug(self.title_en or self.title, self.start)
        self.search_text = normalise_for_search(
            " ".join(
                [
                    self.title_el or "",
                    self.title_en or "",
                    getattr(self, "summary_el", "") or "",
                    getattr(self, "summary_en", "") or "",
                ]
            )
        )
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "search_text" not in update_fields:
            kwargs["update_fields"] = [*update_fields, "search_text", "title_el", "title_en"]
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("events:event-detail", kwargs={"slug": self.slug})

    @property
    def is_public(self) -> bool:
        return self.state in self.PUBLIC_STATES

    @property
    def is_online(self) -> bool:
        return self.format in (self.Format.ONLINE, self.Format.HYBRID)

    @property
    def has_place(self) -> bool:
        return self.format in (self.Format.IN_PERSON, self.Format.HYBRID)

    @property
    def seats_left(self) -> int:
        return max(self.capacity - self.confirmed_count, 0)

    @property
    def is_full(self) -> bool:
        return self.confirmed_count >= self.capacity

    @property
    def closes_at(self):
        return self.registration_closes or self.start

    @property
    def cancel_until(self):
        return self.cancellation_deadline or self.start

    def registration_is_open(self, now=None) -> bool:
        now = now or timezone.now()
        return (
            self.state == self.State.PUBLISHED
            and (self.registration_opens is None or self.registration_opens <= now)
            and now < self.closes_at
        )

    @property
    def is_past(self) -> bool:
        return self.end <= timezone.now()

    @property
    def place_text(self) -> str:
        if self.format == self.Format.ONLINE:
            return str(_("Online"))
        place = self.venue or (str(_("At the hub")) if self.at_hub else "")
        if self.room_id:
            place = f"{self.room.name} · {place}" if self.venue else str(self.room.name)
        if self.format == self.Format.HYBRID:
            return f"{place} · {_('and online')}" if place else str(_("Online"))
        return place


class EventPart(models.Model):
    """One session of a multi-part seminar (a series registered for once)."""

    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="parts", verbose_name=_("event")
    )
    title = models.CharField(_("title"), max_length=200, blank=True)
    start = models.DateTimeField(_("starts"))
    end = models.DateTimeField(_("ends"))

    class Meta:
        verbose_name = _("part of a series")
        verbose_name_plural = _("parts of a series")
        ordering = ["start", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__gt=F("start")),
                name="eventpart_ends_after",
                violation_error_message=_("The event must end after it starts."),
            )
        ]

    def __str__(self):
        return f"{self.event} · {self.start:%Y-%m-%d %H:%M}"


def unique_event_slug(text: str, start=None) -> str:
    base = slugify(normalise_for_search(text))[:180] or "event"
    if start:
        base = f"{base}-{timezone.localtime(start):%Y-%m-%d}"
    slug = base
    while Event.objects.filter(slug=slug).exists():
        slug = f"{base}-{secrets.token_hex(2)}"
    return slug


class Question(models.Model):
    """An extra question asked at registration."""

    class Kind(models.TextChoices):
        TEXT = "text", _("Text")
        CHOICE = "choice", _("One choice from a list")
        CONSENT = "consent", _("Consent (a box to tick)")

    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="questions", verbose_name=_("event")
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.TEXT)
    label = models.CharField(_("question"), max_length=300)
    choices = models.TextField(_("choices"), blank=True, help_text=_("One per line."))
    required = models.BooleanField(_("required"), default=False)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("registration question")
        verbose_name_plural = _("registration questions")
        ordering = ["position", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=["text", "choice", "consent"]), name="question_kind_valid"
            )
        ]

    def __str__(self):
        return self.label

    def choice_list(self) -> list[str]:
        return [line.strip() for line in self.choices.splitlines() if line.strip()]


def certificate_code() -> str:
    return secrets.token_hex(6).upper()


class Registration(models.Model):
    class State(models.TextChoices):
        CONFIRMED = "confirmed", _("Confirmed")
        WAITLISTED = "waitlisted", _("On the waiting list")
        CANCELLED = "cancelled", _("Cancelled")

    LIVE_STATES = {State.CONFIRMED, State.WAITLISTED}

    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="registrations", verbose_name=_("event")
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="event_registrations",
        verbose_name=_("person"),
    )
    # Walk-ins without an account are recorded by name.
    name = models.CharField(_("name"), max_length=200, blank=True)
    email = models.EmailField(_("e-mail address"), blank=True)
    organisation = models.ForeignKey(
        Organisation,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="event_registrations",
        verbose_name=_("on behalf of"),
    )
    state = models.CharField(_("state"), max_length=12, choices=State.choices)
    answers = models.JSONField(_("answers"), default=dict, blank=True)
    created = models.DateTimeField(_("registered"), default=timezone.now)
    promoted_at = models.DateTimeField(_("moved from the waiting list"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)
    attended = models.BooleanField(_("present"), default=False)
    checked_in_at = models.DateTimeField(_("checked in"), null=True, blank=True)
    walk_in = models.BooleanField(_("walk-in"), default=False)
    certificate_code = models.CharField(
        _("certificate code"), max_length=16, unique=True, null=True, blank=True
    )
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        # Arrival order: the id is taken under the event's lock.
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "person"],
                condition=Q(state__in=["confirmed", "waitlisted"]),
                name="registration_once_per_person",
            ),
            models.CheckConstraint(
                condition=Q(state__in=["confirmed", "waitlisted", "cancelled"]),
                name="registration_state_valid",
            ),
            models.CheckConstraint(
                condition=Q(person__isnull=False) | ~Q(name=""),
                name="registration_has_someone",
            ),
        ]
        indexes = [
            models.Index(fields=["event", "state", "id"], name="registration_event_state"),
            models.Index(fields=["person", "state"], name="registration_person_state"),
        ]

    def __str__(self):
        return f"{self.display_name} · {self.event}"

    @property
    def display_name(self) -> str:
        if self.person_id:
            return str(self.person)
        return self.name

    @property
    def contact_email(self) -> str:
        return self.person.email if self.person_id else self.email

    @property
    def is_live(self) -> bool:
        return self.state in self.LIVE_STATES


class Feedback(models.Model):
    registration = models.OneToOneField(
        Registration, on_delete=models.CASCADE, related_name="feedback"
    )
    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="feedback", verbose_name=_("event")
    )
    overall = models.PositiveSmallIntegerField(
        _("overall"), validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    usefulness = models.PositiveSmallIntegerField(
        _("usefulness"), validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    comments = models.TextField(_("comments"), max_length=3000, blank=True)
    created = models.DateTimeField(_("sent"), default=timezone.now)

    class Meta:
        verbose_name = _("feedback")
        verbose_name_plural = _("feedback")
        constraints = [
            models.CheckConstraint(
                condition=Q(overall__gte=1, overall__lte=5, usefulness__gte=1, usefulness__lte=5),
                name="feedback_scores_1_to_5",
            )
        ]

    def __str__(self):
        return f"{self.event} · {self.overall}/5"


class SentNotification(models.Model):
    """What was sent to whom, so that a re-run task sends nothing twice."""

    registration = models.ForeignKey(
        Registration, on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(max_length=20)
    # Tells apart repeated notices of one kind (e.g. two changes of time).
    key = models.CharField(max_length=64, default="", blank=True)
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("sent notification")
        verbose_name_plural = _("sent notifications")
        constraints = [
            models.UniqueConstraint(
                fields=["registration", "kind", "key"], name="notification_sent_once"
            )
        ]

    def __str__(self):
        return f"{self.kind} → {self.registration_id}"


def feed_token() -> str:
    return secrets.token_urlsafe(24)


class CalendarFeed(models.Model):
    """The secret address of a person's own calendar of registrations."""

    person = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="event_feed"
    )
    token = models.CharField(max_length=64, unique=True, default=feed_token)

    class Meta:
        verbose_name = _("personal calendar feed")
        verbose_name_plural = _("personal calendar feeds")

    def __str__(self):
        return str(self.person)
