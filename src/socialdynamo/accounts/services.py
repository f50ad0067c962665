"""Writes about people: profile changes, data export and erasure (GDPR)."""

import json

from allauth.account.models import EmailAddress
from django.contrib.auth import logout
from django.contrib.sessions.models import Session
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from socialdynamo.core import personal_data
from socialdynamo.core.audit import log_action
from socialdynamo.core.errors import DomainError

from .models import User


class AccountError(DomainError):
    pass


def update_profile(*, user: User, data: dict) -> User:
    fields = ["first_name", "last_name", "language", "phone", "bio"]
    for field in fields:
        if field in data:
            setattr(user, field, data[field])
    user.full_clean(exclude=["password", "email"])
    user.save(update_fields=[f for f in fields if f in data])
    return user


def export_personal_data(*, user: User) -> str:
    """Everything the platform holds on ``user``, as a JSON document."""
    document = {
        "exported_at": timezone.now(),
        "person": {
            "email": user.email,
            "first_name": user.first_name,
            "last_name": user.last_name,
            "language": user.language,
            "phone": user.phone,
            "bio": user.bio,
            "roles": {
                "staff": user.is_staff,
                "expert": user.is_expert,
                "trainer": user.is_trainer,
                "reviewer": user.is_reviewer,
            },
            "date_joined": user.date_joined,
            "last_login": user.last_login,
            "privacy_consent_at": user.privacy_consent_at,
        },
        "email_addresses": [
            {"email": e.email, "verified": e.verified, "primary": e.primary}
            for e in EmailAddress.objects.filter(user=user).order_by("email")
        ],
        "two_factor_methods": [
            {"type": a.type, "created_at": a.created_at, "last_used_at": a.last_used_at}
            for a in user.authenticator_set.order_by("created_at")
        ],
    }
    document.update(personal_data.export_sections(user))
    return json.dumps(document, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2)


def check_can_erase(*, user: User) -> None:
    for reason in personal_data.erase_blockers(user):
        raise AccountError(reason)
    if user.is_superuser:
        raise AccountError(
            _("A superuser account cannot be deleted from the site; ask another administrator.")
        )


@transaction.atomic
def erase_account(*, user: User, request=None) -> None:
    """Erase the person's personal data and keep the anonymised row for aggregates.

    The row stays so that counts (members, attendance, hours) keep adding up, but the
    name, e-mail address, phone, bio, password, e-mail addresses, 2FA devices and
    sessions are gone, and each app removes what it holds on the person.
    """
    user = User.objects.select_for_update().get(pk=user.pk)
    check_can_erase(user=user)
    personal_data.erase_sections(user)
    EmailAddress.objects.filter(user=user).delete()
    user.authenticator_set.all().delete()
    user_id = user.pk
    user.email = f"erased-{user_id}@erased.invalid"
    user.first_name = ""
    user.last_name = ""
    user.phone = ""
    user.bio = ""
    user.is_active = False
    user.is_staff = False
    user.is_expert = False
    user.is_trainer = False
    user.is_reviewer = False
    user.erased_at = timezone.now()
    user.set_unusable_password()
    user.save()
    log_action(user, "accounts.user.erased", user=None)
    if request is not None:
        logout(request)
    _delete_sessions_of(user_id)


def _delete_sessions_of(user_id: int) -> None:
    # Database sessions: drop those that belong to the person (cached sessions expire).
    for session in Session.objects.filter(expire_date__gte=timezone.now()).iterator():
        if str(session.get_decoded().get("_auth_user_id")) == str(user_id):
            session.delete()
