"""Background work of the support app: reminders to log sessions that took place."""

from datetime import timedelta

from django.utils import timezone
from django_tasks import task

REMIND_AFTER = timedelta(hours=2)  # after a planned session's end


@task()
def remind_unlogged_session(session_id: int) -> bool:
    from . import services

    return services.remind_unlogged_session(session_id=session_id)


@task()
def remind_unanswered_proposal(proposal_id: int) -> bool:
    from . import services

    return services.remind_unanswered_proposal(proposal_id=proposal_id)


@task()
def remind_unanswered_proposals() -> int:
    """Queue one reminder per proposal left unanswered for three days."""
    from .models import Proposal
    from .services import PROPOSAL_REMINDER_AFTER

    ids = list(
        Proposal.objects.filter(
            state=Proposal.State.PROPOSED,
            reminded_at__isnull=True,
            created__lt=timezone.now() - PROPOSAL_REMINDER_AFTER,
        ).values_list("id", flat=True)[:1000]
    )
    for proposal_id in ids:
        remind_unanswered_proposal.enqueue(proposal_id)
    return len(ids)


@task()
def remind_unlogged_sessions() -> int:
    """Queue one reminder per planned session that ended and is still not logged."""
    from .models import Engagement, Session

    cutoff = timezone.now() - REMIND_AFTER
    ids = list(
        Session.objects.filter(
            state=Session.State.PLANNED,
            reminded_at__isnull=True,
            starts_at__lt=cutoff,
            engagement__state=Engagement.State.ACTIVE,
        ).values_list("id", flat=True)[:1000]
    )
    for session_id in ids:
        remind_unlogged_session.enqueue(session_id)
    return len(ids)
