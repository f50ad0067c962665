import secrets
import unicodedata

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _


def normalise_for_search(text: str) -> str:
    """Lower case, no accents, single spaces: "Αθήνα" and "αθηνα" give the same."""
    decomposed = unicodedata.normalize("NFD", text or "")
    stripped = "".join(c for c in decomposed if unicodedata.category(c) != "Mn")
    return " ".join(stripped.casefold().replace("ς", "σ").split())


class ThematicArea(models.Model):
    """What organisations work on (environment, refugees, ...). Staff can add areas."""

    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(_("short name"), max_length=80, unique=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("thematic area")
        verbose_name_plural = _("thematic areas")
        ordering = ["position", "name"]

    def __str__(self):
        return self.name


class District(models.Model):
    """A municipality or municipal district where organisations are based."""

    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(_("short name"), max_length=80, unique=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("district or municipality")
        verbose_name_plural = _("districts and municipalities")
        ordering = ["position", "name"]

    def __str__(self):
        return self.name


def logo_upload_to(instance, filename):
    # Never trust the uploaded name: a random one, with the extension of the real format.
    ext = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"organisations/logos/{secrets.token_hex(16)}.{ext}"


class Organisation(models.Model):
    class Kind(models.TextChoices):
        NGO = "ngo", _("Registered NGO / non-profit")
        INFORMAL_GROUP = "informal", _("Informal citizen group")
        ACADEMIC = "academic", _("Academic institution")
        PUBLIC_BODY = "public", _("Public body")
        BUSINESS = "business", _("Business")
        PARTNER_HUB = "hub", _("Partner hub")

    class State(models.TextChoices):
        PENDING = "pending", _("Waiting for verification")
        VERIFIED = "verified", _("Verified")
        SUSPENDED = "suspended", _("Suspended")

    class Size(models.TextChoices):
        ONE_TO_FIVE = "1-5", _("1–5 people")
        SIX_TO_TWENTY = "6-20", _("6–20 people")
        TWENTY_ONE_TO_FIFTY = "21-50", _("21–50 people")
        FIFTY_ONE_TO_250 = "51-250", _("51–250 people")
        OVER_250 = "250+", _("More than 250 people")

    # Kinds that have a legal form and registration numbers.
    LEGAL_KINDS = {Kind.NGO, Kind.ACADEMIC, Kind.PUBLIC_BODY, Kind.BUSINESS, Kind.PARTNER_HUB}

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("web address name"), max_length=220, unique=True)
    acronym = models.CharField(_("acronym"), max_length=30, blank=True)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    state = models.CharField(
        _("state"), max_length=16, choices=State.choices, default=State.PENDING
    )
    state_reason = models.TextField(_("reason for the state"), blank=True)
    state_changed_at = models.DateTimeField(_("state changed"), null=True, blank=True)
    summary = models.CharField(_("one-line summary"), max_length=280, blank=True)
    description = models.TextField(_("description"), max_length=5000, blank=True)
    thematic_areas = models.ManyToManyField(
        ThematicArea, verbose_name=_("thematic areas"), blank=True, related_name="organisations"
    )
    district = models.ForeignKey(
        District,
        verbose_name=_("district or municipality"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="organisations",
    )
    address = models.CharField(_("address"), max_length=255, blank=True)
    email = models.EmailField(_("contact e-mail"), blank=True)
    phone = models.CharField(
        _("contact phone"),
        max_length=30,
        blank=True,
        validators=[RegexValidator(r"^[0-9 +().-]{5,30}$", _("Enter a valid phone number."))],
    )
    website = models.URLField(_("website"), blank=True)
    facebook = models.URLField(_("Facebook"), blank=True)
    instagram = models.URLField(_("Instagram"), blank=True)
    linkedin = models.URLField(_("LinkedIn"), blank=True)
    other_social = models.URLField(_("other social network"), blank=True)
    logo = models.ImageField(_("logo"), upload_to=logo_upload_to, blank=True)
    year_founded = models.PositiveSmallIntegerField(
        _("year founded"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1800), MaxValueValidator(2100)],
    )
    size = models.CharField(_("size"), max_length=10, choices=Size.choices, blank=True)
    legal_form = models.CharField(_("legal form"), max_length=120, blank=True)
    tax_number = models.CharField(
        _("tax number (ΑΦΜ)"),
        max_length=9,
        blank=True,
        validators=[RegexValidator(r"^\d{9}$", _("A Greek tax number has 9 digits."))],
    )
    registry_number = models.CharField(_("registry number"), max_length=60, blank=True)
    search_text = models.TextField(editable=False, blank=True, default="")
    created = models.DateTimeField(_("created"), default=timezone.now)
    updated = models.DateTimeField(_("updated"), auto_now=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]
        indexes = [
            models.Index(fields=["state", "name_el"], name="org_state_name_el"),
            models.Index(fields=["state", "name_en"], name="org_state_name_en"),
            models.Index(fields=["state", "kind", "name_el"], name="org_state_kind_name"),
            models.Index(fields=["state", "district", "name_el"], name="org_state_district_name"),
            # The home page's "recently verified" list.
            models.Index(fields=["state", "state_changed_at"], name="org_state_changed"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(state__in=["pending", "verified", "suspended"]), name="org_state_valid"
            ),
            models.CheckConstraint(
                condition=Q(kind__in=["ngo", "informal", "academic", "public", "business", "hub"]),
                name="org_kind_valid",
            ),
            models.CheckConstraint(
                condition=~Q(kind="informal")
                | (Q(tax_number="") & Q(registry_number="") & Q(legal_form="")),
                name="org_informal_has_no_legal_ids",
            ),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        # Every organisation has a name in both languages (English defaults to the Greek),
        # so the directory can sort by the reader's language on an index.
        if not self.name_el:
            self.name_el = self.name
        if not self.name_en:
            self.name_en = self.name_el
        if not self.slug:
            self.slug = unique_slug(self.name_en or self.name)
        self.search_text = self.build_search_text()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "search_text" not in update_fields:
            kwargs["update_fields"] = [*update_fields, "search_text", "name_el", "name_en"]
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("organizations:organisation-detail", kwargs={"slug": self.slug})

    @property
    def is_informal(self) -> bool:
        return self.kind == self.Kind.INFORMAL_GROUP

    @property
    def is_public(self) -> bool:
        return self.state == self.State.VERIFIED

    def build_search_text(self) -> str:
        parts = [
            getattr(self, "name_el", "") or "",
            getattr(self, "name_en", "") or "",
            self.acronym,
            getattr(self, "summary_el", "") or "",
            getattr(self, "summary_en", "") or "",
        ]
        return normalise_for_search(" ".join(parts))


RESERVED_SLUGS = {"new", "staff", "invitation", "logo", "edit", "members"}


def unique_slug(text: str) -> str:
    base = slugify(normalise_for_search(text), allow_unicode=False)[:200] or "organisation"
    slug = base
    while slug in RESERVED_SLUGS or Organisation.objects.filter(slug=slug).exists():
        slug = f"{base}-{secrets.token_hex(2)}"
    return slug


class Membership(models.Model):
    class Role(models.TextChoices):
        OWNER = "owner", _("Owner")
        ADMIN = "admin", _("Administrator")
        MEMBER = "member", _("Member")

    ADMIN_ROLES = {Role.OWNER, Role.ADMIN}

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("organisation"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("person"),
    )
    role = models.CharField(_("role"), max_length=10, choices=Role.choices, default=Role.MEMBER)
    created = models.DateTimeField(_("member since"), default=timezone.now)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["organisation", "user"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "user"], name="membership_once"),
            # Exactly one owner is kept by the services; the database refuses a second one.
            models.UniqueConstraint(
                fields=["organisation"], condition=Q(role="owner"), name="membership_one_owner"
            ),
            models.CheckConstraint(
                condition=Q(role__in=["owner", "admin", "member"]), name="membership_role_valid"
            ),
        ]
        indexes = [models.Index(fields=["user", "role"], name="membership_user_role")]

    def __str__(self):
        return f"{self.user} · {self.organisation} ({self.get_role_display()})"

    @property
    def is_admin(self) -> bool:
        return self.role in self.ADMIN_ROLES


