"""Who gets what, URL by URL (after pretix's src/tests/control/test_permissions.py).

`test_url_permissions.py` requests every cell of this table, in Greek (/) and English (/en/),
and fails when the resolver knows a URL pattern that has no row here. A new page cannot ship
without saying who may see it; an exemption has to be written down with its reason.

Actors (built by the test's `world` fixture):
  anon      not signed in
  person    signed in, belongs to no organisation (holds a pending invitation to `verified`)
  outsider  owner of *another* verified organisation ("other")
  member    plain member of the organisations concerned (`verified`, `pending`, `suspended`)
  admin     an admin (role "admin", not owner) of the same organisations
  owner     their owner
  staff     hub staff (is_staff, authenticator app set up, no model permissions in the admin)

Outcomes:
  200/403/404/405  that exact status
  LOGIN            302 to the sign-in page (in the page's language) with ?next= this URL
  ADMIN_LOGIN      302 to the admin's sign-in URL with ?next= this URL; the "admin:login" row
                   checks that it sends anonymous people on to sign in and refuses non-staff
  REDIRECT         a redirect anywhere but the sign-in page
  to("url-name")   a redirect to that page

Scenarios (`Row.scenario`) name the objects a URL is built from; see `world` in the test.
A POST row asserts that nothing in the database changed whenever the outcome is a refusal
(LOGIN, ADMIN_LOGIN, 403, 404, 405), or for every actor when `unchanged=True`.
"""

import importlib
from dataclasses import dataclass
from pathlib import Path

from django.contrib import admin

LOGIN = "login"
ADMIN_LOGIN = "admin-login"
REDIRECT = "redirect"
ACTORS = ("anon", "person", "outsider", "member", "admin", "owner", "staff")
REFUSALS = (LOGIN, ADMIN_LOGIN, 403, 404, 405)


@dataclass(frozen=True)
class To:
    url_name: str


def to(url_name: str) -> To:
    return To(url_name)


def expect(default=None, **by_actor) -> dict:
    """Outcome for every actor: `default`, unless named. Missing actors are an error."""
    unknown = set(by_actor) - set(ACTORS)
    assert not unknown, unknown
    outcomes = {actor: by_actor.get(actor, default) for actor in ACTORS}
    assert None not in outcomes.values(), f"no outcome for some actor: {outcomes}"
    return outcomes


@dataclass(frozen=True)
class Row:
    scenario: str
    outcomes: dict
    method: str = "get"
    unchanged: bool = False  # POST: nothing may change whoever sends it
    path: str = ""  # for unnamed patterns: path after the language prefix, with {kwargs}
    note: str = ""


PUBLIC = expect(200)


def signed_in(outcome, anon=LOGIN, **by_actor):
    return expect(outcome, anon=anon, **by_actor)


def get_only_for_signed_in():
    return signed_in(405)


def managers(outcome):
    """The same outcome for the organisation's owner and its admins."""
    return {"admin": outcome, "owner": outcome}


MANAGERS_ONLY = expect(403, anon=LOGIN, **managers(200))
# Pending or suspended organisations: people who may not see them learn nothing (404).
HIDDEN = {"person": 404, "outsider": 404}
STAFF_ONLY = expect(403, anon=LOGIN, staff=200)
MEMBERS_PAGE = to("organizations:organisation-members")
MANAGERS_ACT = {**MANAGERS_ONLY, **managers(MEMBERS_PAGE)}
# "other" is the outsider's own organisation: the outsider passes the organisation check
# and must then be stopped by the object lookup (404), the others by the rule (403).
IDOR = {**MANAGERS_ONLY, **managers(403), "outsider": 404}

