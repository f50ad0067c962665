import re

import pytest
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, hotp_value
from django.core import mail

from socialdynamo.accounts.models import User
from tests.factories import PASSWORD, StaffFactory, UserFactory

pytestmark = pytest.mark.django_db

GOOD_PASSWORD = "kypseli-gardens-2026!"


def signup_data(**overrides):
    data = {
        "email": "eleni@example.org",
        "password1": GOOD_PASSWORD,
        "password2": GOOD_PASSWORD,
        "first_name": "Ελένη",
        "last_name": "Παππά",
        "language": "en",
        "privacy_consent": "on",
    }
    data.update(overrides)
    return data


def test_signup_verifies_the_email_in_the_chosen_language_then_signs_in(client):
    response = client.post("/accounts/signup/", signup_data())
    assert response.status_code == 302
    user = User.objects.get(email="eleni@example.org")
    assert (user.first_name, user.language) == ("Ελένη", "en")
    assert user.privacy_consent_at is not None
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["eleni@example.org"]
    assert "Please Confirm Your Email Address" in message.subject  # allauth's English text
    # Not usable before verifying: signing in lands on "verification sent".
    client.logout()
    response = client.post(
        "/accounts/login/", {"login": "eleni@example.org", "password": GOOD_PASSWORD}
    )
    assert response.status_code == 302 and "confirm-email" in response["Location"]
    assert "_auth_user_id" not in client.session
    link = re.search(
        r"https?://[^/\s]+(/\S*/accounts/confirm-email/\S+/|/accounts/confirm-email/\S+/)",
        message.body,
    )
    assert link, message.body
    path = link.group(1)
    assert client.get(path).status_code == 200
    response = client.post(path)
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"privacy_consent": ""}, "privacy_consent"),
        ({"password1": "short-pw-11", "password2": "short-pw-11"}, "password1"),
        ({"password1": "password1234", "password2": "password1234"}, "password1"),
        ({"first_name": "Α" * 5000}, "first_name"),
    ],
)
def test_bad_signup_keeps_what_was_typed_and_creates_nobody(client, overrides, field):
    response = client.post("/accounts/signup/", signup_data(**overrides))
    assert response.status_code == 200
    assert field in response.context["form"].errors
    html = response.content.decode()
    assert 'value="eleni@example.org"' in html
    assert "Παππά" in html
    assert not User.objects.exists()


def test_an_email_already_taken_is_refused_whatever_its_case(client):
    UserFactory(email="taken@example.org")
    response = client.post("/accounts/signup/", signup_data(email="Taken@Example.org"))
    assert response.status_code == 200
    assert "email" in response.context["form"].errors
    assert User.objects.filter(email__iexact="taken@example.org").count() == 1


def test_markup_in_a_name_is_shown_escaped(client):
    user = UserFactory(first_name="<script>alert(1)</script>")
    client.force_login(user)
    html = client.get("/me/").content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;" in html


def test_failed_logins_are_limited_per_account(client, settings):
    settings.ACCOUNT_RATE_LIMITS = {"login_failed": "10/m/ip,5/5m/key"}
    user = UserFactory(email="target@example.org")
    for _ in range(5):
        response = client.post(
            "/en/accounts/login/", {"login": user.email, "password": "wrong-password-123"}
        )
        assert response.status_code == 200
    response = client.post("/en/accounts/login/", {"login": user.email, "password": PASSWORD})
    assert response.status_code == 200  # refused even with the right password
    assert "_auth_user_id" not in client.session
    assert "Too many failed login attempts" in response.content.decode()
    # Another account from the same address still works (below the address limit).
    other = UserFactory()
    response = client.post("/accounts/login/", {"login": other.email, "password": PASSWORD})
    assert response.status_code == 302


def test_failed_logins_are_limited_per_address(client, settings):
    settings.ACCOUNT_RATE_LIMITS = {"login_failed": "3/m/ip,50/5m/key"}
    users = [UserFactory() for _ in range(4)]
    for user in users[:3]:
        client.post("/accounts/login/", {"login": user.email, "password": "wrong-password-123"})
    response = client.post("/accounts/login/", {"login": users[3].email, "password": PASSWORD})
    assert "_auth_user_id" not in client.session
    assert response.status_code in (200, 429)


