"""The audit log: every decision leaves a trace (who, when, what, why)."""

from django.contrib.contenttypes.models import ContentType

from .models import AuditLogEntry


def log_action(obj, action: str, *, user=None, reason: str = "", data: dict | None = None):
    """Record ``action`` on ``obj`` by ``user``. Call inside the service's transaction."""
    content_type = ContentType.objects.get_for_model(obj) if obj is not None else None
    return AuditLogEntry.objects.create(
        actor=user if user is not None and user.is_authenticated else None,
        action=action,
        content_type=content_type,
        object_id=str(obj.pk) if obj is not None else "",
        object_repr=str(obj)[:300] if obj is not None else "",
        reason=reason,
        data=data or {},
    )


def history_for(obj):
    """Entries about ``obj``, newest first, with the actor in the same query."""
    content_type = ContentType.objects.get_for_model(obj)
    return AuditLogEntry.objects.filter(
        content_type=content_type, object_id=str(obj.pk)
    ).select_related("actor")


def erase_personal_data(user) -> None:
    """The audit log keeps who did what, but not the erased person's name or e-mail: entries
    about them lose their readable name, and e-mail addresses recorded in entries (an
    invitation sent to them) are replaced."""
    user_type = ContentType.objects.get_for_model(user)
    AuditLogEntry.objects.filter(content_type=user_type, object_id=str(user.pk)).update(
        object_repr=ERASED
    )
    for entry in AuditLogEntry.objects.filter(data__email__iexact=user.email).only("id", "data"):
        entry.data = {**entry.data, "email": ERASED}
        entry.save(update_fields=["data"])


ERASED = "(erased)"
