import os

from allauth.account.decorators import secure_admin_login
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from socialdynamo.core import views as core_views

admin.site.login = secure_admin_login(admin.site.login)
admin.site.site_header = _("Social Dynamo back office")
admin.site.site_title = _("Social Dynamo back office")
admin.site.index_title = _("Hub administration")

urlpatterns = [
    path("i18n/setlang/", core_views.set_language, name="set_language"),
    path("robots.txt", core_views.robots_txt, name="robots-txt"),
    path("health/", core_views.health, name="health"),
]

urlpatterns += i18n_patterns(
    path("", include("socialdynamo.core.urls")),
    path("accounts/", include("allauth.urls")),
    path("me/", include("socialdynamo.accounts.urls")),
    path("organisations/", include("socialdynamo.organizations.urls")),
    path("events/", include("socialdynamo.events.urls")),
    path("admin/", admin.site.urls),
    prefix_default_language=False,
)

if os.environ.get("BENCH_VIEWS") == "1":
    # A bare view with no template or database, so `make bench` can compare against it.
    urlpatterns.insert(0, path("bench/bare/", core_views.bare, name="bench-bare"))

handler400 = "socialdynamo.core.views.error_400"
handler403 = "socialdynamo.core.views.error_403"
handler404 = "socialdynamo.core.views.error_404"
handler500 = "socialdynamo.core.views.error_500"
