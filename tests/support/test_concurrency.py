"""Races: capacity, one live proposal per request, 24 hours a day. Real threads."""

import threading
from datetime import timedelta

import pytest
from django.db import close_old_connections
from django.utils import timezone

from socialdynamo.support import services
from socialdynamo.support.models import Proposal, Session
from socialdynamo.support.services import SupportError
from tests.factories import StaffFactory

from .factories import ExpertFactory, RequestFactory, engagement

pytestmark = pytest.mark.django_db(transaction=True)


def race(*calls):
    barrier = threading.Barrier(len(calls))
    outcomes = []

    def run(call):
        try:
            barrier.wait()
            call()
            outcomes.append("ok")
        except SupportError:
            outcomes.append("refused")
        finally:
            close_old_connections()

    threads = [threading.Thread(target=run, args=(call,)) for call in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return sorted(outcomes)


def test_two_proposals_to_an_expert_with_one_free_place():
    expert = ExpertFactory(monthly_hours=4)  # one engagement at a time
    staff = StaffFactory()
    first, second = RequestFactory(), RequestFactory()
    outcomes = race(
        lambda: services.propose_expert(request=first, expert=expert, user=staff),
        lambda: services.propose_expert(request=second, expert=expert, user=staff),
    )
    assert outcomes == ["ok", "refused"]
    assert Proposal.objects.filter(expert=expert).count() == 1


def test_two_staff_propose_different_experts_for_one_request():
    request = RequestFactory()
    staff = StaffFactory()
    experts = [ExpertFactory(), ExpertFactory()]
    outcomes = race(
        *[
            (lambda e=e: services.propose_expert(request=request, expert=e, user=staff))
            for e in experts
        ]
    )
    assert outcomes == ["ok", "refused"]
    assert Proposal.objects.filter(request=request).count() == 1


def test_two_long_sessions_on_one_day_cannot_pass_24_hours():
    first = engagement(expert=ExpertFactory(monthly_hours=40))
    second = engagement(expert=first.expert)
    when = timezone.now() - timedelta(days=2)
    for _ in range(2):
        services.add_session(
            engagement=first, user=None, starts_at=when, minutes=8 * 60, mode="online", held=True
        )
    outcomes = race(
        *[
            (
                lambda w=w: services.add_session(
                    engagement=w,
                    user=None,
                    starts_at=when,
                    minutes=5 * 60,
                    mode="online",
                    held=True,
                )
            )
            for w in (first, second)
        ]
    )
    assert outcomes == ["ok", "refused"]
    assert sum(Session.objects.values_list("minutes", flat=True)) <= 24 * 60
