"""Rooms of the hub, their opening hours, closures and rules, and bookings that never overlap.

Two live bookings (requested or confirmed) of one room never overlap. The services check it
inside one transaction (IMMEDIATE on SQLite, the room row locked on PostgreSQL) and, on
PostgreSQL, an exclusion constraint over (room, [start, end)) keeps it even against code that
bypasses the services (migration 0002, applied only on PostgreSQL).
"""

import secrets

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from socialdynamo.organizations.models import Organisation

# Room pages live at /rooms/<slug>/; these names are other pages there.
RESERVED_ROOM_SLUGS = {"week", "my", "staff", "bookings", "feeds"}


class Room(models.Model):
    class Kind(models.TextChoices):
        MEETING = "meeting", _("Meeting room")
        TRAINING = "training", _("Training room")
        HALL = "hall", _("Event hall")
        OPEN_SPACE = "open", _("Open space")

    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(_("web address name"), max_length=80, unique=True)
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    capacity = models.PositiveSmallIntegerField(
        _("capacity (people)"), validators=[MinValueValidator(1), MaxValueValidator(2000)]
    )
    floor = models.CharField(_("floor or location"), max_length=80, blank=True)
    description = models.TextField(_("description"), max_length=3000, blank=True)
    equipment = models.TextField(
        _("equipment"), max_length=2000, blank=True, help_text=_("One item per line.")
    )
    accessibility = models.TextField(_("accessibility notes"), max_length=2000, blank=True)
    is_active = models.BooleanField(
        _("can be booked"), default=True, help_text=_("Untick to take the room off the site.")
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    # Booking rules. Staff may always book.
    allow_hosted_groups = models.BooleanField(_("hosted groups may book"), default=True)
    allow_partners = models.BooleanField(_("partners may book"), default=True)
    allow_verified_organisations = models.BooleanField(
        _("any verified organisation may book"), default=False
    )
    requires_approval = models.BooleanField(
        _("bookings need staff approval"),
        default=True,
        help_text=_("Untick to confirm bookings at once."),
    )
    max_duration_minutes = models.PositiveIntegerField(
        _("longest booking (minutes)"), default=480, validators=[MinValueValidator(15)]
    )
    max_days_ahead = models.PositiveSmallIntegerField(
        _("how far ahead (days)"), default=90, validators=[MinValueValidator(1)]
    )
    min_notice_hours = models.PositiveSmallIntegerField(_("minimum notice (hours)"), default=24)
    monthly_hours_per_organisation = models.PositiveSmallIntegerField(
        _("hours per month per organisation"),
        null=True,
        blank=True,
        help_text=_("Empty: no limit."),
    )
    created = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        verbose_name = _("room")
        verbose_name_plural = _("rooms")
        ordering = ["position", "name"]
        indexes = [models.Index(fields=["is_active", "position"], name="room_active_position")]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=["meeting", "training", "hall", "open"]),
                name="room_kind_valid",
            ),
            models.CheckConstraint(condition=Q(capacity__gte=1), name="room_capacity_positive"),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("bookings:room-detail", kwargs={"slug": self.slug})

    def clean(self):
        if self.slug in RESERVED_ROOM_SLUGS:
            raise ValidationError({"slug": _("This web address name is taken by a page.")})

    @property
    def equipment_list(self) -> list[str]:
        return [line.strip() for line in (self.equipment or "").splitlines() if line.strip()]


def photo_upload_to(instance, filename):
    ext = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"rooms/photos/{secrets.token_hex(16)}.{ext}"


