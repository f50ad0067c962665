"""The co-working space: calls for expressions of interest, applications, review, selection,
hostings and renewals. See docs/space.md for the flows and the rules."""

import secrets
from datetime import date, timedelta

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from socialdynamo.organizations.models import Organisation

User = settings.AUTH_USER_MODEL


def add_months(day: date, months: int) -> date:
    """The same day ``months`` later (the last day of the month when it does not exist)."""
    month = day.month - 1 + months
    year = day.year + month // 12
    month = month % 12 + 1
    for candidate in (day.day, 30, 29, 28):
        try:
            return date(year, month, min(day.day, candidate))
        except ValueError:
            continue
    raise ValueError(day)


def period_end(start: date, months: int) -> date:
    """Last day (inclusive) of a hosting of ``months`` months starting on ``start``."""
    return add_months(start, months) - timedelta(days=1)


class Space(models.Model):
    """The hub's co-working space: one row (pk=1). Its row is also the lock that keeps
    selections and renewals from exceeding the capacity."""

    name = models.CharField(_("name"), max_length=200, default="Social Dynamo co-working space")
    capacity = models.PositiveSmallIntegerField(
        _("groups hosted at the same time"),
        default=15,
        validators=[MinValueValidator(1), MaxValueValidator(500)],
    )
    desks = models.PositiveSmallIntegerField(_("workstations (desks)"), default=20)
    default_hosting_months = models.PositiveSmallIntegerField(
        _("default hosting length (months)"),
        default=6,
        validators=[MinValueValidator(1), MaxValueValidator(36)],
    )
    house_rules = models.TextField(_("house rules"), blank=True, max_length=20000)
    address = models.CharField(_("address"), max_length=255, blank=True)
    updated = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("space settings")
        verbose_name_plural = _("space settings")

    def __str__(self):
        return self.name

    @classmethod
    def get(cls) -> "Space":
        space, _created = cls.objects.get_or_create(pk=1)
        return space


class Desk(models.Model):
    code = models.CharField(_("code"), max_length=20, unique=True)
    description = models.CharField(_("description"), max_length=200, blank=True)
    active = models.BooleanField(_("in use"), default=True)

    class Meta:
        verbose_name = _("desk")
        verbose_name_plural = _("desks")
        ordering = ["code"]

    def __str__(self):
        return self.code


