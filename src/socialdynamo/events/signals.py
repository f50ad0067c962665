"""Public event pages are cached for visitors who are not signed in (core.page_cache); any
change to what they show makes them stale. Seat counters are written with UPDATE (no
signal), so the locked services bump the version themselves (services.locked)."""

from django.db.models.signals import m2m_changed, post_delete, post_save

from socialdynamo.core.page_cache import bump_on_commit

from .models import Event, EventKind, EventPart, Registration


def events_changed(sender, **kwargs):
    bump_on_commit("events")


def connect():
    for model in (Event, EventKind, EventPart, Registration):
        post_save.connect(events_changed, sender=model, dispatch_uid=f"bump-events-{model}")
        post_delete.connect(events_changed, sender=model, dispatch_uid=f"bump-d-events-{model}")
    for through in (Event.thematic_areas.through, Event.trainers.through):
        m2m_changed.connect(events_changed, sender=through, dispatch_uid=f"bump-m2m-{through}")
