"""The authorisation matrix: every URL, every kind of person. See permissions_matrix.py."""

import contextlib
import io

import pytest
from django.contrib.admin.sites import site as admin_site
from django.core.files.base import ContentFile
from django.urls import NoReverseMatch, URLPattern, URLResolver, get_resolver, reverse
from PIL import Image

from socialdynamo.organizations.models import Invitation, Membership, Organisation
from tests.factories import InvitationFactory, MembershipFactory, UserFactory, owned_organisation
from tests.permissions_matrix import ACTORS, LOGIN, MATRIX, REDIRECT

pytestmark = pytest.mark.django_db


def all_url_names():
    def walk(resolver, namespace=""):
        for pattern in resolver.url_patterns:
            if isinstance(pattern, URLResolver):
                inner = namespace + (f"{pattern.namespace}:" if pattern.namespace else "")
                yield from walk(pattern, inner)
            elif isinstance(pattern, URLPattern):
                yield namespace + (pattern.name or f"<unnamed {pattern.pattern}>")

    return sorted(set(walk(get_resolver())))


def test_every_url_pattern_has_a_row_in_the_matrix():
    missing = [
        name for name in all_url_names() if name not in MATRIX and not name.startswith("admin:")
    ]
    assert not missing, (
        f"URL patterns with no authorisation row in tests/permissions_matrix.py: {missing}"
    )
    stale = [name for name in MATRIX if name not in all_url_names()]
    assert not stale, f"Matrix rows for URLs that no longer exist: {stale}"


def logo_file():
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), (0, 0, 0)).save(buffer, "PNG")
    return ContentFile(buffer.getvalue(), name="logo.png")


@pytest.fixture
def world(totp_staff):
    admin_user = UserFactory()
    member_user = UserFactory()
    person = UserFactory()
    verified, _ = owned_organisation(owner=admin_user)
    pending, _ = owned_organisation(owner=admin_user, state="pending")
    for organisation in (verified, pending):
        organisation.logo.save("logo.png", logo_file())
        MembershipFactory(organisation=organisation, user=member_user)
    _, outsider = owned_organisation()
    membership = Membership.objects.get(organisation=verified, user=member_user)
    invitation = InvitationFactory(organisation=verified)
    token_invitation = InvitationFactory(organisation=verified, email=person.email)
    actors = {
        "anon": None,
        "person": person,
        "outsider": outsider,
        "member": member_user,
        "admin": admin_user,
        "staff": totp_staff,
    }
    kwargs = {
        "none": ({}, {}),
        "offer": ({"offer": "learning"}, {}),
        "offer_unknown": ({"offer": "astrology"}, {}),
        "verified": ({"slug": verified.slug}, {}),
        "pending": ({"slug": pending.slug}, {}),
        "missing": ({"slug": "no-such-organisation"}, {}),
        "verified_post_invite": (
            {"slug": verified.slug},
            {"email": "new@example.org", "role": "admin"},
        ),
        "verified_post_transfer": ({"slug": verified.slug}, {"new_owner": membership.pk}),
        "verified_post_suspend": (
            {"slug": verified.slug},
            {"action": "suspend", "reason": "Δοκιμή"},
        ),
        "membership": ({"slug": verified.slug, "membership_id": membership.pk}, {}),
        "membership_post_role": (
            {"slug": verified.slug, "membership_id": membership.pk},
            {"role": "admin"},
        ),
        "invitation": ({"slug": verified.slug, "invitation_id": invitation.pk}, {}),
        "token": ({"token": token_invitation.token}, {}),
        "token_post_accept": ({"token": token_invitation.token}, {"answer": "accept"}),
        "bogus_key": ({"key": "not-a-real-key"}, {}),
        "reset_key": ({"uidb36": "zz", "key": "not-a-real-key"}, {}),
    }
    return actors, kwargs


def snapshot():
    return (
        sorted(Membership.objects.values_list("id", "organisation_id", "user_id", "role")),
        sorted(Invitation.objects.values_list("id", "state")),
        sorted(Organisation.objects.values_list("id", "state")),
    )


def check(response, expected, where):
    status = response.status_code
    location = response.get("Location", "")
    if expected == LOGIN:
        assert status == 302 and "/accounts/login/" in location, f"{where}: {status} {location}"
    elif expected == REDIRECT:
        assert status in (301, 302) and "/accounts/login/" not in location, (
            f"{where}: {status} {location}"
        )
    elif expected == "not-200":
        assert status != 200, where
    else:
        assert status == expected, f"{where}: expected {expected}, got {status} {location}"


CASES = [
    (name, index, actor)
    for name, rows in MATRIX.items()
    for index, (_key, outcomes, _method) in enumerate(rows)
    for actor in ACTORS
    if outcomes[actor] != "skip"
]


@pytest.mark.parametrize(
    ("name", "index", "actor"), CASES, ids=[f"{n}[{i}]-{a}" for n, i, a in CASES]
)
def test_matrix_cell(client, world, name, index, actor):
    actors, kwargs = world
    key, outcomes, method = MATRIX[name][index]
    url_kwargs, data = kwargs[key]
    if actors[actor] is not None:
        client.force_login(actors[actor])
    url = reverse(name, kwargs=url_kwargs)
    before = snapshot()
    response = getattr(client, method)(url, data)
    check(response, outcomes[actor], f"{method.upper()} {url} as {actor}")
    if method == "post":
        assert snapshot() == before, f"POST {url} as {actor} changed data"


@pytest.mark.parametrize("prefix", ["", "/en"])
@pytest.mark.parametrize(
    "path", ["/", "/about/", "/organisations/", "/accounts/login/", "/privacy/"]
)
def test_public_pages_in_both_languages(client, prefix, path):
    response = client.get(prefix + path)
    assert response.status_code == 200
    assert f'lang="{prefix[1:] or "el"}"' in response.content.decode()


def admin_urls(world_objects):
    """Every admin URL reversible with real objects."""
    urls = []
    for name in all_url_names():
        if name.startswith("admin:") and name not in ("admin:logout",):
            with contextlib.suppress(NoReverseMatch):  # needs arguments: covered per model below
                urls.append(reverse(name))
    for model, _model_admin in admin_site._registry.items():
        meta = model._meta
        base = f"admin:{meta.app_label}_{meta.model_name}"
        urls.append(reverse(f"{base}_changelist"))
        urls.append(reverse(f"{base}_add"))
        obj = model._default_manager.first()
        if obj is not None:
            for suffix in ("change", "history", "delete"):
                urls.append(reverse(f"{base}_{suffix}", args=[obj.pk]))
    return urls


def test_admin_pages_are_for_staff_only(client, world, totp_staff):
    actors, _ = world
    urls = admin_urls(world)
    assert len(urls) > 10
    for url in urls:
        client.logout()
        response = client.get(url, follow=True)
        assert response.redirect_chain, f"GET {url} as anon was not redirected"
        check(response, 200, f"GET {url} as anon (ends on the sign-in page)")
        assert "/accounts/login/" in response.redirect_chain[-1][0], url
        client.force_login(actors["person"])
        check(client.get(url, follow=True), "not-200", f"GET {url} as person")
    totp_staff.is_superuser = True
    totp_staff.save()
    client.force_login(totp_staff)
    for url in urls:
        assert client.get(url).status_code in (200, 302, 403), url
