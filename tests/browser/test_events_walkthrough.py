"""A person finds a seminar in the calendar, registers, sees the confirmation; the organiser
checks them in; they download their certificate. axe-core checks every page on the way."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from socialdynamo.events.models import Registration
from tests.browser.conftest import assert_accessible
from tests.events.factories import EventFactory, QuestionFactory, kind
from tests.factories import PASSWORD, UserFactory, owned_organisation

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def sign_in(page, base, user):
    page.goto(f"{base}/accounts/login/")
    page.fill("input[name=login]", user.email)
    page.fill("input[name=password]", PASSWORD)
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_url(re.compile(r".*/me/$"))


def test_find_register_check_in_and_download_the_certificate(new_page, live_server):
    base = live_server.url
    organisation, organiser = owned_organisation()
    start = timezone.localtime(timezone.now() + timedelta(hours=2)).replace(second=0, microsecond=0)
    event = EventFactory(
        kind=kind("seminar"),
        organisation=organisation,
        title_el="Σεμινάριο διαχείρισης εθελοντών",
        title_en="Seminar on managing volunteers",
        start=start,
        end=start + timedelta(hours=3),
        capacity=10,
    )
    QuestionFactory(event=event, kind="consent", required=True, label_el="Συμφωνώ να φωτογραφηθώ")
    person = UserFactory(first_name="Ελένη", last_name="Μαυροπούλου")

    page = new_page()
    sign_in(page, base, person)
    page.goto(f"{base}/events/calendar/?month={start:%Y-%m}")
    assert_accessible(page)
    page.click("text=Σεμινάριο διαχείρισης εθελοντών")
    page.wait_for_url(re.compile(rf".*/events/{event.slug}/$"))
    assert_accessible(page)
    page.click(f"a[href$='/events/{event.slug}/register/']")
    page.wait_for_url(re.compile(r".*/register/$"))
    assert_accessible(page)
    # A required consent left unticked: a clear message, nothing saved.
    page.locator("main form button[type=submit]").click()
    assert "Αυτό το πεδίο είναι απαραίτητο." in page.content()
    assert not Registration.objects.exists()
    page.check("input[type=checkbox]")
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(re.compile(rf".*/events/{event.slug}/$"))
    assert "η θέση σας είναι επιβεβαιωμένη." in page.content()
    assert_accessible(page)
    assert any(m.to == [person.email] for m in mail.outbox)

    page.goto(f"{base}/events/mine/")
    assert "Σεμινάριο διαχείρισης εθελοντών" in page.content()
    assert_accessible(page)

    # The organiser checks her in from a phone.
    phone = new_page()
    phone.set_viewport_size({"width": 390, "height": 844})
    sign_in(phone, base, organiser)
    phone.goto(f"{base}/events/{event.slug}/check-in/")
    phone.fill("input[name=q]", "μαυροπ")
    phone.locator("form.checkin-search button").click()
    assert_accessible(phone)
    phone.locator(".checkin-list button").first.click()
    phone.wait_for_load_state()
    assert "1 από 1 παρόντες" in phone.content()
    assert Registration.objects.get(person=person).attended

    # She downloads her certificate.
    page.goto(f"{base}/events/{event.slug}/")
    with page.expect_download() as download:
        page.click(f"a[href$='/events/{event.slug}/certificate.pdf']")
    path = download.value.path()
    with open(path, "rb") as handle:
        assert handle.read(4) == b"%PDF"
    code = Registration.objects.get(person=person).certificate_code
    page.goto(f"{base}/events/certificates/verify/?code={code}")
    assert "Ελένη Μαυροπούλου" in page.content()
    assert_accessible(page)
