"""An informal group applies to an open call of the co-working space; a reviewer scores it.
axe-core finds no serious problem on the pages on the way."""

import re

import pytest

from socialdynamo.space import services
from socialdynamo.space.models import Application, ReviewAssignment
from tests.browser.conftest import assert_accessible
from tests.factories import PASSWORD, StaffFactory
from tests.space.factories import CallFactory, applicant, close, reviewer

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def sign_in(page, base, email):
    page.goto(f"{base}/accounts/login/")
    page.fill("input[name=login]", email)
    page.fill("input[name=password]", PASSWORD)
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_url(re.compile(r".*/me/$"))


def test_an_informal_group_applies_and_a_reviewer_scores(new_page, live_server, tmp_path):
    call = CallFactory(title_el="Πρόσκληση φιλοξενίας 2027", slug="hosting-2027")
    organisation, admin = applicant("informal")
    base = live_server.url

    page = new_page()
    page.goto(f"{base}/space/")
    assert_accessible(page)
    page.click("text=Πρόσκληση φιλοξενίας 2027")
    page.wait_for_url(re.compile(r".*/space/calls/hosting-2027/$"))
    assert_accessible(page)

    sign_in(page, base, admin.email)
    page.goto(f"{base}/space/calls/hosting-2027/apply/")
    page.select_option("select[name=organisation]", str(organisation.pk))
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_url(re.compile(r".*/space/applications/\d+/edit/$"))
    assert_accessible(page)

    elig = call.eligibility_questions.get()
    text_q = call.questions.get(kind="text")
    number_q = call.questions.get(kind="number")
    page.check(f"input[name=e_{elig.pk}][value=yes]")
    page.fill(f"textarea[name=q_{text_q.pk}]", "Εργαστήρι επισκευών για τη γειτονιά")
    page.fill(f"input[name=q_{number_q.pk}]", "15")
    page.fill("input[name=contact_name]", "Ιωάννα Νικολάου")
    page.click("button[value=save]")
    page.wait_for_load_state()
    assert "Αποθηκεύτηκε" in page.content() or "Saved" in page.content()

    requirement = call.documents.get()
    document = tmp_path / "katastatiko.pdf"
    document.write_bytes(b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
    page.set_input_files(f"input[name=d{requirement.pk}-file]", str(document))
    page.locator(f"form[action$='/documents/{requirement.pk}/upload/'] button").click()
    page.wait_for_load_state()
    assert "katastatiko.pdf" in page.content()
    assert page.input_value(f"input[name=q_{number_q.pk}]") == "15"  # nothing lost

    page.click("button[value=submit]")
    page.wait_for_url(re.compile(r".*/space/applications/\d+/$"))
    application = Application.objects.get(call=call, organisation=organisation)
    assert application.status == Application.Status.SUBMITTED
    assert application.reference in page.content()
    assert_accessible(page)

    # Staff screen it and assign reviewers (through the services; their pages are tested
    # elsewhere), then a reviewer scores it in the browser.
    staff = StaffFactory()
    close(call)
    person = reviewer(email="reviewer@example.org")
    call.reviewers.set([person, reviewer()])
    services.screen_application(application=application, user=staff, eligible=True)
    services.assign_reviewers(call=call, user=staff)
    assignment = ReviewAssignment.objects.get(application=application, reviewer=person)

    review = new_page()
    sign_in(review, base, person.email)
    review.goto(f"{base}/space/reviews/")
    assert_accessible(review)
    review.click(f"text={application.reference}")
    review.wait_for_url(re.compile(rf".*/space/reviews/{assignment.pk}/$"))
    assert_accessible(review)
    heavy, light = call.criteria.order_by("position")
    review.fill(f"input[name=points_{heavy.pk}]", "11")  # above the maximum
    review.fill(f"input[name=points_{light.pk}]", "6")
    review.fill("textarea[name=comment]", "Ρεαλιστικό σχέδιο")
    review.click("button[value=complete]")
    review.wait_for_load_state()
    assert review.input_value("textarea[name=comment]") == "Ρεαλιστικό σχέδιο"
    assert review.locator(".errorlist").count() == 1
    assert_accessible(review)
    review.fill(f"input[name=points_{heavy.pk}]", "9")
    review.click("button[value=complete]")
    review.wait_for_load_state()
    assignment.refresh_from_db()
    assert assignment.submitted_at is not None and assignment.scores.count() == 2


def test_staff_pages_of_the_space_are_accessible(new_page, live_server):
    import time

    from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, hotp_value

    from tests.space.factories import complete_application, hosted, score

    secret = "JBSWY3DPEHPK3PXPMFRGGZDFMZTWQ2LK"
    staff = StaffFactory(email="space-staff@example.org")
    TOTP.activate(staff, secret)
    call = CallFactory(slug="staff-2027")
    apps = [complete_application(call) for _ in range(3)]
    close(call)
    call.reviewers.set([reviewer(), reviewer()])
    for application in apps:
        services.screen_application(application=application, user=staff, eligible=True)
    services.assign_reviewers(call=call, user=staff)
    for assignment in ReviewAssignment.objects.all():
        score(assignment, {c.pk: 7 for c in call.criteria.all()})
    hosting = services.select_application(application=apps[0], user=staff)
    hosted()

    base = live_server.url
    page = new_page()
    page.goto(f"{base}/accounts/login/")
    page.fill("input[name=login]", staff.email)
    page.fill("input[name=password]", PASSWORD)
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_url(re.compile(r".*/2fa/authenticate/$"))
    page.fill("input[name=code]", format_hotp_value(hotp_value(secret, int(time.time()) // 30)))
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_url(re.compile(r".*/me/$"))
    for path in (
        "/space/staff/calls/",
        "/space/staff/calls/staff-2027/",
        "/space/staff/calls/staff-2027/ranking/",
        "/space/staff/calls/staff-2027/edit/",
        f"/space/applications/{apps[1].pk}/",
        "/space/staff/hostings/",
        "/space/staff/occupancy/",
        f"/space/hostings/{hosting.pk}/",
        "/space/staff/settings/",
        "/space/staff/calls/new/",
    ):
        page.goto(base + path)
        assert page.locator("h1").count() == 1, path
        assert_accessible(page)


def test_a_hosted_groups_pages_are_accessible(new_page, live_server):
    from tests.space.factories import hosted

    hosting = hosted()
    admin = hosting.organisation.memberships.get().user
    page = new_page(locale="en-GB")
    sign_in(page, live_server.url, admin.email)
    for path in (
        "/en/space/applications/",
        f"/en/space/hostings/{hosting.pk}/",
        f"/en/space/hostings/{hosting.pk}/assessment/start/",
        f"/en/space/hostings/{hosting.pk}/reviews/midterm/",
        f"/en/space/hostings/{hosting.pk}/renewal/",
    ):
        page.goto(live_server.url + path)
        assert page.locator("h1").count() == 1, path
        assert_accessible(page)
