"""A newcomer signs up, registers an informal group, staff verify it, the public finds it."""

import re
import time

import pytest
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, hotp_value
from django.core import mail

from socialdynamo.organizations.models import Organisation
from tests.browser.conftest import assert_accessible
from tests.factories import PASSWORD, OrganisationFactory, StaffFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SECRET = "JBSWY3DPEHPK3PXPMFRGGZDFMZTWQ2LK"


def submit(page):
    page.locator("main form button[type=submit]").first.click()


def test_sign_up_register_a_group_verify_it_and_find_it(new_page, live_server):
    page = new_page()
    page.goto(f"{live_server.url}/accounts/signup/")
    page.fill("input[name=email]", "newcomer@example.org")
    page.fill("input[name=password1]", "gardens-of-kypseli-2026")
    page.fill("input[name=password2]", "gardens-of-kypseli-2026")
    page.fill("input[name=first_name]", "Ιωάννα")
    page.fill("input[name=last_name]", "Νικολάου")
    page.select_option("select[name=language]", "el")
    page.check("input[name=privacy_consent]")
    submit(page)
    page.wait_for_url(re.compile(r".*/accounts/confirm-email/$"))

    assert len(mail.outbox) == 1
    link = re.search(
        r"https?://[^/\s]+(/\S*accounts/confirm-email/\S+/)", mail.outbox[0].body
    ).group(1)
    page.goto(live_server.url + link)
    submit(page)
    page.wait_for_url(re.compile(r".*/me/$"))
    assert "Ιωάννα" in page.content()

    page.goto(f"{live_server.url}/organisations/new/")
    page.fill("input[name=name_el]", "Κήποι της Κυψέλης")
    page.fill("input[name=name_en]", "Kypseli Gardens")
    page.select_option("select[name=kind]", "informal")
    page.fill("input[name=summary_el]", "Φυτεύουμε μαζί στις αυλές της γειτονιάς")
    page.fill("input[name=summary_en]", "We plant together in the neighbourhood's yards")
    submit(page)
    page.wait_for_url(re.compile(r".*/organisations/kypseli-gardens/$"))
    organisation = Organisation.objects.get(slug="kypseli-gardens")
    assert organisation.state == "pending"

    # Staff sign in with their second factor and verify the group.
    staff = StaffFactory(email="staff@example.org")
    TOTP.activate(staff, SECRET)
    staff_page = new_page()
    staff_page.goto(f"{live_server.url}/accounts/login/")
    staff_page.fill("input[name=login]", staff.email)
    staff_page.fill("input[name=password]", PASSWORD)
    submit(staff_page)
    staff_page.wait_for_load_state()
    staff_page.wait_for_url(re.compile(r".*/2fa/authenticate/$"))
    staff_page.fill(
        "input[name=code]", format_hotp_value(hotp_value(SECRET, int(time.time()) // 30))
    )
    submit(staff_page)
    staff_page.wait_for_url(re.compile(r".*/me/$"))
    staff_page.goto(f"{live_server.url}/organisations/staff/verification/")
    staff_page.click("text=Κήποι της Κυψέλης")
    staff_page.click("button[value=verify]")
    staff_page.wait_for_load_state()
    organisation.refresh_from_db()
    assert organisation.state == "verified"

    # The public finds it, in Greek without accents and in English.
    visitor = new_page()
    visitor.goto(f"{live_server.url}/organisations/?q=κηποι+κυψελησ")
    assert visitor.locator(".directory-list").get_by_text("Κήποι της Κυψέλης").is_visible()
    visitor.goto(f"{live_server.url}/en/organisations/?q=kypseli")
    assert visitor.locator(".directory-list").get_by_text("Kypseli Gardens").is_visible()
    assert visitor.locator("html").get_attribute("lang") == "en"


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/en/",
        "/organisations/",
        "/en/organisations/",
        "ORG",
        "/accounts/signup/",
        "/accounts/login/",
        "/en/accounts/login/",
    ],
)
def test_key_pages_have_no_serious_accessibility_problems(new_page, live_server, path):
    organisation = OrganisationFactory(
        name_el="Πράσινη Αθήνα", name_en="Green Athens", slug="green-athens"
    )
    if path == "ORG":
        path = organisation.get_absolute_url()
    page = new_page()
    page.goto(live_server.url + path)
    assert_accessible(page)
