"""A whole call, from publication to a reserve taking a freed place."""

import random
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from socialdynamo.core.audit import history_for
from socialdynamo.space import selectors, services
from socialdynamo.space.models import (
    Application,
    Call,
    Conflict,
    Hosting,
    ProgressReview,
    ReviewAssignment,
    Space,
    Subscriber,
)
from socialdynamo.space.services import SpaceError
from tests.factories import StaffFactory, UserFactory

from .factories import CallFactory, applicant, close, complete_application, hosted, reviewer, score

pytestmark = pytest.mark.django_db

S = Application.Status


def test_a_whole_call_from_publication_to_a_reserve_taking_a_freed_place():
    staff = StaffFactory()
    space = Space.get()
    assert space.capacity == 15 and space.default_hosting_months == 6
    already = [hosted() for _ in range(3)]  # 3 groups already hosted, well into the period
    subscriber = UserFactory(language="en")
    services.subscribe(user=subscriber)

    call = CallFactory(status=Call.Status.DRAFT, places=15)
    call = services.publish_call(call=call, user=staff)
    assert [m.to for m in mail.outbox] == [[subscriber.email]]
    assert "New call for the co-working space" in mail.outbox[0].subject
    assert Subscriber.objects.get(user=subscriber).token in mail.outbox[0].body

    # 40 organisations apply (half of them informal groups); each gets a receipt.
    mail.outbox.clear()
    applications = []
    for i in range(40):
        organisation, admin = applicant("informal" if i % 2 else "ngo")
        applications.append(complete_application(call, organisation, admin))
    assert len(mail.outbox) == 40
    assert all(a.status == S.SUBMITTED and a.reference.startswith("SD-") for a in applications)
    assert applications[0].reference in mail.outbox[0].body
    assert len({a.reference for a in applications}) == 40

    # Screening: two are not eligible, with the reason.
    close(call)
    for application in applications[:2]:
        services.screen_application(
            application=application, user=staff, eligible=False, reason="Εκτός Αττικής"
        )
    for application in applications[2:]:
        services.screen_application(application=application, user=staff, eligible=True)
    eligible = applications[2:]

    # Four reviewers; one declares a conflict with one application before assignment.
    reviewers = [reviewer() for _ in range(4)]
    call.reviewers.set(reviewers)
    conflicted_app = eligible[0]
    services.declare_conflict(
        application=conflicted_app, reviewer=reviewers[3], reason="Μέλος του ΔΣ"
    )
    result = services.assign_reviewers(call=call, user=staff)
    assert result["created"] == 76 and result["short"] == []
    loads = [ReviewAssignment.objects.filter(reviewer=r).count() for r in reviewers]
    assert sum(loads) == 76 and max(loads) - min(loads) <= 1  # load balanced
    assert not ReviewAssignment.objects.filter(
        application=conflicted_app, reviewer=reviewers[3]
    ).exists()
    assert all(ReviewAssignment.objects.filter(application=a).count() == 2 for a in eligible)
    # Running it again assigns nobody twice.
    assert services.assign_reviewers(call=call, user=staff)["created"] == 0

    # Scoring: deterministic points; one application splits its reviewers.
    rng = random.Random(4)
    criteria = list(call.criteria.all())
    split = eligible[5]
    for assignment in ReviewAssignment.objects.select_related("reviewer", "application"):
        if assignment.application_id == split.pk:
            high = assignment.reviewer_id == min(a.reviewer_id for a in split.assignments.all())
            points = {c.pk: (10 if high else 0) for c in criteria}
        else:
            points = {c.pk: rng.randint(3, 10) for c in criteria}
        score(assignment, points, comment="Καλή πρόταση")
    dashboard = selectors.dashboard(call)
    assert dashboard["assigned"] == dashboard["done"] == 76 and dashboard["percent"] == 100

    rows = selectors.ranking(call)
    assert len(rows) == 38
    totals = [r.total for r in rows]
    assert totals == sorted(totals, reverse=True)
    assert [r.rank for r in rows] == list(range(1, 39))
    split_row = next(r for r in rows if r.application.pk == split.pk)
    assert split_row.flagged and split_row.spread == 100
    assert sum(r.flagged for r in rows) >= 1

    # Selection down the ranking: 12 free places (15 minus the 3 hosted) every day.
    for row in rows[:12]:
        services.select_application(application=Application(pk=row.application.pk), user=staff)
    with pytest.raises(SpaceError) as refused:
        services.select_application(application=Application(pk=rows[12].application.pk), user=staff)
    assert refused.value.code == "full"
    assert "Ο χώρος είναι πλήρης" in str(refused.value.message)
    assert Hosting.objects.count() == 15
    start = call.hosting_start
    assert services.max_occupancy(start, start + timedelta(days=400)) == 15
    for row in rows[12:17]:
        services.reserve_application(application=Application(pk=row.application.pk), user=staff)
    reserve = [Application.objects.get(pk=r.application.pk) for r in rows[12:17]]
    assert [a.reserve_position for a in reserve] == [1, 2, 3, 4, 5]

    # Decisions: every applicant hears; the rest are not selected.
    mail.outbox.clear()
    sent = services.send_decisions(call=call, user=staff)
    assert sent == 40
    statuses = {
        status: Application.objects.filter(call=call, status=status).count()
        for status in (S.SELECTED, S.RESERVE, S.NOT_SELECTED, S.INELIGIBLE)
    }
    assert statuses == {S.SELECTED: 12, S.RESERVE: 5, S.NOT_SELECTED: 21, S.INELIGIBLE: 2}
    assert any("reserve list" in m.body or "αναπληρωματικ" in m.body for m in mail.outbox)
    services.publish_results(call=call, user=staff)
    assert len(selectors.selected_for_results(call)) == 12

    # A selected group leaves early: the first on the reserve list is offered the place.
    leaver = Hosting.objects.get(application_id=rows[0].application.pk)
    assert leaver.progress_reviews.count() == 2
    mail.outbox.clear()
    offered = services.end_hosting(
        hosting=leaver, user=staff, on=leaver.start + timedelta(days=40), reason="Μετακόμιση"
    )
    assert offered.pk == reserve[0].pk
    leaver.refresh_from_db()
    assert leaver.status == Hosting.Status.ENDED
    offered.refresh_from_db()
    assert offered.status == S.OFFERED and offered.offered_from == leaver.start + timedelta(days=41)
    assert [m.to for m in mail.outbox] == [[offered.organisation.memberships.get().user.email]]
    # The second reserve cannot be offered the same place meanwhile.
    assert services.offer_place_to_reserve(call=call) is None
    admin = offered.organisation.memberships.get(role="owner").user
    hosting = services.accept_offer(application=offered, user=admin)
    assert hosting.start == leaver.end + timedelta(days=1)
    assert services.max_occupancy(start, start + timedelta(days=400)) == 15

    # Every decision is on the application's history, with who and why.
    actions = [e.action for e in history_for(offered)]
    assert "space.application.offer_accepted" in actions
    assert "space.application.place_offered" in actions
    assert "space.application.reserve" in actions
    assert "space.review.completed" in actions
    assert "space.assignment.created" in actions
    assert "space.application.eligible" in actions
    ineligible = history_for(applications[0]).get(action="space.application.ineligible")
    assert ineligible.actor == staff and ineligible.reason == "Εκτός Αττικής"
    assert history_for(conflicted_app).filter(action="space.conflict.declared").exists()
    assert (
        history_for(Application.objects.get(pk=rows[0].application.pk))
        .filter(action="space.hosting.ended")
        .exists()
    )
    assert already[0].end > timezone.localdate()


