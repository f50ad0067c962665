"""The space's public pages are cached (core.page_cache); changes made in the back office
make them stale too (the services bump the version themselves)."""

from django.db.models.signals import post_delete, post_save

from socialdynamo.core.page_cache import bump_on_commit

from .models import Call, Space


def space_changed(sender, **kwargs):
    bump_on_commit("space")


def connect():
    for model in (Call, Space):
        post_save.connect(space_changed, sender=model, dispatch_uid=f"bump-space-{model}")
        post_delete.connect(space_changed, sender=model, dispatch_uid=f"bump-space-d-{model}")
