"""A citizen group asks for legal help, staff confirm the suggested expert, the expert
accepts and logs a session. Every page on the way is checked with axe-core."""

import re
import time
from datetime import timedelta

import pytest
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, hotp_value
from django.utils import timezone

from socialdynamo.support.models import Proposal, Session, SupportRequest
from tests.browser.conftest import assert_accessible
from tests.factories import PASSWORD, StaffFactory, UserFactory
from tests.support.factories import ExpertFactory, ensure_areas, group_with_admin

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SECRET = "JBSWY3DPEHPK3PXPMFRGGZDFMZTWQ2LK"


def sign_in(page, base, email, *, totp=False):
    page.goto(f"{base}/accounts/login/")
    page.fill("input[name=login]", email)
    page.fill("input[name=password]", PASSWORD)
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_load_state()
    if totp:
        page.wait_for_url(re.compile(r".*/2fa/authenticate/$"))
        page.fill("input[name=code]", format_hotp_value(hotp_value(SECRET, int(time.time()) // 30)))
        page.locator("main form button[type=submit]").first.click()
    page.wait_for_url(re.compile(r".*/me/$"))


def test_a_group_asks_for_legal_help_and_an_expert_logs_a_session(new_page, live_server):
    base = live_server.url
    ensure_areas()
    organisation, owner = group_with_admin(name_el="Γειτονιά σε Δράση", slug="geitonia")
    expert = ExpertFactory(
        user=UserFactory(first_name="Ελένη", last_name="Νομικού", is_expert=True)
    )

    # The group's owner asks for help.
    group = new_page()
    sign_in(group, base, owner.email)
    group.goto(f"{base}/support/organisations/{organisation.slug}/requests/new/")
    assert_accessible(group)
    group.select_option("select[name=area]", label="Νομικά θέματα")
    group.fill("input[name=title]", "Θέλουμε να γίνουμε σωματείο")
    group.fill("textarea[name=goal]", "Να μάθουμε τα βήματα της σύστασης.")
    group.select_option("select[name=format]", "consultation")
    group.locator("main form button[type=submit]").first.click()
    group.wait_for_url(re.compile(r".*/support/requests/\d+/$"))
    assert "Θέλουμε να γίνουμε σωματείο" in group.content()
    assert_accessible(group)
    request = SupportRequest.objects.get()
    # Time passes: the request was made yesterday.
    SupportRequest.objects.filter(pk=request.pk).update(created=timezone.now() - timedelta(days=1))

    # Staff see the suggested expert with the reasons and confirm.
    staff = StaffFactory()
    TOTP.activate(staff, SECRET)
    staff_page = new_page()
    sign_in(staff_page, base, staff.email, totp=True)
    staff_page.goto(f"{base}/support/staff/requests/{request.pk}/")
    assert "Ελένη Νομικού" in staff_page.content()
    assert "εργάζεται σε αυτόν τον τομέα" in staff_page.content()
    assert_accessible(staff_page)
    staff_page.click("button[value=propose]")
    staff_page.wait_for_load_state()
    proposal = Proposal.objects.get()
    assert proposal.expert == expert

    # The expert accepts and logs a session that took place.
    expert_page = new_page()
    sign_in(expert_page, base, expert.user.email)
    expert_page.goto(f"{base}/support/expert/")
    assert_accessible(expert_page)
    expert_page.click("text=Θέλουμε να γίνουμε σωματείο")
    expert_page.wait_for_url(re.compile(r".*/support/proposals/\d+/$"))
    assert "Γειτονιά σε Δράση" not in expert_page.content()
    assert_accessible(expert_page)
    expert_page.click("button[value=accept]")
    expert_page.wait_for_url(re.compile(r".*/support/engagements/\d+/$"))
    assert_accessible(expert_page)
    when = timezone.localtime() - timedelta(hours=3)
    expert_page.fill("input[name=starts_at]", when.strftime("%Y-%m-%dT%H:%M"))
    expert_page.fill("input[name=minutes]", "75")
    expert_page.select_option("select[name=mode]", "online")
    expert_page.fill("textarea[name=notes]", "Εξηγήσαμε το καταστατικό.")
    expert_page.click("text=Αποθήκευση συνάντησης")
    expert_page.wait_for_url(re.compile(r".*/support/engagements/\d+/$"))
    session = Session.objects.get()
    assert session.state == Session.State.HELD and session.minutes == 75
    assert "Εξηγήσαμε το καταστατικό." in expert_page.content()
    assert_accessible(expert_page)