class RoomPhoto(models.Model):
    room = models.ForeignKey(
        Room, on_delete=models.CASCADE, related_name="photos", verbose_name=_("room")
    )
    image = models.ImageField(_("photo"), upload_to=photo_upload_to)
    alt_text = models.CharField(
        _("description for people who cannot see it"), max_length=200, blank=True
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("room photo")
        verbose_name_plural = _("room photos")
        ordering = ["room", "position", "id"]

    def __str__(self):
        return self.alt_text or str(self.room)


class OpeningHours(models.Model):
    """When a room can be used on a weekday. No row for a weekday: closed that day."""

    class Weekday(models.IntegerChoices):
        MONDAY = 0, _("Monday")
        TUESDAY = 1, _("Tuesday")
        WEDNESDAY = 2, _("Wednesday")
        THURSDAY = 3, _("Thursday")
        FRIDAY = 4, _("Friday")
        SATURDAY = 5, _("Saturday")
        SUNDAY = 6, _("Sunday")

    room = models.ForeignKey(
        Room, on_delete=models.CASCADE, related_name="opening_hours", verbose_name=_("room")
    )
    weekday = models.PositiveSmallIntegerField(_("weekday"), choices=Weekday.choices)
    opens = models.TimeField(_("opens"))
    closes = models.TimeField(_("closes"))

    class Meta:
        verbose_name = _("opening hours")
        verbose_name_plural = _("opening hours")
        ordering = ["room", "weekday"]
        constraints = [
            models.UniqueConstraint(fields=["room", "weekday"], name="opening_once_per_weekday"),
            models.CheckConstraint(condition=Q(closes__gt=F("opens")), name="opening_closes_after"),
            models.CheckConstraint(
                condition=Q(weekday__gte=0, weekday__lte=6), name="opening_weekday_valid"
            ),
        ]

    def __str__(self):
        return f"{self.get_weekday_display()} {self.opens:%H:%M}–{self.closes:%H:%M}"


class Closure(models.Model):
    """Days a room (or, with no room, every room) is closed: holidays, maintenance."""

    room = models.ForeignKey(
        Room,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="closures",
        verbose_name=_("room"),
        help_text=_("Empty: every room is closed."),
    )
    first_day = models.DateField(_("first day"))
    last_day = models.DateField(_("last day"))
    reason = models.CharField(_("reason"), max_length=200)

    class Meta:
        verbose_name = _("closure")
        verbose_name_plural = _("closures")
        ordering = ["first_day"]
        indexes = [models.Index(fields=["first_day", "last_day"], name="closure_days")]
        constraints = [
            models.CheckConstraint(
                condition=Q(last_day__gte=F("first_day")), name="closure_last_after_first"
            )
        ]

    def __str__(self):
        return f"{self.reason} ({self.first_day:%d/%m/%Y}–{self.last_day:%d/%m/%Y})"


class RoomAccessGrant(models.Model):
    """Says an organisation is a hosted group or a partner of the hub, for a period.

    Staff add grants in the back office today; the space app will create "hosted group"
    grants when it hosts a group (a hosting may carry ``monthly_hours``, an allowance over all
    rooms). See ``services.booker_kinds`` and ``services.monthly_allowance_hours``.
    """

    class Kind(models.TextChoices):
        HOSTED = "hosted", _("Hosted group")
        PARTNER = "partner", _("Partner")

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="room_grants",
        verbose_name=_("organisation"),
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    valid_from = models.DateField(_("valid from"), default=timezone.localdate)
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    monthly_hours = models.PositiveSmallIntegerField(
        _("room hours per month"),
        null=True,
        blank=True,
        help_text=_("Allowance over all rooms. Empty: only each room's own limit applies."),
    )
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("room access grant")
        verbose_name_plural = _("room access grants")
        ordering = ["organisation", "-valid_from"]
        indexes = [models.Index(fields=["organisation", "kind"], name="grant_org_kind")]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=["hosted", "partner"]), name="grant_kind_valid"
            ),
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True) | Q(valid_until__gte=F("valid_from")),
                name="grant_until_after_from",
            ),
        ]

    def __str__(self):
        return f"{self.organisation} · {self.get_kind_display()}"


class BookingSeries(models.Model):
    """A weekly (or every N weeks) booking; each occurrence is its own Booking."""

    room = models.ForeignKey(
        Room, on_delete=models.CASCADE, related_name="series", verbose_name=_("room")
    )
    booked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="booking_series",
        verbose_name=_("booked by"),
    )
    organisation = models.ForeignKey(
        Organisation,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="booking_series",
        verbose_name=_("organisation"),
    )
    purpose = models.CharField(_("purpose"), max_length=200)
    interval_weeks = models.PositiveSmallIntegerField(
        _("every how many weeks"), default=1, validators=[MinValueValidator(1)]
    )
    first_start = models.DateTimeField(_("first start"))
    local_start_time = models.TimeField(_("start time"))
    duration_minutes = models.PositiveIntegerField(_("length (minutes)"))
    occurrences = models.PositiveSmallIntegerField(_("occurrences asked"))
    created = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        verbose_name = _("booking series")
        verbose_name_plural = _("booking series")
        ordering = ["-created"]

    def __str__(self):
        return f"{self.room} · {self.purpose}"


