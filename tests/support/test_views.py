"""Pages as people see them: wrong people get 404/403, bad input keeps what was typed."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from socialdynamo.support import services
from socialdynamo.support.models import Engagement, Proposal, Session, SupportRequest
from tests.factories import MembershipFactory, StaffFactory, UserFactory

from .factories import (
    ExpertFactory,
    RequestFactory,
    area,
    engagement,
    group_with_admin,
    held_session,
)

pytestmark = pytest.mark.django_db
State = SupportRequest.State


def test_a_group_admin_asks_for_legal_help(client):
    organisation, owner = group_with_admin()
    client.force_login(owner)
    url = reverse("support:request-create", kwargs={"slug": organisation.slug})
    response = client.post(
        url,
        {
            "area": area("legal").pk,
            "title": "Καταστατικό",
            "goal": "Να γίνουμε σωματείο",
            "urgency": "normal",
            "format": "consultation",
            "language": "el",
        },
    )
    created = SupportRequest.objects.get()
    assert response.status_code == 302 and response["Location"] == created.get_absolute_url()
    assert created.organisation == organisation and created.state == State.SUBMITTED


def test_a_bad_request_form_keeps_what_was_typed(client):
    organisation, owner = group_with_admin()
    client.force_login(owner)
    response = client.post(
        reverse("support:request-create", kwargs={"slug": organisation.slug}),
        {"area": area("legal").pk, "topic": area("finance").topics.first().pk, "title": "Κρατήστε με",
         "goal": "Στόχος", "urgency": "normal", "format": "consultation", "language": "el"},
    )  # fmt: skip
    assert response.status_code == 200
    assert "Κρατήστε με" in response.content.decode()
    assert response.context["form"].errors["topic"]
    assert not SupportRequest.objects.exists()


def test_another_organisations_request_is_not_found(client):
    request = RequestFactory()
    _other, outsider = group_with_admin()
    client.force_login(outsider)
    assert client.get(request.get_absolute_url()).status_code == 404
    member = UserFactory()
    MembershipFactory(organisation=request.organisation, user=member)
    client.force_login(member)
    assert client.get(request.get_absolute_url()).status_code == 404


def test_another_experts_engagement_and_notes_are_not_found(client):
    work = engagement()
    Session.objects.create(
        engagement=work, starts_at=timezone.now() - timedelta(days=1), minutes=60,
        state=Session.State.HELD, notes="Εμπιστευτικές σημειώσεις",
    )  # fmt: skip
    other_expert = ExpertFactory()
    client.force_login(other_expert.user)
    assert client.get(work.get_absolute_url()).status_code == 404
    assert client.get(work.request.get_absolute_url()).status_code == 404
    client.force_login(work.expert.user)
    assert "Εμπιστευτικές σημειώσεις" in client.get(work.get_absolute_url()).content.decode()


def test_an_expert_who_declined_sees_nothing_more(client):
    request = RequestFactory(context="Μυστικό")
    expert = ExpertFactory()
    proposal = services.propose_expert(request=request, expert=expert, user=StaffFactory())
    client.force_login(expert.user)
    page = client.get(reverse("support:proposal-respond", kwargs={"pk": proposal.pk}))
    assert page.status_code == 200
    body = page.content.decode()
    assert "Μυστικό" not in body and request.organisation.name not in body
    client.post(
        reverse("support:proposal-respond", kwargs={"pk": proposal.pk}), {"answer": "decline"}
    )
    proposal.refresh_from_db()
    assert proposal.state == Proposal.State.DECLINED
    assert (
        client.get(reverse("support:proposal-respond", kwargs={"pk": proposal.pk})).status_code
        == 404
    )
    assert client.get(request.get_absolute_url()).status_code == 404


def test_accepting_opens_the_request_to_the_expert(client):
    request = RequestFactory(context="Μυστικό")
    expert = ExpertFactory()
    proposal = services.propose_expert(request=request, expert=expert, user=StaffFactory())
    client.force_login(expert.user)
    response = client.post(
        reverse("support:proposal-respond", kwargs={"pk": proposal.pk}), {"answer": "accept"}
    )
    work = Engagement.objects.get()
    assert response["Location"] == work.get_absolute_url()
    page = client.get(request.get_absolute_url()).content.decode()
    assert "Μυστικό" in page
    # The expert sees the organisation's name but no link to its other requests (403 there).
    others = reverse("support:organisation-requests", kwargs={"slug": request.organisation.slug})
    assert request.organisation.name in page and f'href="{others}"' not in page
    assert client.get(others).status_code == 403


def test_a_closed_request_reopened_by_a_non_staff_user_is_refused_with_the_reason(client):
    organisation, owner = group_with_admin()
    request = RequestFactory(organisation=organisation, state=State.CLOSED, state_reason="Διπλό")
    client.force_login(owner)
    response = client.post(
        reverse("support:request-reopen", kwargs={"pk": request.pk}), follow=True
    )
    assert (
        "Μόνο το προσωπικό" in response.content.decode()
        or "Only the hub" in response.content.decode()
    )
    request.refresh_from_db()
    assert request.state == State.CLOSED and request.state_reason == "Διπλό"


def test_a_session_over_a_day_is_refused_and_the_form_keeps_the_notes(client):
    work = engagement()
    client.force_login(work.expert.user)
    when = timezone.localtime() - timedelta(days=1)
    response = client.post(
        reverse("support:session-create", kwargs={"pk": work.pk}),
        {"starts_at": when.strftime("%Y-%m-%dT%H:%M"), "minutes": 1500, "mode": "online",
         "held": "1", "notes": "Σημειώσεις που μένουν"},
    )  # fmt: skip
    assert response.status_code == 200
    assert response.context["form"].errors["minutes"]
    assert "Σημειώσεις που μένουν" in response.content.decode()
    assert not Session.objects.exists()


def test_a_session_before_the_request_is_refused(client):
    work = engagement()
    client.force_login(work.expert.user)
    before = timezone.localtime(work.request.created) - timedelta(days=5)
    response = client.post(
        reverse("support:session-create", kwargs={"pk": work.pk}),
        {"starts_at": before.strftime("%Y-%m-%dT%H:%M"), "minutes": 60, "mode": "online", "held": "1"},
    )  # fmt: skip
    assert response.context["form"].errors["starts_at"]
    assert not Session.objects.exists()


def test_staff_confirm_an_expert_over_capacity_gets_the_reason(staff_client):
    expert = ExpertFactory(monthly_hours=4)
    engagement(expert=expert)
    request = RequestFactory()
    response = staff_client.post(
        reverse("support:staff-request", kwargs={"pk": request.pk}),
        {"action": "propose", "expert": expert.pk},
        follow=True,
    )
    assert response.status_code == 200
    assert not Proposal.objects.filter(request=request).exists()
    assert list(response.context["messages"])


def test_staff_see_suggestions_with_reasons_and_confirm(staff_client):
    request = RequestFactory()
    expert = ExpertFactory()
    page = staff_client.get(reverse("support:staff-request", kwargs={"pk": request.pk}))
    assert page.context["suggestions"][0]["expert"] == expert
    assert page.context["suggestions"][0]["reasons"]
    staff_client.post(
        reverse("support:staff-request", kwargs={"pk": request.pk}),
        {"action": "propose", "expert": expert.pk},
    )
    assert Proposal.objects.get().expert == expert


def test_matching_plan_page(staff_client):
    RequestFactory()
    ExpertFactory()
    page = staff_client.get(reverse("support:staff-matching"))
    assert page.status_code == 200 and page.context["page_obj"].paginator.count == 1


def test_staff_dashboard_has_a_constant_query_count(staff_client, django_assert_max_num_queries):
    def build(n):
        for _ in range(n):
            work = engagement(expert=ExpertFactory())
            held_session(work)
            RequestFactory()

    build(2)
    url = reverse("support:staff-dashboard")
    staff_client.get(url)
    with django_assert_max_num_queries(20) as few:
        staff_client.get(url)
    build(20)
    with django_assert_max_num_queries(len(few.captured_queries)):
        staff_client.get(url)


def test_organisation_requests_list_has_a_constant_query_count(
    client, django_assert_max_num_queries
):
    organisation, owner = group_with_admin()
    client.force_login(owner)
    url = reverse("support:organisation-requests", kwargs={"slug": organisation.slug})
    RequestFactory(organisation=organisation)
    client.get(url)
    with django_assert_max_num_queries(30) as few:
        client.get(url)
    for _ in range(20):
        RequestFactory(organisation=organisation, expert=ExpertFactory())
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(url)


def test_certificate_shows_the_hours(client):
    work = engagement()
    held_session(work, minutes=150)
    client.force_login(work.expert.user)
    page = client.get(reverse("support:engagement-certificate", kwargs={"pk": work.pk}))
    assert page.status_code == 200 and page.context["hours"] == 2.5


def test_a_professional_applies_and_staff_approve(client, totp_staff):
    person = UserFactory()
    client.force_login(person)
    legal = area("legal")
    response = client.post(
        reverse("support:expert-apply"),
        {"headline": "Δικηγόρος", "bio": "Σωματεία και ΑΜΚΕ", "areas": [legal.pk],
         "topics": [legal.topics.first().pk], "languages": ["el", "en"],
         "formats": ["consultation"], "monthly_hours": 6},
    )  # fmt: skip
    assert response["Location"] == reverse("support:expert-dashboard")
    profile = person.expert_profile
    assert (
        profile.state == "applied"
        and not UserFactory._meta.model.objects.get(pk=person.pk).is_expert
    )
    client.force_login(totp_staff)
    client.post(reverse("support:staff-expert", kwargs={"pk": profile.pk}), {"action": "approve"})
    profile.refresh_from_db()
    person.refresh_from_db()
    assert profile.state == "approved" and person.is_expert


def test_an_application_with_a_sub_topic_of_another_area_keeps_the_form(client):
    client.force_login(UserFactory())
    response = client.post(
        reverse("support:expert-apply"),
        {"headline": "Λογίστρια", "bio": "Κρατήστε το", "areas": [area("legal").pk],
         "topics": [area("finance").topics.first().pk], "languages": ["el"],
         "formats": ["coaching"], "monthly_hours": 6},
    )  # fmt: skip
    assert response.status_code == 200
    assert response.context["form"].errors["topics"]
    assert "Κρατήστε το" in response.content.decode()


def test_staff_decline_without_reason_is_refused_with_the_reason(staff_client):
    request = RequestFactory()
    response = staff_client.post(
        reverse("support:staff-request", kwargs={"pk": request.pk}),
        {"action": "decline", "decide-reason": ""},
    )
    assert response.status_code == 200
    assert response.context["reason_form"].errors
    request.refresh_from_db()
    assert request.state == State.SUBMITTED


def test_the_organisation_withdraws_its_request(client):
    organisation, owner = group_with_admin()
    request = RequestFactory(organisation=organisation)
    client.force_login(owner)
    client.post(reverse("support:request-withdraw", kwargs={"pk": request.pk}))
    request.refresh_from_db()
    assert request.state == State.WITHDRAWN


def test_both_sides_rate_after_completion(client):
    work = engagement()
    held_session(work)
    owner = UserFactory()
    MembershipFactory(organisation=work.organisation, user=owner, role="owner")
    client.force_login(work.expert.user)
    client.post(reverse("support:engagement-complete", kwargs={"pk": work.pk}))
    work.refresh_from_db()
    assert work.state == Engagement.State.COMPLETED
    client.post(reverse("support:engagement-rate", kwargs={"pk": work.pk}), {"stars": "4"})
    client.force_login(owner)
    client.post(reverse("support:engagement-rate", kwargs={"pk": work.pk}), {"stars": "5"})
    assert sorted(work.ratings.values_list("side", "stars")) == [("expert", 4), ("organisation", 5)]
    # A member who is not an administrator sees nothing of it.
    member = UserFactory()
    MembershipFactory(organisation=work.organisation, user=member)
    client.force_login(member)
    assert client.get(work.get_absolute_url()).status_code == 404


def test_my_data_includes_support(client):
    from socialdynamo.core.personal_data import export_sections

    work = engagement()
    held_session(work)
    sections = export_sections(work.expert.user)
    assert sections["expert_profile"]["headline"] == work.expert.headline
    assert len(sections["support_sessions_given"]) == 1


def test_staff_invite_an_expert_by_e_mail(staff_client):
    from django.core import mail

    person = UserFactory(language="en")
    response = staff_client.post(
        reverse("support:expert-invite"), {"email": person.email, "message": "Welcome"}
    )
    assert response["Location"] == reverse("support:staff-experts")
    assert person.expert_profile.state == "invited"
    assert mail.outbox[-1].to == [person.email]
    assert "pro-bono expert" in mail.outbox[-1].subject


def test_the_expert_is_asked_in_their_own_language():
    from django.core import mail

    expert = ExpertFactory()  # Greek
    services.propose_expert(request=RequestFactory(), expert=expert, user=StaffFactory())
    assert mail.outbox[-1].subject.startswith("Μπορείτε να βοηθήσετε;")
    assert (
        reverse("support:proposal-respond", kwargs={"pk": Proposal.objects.get().pk}).split("/")[-2]
        in mail.outbox[-1].body
    )


def test_staff_take_back_an_unanswered_proposal(staff_client):
    request = RequestFactory()
    silent, other = ExpertFactory(), ExpertFactory()
    services.propose_expert(request=request, expert=silent, user=StaffFactory())
    staff_client.post(
        reverse("support:staff-request", kwargs={"pk": request.pk}),
        {"action": "withdraw_proposal"},
    )
    request.refresh_from_db()
    assert request.state == State.TRIAGED
    page = staff_client.get(reverse("support:staff-request", kwargs={"pk": request.pk}))
    assert [s["expert"] for s in page.context["suggestions"]] == [other]


def test_an_expert_gets_a_certificate_of_the_years_hours(client):
    work = engagement()
    held_session(work, minutes=90, days_ago=0)
    client.force_login(work.expert.user)
    page = client.get(reverse("support:expert-certificate"))
    assert page.status_code == 200 and page.context["hours"] == 1.5
    assert page.context["lines"][0]["organisation"] == work.organisation.name
    empty = client.get(reverse("support:expert-certificate") + "?year=2001")
    assert empty["Location"] == reverse("support:expert-dashboard")


def test_a_closed_request_reads_in_correct_greek(client):
    from django.utils import translation

    with translation.override("el"):
        assert str(SupportRequest.State.CLOSED.label) == "Έκλεισε"
    with translation.override("en"):
        assert str(SupportRequest.State.CLOSED.label) == "Closed"
