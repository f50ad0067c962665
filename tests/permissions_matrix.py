"""Who gets what, URL by URL. `test_url_permissions.py` checks every cell and fails when a
URL pattern has no row here, so a new page cannot ship without saying who may see it.

Outcomes: an HTTP status (200, 403, 404, 405) or LOGIN (redirect to the sign-in page) or
REDIRECT (a redirect elsewhere, e.g. allauth sending a signed-in person away from sign-up).
Actors: anon (not signed in), person (signed in, no organisation), outsider (member of
another organisation), member (plain member of the organisation concerned), admin (its
owner), staff (hub staff with two-factor set up).
"""

LOGIN = "login"
REDIRECT = "redirect"
ACTORS = ("anon", "person", "outsider", "member", "admin", "staff")


def everyone(outcome):
    return dict.fromkeys(ACTORS, outcome)


def signed_in(outcome, anon=LOGIN):
    return {"anon": anon, **dict.fromkeys(ACTORS[1:], outcome)}


def only(allowed: dict, others):
    return {actor: allowed.get(actor, others) for actor in ACTORS}


PUBLIC = everyone(200)
ORG_ADMIN_ONLY = {
    "anon": LOGIN,
    "person": 403,
    "outsider": 403,
    "member": 403,
    "admin": 200,
    "staff": 403,
}
STAFF_ONLY = {
    "anon": LOGIN,
    "person": 403,
    "outsider": 403,
    "member": 403,
    "admin": 403,
    "staff": 200,
}
POST_ONLY = signed_in(405)

