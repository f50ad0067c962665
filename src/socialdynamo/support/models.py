"""Professional support: experts, requests, proposals, engagements, sessions, outcomes."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from socialdynamo.organizations.models import Organisation

# An engagement takes about this many hours a month; an expert's monthly hours divided by it
# is how many requests they can carry at once.
HOURS_PER_ENGAGEMENT = 4
MAX_SESSION_MINUTES = 8 * 60  # one session; "more than a day" is refused with its own message
LANGUAGES = [
    ("el", _("Greek")),
    ("en", _("English")),
    ("fr", _("French")),
    ("de", _("German")),
    ("ar", _("Arabic")),
    ("fa", _("Farsi")),
    ("uk", _("Ukrainian")),
]


class Format(models.TextChoices):
    CONSULTATION = "consultation", _("One-off consultation")
    MENTORING = "mentoring", _("Mentoring programme")
    COACHING = "coaching", _("Coaching")


PLAN_FORMATS = {Format.MENTORING, Format.COACHING}  # these have goals, milestones, reviews


class SupportArea(models.Model):
    """Fundraising, communication, HR, leadership, finance, legal... Staff can add more."""

    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(_("short name"), max_length=80, unique=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("support area")
        verbose_name_plural = _("support areas")
        ordering = ["position", "name"]

    def __str__(self):
        return self.name


class SupportTopic(models.Model):
    area = models.ForeignKey(
        SupportArea, on_delete=models.CASCADE, related_name="topics", verbose_name=_("area")
    )
    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(_("short name"), max_length=80)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("sub-topic")
        verbose_name_plural = _("sub-topics")
        ordering = ["area__position", "position", "name"]
        constraints = [
            models.UniqueConstraint(fields=["area", "slug"], name="support_topic_slug_once")
        ]

    def __str__(self):
        return f"{self.area} · {self.name}"


class ExpertProfile(models.Model):
    class State(models.TextChoices):
        INVITED = "invited", _("Invited")
        APPLIED = "applied", _("Applied")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Not approved")
        PAUSED = "paused", _("Paused")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="expert_profile",
        verbose_name=_("person"),
    )
    state = models.CharField(_("state"), max_length=12, choices=State.choices)
    headline = models.CharField(_("profession"), max_length=160, blank=True)
    bio = models.TextField(_("short bio"), max_length=2000, blank=True)
    areas = models.ManyToManyField(
        SupportArea, verbose_name=_("areas"), related_name="experts", blank=True
    )
    topics = models.ManyToManyField(
        SupportTopic, verbose_name=_("sub-topics"), related_name="experts", blank=True
    )
    languages = models.JSONField(_("languages"), default=list, blank=True)
    formats = models.JSONField(_("formats offered"), default=list, blank=True)
    monthly_hours = models.PositiveSmallIntegerField(
        _("hours a month"),
        default=4,
        validators=[MinValueValidator(1), MaxValueValidator(80)],
    )
    availability = models.CharField(_("availability"), max_length=300, blank=True)
    conflicts = models.ManyToManyField(
        Organisation,
        verbose_name=_("organisations I must not serve"),
        related_name="+",
        blank=True,
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("invited by"),
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decision_reason = models.TextField(_("reason"), blank=True)
    created = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        verbose_name = _("expert")
        verbose_name_plural = _("experts")
        ordering = ["user__last_name", "user__first_name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(state__in=["invited", "applied", "approved", "rejected", "paused"]),
                name="support_expert_state_valid",
            ),
        ]
        indexes = [models.Index(fields=["state", "created"], name="support_expert_state")]

    def __str__(self):
        return str(self.user)

    @property
    def max_engagements(self) -> int:
        return max(1, self.monthly_hours // HOURS_PER_ENGAGEMENT)

    def get_languages_display(self) -> str:
        names = dict(LANGUAGES)
        return ", ".join(str(names.get(code, code)) for code in self.languages)

    def get_formats_display(self) -> str:
        names = dict(Format.choices)
        return ", ".join(str(names.get(code, code)) for code in self.formats)


class SupportRequest(models.Model):
    class State(models.TextChoices):
        SUBMITTED = "submitted", _("Submitted")
        TRIAGED = "triaged", _("Triaged")
        MATCHED = "matched", _("Expert proposed")
        IN_PROGRESS = "in_progress", _("In progress")
        COMPLETED = "completed", _("Completed")
        CLOSED = "closed", pgettext_lazy("state of a support request", "Closed")
        WITHDRAWN = "withdrawn", _("Withdrawn")
        DECLINED = "declined", _("Declined")

    class Urgency(models.TextChoices):
        LOW = "low", _("Within a few months")
        NORMAL = "normal", _("Within a month")
        HIGH = "high", _("Urgent (within two weeks)")

    class Language(models.TextChoices):
        GREEK = "el", _("Greek")
        ENGLISH = "en", _("English")
        ANY = "any", _("Greek or English")

    OPEN = {State.SUBMITTED, State.TRIAGED, State.MATCHED}
    ACTIVE = {State.SUBMITTED, State.TRIAGED, State.MATCHED, State.IN_PROGRESS}
    FINISHED = {State.COMPLETED, State.CLOSED, State.WITHDRAWN, State.DECLINED}

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="support_requests",
        verbose_name=_("organisation"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("asked by"),
    )
    area = models.ForeignKey(
        SupportArea, on_delete=models.PROTECT, related_name="requests", verbose_name=_("area")
    )
    topic = models.ForeignKey(
        SupportTopic,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="requests",
        verbose_name=_("sub-topic"),
    )
    title = models.CharField(_("what you need, in a line"), max_length=160)
    goal = models.TextField(_("what you want to achieve"), max_length=3000)
    context = models.TextField(_("background (confidential)"), max_length=5000, blank=True)
    urgency = models.CharField(
        _("urgency"), max_length=8, choices=Urgency.choices, default=Urgency.NORMAL
    )
    format = models.CharField(_("preferred format"), max_length=16, choices=Format.choices)
    language = models.CharField(
        _("preferred language"), max_length=3, choices=Language.choices, default=Language.GREEK
    )
    availability = models.CharField(_("your availability"), max_length=300, blank=True)
    state = models.CharField(
        _("state"), max_length=12, choices=State.choices, default=State.SUBMITTED
    )
    state_reason = models.TextField(_("reason"), blank=True)
    state_changed_at = models.DateTimeField(_("state changed"), null=True, blank=True)
    staff_notes = models.TextField(_("staff notes (confidential)"), blank=True)
    expert = models.ForeignKey(
        ExpertProfile,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="requests",
        verbose_name=_("expert"),
    )
    created = models.DateTimeField(_("asked"), default=timezone.now)

    class Meta:
        verbose_name = _("support request")
        verbose_name_plural = _("support requests")
        ordering = ["-created"]
        constraints = [
            models.CheckConstraint(
                condition=Q(
                    state__in=[
                        "submitted",
                        "triaged",
                        "matched",
                        "in_progress",
                        "completed",
                        "closed",
                        "withdrawn",
                        "declined",
                    ]
                ),
                name="support_request_state_valid",
            ),
            models.CheckConstraint(
                condition=Q(format__in=["consultation", "mentoring", "coaching"]),
                name="support_request_format_valid",
            ),
        ]
        indexes = [
            models.Index(fields=["state", "created"], name="support_request_state"),
            models.Index(fields=["organisation", "created"], name="support_request_org"),
            models.Index(fields=["area", "state"], name="support_request_area"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("support:request-detail", kwargs={"pk": self.pk})

    @property
    def is_open(self) -> bool:
        return self.state in self.OPEN

    @property
    def languages(self) -> frozenset:
        return frozenset({"el", "en"} if self.language == "any" else {self.language})


class Proposal(models.Model):
    """Staff propose an expert for a request; the expert accepts or declines."""

    class State(models.TextChoices):
        PROPOSED = "proposed", _("Waiting for the expert")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    request = models.ForeignKey(
        SupportRequest,
        on_delete=models.CASCADE,
        related_name="proposals",
        verbose_name=_("request"),
    )
    expert = models.ForeignKey(
        ExpertProfile, on_delete=models.CASCADE, related_name="proposals", verbose_name=_("expert")
    )
    state = models.CharField(
        _("state"), max_length=10, choices=State.choices, default=State.PROPOSED
    )
    score = models.FloatField(_("score"), default=0)
    reasons = models.JSONField(_("reasons"), default=list, blank=True)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("proposed by"),
    )
    decline_reason = models.TextField(_("reason for declining"), blank=True)
    created = models.DateTimeField(_("proposed"), default=timezone.now)
    responded_at = models.DateTimeField(_("answered"), null=True, blank=True)
    reminded_at = models.DateTimeField(_("reminder sent"), null=True, blank=True)

    class Meta:
        verbose_name = _("proposal")
        verbose_name_plural = _("proposals")
        ordering = ["-created"]
        constraints = [
            models.UniqueConstraint(fields=["request", "expert"], name="support_proposal_once"),
            models.UniqueConstraint(
                fields=["request"],
                condition=Q(state="proposed"),
                name="support_proposal_one_live",
            ),
        ]
        indexes = [models.Index(fields=["expert", "state"], name="support_proposal_expert")]

    def __str__(self):
        return f"{self.request} → {self.expert}"


class Engagement(models.Model):
    class State(models.TextChoices):
        ACTIVE = "active", _("In progress")
        COMPLETED = "completed", _("Completed")
        CLOSED = "closed", pgettext_lazy("state of a support request", "Closed")

    request = models.OneToOneField(
        SupportRequest,
        on_delete=models.CASCADE,
        related_name="engagement",
        verbose_name=_("request"),
    )
    expert = models.ForeignKey(
        ExpertProfile,
        on_delete=models.PROTECT,
        related_name="engagements",
        verbose_name=_("expert"),
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="support_engagements",
        verbose_name=_("organisation"),
    )
    format = models.CharField(_("format"), max_length=16, choices=Format.choices)
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.ACTIVE)
    started = models.DateTimeField(_("started"), default=timezone.now)
    ended = models.DateTimeField(_("ended"), null=True, blank=True)

    class Meta:
        verbose_name = _("engagement")
        verbose_name_plural = _("engagements")
        ordering = ["-started"]
        indexes = [
            models.Index(fields=["expert", "state"], name="support_engagement_expert"),
            models.Index(fields=["state", "started"], name="support_engagement_state"),
        ]

    def __str__(self):
        return f"{self.request} · {self.expert}"

    def get_absolute_url(self):
        return reverse("support:engagement-detail", kwargs={"pk": self.pk})

    @property
    def has_plan(self) -> bool:
        return self.format in PLAN_FORMATS


class Session(models.Model):
    class Mode(models.TextChoices):
        ONLINE = "online", _("Online")
        IN_PERSON = "in_person", _("In person")

    class State(models.TextChoices):
        PLANNED = "planned", _("Planned")
        HELD = "held", _("Held")
        CANCELLED = "cancelled", _("Cancelled")

    engagement = models.ForeignKey(
        Engagement, on_delete=models.CASCADE, related_name="sessions", verbose_name=_("engagement")
    )
    starts_at = models.DateTimeField(_("date and time"))
    minutes = models.PositiveSmallIntegerField(_("length in minutes"))
    mode = models.CharField(_("where"), max_length=10, choices=Mode.choices, default=Mode.ONLINE)
    state = models.CharField(
        _("state"), max_length=10, choices=State.choices, default=State.PLANNED
    )
    notes = models.TextField(_("notes (confidential)"), max_length=5000, blank=True)
    logged_at = models.DateTimeField(_("logged"), null=True, blank=True)
    reminded_at = models.DateTimeField(_("reminder sent"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("added by"),
    )

    class Meta:
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        ordering = ["starts_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(minutes__gt=0) & Q(minutes__lte=MAX_SESSION_MINUTES),
                name="support_session_minutes_range",
            ),
            models.CheckConstraint(
                condition=Q(state__in=["planned", "held", "cancelled"]),
                name="support_session_state_valid",
            ),
        ]
        indexes = [
            models.Index(fields=["state", "starts_at"], name="support_session_state"),
        ]

    def __str__(self):
        return f"{self.engagement} · {self.starts_at:%Y-%m-%d}"

    @property
    def hours(self) -> float:
        return round(self.minutes / 60, 2)


class Goal(models.Model):
    engagement = models.ForeignKey(
        Engagement, on_delete=models.CASCADE, related_name="goals", verbose_name=_("engagement")
    )
    title = models.CharField(_("goal"), max_length=200)
    description = models.TextField(_("how we will know it is reached"), blank=True)
    due = models.DateField(_("by"), null=True, blank=True)
    achieved_at = models.DateTimeField(_("reached"), null=True, blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("goal")
        verbose_name_plural = _("goals")
        ordering = ["position", "id"]

    def __str__(self):
        return self.title


class Milestone(models.Model):
    goal = models.ForeignKey(
        Goal, on_delete=models.CASCADE, related_name="milestones", verbose_name=_("goal")
    )
    title = models.CharField(_("milestone"), max_length=200)
    due = models.DateField(_("by"), null=True, blank=True)
    done_at = models.DateTimeField(_("done"), null=True, blank=True)

    class Meta:
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
        ordering = ["due", "id"]

    def __str__(self):
        return self.title


class Review(models.Model):
    class Kind(models.TextChoices):
        MID = "mid", _("Mid-term review")
        FINAL = "final", _("Final review")

    engagement = models.ForeignKey(
        Engagement, on_delete=models.CASCADE, related_name="reviews", verbose_name=_("engagement")
    )
    kind = models.CharField(_("kind"), max_length=5, choices=Kind.choices)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("written by"),
    )
    progress = models.TextField(_("what went well, what did not"), max_length=5000)
    next_steps = models.TextField(_("next steps"), max_length=3000, blank=True)
    created = models.DateTimeField(_("written"), default=timezone.now)

    class Meta:
        verbose_name = _("review")
        verbose_name_plural = _("reviews")
        ordering = ["created"]
        constraints = [
            models.UniqueConstraint(fields=["engagement", "kind"], name="support_review_once"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} · {self.engagement}"


class Rating(models.Model):
    class Side(models.TextChoices):
        ORGANISATION = "organisation", _("The organisation")
        EXPERT = "expert", _("The expert")

    engagement = models.ForeignKey(
        Engagement, on_delete=models.CASCADE, related_name="ratings", verbose_name=_("engagement")
    )
    side = models.CharField(_("by"), max_length=12, choices=Side.choices)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("written by"),
    )
    stars = models.PositiveSmallIntegerField(
        _("outcome"), validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    comment = models.TextField(_("comment (confidential)"), max_length=3000, blank=True)
    created = models.DateTimeField(_("rated"), default=timezone.now)

    class Meta:
        verbose_name = _("outcome rating")
        verbose_name_plural = _("outcome ratings")
        constraints = [
            models.UniqueConstraint(fields=["engagement", "side"], name="support_rating_once"),
            models.CheckConstraint(
                condition=Q(stars__gte=1) & Q(stars__lte=5), name="support_rating_stars_range"
            ),
        ]

    def __str__(self):
        return f"{self.engagement} · {self.get_side_display()} · {self.stars}"
