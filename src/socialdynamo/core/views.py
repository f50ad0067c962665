from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.db import DatabaseError, connection
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import translate_url
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import check_for_language
from django.views.decorators.cache import cache_control, never_cache
from django.views.decorators.http import require_GET, require_POST

from socialdynamo.core.page_cache import cache_public_page
from socialdynamo.core.permissions import authorize
from socialdynamo.organizations import selectors as organisation_selectors

OFFERS = ("learning", "support", "networking", "space")


# The home page also shows the next events (events/_home_upcoming.html), which move with the
# clock: five minutes at most.
@cache_public_page("organizations", "events", timeout=300)
def home(request):
    return render(
        request,
        "core/home.html",
        {"recent_organisations": organisation_selectors.recently_verified(limit=6)},
    )


@login_required
def staff_desk(request):
    """Staff's starting point: every back-office task of every app, one click away."""
    authorize(request.user, "core.see_staff_desk")
    return render(request, "core/staff_desk.html")


def offer(request, offer):
    if offer not in OFFERS:
        raise Http404
    return render(request, f"core/offer_{offer}.html", {"offer": offer})


def about(request):
    return render(request, "core/about.html")


def contact(request):
    return render(request, "core/contact.html")


def privacy(request):
    return render(request, "core/privacy.html")


def terms(request):
    return render(request, "core/terms.html")


@require_GET
@cache_control(max_age=86400, public=True)
def robots_txt(request):
    lines = ["User-agent: *", "Disallow: /admin/", "Disallow: /accounts/", "Disallow: /me/", ""]
    return HttpResponse("\n".join(lines), content_type="text/plain")


@require_GET
@never_cache
def health(request):
    """For load balancers and monitors: 200 when the database answers, 503 otherwise."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return HttpResponse("database unavailable", status=503, content_type="text/plain")
    return HttpResponse("ok", content_type="text/plain")


def bare(request):
    """The simplest Django view, for `make bench` ratios. Only routed when BENCH_VIEWS is on."""
    return HttpResponse("ok", content_type="text/plain")


def error_404(request, exception=None):
    return render(request, "404.html", status=404)


def error_403(request, exception=None):
    return render(request, "403.html", status=403)


def error_500(request):
    return render(request, "500.html", status=500)


def error_400(request, exception=None):
    return render(request, "400.html", status=400)


@require_POST
def set_language(request):
    """Switch language and come back to the same page in the other language.

    Django's own view cannot translate a prefixed URL (``/en/about/``) while the default
    language is active, because the default language has no prefix; this one activates
    the language of ``next`` first, then translates.
    """
    language = request.POST.get("language", "")
    next_url = request.POST.get("next") or "/"
    if not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        next_url = "/"
    response = HttpResponseRedirect(next_url)
    if language and check_for_language(language):
        current = translation.get_language_from_path(next_url) or settings.LANGUAGE_CODE
        with translation.override(current):
            response = HttpResponseRedirect(translate_url(next_url, language))
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME,
            language,
            max_age=settings.LANGUAGE_COOKIE_AGE,
            path=settings.LANGUAGE_COOKIE_PATH,
            domain=settings.LANGUAGE_COOKIE_DOMAIN,
            secure=settings.LANGUAGE_COOKIE_SECURE,
            httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
            samesite=settings.LANGUAGE_COOKIE_SAMESITE,
        )
    return response