def test_a_second_reserve_is_offered_when_the_first_declines():
    staff = StaffFactory()
    call = CallFactory(places=1)
    apps = [complete_application(call) for _ in range(3)]
    close(call)
    call.reviewers.set([reviewer(), reviewer()])
    for application in apps:
        services.screen_application(application=application, user=staff, eligible=True)
    services.select_application(application=apps[0], user=staff)
    services.reserve_application(application=apps[1], user=staff)
    services.reserve_application(application=apps[2], user=staff)
    services.send_decisions(call=call, user=staff)
    hosting = Hosting.objects.get(application=apps[0])
    services.end_hosting(hosting=hosting, user=staff, on=hosting.start, reason="Διάλυση")
    apps[1].refresh_from_db()
    assert apps[1].status == S.OFFERED
    admin = apps[1].organisation.memberships.get(role="owner").user
    services.decline_offer(application=apps[1], user=admin)
    apps[2].refresh_from_db()
    assert apps[2].status == S.OFFERED


def test_renewal_extends_by_the_default_length_only_if_capacity_allows():
    staff = StaffFactory()
    space = Space.get()
    space.capacity = 2
    space.save()
    today = timezone.localdate()
    mine = hosted(start=today - timedelta(days=150), end=today + timedelta(days=20))
    admin = mine.organisation.memberships.get(role="owner").user
    renewal = services.request_renewal(
        hosting=mine, user=admin, needs="Γραφείο για 2 άτομα", progress="Πετύχαμε 3 στόχους"
    )
    with pytest.raises(SpaceError):
        services.request_renewal(hosting=mine, user=admin, needs="x", progress="y")
    # Two other groups will fill the space right after our end: no renewal possible.
    blocker = hosted(start=today + timedelta(days=21), end=today + timedelta(days=200))
    hosted(start=today + timedelta(days=21), end=today + timedelta(days=60))
    with pytest.raises(SpaceError) as refused:
        services.decide_renewal(renewal=renewal, user=staff, approve=True)
    assert refused.value.code == "full"
    mine.refresh_from_db()
    assert mine.end == today + timedelta(days=20)
    # A place frees up: the renewal goes through, six months more.
    blocker.delete()
    services.decide_renewal(renewal=renewal, user=staff, approve=True, reason="Καλή πρόοδος")
    mine.refresh_from_db()
    assert mine.renewals == 1
    assert mine.end > today + timedelta(days=180)
    final = mine.progress_reviews.get(kind=ProgressReview.Kind.FINAL)
    assert final.due_on == mine.end - timedelta(days=14)
    assert history_for(mine).filter(action="space.renewal.approved", actor=staff).exists()