MATRIX: dict[str, list[Row]] = {
    # --- core: the public site -------------------------------------------------------------
    "core:home": [Row("none", PUBLIC)],
    "core:about": [Row("none", PUBLIC)],
    "core:contact": [Row("none", PUBLIC)],
    "core:privacy": [Row("none", PUBLIC)],
    "core:terms": [Row("none", PUBLIC)],
    "core:staff-desk": [Row("none", STAFF_ONLY)],
    "core:offer": [Row("offer", PUBLIC), Row("offer_unknown", expect(404))],
    "robots-txt": [Row("none", PUBLIC)],
    "health": [Row("none", PUBLIC)],
    "set_language": [
        Row("none", expect(405)),
        Row("set_language_post", expect(REDIRECT), method="post"),
    ],
    # --- accounts: one's own data only; no URL names another person ------------------------
    "accounts:profile": [Row("none", signed_in(200))],
    "accounts:profile-edit": [
        Row("none", signed_in(200)),
        Row("empty_post", signed_in(200), method="post", unchanged=True, note="form errors"),
    ],
    "accounts:data-export": [
        Row("none", signed_in(200)),
        Row("empty_post", signed_in(200), method="post", note="one's own data, as JSON"),
    ],
    "accounts:account-delete": [
        Row("none", signed_in(200)),
        Row("empty_post", signed_in(200), method="post", unchanged=True, note="no password"),
    ],
    # --- organisations ----------------------------------------------------------------------
    "organizations:directory": [Row("none", PUBLIC)],
    "organizations:organisation-create": [
        Row("none", signed_in(200)),
        Row("empty_post", signed_in(200), method="post", unchanged=True, note="form errors"),
    ],
    "organizations:organisation-detail": [
        Row("verified", PUBLIC),
        Row("pending", expect(200, anon=404, **HIDDEN)),
        Row("suspended", expect(200, anon=404, **HIDDEN)),
        Row("missing", expect(404)),
    ],
    "organizations:organisation-logo": [
        Row("verified", PUBLIC),
        Row("pending", expect(200, anon=404, **HIDDEN)),
    ],
    "organizations:organisation-edit": [
        Row("verified", expect(403, anon=LOGIN, staff=200, **managers(200))),
        Row("pending", expect(403, anon=LOGIN, staff=200, **managers(200), **HIDDEN)),
        Row("missing", signed_in(404)),
        Row(
            "verified_post_rename",
            expect(403, anon=LOGIN, staff=200, **managers(200)),
            method="post",
            unchanged=True,
            note="managers and staff get the form back: the post lacks required fields",
        ),
    ],
    "organizations:organisation-members": [
        Row("verified", expect(403, anon=LOGIN, member=200, staff=200, **managers(200))),
        Row("pending", expect(403, anon=LOGIN, member=200, staff=200, **managers(200), **HIDDEN)),
    ],
    "organizations:member-invite": [
        Row("verified", MANAGERS_ONLY),
        Row("pending", {**MANAGERS_ONLY, **HIDDEN}),
        Row("suspended", {**MANAGERS_ONLY, **HIDDEN, **managers(403)}, note="suspended: no"),
        Row("verified_post_invite", MANAGERS_ACT, method="post"),
    ],
    "organizations:member-role": [
        Row("membership", get_only_for_signed_in()),
        Row("membership_post_role", MANAGERS_ACT, method="post"),
        Row(
            "foreign_membership_post_role",
            IDOR,
            method="post",
            note="IDOR: the membership belongs to 'verified', the URL names 'other'",
        ),
        Row(
            "suspended_membership_post_role",
            {**MANAGERS_ONLY, **HIDDEN, **managers(403)},
            method="post",
        ),
        Row(
            "owner_membership_post_role",
            MANAGERS_ACT,
            method="post",
            unchanged=True,
            note="the owner's role changes only by a transfer: the service says why",
        ),
    ],
    "organizations:member-remove": [
        Row("membership", get_only_for_signed_in()),
        Row("membership", MANAGERS_ACT, method="post"),
        Row("foreign_membership", IDOR, method="post", note="IDOR"),
        Row(
            "owner_membership",
            MANAGERS_ACT,
            method="post",
            unchanged=True,
            note="nobody removes the owner: the service says why",
        ),
    ],
    "organizations:invitation-revoke": [
        Row("invitation", get_only_for_signed_in()),
        Row("invitation", MANAGERS_ACT, method="post"),
        Row("foreign_invitation", IDOR, method="post", note="IDOR"),
    ],
    "organizations:ownership-transfer": [
        Row("verified", get_only_for_signed_in()),
        Row(
            "verified_post_transfer",
            {**MANAGERS_ONLY, "admin": 403, "owner": MEMBERS_PAGE},
            method="post",
            note="only the owner hands over ownership",
        ),
        Row(
            "foreign_post_transfer",
            {**MANAGERS_ONLY, **managers(403), "outsider": MEMBERS_PAGE},
            method="post",
            unchanged=True,
            note="IDOR: the outsider names a member of 'verified' as new owner of 'other'",
        ),
    ],
    "organizations:organisation-leave": [
        Row("verified", get_only_for_signed_in()),
        Row(
            "verified",
            expect(
                403,
                anon=LOGIN,
                member=to("accounts:profile"),
                admin=to("accounts:profile"),
                **HIDDEN,
            ),
            method="post",
            note="the owner must transfer first; people who are not members get 404",
        ),
    ],
    "organizations:invitation-respond": [
        Row("token", signed_in(404, person=200), note="only the invited e-mail sees it"),
        Row("token_unknown", signed_in(404)),
        Row(
            "token_post_accept",
            signed_in(404, person=to("organizations:organisation-detail")),
            method="post",
        ),
    ],
    "organizations:staff-queue": [Row("none", STAFF_ONLY)],
    "organizations:staff-review": [
        Row("verified", STAFF_ONLY),
        Row("pending", {**STAFF_ONLY, **HIDDEN}),
        Row("missing", signed_in(404)),
        Row(
            "verified_post_suspend",
            {**STAFF_ONLY, "staff": to("organizations:staff-review")},
            method="post",
        ),
        Row(
            "pending_post_verify",
            {**STAFF_ONLY, **HIDDEN, "staff": to("organizations:staff-review")},
            method="post",
            note="an organisation's own managers cannot verify it",
        ),
    ],
    # --- django-allauth: public pages ------------------------------------------------------
    "account_login": [Row("none", signed_in(REDIRECT, anon=200), note="signed in: sent on")],
    "account_signup": [Row("none", signed_in(REDIRECT, anon=200))],
    "account_logout": [Row("none", signed_in(200, anon=REDIRECT), note="asks to confirm")],
    "account_inactive": [Row("none", PUBLIC)],
    "account_email_verification_sent": [Row("none", PUBLIC)],
    "account_confirm_email": [Row("bogus_key", PUBLIC, note="shows 'invalid link'")],
    # Sign-in by e-mailed code is switched off: allauth sends everyone back (anonymous people
    # to the start of signing in, without a ?next=).
    "account_confirm_login_code": [Row("none", signed_in(REDIRECT, anon=to("account_login")))],
    "account_reset_password": [Row("none", PUBLIC)],
    "account_reset_password_done": [Row("none", PUBLIC)],
    "account_reset_password_from_key": [Row("reset_key", PUBLIC, note="'invalid link'")],
    "account_reset_password_from_key_done": [Row("none", PUBLIC)],
    # --- django-allauth: signed-in pages ---------------------------------------------------
    "account_email": [Row("none", signed_in(200))],
    "account_change_password": [Row("none", signed_in(200))],
    # Everyone here has a password, so "set password" sends them to "change password".
    "account_set_password": [Row("none", signed_in(to("account_change_password")))],
    "account_reauthenticate": [Row("none", signed_in(200))],
    "mfa_index": [Row("none", signed_in(200))],
    # Only meaningful half-way through a sign-in; otherwise allauth sends the person away.
    "mfa_authenticate": [Row("none", signed_in(REDIRECT, anon=to("account_login")))],
    # Only people with an authenticator have a second factor to re-enter.
    "mfa_reauthenticate": [Row("none", signed_in(REDIRECT, staff=200))],
    # Setting up or removing a factor first asks for the password again (a fresh sign-in).
    "mfa_activate_totp": [Row("none", signed_in(to("account_reauthenticate")))],
    "mfa_deactivate_totp": [
        Row(
            "none",
            signed_in(404, staff=to("account_reauthenticate")),
            note="404: nothing to remove",
        )
    ],
    "mfa_generate_recovery_codes": [Row("none", signed_in(REDIRECT))],
    "mfa_view_recovery_codes": [Row("none", signed_in(404), note="no recovery codes yet")],
    "mfa_download_recovery_codes": [Row("none", signed_in(404))],
}

