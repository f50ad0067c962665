from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from socialdynamo.organizations import selectors as organisation_selectors

OFFERS = ("learning", "support", "networking", "space")


def home(request):
    return render(
        request,
        "core/home.html",
        {"recent_organisations": organisation_selectors.recently_verified(limit=6)},
    )


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