def test_selection_refuses_past_the_places_of_the_call():
    staff = StaffFactory()
    call = CallFactory(places=1)
    apps = [complete_application(call) for _ in range(2)]
    close(call)
    for application in apps:
        services.screen_application(application=application, user=staff, eligible=True)
    services.select_application(application=apps[0], user=staff)
    with pytest.raises(SpaceError) as refused:
        services.select_application(application=apps[1], user=staff)
    assert "θέσεις" in str(refused.value.message)


def test_tie_break_uses_the_heaviest_criterion_then_the_earlier_submission():
    staff = StaffFactory()
    call = CallFactory()
    heavy, light = list(call.criteria.order_by("-weight"))
    apps = [complete_application(call) for _ in range(3)]
    close(call)
    r1, r2 = reviewer(), reviewer()
    call.reviewers.set([r1, r2])
    for application in apps:
        services.screen_application(application=application, user=staff, eligible=True)
    services.assign_reviewers(call=call, user=staff)
    # apps[0] and apps[1] tie on total (3×6+1×8 = 3×7+1×5 = 26); apps[1] is ahead on the
    # heavy criterion. apps[2] equals apps[0] exactly and was submitted later.
    plan = {apps[0].pk: (6, 8), apps[1].pk: (7, 5), apps[2].pk: (6, 8)}
    for assignment in ReviewAssignment.objects.all():
        h, li = plan[assignment.application_id]
        score(assignment, {heavy.pk: h, light.pk: li})
    order = [r.application.pk for r in selectors.ranking(call)]
    assert order == [apps[1].pk, apps[0].pk, apps[2].pk]


def test_conflicted_reviewer_cannot_score_even_with_an_old_assignment():
    staff = StaffFactory()
    call = CallFactory()
    application = complete_application(call)
    close(call)
    person = reviewer()
    call.reviewers.set([person, reviewer()])
    services.screen_application(application=application, user=staff, eligible=True)
    assignment = services.assign_reviewer(application=application, reviewer=person, user=staff)
    Conflict.objects.create(application=application, reviewer=person)
    with pytest.raises(SpaceError):
        score(assignment, {c.pk: 5 for c in call.criteria.all()})
    with pytest.raises(SpaceError):
        services.assign_reviewer(application=application, reviewer=person, user=staff)