class Call(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")
        DECIDED = "decided", _("Decisions sent")
        RESULTS = "results", _("Results published")

    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("web address name"), max_length=120, unique=True)
    summary = models.CharField(_("one-line summary"), max_length=280, blank=True)
    description = models.TextField(_("description"), max_length=20000, blank=True)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default="draft")
    opens_at = models.DateTimeField(_("opens"))
    closes_at = models.DateTimeField(_("closes"))
    hosting_start = models.DateField(_("hosting starts"))
    places = models.PositiveSmallIntegerField(_("number of places"), default=5)
    reviewers_per_application = models.PositiveSmallIntegerField(
        _("reviewers per application"), default=2, validators=[MinValueValidator(2)]
    )
    anonymised_review = models.BooleanField(
        _("anonymised review"),
        default=False,
        help_text=_("Reviewers do not see who applied, their documents or contact details."),
    )
    share_scores = models.BooleanField(
        _("send applicants their own scores and comments with the decision"), default=False
    )
    disagreement_threshold = models.PositiveSmallIntegerField(
        _("disagreement threshold (points out of 100)"),
        default=25,
        help_text=_("Applications whose reviewers' totals differ by more are flagged."),
    )
    reviewers = models.ManyToManyField(
        User, verbose_name=_("reviewers"), blank=True, related_name="space_calls_to_review"
    )
    announced_at = models.DateTimeField(_("announced to subscribers"), null=True, blank=True)
    decided_at = models.DateTimeField(_("decisions sent"), null=True, blank=True)
    results_published_at = models.DateTimeField(_("results published"), null=True, blank=True)
    created = models.DateTimeField(_("created"), default=timezone.now)
    created_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("call for expressions of interest")
        verbose_name_plural = _("calls for expressions of interest")
        ordering = ["-opens_at", "-id"]
        indexes = [models.Index(fields=["status", "closes_at"], name="space_call_status_closes")]
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_at__gt=models.F("opens_at")), name="space_call_closes_after"
            ),
            models.CheckConstraint(
                condition=Q(status__in=["draft", "published", "decided", "results"]),
                name="space_call_status_valid",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("space:call-detail", kwargs={"slug": self.slug})

    @property
    def is_published(self) -> bool:
        return self.status != self.Status.DRAFT

    def is_open(self, now=None) -> bool:
        now = now or timezone.now()
        return self.status == self.Status.PUBLISHED and self.opens_at <= now < self.closes_at

    def is_closed(self, now=None) -> bool:
        return (now or timezone.now()) >= self.closes_at

    @property
    def phase(self) -> str:
        now = timezone.now()
        if self.status == self.Status.DRAFT:
            return "draft"
        if now < self.opens_at:
            return "upcoming"
        if now < self.closes_at:
            return "open"
        return "closed"


class EligibilityQuestion(models.Model):
    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="eligibility_questions")
    text = models.CharField(_("question"), max_length=300)
    required_answer = models.BooleanField(_("required answer is “yes”"), default=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("eligibility question")
        verbose_name_plural = _("eligibility questions")
        ordering = ["position", "id"]

    def __str__(self):
        return self.text


class Question(models.Model):
    class Kind(models.TextChoices):
        TEXT = "text", _("Text")
        CHOICE = "choice", _("Choice")
        NUMBER = "number", _("Number")

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="questions")
    text = models.CharField(_("question"), max_length=300)
    help_text = models.CharField(_("help"), max_length=300, blank=True)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default="text")
    required = models.BooleanField(_("required"), default=True)
    max_length = models.PositiveIntegerField(_("most characters"), default=2000)
    choices = models.TextField(
        _("choices (one a line)"), blank=True, help_text=_("Only for choice questions.")
    )
    min_value = models.IntegerField(_("smallest number"), null=True, blank=True)
    max_value = models.IntegerField(_("largest number"), null=True, blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("application question")
        verbose_name_plural = _("application questions")
        ordering = ["position", "id"]

    def __str__(self):
        return self.text

    def choice_list(self) -> list[str]:
        return [line.strip() for line in (self.choices or "").splitlines() if line.strip()]


class RequiredDocument(models.Model):
    TYPES = {
        "pdf": _("PDF"),
        "docx": _("Word (.docx)"),
        "odt": _("OpenDocument text (.odt)"),
        "jpg": _("JPEG image"),
        "png": _("PNG image"),
    }

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="documents")
    name = models.CharField(_("document"), max_length=200)
    description = models.CharField(_("description"), max_length=300, blank=True)
    allowed_types = models.CharField(
        _("allowed types"),
        max_length=60,
        default="pdf",
        help_text=_("Comma-separated: pdf, docx, odt, jpg, png."),
    )
    max_mb = models.PositiveSmallIntegerField(
        _("largest size (MB)"), default=5, validators=[MinValueValidator(1), MaxValueValidator(25)]
    )
    required = models.BooleanField(_("required"), default=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("required document")
        verbose_name_plural = _("required documents")
        ordering = ["position", "id"]

    def __str__(self):
        return self.name

    def type_list(self) -> list[str]:
        return [t.strip().lower() for t in self.allowed_types.split(",") if t.strip() in self.TYPES]

    def types_display(self) -> str:
        return ", ".join(str(self.TYPES[t]) for t in self.type_list())


class Criterion(models.Model):
    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="criteria")
    name = models.CharField(_("criterion"), max_length=200)
    description = models.CharField(_("description"), max_length=500, blank=True)
    weight = models.PositiveSmallIntegerField(
        _("weight"), default=1, validators=[MinValueValidator(1), MaxValueValidator(100)]
    )
    max_points = models.PositiveSmallIntegerField(
        _("most points"), default=10, validators=[MinValueValidator(1), MaxValueValidator(100)]
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("evaluation criterion")
        verbose_name_plural = _("evaluation criteria")
        ordering = ["position", "id"]

    def __str__(self):
        return self.name


class Application(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")
        WITHDRAWN = "withdrawn", _("Withdrawn")
        INELIGIBLE = "ineligible", _("Not eligible")
        ELIGIBLE = "eligible", _("Eligible, in review")
        SELECTED = "selected", _("Selected")
        RESERVE = "reserve", _("On the reserve list")
        OFFERED = "offered", _("Place offered")
        DECLINED = "declined", _("Offer declined")
        NOT_SELECTED = "not_selected", _("Not selected")

    EDITABLE = {Status.DRAFT, Status.SUBMITTED}
    IN_REVIEW = {Status.ELIGIBLE, Status.SELECTED, Status.RESERVE, Status.OFFERED}
    RANKED = {
        Status.ELIGIBLE,
        Status.SELECTED,
        Status.RESERVE,
        Status.OFFERED,
        Status.DECLINED,
        Status.NOT_SELECTED,
    }

    call = models.ForeignKey(Call, on_delete=models.PROTECT, related_name="applications")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="space_applications"
    )
    reference = models.CharField(_("reference number"), max_length=30, blank=True)
    status = models.CharField(
        _("status"), max_length=14, choices=Status.choices, default=Status.DRAFT
    )
    eligibility_answers = models.JSONField(_("eligibility answers"), default=dict, blank=True)
    contact_name = models.CharField(_("contact person"), max_length=200, blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=30, blank=True)
    screening_reason = models.TextField(_("screening reason"), blank=True)
    reserve_position = models.PositiveSmallIntegerField(
        _("reserve position"), null=True, blank=True
    )
    created_by = models.ForeignKey(
        User, null=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("created by")
    )
    created = models.DateTimeField(_("created"), default=timezone.now)
    updated = models.DateTimeField(_("updated"), auto_now=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decision_sent_at = models.DateTimeField(_("decision e-mailed"), null=True, blank=True)
    offered_at = models.DateTimeField(_("place offered"), null=True, blank=True)
    offered_from = models.DateField(_("offered place free from"), null=True, blank=True)

    class Meta:
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        ordering = ["call", "submitted_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["call", "organisation"],
                condition=~Q(status="withdrawn"),
                name="space_one_live_application",
            ),
            models.UniqueConstraint(
                fields=["reference"], condition=~Q(reference=""), name="space_reference_unique"
            ),
            models.UniqueConstraint(
                fields=["call", "reserve_position"],
                condition=Q(reserve_position__isnull=False),
                name="space_reserve_position_once",
            ),
        ]
        indexes = [
            models.Index(fields=["call", "status"], name="space_app_call_status"),
            models.Index(fields=["organisation", "status"], name="space_app_org_status"),
        ]

    def __str__(self):
        return self.reference or f"#{self.pk}"

    def get_absolute_url(self):
        return reverse("space:application-detail", kwargs={"pk": self.pk})


class Answer(models.Model):
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="+")
    value = models.TextField(_("answer"), blank=True)

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        constraints = [
            models.UniqueConstraint(fields=["application", "question"], name="space_answer_once")
        ]

    def __str__(self):
        return self.value[:60]


