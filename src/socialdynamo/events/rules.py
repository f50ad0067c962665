"""Who may do what with events. Names avoid Django's model permission names
(add_/change_/delete_/view_<model>), so the admin keeps its own model permissions."""

import rules

from socialdynamo.core.rules import is_authenticated, is_staff
from socialdynamo.organizations.rules import is_member, is_org_admin

from .models import Event, Registration


@rules.predicate
def is_public_event(user, event):
    return event is not None and event.state in Event.PUBLIC_STATES


@rules.predicate
def is_event_manager(user, event):
    """Owners and admins of the organising organisation."""
    return (
        event is not None
        and event.organisation_id is not None
        and is_org_admin(user, event.organisation)
    )


@rules.predicate
def is_organisation_member(user, event):
    return (
        event is not None
        and event.organisation_id is not None
        and is_member(user, event.organisation)
    )


@rules.predicate
def is_trainer_of(user, event):
    if not (user and user.is_authenticated) or event is None:
        return False
    cache = getattr(user, "_sd_trainer_of", None)
    if cache is None:
        cache = set(
            Event.trainers.through.objects.filter(user=user).values_list("event_id", flat=True)
        )
        user._sd_trainer_of = cache
    return event.pk in cache


@rules.predicate
def is_confirmed_attendee(user, event):
    if not (user and user.is_authenticated) or event is None:
        return False
    return Registration.objects.filter(
        event=event, person=user, state=Registration.State.CONFIRMED
    ).exists()


@rules.predicate
def is_event_editable(user, event):
    return event is not None and event.state in Event.EDITABLE_STATES


can_manage = is_staff | is_event_manager

rules.add_perm(
    "events.see_event", is_public_event | is_organisation_member | is_trainer_of | is_staff
)
rules.add_perm("events.register_event", is_authenticated & is_public_event)
rules.add_perm("events.propose_event", is_authenticated)
rules.add_perm("events.edit_event", can_manage & is_event_editable)
rules.add_perm("events.manage_event", can_manage)
rules.add_perm("events.manage_attendees", can_manage)
rules.add_perm("events.check_in", can_manage | is_trainer_of)
rules.add_perm("events.see_online_link", is_confirmed_attendee | can_manage | is_trainer_of)
rules.add_perm("events.see_feedback", is_staff | is_trainer_of)
rules.add_perm("events.approve_event", is_staff)
rules.add_perm("events.move_registration", is_staff)