def invitation_token() -> str:
    return secrets.token_urlsafe(32)


class Invitation(models.Model):
    class State(models.TextChoices):
        PENDING = "pending", _("Pending")
        ACCEPTED = "accepted", _("Accepted")
        REVOKED = "revoked", _("Revoked")
        DECLINED = "declined", _("Declined")

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="invitations",
        verbose_name=_("organisation"),
    )
    email = models.EmailField(_("e-mail address"))
    role = models.CharField(
        _("role"),
        max_length=10,
        choices=[
            (Membership.Role.ADMIN, Membership.Role.ADMIN.label),
            (Membership.Role.MEMBER, Membership.Role.MEMBER.label),
        ],
        default=Membership.Role.MEMBER,
    )
    token = models.CharField(max_length=64, unique=True, default=invitation_token, editable=False)
    state = models.CharField(
        _("state"), max_length=10, choices=State.choices, default=State.PENDING
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("invited by"),
    )
    created = models.DateTimeField(_("sent"), default=timezone.now)
    expires_at = models.DateTimeField(_("expires"))
    responded_at = models.DateTimeField(_("answered"), null=True, blank=True)

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-created"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "email"],
                condition=Q(state="pending"),
                name="invitation_one_pending",
            )
        ]

    def __str__(self):
        return f"{self.email} → {self.organisation}"

    @property
    def is_expired(self) -> bool:
        return self.expires_at <= timezone.now()