def test_logout_ends_the_session(client):
    user = UserFactory()
    client.post("/accounts/login/", {"login": user.email, "password": PASSWORD})
    old_key = client.session.session_key
    assert client.get("/me/").status_code == 200
    client.post("/accounts/logout/")
    from django.contrib.sessions.models import Session

    assert not Session.objects.filter(session_key=old_key).exists()
    response = client.get("/me/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_idle_session_is_signed_out(client, settings):
    user = UserFactory()
    client.force_login(user)
    assert client.get("/me/").status_code == 200
    session = client.session
    session["_sd_last_seen"] = session["_sd_last_seen"] - settings.SESSION_IDLE_SECONDS - 5
    session.save()
    response = client.get("/me/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_an_active_session_still_ends_after_its_whole_life(client, settings):
    settings.SESSION_COOKIE_AGE = 3600
    client.force_login(UserFactory())
    assert client.get("/me/").status_code == 200
    session = client.session
    session["_sd_started"] -= 3600 + 5  # began over an hour ago, used a minute ago
    session["_sd_last_seen"] -= 60
    session.save()
    response = client.get("/me/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    page = client.get(response["Location"]).content.decode()
    assert "Η συνεδρία σας έληξε" in page


def test_non_staff_are_never_forced_to_set_up_two_factor(client):
    client.force_login(UserFactory())
    assert client.get("/organisations/").status_code == 200


def test_staff_without_authenticator_go_to_setup_but_can_sign_out(client):
    staff = StaffFactory()
    client.force_login(staff)
    for path in ["/organisations/", "/admin/", "/me/"]:
        response = client.get(path)
        assert (
            response.status_code == 302 and "/accounts/2fa/totp/activate/" in response["Location"]
        ), path
    # The set-up page is reachable (allauth first asks to confirm the password).
    response = client.get("/accounts/2fa/totp/activate/")
    assert response.status_code == 200 or "/accounts/reauthenticate/" in response["Location"]
    assert client.get(response.get("Location", "/accounts/2fa/totp/activate/")).status_code == 200
    assert client.post("/accounts/logout/").status_code == 302


def test_staff_with_authenticator_sign_in_with_a_code(client):
    import time

    staff = StaffFactory(email="staff@example.org")
    secret = "JBSWY3DPEHPK3PXPMFRGGZDFMZTWQ2LK"
    TOTP.activate(staff, secret)
    response = client.post("/accounts/login/", {"login": staff.email, "password": PASSWORD})
    assert response.status_code == 302 and "/2fa/authenticate" in response["Location"]
    assert "_auth_user_id" not in client.session
    code = format_hotp_value(hotp_value(secret, int(time.time()) // 30))
    response = client.post(response["Location"], {"code": code})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(staff.pk)
    assert client.get("/organisations/staff/verification/").status_code == 200


def test_admin_login_goes_through_the_site_login(client):
    response = client.get("/admin/", follow=True)
    assert response.redirect_chain[-1][0] == "/accounts/login/?next=%2Fadmin%2F"
    assert 'name="login"' in response.content.decode()
    client.force_login(UserFactory())
    assert client.get("/admin/", follow=True).status_code == 403


@pytest.mark.parametrize("prefix", ["", "/en"])
@pytest.mark.parametrize(
    "path", ["/accounts/signup/", "/accounts/login/", "/accounts/password/reset/"]
)
def test_account_pages_use_the_site_layout(client, prefix, path):
    response = client.get(prefix + path)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="main"' in html and 'class="skip-link"' in html
    assert f'lang="{"en" if prefix else "el"}"' in html


@pytest.mark.parametrize(
    "path", ["/accounts/password/change/", "/accounts/email/", "/accounts/2fa/"]
)
def test_signed_in_account_pages_render(client, path):
    client.force_login(UserFactory())
    response = client.get(path)
    assert response.status_code == 200
    assert 'id="main"' in response.content.decode()


def test_password_reset_sets_a_new_password(client):
    user = UserFactory(email="forgot@example.org")
    client.post("/accounts/password/reset/", {"email": "forgot@example.org"})
    assert len(mail.outbox) == 1
    link = re.search(r"https?://[^/\s]+(/\S*password/reset/key/\S+/)", mail.outbox[0].body).group(1)
    response = client.get(link)
    assert response.status_code == 302
    new = "a-much-longer-new-password-7"
    response = client.post(response["Location"], {"password1": new, "password2": new})
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password(new)
