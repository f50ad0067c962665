"""Whole-page caching of public pages for visitors who are not signed in.

A cached page is keyed by the page's full path, the language and the versions of the content
it shows (core.models.ContentVersion). Any change to that content bumps its version, so the
next visitor gets a freshly rendered page: one primary-key query decides, whatever the size
of the data. Signed-in people, non-GET requests and pages with messages to show are rendered
every time (their header and messages are personal). Pages cached here must hold no CSRF
token and nothing personal.
"""

import hashlib
from functools import wraps

from django.conf import settings
from django.contrib.messages import get_messages
from django.core.cache import cache
from django.db import transaction
from django.db.models import F
from django.http import HttpResponse
from django.utils.cache import patch_vary_headers
from django.utils.translation import get_language

from .models import ContentVersion

PREFIX = "public-page"


def bump(*names: str) -> None:
    """Mark content as changed (call it from services, or let the signals do it)."""
    for name in names:
        updated = ContentVersion.objects.filter(name=name).update(version=F("version") + 1)
        if not updated:
            ContentVersion.objects.get_or_create(name=name, defaults={"version": 1})


def bump_on_commit(*names: str) -> None:
    transaction.on_commit(lambda: bump(*names))


def versions(names: tuple[str, ...]) -> str:
    found = dict(ContentVersion.objects.filter(name__in=names).values_list("name", "version"))
    return ".".join(str(found.get(name, 0)) for name in names)


def cache_public_page(*names: str, timeout: int | None = None):
    """Decorator for a public GET view whose output depends only on the URL, the language
    and the content named (e.g. ``@cache_public_page("organizations")``)."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if (
                request.method != "GET"
                or not getattr(settings, "PUBLIC_PAGE_CACHE", True)
                or request.user.is_authenticated
                or len(get_messages(request))
            ):
                return view(request, *args, **kwargs)
            path = hashlib.sha256(request.get_full_path().encode()).hexdigest()[:32]
            key = f"{PREFIX}:{view.__module__}.{view.__name__}:{get_language()}:{path}:{versions(names)}"
            cached = cache.get(key)
            if cached is not None:
                content, content_type = cached
                response = HttpResponse(content, content_type=content_type)
            else:
                response = view(request, *args, **kwargs)
                if hasattr(response, "render") and callable(response.render):
                    response = response.render()
                if response.status_code == 200 and not response.cookies:
                    cache.set(
                        key,
                        (response.content, response["Content-Type"]),
                        settings.PUBLIC_PAGE_CACHE_SECONDS if timeout is None else timeout,
                    )
            patch_vary_headers(response, ("Cookie", "Accept-Language"))
            return response

        return wrapper

    return decorator