# name -> list of (kwargs key, expected outcomes by actor, method)
# kwargs keys are built by the test's scenario fixture.
MATRIX = {
    "core:home": [("none", PUBLIC, "get")],
    "core:about": [("none", PUBLIC, "get")],
    "core:contact": [("none", PUBLIC, "get")],
    "core:privacy": [("none", PUBLIC, "get")],
    "core:terms": [("none", PUBLIC, "get")],
    "core:offer": [("offer", PUBLIC, "get"), ("offer_unknown", everyone(404), "get")],
    "robots-txt": [("none", PUBLIC, "get")],
    "set_language": [("none", everyone(405), "get")],
    "accounts:profile": [("none", signed_in(200), "get")],
    "accounts:profile-edit": [("none", signed_in(200), "get")],
    "accounts:data-export": [("none", signed_in(200), "get")],
    "accounts:account-delete": [("none", signed_in(200), "get")],
    "organizations:directory": [("none", PUBLIC, "get")],
    "organizations:organisation-create": [("none", signed_in(200), "get")],
    "organizations:organisation-detail": [
        ("verified", PUBLIC, "get"),
        (
            "pending",
            {
                "anon": 404,
                "person": 404,
                "outsider": 404,
                "member": 200,
                "admin": 200,
                "staff": 200,
            },
            "get",
        ),
        ("missing", everyone(404), "get"),
    ],
    "organizations:organisation-logo": [
        ("verified", PUBLIC, "get"),
        (
            "pending",
            {
                "anon": 404,
                "person": 404,
                "outsider": 404,
                "member": 200,
                "admin": 200,
                "staff": 200,
            },
            "get",
        ),
    ],
    "organizations:organisation-edit": [
        (
            "verified",
            {
                "anon": LOGIN,
                "person": 403,
                "outsider": 403,
                "member": 403,
                "admin": 200,
                "staff": 200,
            },
            "get",
        ),
        (
            "pending",
            {
                "anon": LOGIN,
                "person": 404,
                "outsider": 404,
                "member": 403,
                "admin": 200,
                "staff": 200,
            },
            "get",
        ),
    ],
    "organizations:organisation-members": [
        (
            "verified",
            {
                "anon": LOGIN,
                "person": 403,
                "outsider": 403,
                "member": 200,
                "admin": 200,
                "staff": 200,
            },
            "get",
        ),
        (
            "pending",
            {
                "anon": LOGIN,
                "person": 404,
                "outsider": 404,
                "member": 200,
                "admin": 200,
                "staff": 200,
            },
            "get",
        ),
    ],
    "organizations:member-invite": [
        ("verified", ORG_ADMIN_ONLY, "get"),
        ("pending", {**ORG_ADMIN_ONLY, "person": 404, "outsider": 404}, "get"),
        ("verified_post_invite", {**ORG_ADMIN_ONLY, "admin": "skip"}, "post"),
    ],
    "organizations:member-role": [
        ("membership", POST_ONLY, "get"),
        ("membership_post_role", {**ORG_ADMIN_ONLY, "admin": "skip"}, "post"),
    ],
    "organizations:member-remove": [
        ("membership", POST_ONLY, "get"),
        ("membership", {**ORG_ADMIN_ONLY, "admin": "skip", "member": 403}, "post"),
    ],
    "organizations:invitation-revoke": [
        ("invitation", POST_ONLY, "get"),
        ("invitation", {**ORG_ADMIN_ONLY, "admin": "skip"}, "post"),
    ],
    "organizations:ownership-transfer": [
        ("verified", POST_ONLY, "get"),
        ("verified_post_transfer", {**ORG_ADMIN_ONLY, "admin": "skip"}, "post"),
    ],
    "organizations:organisation-leave": [
        ("verified", POST_ONLY, "get"),
        (
            "verified",
            {
                "anon": LOGIN,
                "person": 404,
                "outsider": 404,
                "member": "skip",
                "admin": 403,
                "staff": 403,
            },
            "post",
        ),
    ],
    "organizations:invitation-respond": [
        (
            "token",
            {
                "anon": LOGIN,
                "person": 200,
                "outsider": 404,
                "member": 404,
                "admin": 404,
                "staff": 404,
            },
            "get",
        ),
        (
            "token_post_accept",
            {
                "anon": LOGIN,
                "person": "skip",
                "outsider": 404,
                "member": 404,
                "admin": 404,
                "staff": 404,
            },
            "post",
        ),
    ],
    "organizations:staff-queue": [("none", STAFF_ONLY, "get")],
    "organizations:staff-review": [
        ("verified", STAFF_ONLY, "get"),
        ("verified_post_suspend", STAFF_ONLY | {"staff": "skip"}, "post"),
    ],
    # django-allauth
    "account_login": [("none", signed_in(REDIRECT, anon=200), "get")],
    "account_signup": [("none", signed_in(REDIRECT, anon=200), "get")],
    "account_logout": [("none", signed_in(200, anon=REDIRECT), "get")],
    "account_change_password": [("none", signed_in(200), "get")],
    "account_set_password": [("none", signed_in(REDIRECT), "get")],
    "account_email": [("none", signed_in(200), "get")],
    "account_email_verification_sent": [("none", PUBLIC, "get")],
    "account_confirm_email": [("bogus_key", PUBLIC, "get")],
    # Sign-in by code is switched off: allauth sends everyone back.
    "account_confirm_login_code": [("none", signed_in(REDIRECT), "get")],
    "account_inactive": [("none", PUBLIC, "get")],
    "account_reauthenticate": [("none", signed_in(200), "get")],
    "account_reset_password": [("none", PUBLIC, "get")],
    "account_reset_password_done": [("none", PUBLIC, "get")],
    "account_reset_password_from_key": [("reset_key", PUBLIC, "get")],
    "account_reset_password_from_key_done": [("none", PUBLIC, "get")],
    "mfa_index": [("none", signed_in(200), "get")],
    # Only meaningful half-way through a sign-in; otherwise allauth sends the person away.
    "mfa_authenticate": [("none", signed_in(REDIRECT), "get")],
    "mfa_reauthenticate": [("none", signed_in(REDIRECT) | {"staff": 200}, "get")],
    "mfa_activate_totp": [("none", signed_in(REDIRECT) | {"staff": REDIRECT}, "get")],
    # 404 for people with no authenticator / no recovery codes: nothing to show.
    "mfa_deactivate_totp": [("none", signed_in(404) | {"staff": REDIRECT}, "get")],
    "mfa_generate_recovery_codes": [("none", signed_in(REDIRECT), "get")],
    "mfa_view_recovery_codes": [("none", signed_in(404), "get")],
    "mfa_download_recovery_codes": [("none", signed_in(404), "get")],
}

# Every Django admin page ("admin:*"): anonymous people end on the sign-in page, signed-in
# people who are not staff never get a page, staff do. test_admin_pages_are_for_staff_only
# reverses each admin URL with real objects and checks exactly that.
