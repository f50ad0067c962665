import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.shortcuts import redirect
from django.urls import Resolver404, resolve, reverse
from django.utils.translation import gettext as _

LAST_SEEN_KEY = "_sd_last_seen"
STARTED_KEY = "_sd_started"


class IdleSessionMiddleware:
    """Ends a signed-in session after SESSION_IDLE_SECONDS without a request, and in any
    case SESSION_COOKIE_AGE after it began.

    The timestamp is written at most once a minute so that reading pages does not write
    to the session store on every request.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            now = int(time.time())
            last_seen = request.session.get(LAST_SEEN_KEY)
            started = request.session.setdefault(STARTED_KEY, now)
            if last_seen and now - last_seen > settings.SESSION_IDLE_SECONDS:
                logout(request)
                messages.info(request, _("You were signed out after a period of inactivity."))
            elif now - started > settings.SESSION_COOKIE_AGE:
                # Activity renews the idle timer, never the session's whole life.
                logout(request)
                messages.info(request, _("Your session has ended. Please sign in again."))
            elif not last_seen or now - last_seen > 60:
                request.session[LAST_SEEN_KEY] = now
        return self.get_response(request)


def has_totp(user) -> bool:
    from allauth.mfa.models import Authenticator

    cached = getattr(user, "_sd_has_totp", None)
    if cached is None:
        cached = Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
        user._sd_has_totp = cached
    return cached


class StaffTwoFactorMiddleware:
    """Staff must set up an authenticator app before they can do anything else."""

    ALLOWED_URL_NAMES = (
        "mfa_activate_totp",
        "mfa_index",
        "mfa_view_recovery_codes",
        "mfa_generate_recovery_codes",
        "mfa_download_recovery_codes",
        "account_logout",
        "account_reauthenticate",
        "mfa_reauthenticate",
        "set_language",
    )

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (
            settings.STAFF_REQUIRE_2FA
            and user is not None
            and user.is_authenticated
            and user.is_staff
            and not request.path.startswith(settings.STATIC_URL)
        ):
            try:
                match = resolve(request.path_info)
            except Resolver404:
                match = None
            name = match.url_name if match else None
            if name not in self.ALLOWED_URL_NAMES and not has_totp(user):
                messages.warning(
                    request,
                    _(
                        "Staff accounts need two-factor authentication. Please set up an authenticator app to continue."
                    ),
                )
                return redirect(reverse("mfa_activate_totp"))
        return self.get_response(request)
