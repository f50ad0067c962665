"""The request state machine, proposals, sessions and hours: what the services allow and refuse."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from socialdynamo.core.models import AuditLogEntry
from socialdynamo.support import services
from socialdynamo.support.models import (
    Engagement,
    ExpertProfile,
    Format,
    Proposal,
    Review,
    Session,
    SupportRequest,
)
from socialdynamo.support.services import SupportError
from tests.factories import StaffFactory, UserFactory

from .factories import (
    ExpertFactory,
    RequestFactory,
    area,
    engagement,
    group_with_admin,
    held_session,
    topic,
)

pytestmark = pytest.mark.django_db
State = SupportRequest.State


@pytest.fixture(autouse=True)
def _in_english():
    """Messages are matched in English here; test_error_messages_are_translated checks Greek."""
    from django.utils import translation

    with translation.override("en"):
        yield


def request_data(**overrides):
    data = {
        "area": area("legal"),
        "topic": topic("legal", "legal-form"),
        "title": "Σύσταση σωματείου",
        "goal": "Να γίνουμε σωματείο μέσα στο έτος.",
        "context": "",
        "urgency": "normal",
        "format": Format.CONSULTATION,
        "language": "el",
        "availability": "Απογεύματα",
    }
    data.update(overrides)
    return data


def test_submit_triage_propose_accept_complete_rate():
    organisation, owner = group_with_admin()
    staff = StaffFactory()
    expert = ExpertFactory(topics=[topic("legal", "legal-form")])
    request = services.submit_request(organisation=organisation, user=owner, data=request_data())
    assert request.state == State.SUBMITTED
    SupportRequest.objects.filter(pk=request.pk).update(created=timezone.now() - timedelta(days=2))
    services.triage_request(request=request, user=staff)
    proposal = services.propose_expert(request=request, expert=expert, user=staff)
    request.refresh_from_db()
    assert request.state == State.MATCHED
    assert proposal.score > 0 and {r["code"] for r in proposal.reasons} >= {"area", "topic"}
    assert mail.outbox[-1].to == [expert.user.email]
    work = services.accept_proposal(proposal=proposal, user=expert.user)
    request.refresh_from_db()
    assert request.state == State.IN_PROGRESS and request.expert == expert
    assert mail.outbox[-1].to == [owner.email]
    services.add_session(
        engagement=work,
        user=expert.user,
        starts_at=timezone.now() - timedelta(hours=2),
        minutes=90,
        mode=Session.Mode.ONLINE,
        notes="Καταστατικό",
        held=True,
    )
    assert services.hours_of(work) == 1.5
    work = services.complete_engagement(engagement=work, user=expert.user)
    request.refresh_from_db()
    assert request.state == State.COMPLETED
    services.rate_outcome(engagement=work, user=owner, side="organisation", stars=5)
    services.rate_outcome(engagement=work, user=expert.user, side="expert", stars=4)
    with pytest.raises(SupportError, match="already rated"):
        services.rate_outcome(engagement=work, user=owner, side="organisation", stars=1)
    actions = set(AuditLogEntry.objects.values_list("action", flat=True))
    assert {"support.request.submitted", "support.request.triaged", "support.request.matched",
            "support.request.accepted", "support.request.completed"} <= actions  # fmt: skip


def test_topic_from_another_area_is_refused_and_nothing_is_saved():
    organisation, owner = group_with_admin()
    with pytest.raises(SupportError) as error:
        services.submit_request(
            organisation=organisation,
            user=owner,
            data=request_data(topic=topic("fundraising", "grants")),
        )
    assert error.value.field == "topic"
    assert not SupportRequest.objects.exists()


def test_an_organisation_cannot_flood_the_queue():
    organisation, owner = group_with_admin()
    for _ in range(services.MAX_ACTIVE_REQUESTS):
        services.submit_request(organisation=organisation, user=owner, data=request_data())
    with pytest.raises(SupportError, match="open requests"):
        services.submit_request(organisation=organisation, user=owner, data=request_data())


def test_a_closed_request_is_reopened_only_by_staff():
    request = RequestFactory(state=State.CLOSED, state_reason="Διπλή")
    _organisation, owner = group_with_admin()
    with pytest.raises(SupportError) as error:
        services.reopen_request(request=request, user=owner)
    assert "Only the hub's staff" in str(error.value)
    request.refresh_from_db()
    assert request.state == State.CLOSED and request.state_reason == "Διπλή"
    services.reopen_request(request=request, user=StaffFactory())
    request.refresh_from_db()
    assert request.state == State.TRIAGED


def test_error_messages_are_translated():
    from django.utils import translation

    request = RequestFactory(state=State.CLOSED)
    with translation.override("el"):
        with pytest.raises(SupportError) as error:
            services.reopen_request(request=request, user=UserFactory())
        assert "προσωπικό" in str(error.value)


def test_illegal_transitions_say_why():
    request = RequestFactory(state=State.COMPLETED)
    with pytest.raises(SupportError, match="cannot become"):
        services.close_request(request=request, user=StaffFactory(), reason="x")
    with pytest.raises(SupportError, match="reason"):
        services.decline_request(request=RequestFactory(), user=StaffFactory(), reason=" ")


def test_an_expert_over_capacity_cannot_be_proposed():
    staff = StaffFactory()
    expert = ExpertFactory(monthly_hours=4)  # one engagement at a time
    engagement(expert=expert)
    request = RequestFactory()
    with pytest.raises(SupportError, match="over capacity") as error:
        services.propose_expert(request=request, expert=expert, user=staff)
    assert error.value.field == "expert"
    request.refresh_from_db()
    assert request.state == State.SUBMITTED and not request.proposals.exists()


def test_conflicts_and_unapproved_experts_are_refused():
    staff = StaffFactory()
    request = RequestFactory()
    conflicted = ExpertFactory()
    conflicted.conflicts.add(request.organisation)
    with pytest.raises(SupportError, match="conflict"):
        services.propose_expert(request=request, expert=conflicted, user=staff)
    with pytest.raises(SupportError, match="not approved"):
        services.propose_expert(
            request=request, expert=ExpertFactory(state=ExpertProfile.State.APPLIED), user=staff
        )


def test_a_decline_moves_to_the_next_best_expert():
    staff = StaffFactory()
    request = RequestFactory(topic=topic("legal", "legal-form"))
    best = ExpertFactory(topics=[topic("legal", "legal-form")])
    second = ExpertFactory()
    proposal = services.propose_expert(request=request, expert=best, user=staff)
    following = services.decline_proposal(proposal=proposal, user=best.user, reason="Ταξιδεύω")
    assert following.expert == second and following.state == Proposal.State.PROPOSED
    request.refresh_from_db()
    assert request.state == State.MATCHED
    # The second declines too: nobody is left, the request goes back to the staff.
    assert services.decline_proposal(proposal=following, user=second.user) is None
    request.refresh_from_db()
    assert request.state == State.TRIAGED


def test_only_the_proposed_expert_answers():
    proposal = services.propose_expert(
        request=RequestFactory(), expert=ExpertFactory(), user=StaffFactory()
    )
    with pytest.raises(SupportError, match="Only the proposed expert"):
        services.accept_proposal(proposal=proposal, user=ExpertFactory().user)


def test_session_longer_than_a_day_is_refused():
    work = engagement()
    with pytest.raises(SupportError, match="more than a day") as error:
        services.add_session(
            engagement=work,
            user=work.expert.user,
            starts_at=timezone.now() - timedelta(days=1),
            minutes=25 * 60,
            mode="online",
            held=True,
        )
    assert error.value.field == "minutes"
    assert not Session.objects.exists()


def test_hours_on_one_day_cannot_pass_24():
    first = engagement()
    second = engagement(expert=first.expert)
    first.expert.monthly_hours = 40
    first.expert.save()
    when = timezone.now() - timedelta(days=2)
    for work in (first, first, second):
        services.add_session(
            engagement=work, user=None, starts_at=when, minutes=8 * 60, mode="online", held=True
        )
    with pytest.raises(SupportError, match="more than 24 hours"):
        services.add_session(
            engagement=second, user=None, starts_at=when, minutes=30, mode="online", held=True
        )


def test_session_before_the_request_is_refused():
    work = engagement()
    with pytest.raises(SupportError, match="before the request") as error:
        services.add_session(
            engagement=work,
            user=work.expert.user,
            starts_at=work.request.created - timedelta(days=1),
            minutes=60,
            mode="online",
            held=True,
        )
    assert error.value.field == "starts_at"


def test_a_future_session_is_planned_not_logged():
    work = engagement()
    later = timezone.now() + timedelta(days=3)
    with pytest.raises(SupportError, match="future"):
        services.add_session(
            engagement=work, user=None, starts_at=later, minutes=60, mode="online", held=True
        )
    planned = services.add_session(
        engagement=work, user=None, starts_at=later, minutes=60, mode="online", held=False
    )
    assert planned.state == Session.State.PLANNED
    assert services.hours_of(work) == 0


def test_mentoring_needs_reviews_before_completion():
    work = engagement(format=Format.MENTORING)
    user = work.expert.user
    goal = services.add_goal(engagement=work, user=user, title="Σχέδιο χρηματοδότησης")
    services.add_milestone(goal=goal, user=user, title="Πρώτο προσχέδιο")
    with pytest.raises(SupportError, match="after at least one session"):
        services.add_review(engagement=work, user=user, kind=Review.Kind.MID, progress="Καλά")
    held_session(work)
    with pytest.raises(SupportError, match="mid-term review first"):
        services.add_review(engagement=work, user=user, kind=Review.Kind.FINAL, progress="Τέλος")
    services.add_review(engagement=work, user=user, kind=Review.Kind.MID, progress="Καλά")
    with pytest.raises(SupportError, match="final review"):
        services.complete_engagement(engagement=work, user=user)
    services.add_review(engagement=work, user=user, kind=Review.Kind.FINAL, progress="Τέλος")
    services.complete_engagement(engagement=work, user=user)
    work.refresh_from_db()
    assert work.state == Engagement.State.COMPLETED


def test_goals_are_only_for_mentoring_and_coaching():
    work = engagement(format=Format.CONSULTATION)
    with pytest.raises(SupportError, match="mentoring and coaching"):
        services.add_goal(engagement=work, user=None, title="Κάτι")


def test_approval_keeps_the_is_expert_flag_in_sync():
    staff = StaffFactory()
    person = UserFactory()
    profile = services.apply_as_expert(
        user=person,
        data={
            "headline": "Λογίστρια",
            "bio": "",
            "languages": ["el"],
            "formats": ["coaching"],
            "monthly_hours": 6,
            "availability": "",
        },
        areas=[area("finance")],
    )
    person.refresh_from_db()
    assert profile.state == ExpertProfile.State.APPLIED and not person.is_expert
    services.approve_expert(profile=profile, user=staff)
    person.refresh_from_db()
    assert person.is_expert
    services.pause_expert(profile=profile, user=staff)
    person.refresh_from_db()
    assert not person.is_expert


def test_remind_unlogged_session_once():
    work = engagement()
    session = Session.objects.create(
        engagement=work, starts_at=timezone.now() - timedelta(hours=5), minutes=60
    )
    assert services.remind_unlogged_session(session_id=session.pk) is True
    assert mail.outbox[-1].to == [work.expert.user.email]
    assert services.remind_unlogged_session(session_id=session.pk) is False
    assert services.remind_unlogged_session(session_id=999999) is False


def test_the_reminder_task_sweeps_past_unlogged_sessions():
    from socialdynamo.support.tasks import remind_unlogged_sessions

    work = engagement()
    past = Session.objects.create(
        engagement=work, starts_at=timezone.now() - timedelta(hours=5), minutes=60
    )
    Session.objects.create(
        engagement=work, starts_at=timezone.now() + timedelta(days=1), minutes=60
    )
    remind_unlogged_sessions.enqueue()
    past.refresh_from_db()
    assert past.reminded_at is not None
    assert Session.objects.filter(reminded_at__isnull=False).count() == 1


def test_erasing_an_expert_sends_their_open_proposals_back_to_staff():
    request = RequestFactory()
    expert = ExpertFactory()
    services.propose_expert(request=request, expert=expert, user=StaffFactory())
    services.erase_support_data(expert.user)
    request.refresh_from_db()
    expert.refresh_from_db()
    assert request.state == State.TRIAGED
    assert expert.state == ExpertProfile.State.PAUSED and expert.bio == ""


def test_an_unanswered_proposal_is_reminded_once_after_three_days():
    from socialdynamo.support.tasks import remind_unanswered_proposals

    expert = ExpertFactory()
    proposal = services.propose_expert(request=RequestFactory(), expert=expert, user=StaffFactory())
    remind_unanswered_proposals.enqueue()
    proposal.refresh_from_db()
    assert proposal.reminded_at is None  # too early
    Proposal.objects.filter(pk=proposal.pk).update(created=timezone.now() - timedelta(days=4))
    sent = len(mail.outbox)
    remind_unanswered_proposals.enqueue()
    remind_unanswered_proposals.enqueue()
    proposal.refresh_from_db()
    assert proposal.reminded_at is not None
    assert len(mail.outbox) == sent + 1
