"""Public pages that show organisations are cached (core.page_cache); any change to an
organisation, its thematic areas or the lists of areas and districts makes them stale."""

from django.db.models.signals import m2m_changed, post_delete, post_save

from socialdynamo.core.page_cache import bump_on_commit

from .models import District, Organisation, ThematicArea


def organisations_changed(sender, **kwargs):
    bump_on_commit("organizations")


def connect():
    for model in (Organisation, ThematicArea, District):
        post_save.connect(organisations_changed, sender=model, dispatch_uid=f"bump-{model}")
        post_delete.connect(organisations_changed, sender=model, dispatch_uid=f"bump-d-{model}")
    m2m_changed.connect(
        organisations_changed,
        sender=Organisation.thematic_areas.through,
        dispatch_uid="bump-org-areas",
    )