def document_upload_to(instance, filename):
    ext = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"space/documents/{secrets.token_hex(16)}.{ext}"


class ApplicationDocument(models.Model):
    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="uploaded_documents"
    )
    requirement = models.ForeignKey(RequiredDocument, on_delete=models.CASCADE, related_name="+")
    file = models.FileField(_("file"), upload_to=document_upload_to, max_length=200)
    original_name = models.CharField(_("file name"), max_length=200)
    file_type = models.CharField(_("type"), max_length=10)
    size = models.PositiveIntegerField(_("size"))
    uploaded_by = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+")
    uploaded_at = models.DateTimeField(_("uploaded"), default=timezone.now)

    class Meta:
        verbose_name = _("application document")
        verbose_name_plural = _("application documents")
        constraints = [
            models.UniqueConstraint(
                fields=["application", "requirement"], name="space_document_once"
            )
        ]

    def __str__(self):
        return self.original_name


class Conflict(models.Model):
    """A reviewer's declared conflict of interest with one application."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="conflicts")
    reviewer = models.ForeignKey(User, on_delete=models.CASCADE, related_name="space_conflicts")
    reason = models.CharField(_("reason"), max_length=500, blank=True)
    created = models.DateTimeField(_("declared"), default=timezone.now)

    class Meta:
        verbose_name = _("conflict of interest")
        verbose_name_plural = _("conflicts of interest")
        constraints = [
            models.UniqueConstraint(fields=["application", "reviewer"], name="space_conflict_once")
        ]
        indexes = [models.Index(fields=["reviewer", "application"], name="space_conflict_rev")]

    def __str__(self):
        return f"{self.reviewer} ≠ {self.application}"


class ReviewAssignment(models.Model):
    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="assignments"
    )
    reviewer = models.ForeignKey(User, on_delete=models.CASCADE, related_name="space_assignments")
    assigned_by = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+")
    created = models.DateTimeField(_("assigned"), default=timezone.now)
    comment = models.TextField(_("overall comment"), blank=True, max_length=5000)
    submitted_at = models.DateTimeField(_("review completed"), null=True, blank=True)

    class Meta:
        verbose_name = _("review assignment")
        verbose_name_plural = _("review assignments")
        ordering = ["application", "id"]
        constraints = [
            models.UniqueConstraint(fields=["application", "reviewer"], name="space_assign_once")
        ]
        indexes = [models.Index(fields=["reviewer", "submitted_at"], name="space_assign_rev")]

    def __str__(self):
        return f"{self.application} → {self.reviewer}"


class Score(models.Model):
    assignment = models.ForeignKey(
        ReviewAssignment, on_delete=models.CASCADE, related_name="scores"
    )
    criterion = models.ForeignKey(Criterion, on_delete=models.CASCADE, related_name="scores")
    points = models.PositiveSmallIntegerField(_("points"))
    comment = models.TextField(_("comment"), blank=True, max_length=3000)

    class Meta:
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        constraints = [
            models.UniqueConstraint(fields=["assignment", "criterion"], name="space_score_once")
        ]

    def __str__(self):
        return f"{self.criterion}: {self.points}"


INDUCTION_ITEMS = [
    ("keys", _("Keys or access card handed over")),
    ("house_rules", _("House rules read and signed")),
    ("safety", _("Safety and emergency exits shown")),
    ("network", _("Wi-Fi and printer set up")),
    ("booking", _("Shown how to book meeting rooms")),
    ("contact", _("Contact person introduced")),
]


class Hosting(models.Model):
    """A group's place in the space from ``start`` to ``end`` (both days included)."""

    class Status(models.TextChoices):
        ACTIVE = "active", _("Hosted")
        ENDED = "ended", _("Ended")

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="space_hostings"
    )
    application = models.OneToOneField(
        Application, null=True, blank=True, on_delete=models.SET_NULL, related_name="hosting"
    )
    start = models.DateField(_("start"))
    end = models.DateField(_("end"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default="active")
    desk = models.ForeignKey(
        Desk, null=True, blank=True, on_delete=models.SET_NULL, verbose_name=_("desk")
    )
    contact_person = models.ForeignKey(
        User,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("contact person at the hub"),
    )
    goals = models.TextField(_("goals for the hosting"), blank=True, max_length=5000)
    induction = models.JSONField(_("induction checklist"), default=dict, blank=True)
    agreement_signed_on = models.DateField(_("agreement signed"), null=True, blank=True)
    room_hours_per_month = models.PositiveSmallIntegerField(
        _("room hours per month"),
        null=True,
        blank=True,
        help_text=_("How many hours a month the group may book the hub's rooms. Empty: no limit."),
    )
    ended_reason = models.TextField(_("reason for ending"), blank=True)
    renewals = models.PositiveSmallIntegerField(_("renewals"), default=0)
    end_reminded_at = models.DateTimeField(null=True, blank=True, editable=False)
    created = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        verbose_name = _("hosting")
        verbose_name_plural = _("hostings")
        ordering = ["start", "id"]
        indexes = [models.Index(fields=["start", "end"], name="space_hosting_period")]
        constraints = [
            models.CheckConstraint(condition=Q(end__gte=models.F("start")), name="space_end_after")
        ]

    def __str__(self):
        return f"{self.organisation} {self.start:%d/%m/%Y}–{self.end:%d/%m/%Y}"

    def get_absolute_url(self):
        return reverse("space:hosting-detail", kwargs={"pk": self.pk})

    def induction_items(self):
        return [(key, label, bool(self.induction.get(key))) for key, label in INDUCTION_ITEMS]

    @property
    def midpoint(self) -> date:
        return self.start + (self.end - self.start) / 2


ASSESSMENT_AREAS = [
    ("governance", _("Governance")),
    ("finance", _("Finance")),
    ("fundraising", _("Fundraising")),
    ("communication", _("Communication")),
    ("people", _("People and volunteers")),
]
ASSESSMENT_LEVELS = [
    (1, _("1 – not in place")),
    (2, _("2 – starting")),
    (3, _("3 – partly in place")),
    (4, _("4 – working well")),
    (5, _("5 – a strength")),
]


class SelfAssessment(models.Model):
    class Moment(models.TextChoices):
        START = "start", _("At the start")
        END = "end", _("At the end")

    hosting = models.ForeignKey(Hosting, on_delete=models.CASCADE, related_name="assessments")
    moment = models.CharField(_("when"), max_length=6, choices=Moment.choices)
    scores = models.JSONField(_("scores"), default=dict)
    notes = models.TextField(_("notes"), blank=True, max_length=3000)
    submitted_by = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+")
    submitted_at = models.DateTimeField(_("submitted"), default=timezone.now)

    class Meta:
        verbose_name = _("capacity self-assessment")
        verbose_name_plural = _("capacity self-assessments")
        constraints = [
            models.UniqueConstraint(fields=["hosting", "moment"], name="space_assessment_once")
        ]

    def __str__(self):
        return f"{self.hosting} · {self.get_moment_display()}"

    @property
    def total(self) -> int:
        return sum(int(self.scores.get(key, 0)) for key, _label in ASSESSMENT_AREAS)


class ProgressReview(models.Model):
    class Kind(models.TextChoices):
        MIDTERM = "midterm", _("Mid-term review")
        FINAL = "final", _("Final review")

    class Rating(models.TextChoices):
        AHEAD = "ahead", _("Goals met or exceeded")
        ON_TRACK = "on_track", _("On track")
        BEHIND = "behind", _("Behind")

    hosting = models.ForeignKey(Hosting, on_delete=models.CASCADE, related_name="progress_reviews")
    kind = models.CharField(_("review"), max_length=8, choices=Kind.choices)
    due_on = models.DateField(_("due"))
    progress = models.TextField(_("progress against the goals"), blank=True, max_length=5000)
    submitted_at = models.DateTimeField(_("report submitted"), null=True, blank=True)
    rating = models.CharField(
        _("staff assessment"), max_length=10, choices=Rating.choices, blank=True
    )
    staff_notes = models.TextField(_("staff notes"), blank=True, max_length=5000)
    reviewed_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_at = models.DateTimeField(_("reviewed"), null=True, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("progress review")
        verbose_name_plural = _("progress reviews")
        ordering = ["due_on"]
        constraints = [
            models.UniqueConstraint(fields=["hosting", "kind"], name="space_review_once")
        ]
        indexes = [models.Index(fields=["due_on", "reviewed_at"], name="space_review_due")]

    def __str__(self):
        return f"{self.hosting} · {self.get_kind_display()}"


class RenewalRequest(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for a decision")
        APPROVED = "approved", _("Renewed")
        REFUSED = "refused", _("Not renewed")

    hosting = models.ForeignKey(Hosting, on_delete=models.CASCADE, related_name="renewal_requests")
    needs = models.TextField(_("what you need from the space next"), max_length=5000)
    progress = models.TextField(_("progress so far"), max_length=5000)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default="pending")
    submitted_by = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+")
    submitted_at = models.DateTimeField(_("requested"), default=timezone.now)
    decided_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    reason = models.TextField(_("reason"), blank=True)
    new_end = models.DateField(_("new end"), null=True, blank=True)

    class Meta:
        verbose_name = _("renewal request")
        verbose_name_plural = _("renewal requests")
        ordering = ["-submitted_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["hosting"], condition=Q(status="pending"), name="space_one_pending_renewal"
            )
        ]

    def __str__(self):
        return f"{self.hosting} · {self.get_status_display()}"


def subscriber_token() -> str:
    return secrets.token_urlsafe(24)


class Subscriber(models.Model):
    """A person who wants an e-mail when a call opens."""

    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="space_subscription")
    token = models.CharField(max_length=64, unique=True, default=subscriber_token, editable=False)
    created = models.DateTimeField(_("subscribed"), default=timezone.now)

    class Meta:
        verbose_name = _("subscriber to calls")
        verbose_name_plural = _("subscribers to calls")

    def __str__(self):
        return str(self.user)
