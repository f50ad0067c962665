"""Predicates shared by every app's rules module."""

import rules


@rules.predicate
def is_staff(user):
    return bool(user and user.is_authenticated and user.is_active and user.is_staff)


@rules.predicate
def is_authenticated(user):
    return bool(user and user.is_authenticated and user.is_active)


rules.add_perm("core.see_staff_desk", is_staff)
