"""Who may do what in the space. Permission names are not Django's model permissions
(no "space.change_call"), so the admin stays for superusers."""

import rules

from socialdynamo.core.rules import is_authenticated, is_staff
from socialdynamo.organizations.models import Membership

from .models import Conflict, ReviewAssignment


def _role(user, organisation_id):
    if not (user and user.is_authenticated):
        return None
    cache = getattr(user, "_sd_roles", None)
    if cache is None:
        cache = dict(Membership.objects.filter(user=user).values_list("organisation_id", "role"))
        user._sd_roles = cache
    return cache.get(organisation_id)


@rules.predicate
def is_applicant_member(user, application):
    return application is not None and _role(user, application.organisation_id) is not None


@rules.predicate
def is_applicant_admin(user, application):
    return application is not None and _role(user, application.organisation_id) in (
        Membership.ADMIN_ROLES
    )


@rules.predicate
def is_hosted_member(user, hosting):
    return hosting is not None and _role(user, hosting.organisation_id) is not None


@rules.predicate
def is_hosted_admin(user, hosting):
    return hosting is not None and _role(user, hosting.organisation_id) in Membership.ADMIN_ROLES


@rules.predicate
def is_assigned_reviewer(user, application):
    """Assigned to review it, and no conflict declared (a conflict also removes the
    assignment; both are checked so that neither alone lets a conflicted reviewer in)."""
    if application is None or not (user and user.is_authenticated):
        return False
    return (
        ReviewAssignment.objects.filter(application=application, reviewer=user).exists()
        and not Conflict.objects.filter(application=application, reviewer=user).exists()
    )


@rules.predicate
def sees_identity(user, application):
    """Reviewers of an anonymised call do not see who applied or their documents."""
    return application is not None and not application.call.anonymised_review


@rules.predicate
def is_call_reviewer(user, call):
    return bool(
        call is not None
        and user
        and user.is_authenticated
        and call.reviewers.filter(pk=user.pk).exists()
    )


@rules.predicate
def is_reviewer(user):
    return bool(user and user.is_authenticated and user.is_active and user.is_reviewer)


rules.add_perm("space.manage_space", is_staff)
rules.add_perm("space.subscribe_to_calls", is_authenticated)
rules.add_perm("space.see_application", is_applicant_member | is_staff | is_assigned_reviewer)
rules.add_perm(
    "space.see_applicant", is_applicant_member | is_staff | (is_assigned_reviewer & sees_identity)
)
rules.add_perm("space.edit_application", is_applicant_admin)
rules.add_perm("space.see_history", is_applicant_admin | is_staff)
rules.add_perm("space.score_application", is_assigned_reviewer)
rules.add_perm("space.review", is_reviewer | is_staff)
rules.add_perm("space.declare_conflicts", is_call_reviewer)
rules.add_perm("space.see_hosting", is_hosted_member | is_staff)
rules.add_perm("space.act_for_hosting", is_hosted_admin)