# --- Django admin ("admin:*") ---------------------------------------------------------------
# One rule for the whole back office: anonymous people go to the sign-in page, signed-in
# people who are not staff are refused (allauth's secure_admin_login raises 403), staff get
# only what their model permissions allow (our staff actor has none: 403 on model pages; a
# superuser sees every page: test_admin_pages_render_for_a_superuser). Rows for each registered
# model are generated from the admin registry, so a new ModelAdmin is covered automatically;
# a custom admin view (ModelAdmin.get_urls) is not, and the walker will ask for its row.
NOT_STAFF = expect(ADMIN_LOGIN, staff=403)


def admin_rows(staff_outcome, scenario="none", **kwargs):
    return [Row(scenario, {**NOT_STAFF, "staff": staff_outcome}, **kwargs)]


ADMIN_SITE_MATRIX = {
    "admin:index": admin_rows(200),
    "admin:login": [
        Row("none", expect(403, anon=LOGIN, staff=to("admin:index")), note="allauth's login")
    ],
    "admin:logout": [
        Row(
            "none",
            expect(to("admin:index"), staff=405),
            note="the admin sends non-staff to its index (and from there to sign in); "
            "staff: logging out takes a POST",
        )
    ],
    "admin:password_change": admin_rows(200, note="staff change their own password"),
    "admin:password_change_done": admin_rows(200),
    "admin:autocomplete": admin_rows(403, note="no field to complete: PermissionDenied"),
    "admin:jsi18n": admin_rows(200),
    "admin:view_on_site": admin_rows(
        to("organizations:organisation-detail"), scenario="view_on_site"
    ),
    "admin:app_list": admin_rows(404, scenario="app_label", note="no permission in the app"),
    "admin:<unnamed admin/(?P<url>.*)$>": admin_rows(
        404,
        path="admin/no-such-page/",
        note="the admin's catch-all; anonymous people cannot probe for URLs",
    ),
}


