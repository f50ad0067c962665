"""Who may do what with organisations. Every view and template asks these."""

import rules

from socialdynamo.core.rules import is_authenticated, is_staff

from .models import Membership, Organisation


def _role_in(user, organisation) -> str | None:
    """The person's role in the organisation, cached on the user for the request."""
    if not (user and user.is_authenticated) or organisation is None:
        return None
    cache = getattr(user, "_sd_roles", None)
    if cache is None:
        cache = dict(Membership.objects.filter(user=user).values_list("organisation_id", "role"))
        user._sd_roles = cache
    return cache.get(organisation.pk)


@rules.predicate
def is_member(user, organisation):
    return _role_in(user, organisation) is not None


@rules.predicate
def is_org_admin(user, organisation):
    return _role_in(user, organisation) in Membership.ADMIN_ROLES


@rules.predicate
def is_owner(user, organisation):
    return _role_in(user, organisation) == Membership.Role.OWNER


@rules.predicate
def is_verified(user, organisation):
    return organisation is not None and organisation.state == Organisation.State.VERIFIED


@rules.predicate
def is_not_suspended(user, organisation):
    return organisation is not None and organisation.state != Organisation.State.SUSPENDED


rules.add_perm("organizations.view_organisation", is_verified | is_member | is_staff)
rules.add_perm("organizations.create_organisation", is_authenticated)
# Suspension is checked by the service, so a stale form gets the reason, not a bare 403.
rules.add_perm("organizations.change_organisation", is_org_admin | is_staff)
rules.add_perm("organizations.view_members", is_member | is_staff)
rules.add_perm("organizations.manage_members", is_org_admin & is_not_suspended)
rules.add_perm("organizations.transfer_ownership", is_owner & is_not_suspended)
rules.add_perm("organizations.leave_organisation", is_member & ~is_owner)
rules.add_perm("organizations.verify_organisation", is_staff)
rules.add_perm("organizations.view_history", is_org_admin | is_staff)
