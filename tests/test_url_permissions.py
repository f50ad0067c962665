"""The authorisation matrix: every URL, every kind of person, both languages.

The table is tests/permissions_matrix.py. `test_every_url_pattern_has_a_row` walks the whole
resolver (allauth's and the admin's URLs included) and fails on any pattern without a row.
"""

import io
from urllib.parse import parse_qs, urlsplit

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.contrib import admin
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.db import transaction
from django.http import HttpResponse
from django.urls import (
    Resolver404,
    URLPattern,
    URLResolver,
    clear_url_caches,
    get_resolver,
    include,
    path,
    resolve,
    reverse,
)
from django.urls.resolvers import LocalePrefixPattern
from django.utils import timezone, translation
from django_tasks_db.models import DBTaskResult
from PIL import Image

from socialdynamo.accounts.middleware import StaffTwoFactorMiddleware
from socialdynamo.accounts.models import User
from socialdynamo.core.audit import log_action
from socialdynamo.core.models import AuditLogEntry
from socialdynamo.organizations.models import Invitation, Membership, Organisation
from socialdynamo.urls import urlpatterns as project_urlpatterns
from tests.factories import (
    DistrictFactory,
    InvitationFactory,
    MembershipFactory,
    StaffFactory,
    ThematicAreaFactory,
    UserFactory,
    owned_organisation,
)
from tests.permissions_matrix import (
    ACTORS,
    ADMIN_LOGIN,
    ADMIN_MODEL_MATRIX,
    APP_MATRICES,
    DUPLICATE_NAMES_ALLOWED,
    EXEMPT,
    LOGIN,
    MATRIX,
    REDIRECT,
    REFUSALS,
    To,
)

pytestmark = pytest.mark.django_db

LANGUAGES = {"el": "/", "en": "/en/"}


# --- The walker --------------------------------------------------------------------------


def url_patterns():
    """(full name, route) for every pattern the resolver knows. Unnamed patterns are named
    "<namespace:><unnamed route>" so that they, too, need a row."""

    def walk(resolver, namespace="", route=""):
        for pattern in resolver.url_patterns:
            if isinstance(pattern, URLResolver):
                inner = namespace + (f"{pattern.namespace}:" if pattern.namespace else "")
                # i18n_patterns' "" / "en/" prefix is left out: one row serves both languages.
                prefix = (
                    "" if isinstance(pattern.pattern, LocalePrefixPattern) else str(pattern.pattern)
                )
                yield from walk(pattern, inner, route + prefix)
            elif isinstance(pattern, URLPattern):
                full_route = route + str(pattern.pattern)
                name = pattern.name or f"<unnamed {full_route}>"
                yield namespace + name, full_route

    return list(walk(get_resolver()))


def rows_missing():
    names = {name for name, _route in url_patterns()}
    return sorted(names - set(MATRIX) - set(EXEMPT))


def test_every_url_pattern_has_a_row():
    names = [name for name, _route in url_patterns()]
    missing = rows_missing()
    assert not missing, (
        "URL patterns with no row in tests/permissions_matrix.py (say who may see them):\n  "
        + "\n  ".join(missing)
    )
    stale = sorted((set(MATRIX) | set(EXEMPT)) - set(names))
    assert not stale, f"Rows for URL patterns that no longer exist: {stale}"
    assert not set(MATRIX) & set(EXEMPT), "a URL is both tested and exempt"
    assert all(reason.strip() for reason in EXEMPT.values()), "an exemption needs its reason"


def _unguarded(request):
    return HttpResponse("anyone")


# A URLconf with the project's URLs plus what a careless later issue might add.
urlpatterns = [
    *project_urlpatterns,
    path("careless/", _unguarded, name="careless-page"),
    path("careless-app/", include(([path("<int:pk>/", _unguarded, name="detail")], "careless"))),
    path("nameless/", _unguarded),
]


def test_the_walker_sees_pages_added_later(settings):
    settings.ROOT_URLCONF = __name__
    clear_url_caches()
    try:
        assert rows_missing() == [
            "<unnamed nameless/>",
            "careless-page",
            "careless:detail",
        ]
    finally:
        clear_url_caches()


def test_no_url_name_hides_a_second_pattern():
    seen = {}
    for name, route in url_patterns():
        seen.setdefault(name, []).append(route)
    duplicates = {
        name: routes
        for name, routes in seen.items()
        if len(routes) > 1 and name not in DUPLICATE_NAMES_ALLOWED
    }
    assert not duplicates, (
        f"reverse() reaches only one of these, the other is untested: {duplicates}"
    )