def _admin_model_matrix():
    rows = {}
    for model in admin.site._registry:
        label = model._meta.label  # "organizations.Organisation"
        base = f"admin:{model._meta.app_label}_{model._meta.model_name}"
        obj = f"admin_obj:{label}"
        rows[f"{base}_changelist"] = admin_rows(403)
        rows[f"{base}_add"] = admin_rows(403)
        for suffix in ("change", "history", "delete"):
            rows[f"{base}_{suffix}"] = admin_rows(403, scenario=obj)
        rows[
            f"admin:<unnamed admin/{model._meta.app_label}/{model._meta.model_name}/"
            "<path:object_id>/>"
        ] = admin_rows(
            REDIRECT,
            scenario=obj,
            path=f"admin/{model._meta.app_label}/{model._meta.model_name}/{{object_id}}/",
            note="old-style object URL: redirects to the change page",
        )
    return rows


ADMIN_MODEL_MATRIX = _admin_model_matrix()
ADMIN_MODEL_MATRIX["admin:auth_user_password_change"] = admin_rows(
    403, scenario="admin_obj:accounts.User:id"
)
# organizations/rules.py names its permissions like Django's model permissions, so the rules
# backend also answers the admin: "view_organisation" and "change_organisation" include
# is_staff, hence staff see and edit organisations there too (nothing else: no add, no delete).
for _suffix in ("changelist", "change", "history"):
    ADMIN_MODEL_MATRIX[f"admin:organizations_organisation_{_suffix}"][0] = Row(
        ADMIN_MODEL_MATRIX[f"admin:organizations_organisation_{_suffix}"][0].scenario,
        {**NOT_STAFF, "staff": 200},
        note="staff may view and change organisations (organizations/rules.py)",
    )

MATRIX.update(ADMIN_SITE_MATRIX)
MATRIX.update(ADMIN_MODEL_MATRIX)

# URL names that the same name points at more than one pattern would hide: reverse() finds
# only one of them, so the other would go untested. None are allowed today.
DUPLICATE_NAMES_ALLOWED: dict[str, str] = {}

# Patterns the matrix does not request, each with its reason. Keep this empty if you can.
EXEMPT: dict[str, str] = {}


def _app_matrices():
    """Each domain app keeps its own rows in tests/<app>/url_matrix.py, which defines
    MATRIX (rows, as above), scenarios(base) -> {name: (url_kwargs, data)} building the app's
    objects from the shared world (see `world` in test_url_permissions.py), and optionally
    snapshot() -> anything a wrongly allowed POST could change in that app."""
    modules = []
    for found in sorted(Path(__file__).parent.glob("*/url_matrix.py")):
        modules.append(importlib.import_module(f"tests.{found.parent.name}.url_matrix"))
    return modules


APP_MATRICES = _app_matrices()
for _module in APP_MATRICES:
    _clash = set(_module.MATRIX) & set(MATRIX)
    assert not _clash, f"{_module.__name__} repeats rows: {_clash}"
    MATRIX.update(_module.MATRIX)

__all__ = [
    "ACTORS",
    "ADMIN_LOGIN",
    "ADMIN_MODEL_MATRIX",
    "APP_MATRICES",
    "EXEMPT",
    "LOGIN",
    "MATRIX",
    "REDIRECT",
    "REFUSALS",
    "Row",
    "To",
]
