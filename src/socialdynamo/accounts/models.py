from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An e-mail address is required.")
        email = self.normalize_email(email).lower()
        user = self.model(email=email, **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra_fields)


class User(AbstractBaseUser, PermissionsMixin):
    """One person. Logs in with an e-mail address.

    Beyond membership of organisations, a person may carry extra roles in the hub:
    pro-bono expert, trainer, reviewer, and staff (``is_staff``).
    """

    email = models.EmailField(_("e-mail address"), unique=True)
    first_name = models.CharField(_("first name"), max_length=100, blank=True)
    last_name = models.CharField(_("last name"), max_length=100, blank=True)
    language = models.CharField(
        _("preferred language"), max_length=8, choices=settings.LANGUAGES, default="el"
    )
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    bio = models.TextField(_("short bio"), max_length=2000, blank=True)
    is_expert = models.BooleanField(_("pro-bono expert"), default=False)
    is_trainer = models.BooleanField(_("trainer"), default=False)
    is_reviewer = models.BooleanField(_("reviewer"), default=False)
    is_staff = models.BooleanField(
        _("hub staff"), default=False, help_text=_("Hub staff can use the back office.")
    )
    is_active = models.BooleanField(_("active"), default=True)
    date_joined = models.DateTimeField(_("joined"), default=timezone.now)
    privacy_consent_at = models.DateTimeField(_("privacy notice accepted"), null=True, blank=True)
    erased_at = models.DateTimeField(_("erased"), null=True, blank=True)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["last_name", "first_name", "email"]

    def __str__(self):
        return self.get_full_name() or self.email

    def get_full_name(self):
        return f"{self.first_name} {self.last_name}".strip()

    def get_short_name(self):
        return self.first_name or self.email

    @property
    def roles(self) -> list[str]:
        names = []
        for flag, label in (
            ("is_staff", _("Staff")),
            ("is_expert", _("Expert")),
            ("is_trainer", _("Trainer")),
            ("is_reviewer", _("Reviewer")),
        ):
            if getattr(self, flag):
                names.append(label)
        return names