def test_every_row_names_an_outcome_for_every_actor():
    for name, rows in MATRIX.items():
        for row in rows:
            assert set(row.outcomes) == set(ACTORS), name
            assert row.method in ("get", "post"), name


# --- The world the matrix is requested in -------------------------------------------------


def logo_file():
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), (0, 0, 0)).save(buffer, "PNG")
    return ContentFile(buffer.getvalue(), name="logo.png")


@pytest.fixture
def world(totp_staff):
    owner = UserFactory()
    admin_user = UserFactory()
    member_user = UserFactory()
    person = UserFactory()
    verified, _ = owned_organisation(owner=owner, district=DistrictFactory())
    verified.thematic_areas.add(ThematicAreaFactory())
    pending, _ = owned_organisation(owner=owner, state=Organisation.State.PENDING)
    suspended, _ = owned_organisation(owner=owner, state=Organisation.State.SUSPENDED)
    memberships = {}
    for organisation in (verified, pending, suspended):
        memberships[organisation.slug] = MembershipFactory(
            organisation=organisation, user=member_user
        )
        MembershipFactory(organisation=organisation, user=admin_user, role=Membership.Role.ADMIN)
    for organisation in (verified, pending):
        organisation.logo.save("logo.png", logo_file())
    other, outsider = owned_organisation()
    MembershipFactory(organisation=other)  # someone the outsider could transfer to
    membership = memberships[verified.slug]
    invitation = InvitationFactory(organisation=verified, invited_by=owner)
    owner_membership = Membership.objects.get(organisation=verified, user=owner)
    token_invitation = InvitationFactory(organisation=verified, email=person.email)
    # One object of every model the admin shows, so its object pages are requested too.
    Group.objects.create(name="Hub staff")
    log_action(verified, "organizations.organisation.verified", user=totp_staff, reason="ok")
    DBTaskResult.objects.create(
        args_kwargs={"args": [], "kwargs": {}},
        task_path="socialdynamo.core.tasks.deliver_email",
        backend_name="default",
        queue_name="default",
        run_after=timezone.now(),
        exception_class_path="",
        traceback="",
    )
    # The domain apps build their own objects on this world (tests/<app>/url_matrix.py).
    base = {
        "actors": {
            "person": person,
            "outsider": outsider,
            "member": member_user,
            "admin": admin_user,
            "owner": owner,
            "staff": totp_staff,
        },
        "verified": verified,
        "pending": pending,
        "suspended": suspended,
        "other": other,
    }
    app_scenarios = {}
    for module in APP_MATRICES:
        built = module.scenarios(base)
        assert not set(built) & set(app_scenarios), f"{module.__name__} repeats scenarios"
        app_scenarios.update(built)
    admin_objects = {}
    for model in admin.site._registry:
        obj = model._default_manager.order_by("pk").first()
        assert obj is not None, f"create a {model._meta.label} in the world fixture"
        admin_objects[model._meta.label] = obj

    actors = {
        "anon": None,
        "person": person,
        "outsider": outsider,
        "member": member_user,
        "admin": admin_user,
        "owner": owner,
        "staff": totp_staff,
    }
    slug = {"slug": verified.slug}
    scenarios = {
        "none": ({}, {}),
        "empty_post": ({}, {}),
        "offer": ({"offer": "learning"}, {}),
        "offer_unknown": ({"offer": "astrology"}, {}),
        "verified": (slug, {}),
        "pending": ({"slug": pending.slug}, {}),
        "suspended": ({"slug": suspended.slug}, {}),
        "missing": ({"slug": "no-such-organisation"}, {}),
        "set_language_post": ({}, {"language": "en", "next": "/about/"}),
        "verified_post_rename": (slug, {"name_el": "Κατάληψη", "name_en": "Hijacked"}),
        "verified_post_invite": (slug, {"email": "new@example.org", "role": "admin"}),
        "verified_post_transfer": (slug, {"new_owner": membership.pk}),
        "foreign_post_transfer": ({"slug": other.slug}, {"new_owner": membership.pk}),
        "verified_post_suspend": (slug, {"action": "suspend", "reason": "Δοκιμή"}),
        "pending_post_verify": (
            {"slug": pending.slug},
            {"action": "verify", "reason": "Αυτο-επαλήθευση"},
        ),
        "membership": ({**slug, "membership_id": membership.pk}, {}),
        "membership_post_role": ({**slug, "membership_id": membership.pk}, {"role": "admin"}),
        "foreign_membership": ({"slug": other.slug, "membership_id": membership.pk}, {}),
        "foreign_membership_post_role": (
            {"slug": other.slug, "membership_id": membership.pk},
            {"role": "admin"},
        ),
        "suspended_membership_post_role": (
            {"slug": suspended.slug, "membership_id": memberships[suspended.slug].pk},
            {"role": "admin"},
        ),
        "owner_membership": ({**slug, "membership_id": owner_membership.pk}, {}),
        "owner_membership_post_role": (
            {**slug, "membership_id": owner_membership.pk},
            {"role": "member"},
        ),
        "invitation": ({**slug, "invitation_id": invitation.pk}, {}),
        "foreign_invitation": ({"slug": other.slug, "invitation_id": invitation.pk}, {}),
        "token": ({"token": token_invitation.token}, {}),
        "token_unknown": ({"token": "no-such-token"}, {}),
        "token_post_accept": ({"token": token_invitation.token}, {"answer": "accept"}),
        "bogus_key": ({"key": "not-a-real-key"}, {}),
        "reset_key": ({"uidb36": "zz", "key": "not-a-real-key"}, {}),
        "view_on_site": (
            {
                "content_type_id": ContentType.objects.get_for_model(Organisation).pk,
                "object_id": verified.pk,
            },
            {},
        ),
        "app_label": ({"app_label": "organizations"}, {}),
        "admin_obj:accounts.User:id": ({"id": admin_objects["accounts.User"].pk}, {}),
    }
    for label, obj in admin_objects.items():
        scenarios[f"admin_obj:{label}"] = ({"object_id": obj.pk}, {})
    clash = set(app_scenarios) & set(scenarios)
    assert not clash, f"app scenarios shadow shared ones: {clash}"
    scenarios.update(app_scenarios)
    return actors, scenarios