class Booking(models.Model):
    class State(models.TextChoices):
        REQUESTED = "requested", _("Waiting for approval")
        CONFIRMED = "confirmed", _("Confirmed")
        DECLINED = "declined", _("Declined")
        CANCELLED = "cancelled", _("Cancelled")

    LIVE_STATES = (State.REQUESTED, State.CONFIRMED)

    room = models.ForeignKey(
        Room, on_delete=models.PROTECT, related_name="bookings", verbose_name=_("room")
    )
    start = models.DateTimeField(_("start"))
    end = models.DateTimeField(_("end"))
    state = models.CharField(
        _("state"), max_length=12, choices=State.choices, default=State.REQUESTED
    )
    purpose = models.CharField(_("purpose"), max_length=200)
    expected_people = models.PositiveSmallIntegerField(
        _("expected people"), validators=[MinValueValidator(1)]
    )
    booked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="bookings",
        verbose_name=_("booked by"),
    )
    organisation = models.ForeignKey(
        Organisation,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="room_bookings",
        verbose_name=_("on behalf of"),
    )
    series = models.ForeignKey(
        BookingSeries,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="bookings",
        verbose_name=_("series"),
    )
    # What the booking is for in another app (an event), if anything.
    source_type = models.ForeignKey(
        ContentType, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    source_id = models.CharField(max_length=40, blank=True)
    decision_reason = models.TextField(_("reason"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    reminder_sent_at = models.DateTimeField(null=True, blank=True, editable=False)
    created = models.DateTimeField(_("created"), default=timezone.now)
    updated = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("booking")
        verbose_name_plural = _("bookings")
        ordering = ["start"]
        indexes = [
            models.Index(fields=["room", "start"], name="booking_room_start"),
            models.Index(fields=["start", "end"], name="booking_start_end"),
            models.Index(fields=["booked_by", "start"], name="booking_booker_start"),
            models.Index(fields=["organisation", "start"], name="booking_org_start"),
            models.Index(fields=["state", "start"], name="booking_state_start"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(end__gt=F("start")), name="booking_end_after_start"),
            models.CheckConstraint(
                condition=Q(state__in=["requested", "confirmed", "declined", "cancelled"]),
                name="booking_state_valid",
            ),
        ]

    def __str__(self):
        start = timezone.localtime(self.start)
        return f"{self.room} {start:%d/%m/%Y %H:%M}"

    def get_absolute_url(self):
        return reverse("bookings:booking-detail", kwargs={"pk": self.pk})

    @property
    def is_live(self) -> bool:
        return self.state in self.LIVE_STATES

    @property
    def hours(self) -> float:
        return (self.end - self.start).total_seconds() / 3600


class SlotWatch(models.Model):
    """ "Tell me if this slot frees up": a person watching a busy time of a room."""

    room = models.ForeignKey(
        Room, on_delete=models.CASCADE, related_name="watches", verbose_name=_("room")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="slot_watches",
        verbose_name=_("person"),
    )
    start = models.DateTimeField(_("start"))
    end = models.DateTimeField(_("end"))
    notified_at = models.DateTimeField(_("told"), null=True, blank=True)
    created = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        verbose_name = _("slot watch")
        verbose_name_plural = _("slot watches")
        ordering = ["start"]
        indexes = [models.Index(fields=["room", "start"], name="watch_room_start")]
        constraints = [
            models.UniqueConstraint(fields=["room", "user", "start"], name="watch_once"),
            models.CheckConstraint(condition=Q(end__gt=F("start")), name="watch_end_after_start"),
        ]

    def __str__(self):
        return f"{self.user} · {self.room}"
