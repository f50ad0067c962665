"""Helpers that views use to authorise. The rules themselves live in each app's rules.py."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404


def authorize(user, perm: str, obj=None, *, view_perm: str | None = None) -> None:
    """Raise 404 when ``user`` may not even see ``obj`` (nothing leaks), 403 when they may
    see it but not do ``perm``."""
    if view_perm and not user.has_perm(view_perm, obj):
        raise Http404
    if not user.has_perm(perm, obj):
        raise PermissionDenied


def get_authorized(user, queryset, perm: str, *, view_perm: str | None = None, **lookup):
    obj = get_object_or_404(queryset, **lookup)
    authorize(user, perm, obj, view_perm=view_perm)
    return obj


def form_error_from(form, error) -> None:
    """Put a service's DomainError on the form: on its field when the field is shown."""
    field = error.field if error.field in getattr(form, "fields", {}) else None
    form.add_error(field, str(error.message))