def snapshot():
    """Everything a wrongly allowed request could change. (Explicit per-language fields:
    modeltranslation reads "name" in whatever language the last request left active.)"""
    return (
        sorted(Membership.objects.values_list("id", "organisation_id", "user_id", "role")),
        sorted(Invitation.objects.values_list("id", "state", "email", "role")),
        sorted(
            Organisation.objects.values_list(
                "id", "state", "name_el", "name_en", "summary_el", "summary_en", "updated"
            )
        ),
        sorted(User.objects.values_list("id", "email", "first_name", "last_name", "is_active")),
        sorted(EmailAddress.objects.values_list("id", "email", "verified")),
        Authenticator.objects.count(),
        AuditLogEntry.objects.count(),
        [module.snapshot() for module in APP_MATRICES if hasattr(module, "snapshot")],
    )


def url_for(name, row, url_kwargs, language):
    with translation.override(language):
        if row.path:
            return LANGUAGES[language] + row.path.format(**url_kwargs)
        return reverse(name, kwargs=url_kwargs)


def check(response, expected, *, url, language):
    """None when the response is what the matrix says; otherwise the difference."""
    status = response.status_code
    location = response.get("Location", "")
    got = f"{status} {location}".strip()
    with translation.override(language):
        login_url = reverse("account_login")
        admin_login_url = reverse("admin:login")
    if expected == LOGIN:
        query = parse_qs(urlsplit(location).query)
        if status == 302 and location.startswith(login_url) and query.get("next") == [url]:
            return None
        return f"expected sign-in redirect {login_url}?next={url}, got {got}"
    if expected == ADMIN_LOGIN:
        # Where the admin's sign-in leads (sign-in page; 403 for non-staff) is the
        # "admin:login" row's business; here only the first step is checked.
        query = parse_qs(urlsplit(location).query)
        if status == 302 and location.startswith(admin_login_url) and query.get("next") == [url]:
            return None
        return f"expected redirect to {admin_login_url}?next={url}, got {got}"
    if expected == REDIRECT:
        if status in (301, 302) and not location.startswith(login_url):
            return None
        return f"expected a redirect (not to sign in), got {got}"
    if isinstance(expected, To):
        if status == 302:
            try:
                match = resolve(urlsplit(location).path)
            except Resolver404:
                match = None
            if match and match.view_name == expected.url_name:
                return None
        return f"expected redirect to {expected.url_name}, got {got}"
    if status != expected:
        return f"expected {expected}, got {got}"
    return None


def request_as(client, actors, actor, method, url, data):
    client.logout()
    if actors[actor] is not None:
        client.force_login(actors[actor])
    return getattr(client, method)(url, data)


# The generated per-model admin rows are requested in Greek only (the admin is the same code
# for every model; the admin's own pages cover the /en/ prefix), to keep the file fast.
CASES = [
    pytest.param(name, index, language, id=f"{language}-{name}[{index}]")
    for name, rows in MATRIX.items()
    for index in range(len(rows))
    for language in LANGUAGES
    if language == "el" or name not in ADMIN_MODEL_MATRIX
]


@pytest.mark.parametrize(("name", "index", "language"), CASES)
def test_matrix_row(client, world, name, index, language):
    actors, scenarios = world
    row = MATRIX[name][index]
    url_kwargs, data = scenarios[row.scenario]
    url = url_for(name, row, url_kwargs, language)
    failures = []
    for actor in ACTORS:
        expected = row.outcomes[actor]
        before = snapshot()
        # Each actor starts from the same world: an allowed POST is rolled back afterwards.
        with transaction.atomic():
            response = request_as(client, actors, actor, row.method, url, data)
            problem = check(response, expected, url=url, language=language)
            after = snapshot()
            transaction.set_rollback(True)
        if problem:
            failures.append(f"{row.method.upper()} {url} as {actor}: {problem}")
        elif row.method == "post" and (row.unchanged or expected in REFUSALS) and after != before:
            failures.append(f"{row.method.upper()} {url} as {actor}: refused but data changed")
    assert not failures, "\n".join(failures)


# --- Rules that hold across the matrix ------------------------------------------------------


def test_staff_without_an_authenticator_reach_only_the_setup_pages(client, world):
    """Every page but the ones needed to set up two-factor sends such staff to set it up."""
    _actors, scenarios = world
    client.force_login(StaffFactory(is_superuser=True))
    setup = reverse("mfa_activate_totp")
    failures = []
    for name, rows in MATRIX.items():
        row = rows[0]
        url = url_for(name, row, scenarios[row.scenario][0], "el")
        response = client.get(url)
        location = response.get("Location", "")
        if name.split(":")[-1] in StaffTwoFactorMiddleware.ALLOWED_URL_NAMES:
            if location.startswith(setup) and name != "mfa_activate_totp":
                failures.append(f"{url}: sent to set-up although allowed")
        elif not (response.status_code == 302 and location == setup):
            failures.append(f"{url}: {response.status_code} {location}")
    assert not failures, "\n".join(failures)


def test_admin_pages_render_for_a_superuser(client, world, totp_staff, settings, rf):
    """The admin rows above refuse; here every admin page really works with real objects,
    except what a ModelAdmin switches off for everyone (the audit log cannot be deleted)."""
    # The task admin shows each task as its backend sees it; the immediate backend the other
    # tests use cannot describe a queued task.
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    _actors, scenarios = world
    totp_staff.is_superuser = True
    totp_staff.save(update_fields=["is_superuser"])
    client.force_login(totp_staff)
    request = rf.get("/")
    request.user = totp_staff
    switched_off = set()
    for model, model_admin in admin.site._registry.items():
        base = f"admin:{model._meta.app_label}_{model._meta.model_name}"
        if not model_admin.has_add_permission(request):
            switched_off.add(f"{base}_add")
        if not model_admin.has_delete_permission(request):
            switched_off.add(f"{base}_delete")
    wanted_by_name = {
        "admin:logout": 405,
        "admin:autocomplete": 403,
        "admin:login": 302,
        "admin:view_on_site": 302,
        "admin:<unnamed admin/(?P<url>.*)$>": 404,
    }
    failures = []
    for name, rows in MATRIX.items():
        if not name.startswith("admin:"):
            continue
        row = rows[0]
        url = url_for(name, row, scenarios[row.scenario][0], "el")
        status = client.get(url).status_code
        if name in wanted_by_name:
            wanted = wanted_by_name[name]
        elif name.startswith("admin:<unnamed"):
            wanted = 302
        else:
            wanted = 403 if name in switched_off else 200
        if status != wanted:
            failures.append(f"{url}: {status}, expected {wanted}")
    assert not failures, "\n".join(failures)


@pytest.mark.parametrize("language", LANGUAGES)
def test_public_pages_are_served_in_both_languages(client, language):
    prefix = LANGUAGES[language]
    for name, rows in MATRIX.items():
        row = rows[0]
        if row.scenario != "none" or row.outcomes["anon"] != 200 or row.method != "get":
            continue
        url = url_for(name, row, {}, language)
        response = client.get(url)
        assert response.status_code == 200, url
        if response["Content-Type"].startswith("text/html"):
            assert url.startswith(prefix) or name == "robots-txt", url
            assert f'lang="{language}"' in response.content.decode(), url
