"""Who may do what with support requests and engagements. Views and templates ask these.

Permission names are verbs of their own ("support.see_request"), not Django's model
permission names, so the rules backend does not open the admin to anyone.
"""

import rules

from socialdynamo.core.rules import is_authenticated, is_staff
from socialdynamo.organizations.rules import is_org_admin


def _organisation_of(obj):
    return getattr(obj, "organisation", None)


@rules.predicate
def manages_the_organisation(user, obj):
    """An owner or administrator of the organisation the request or engagement belongs to."""
    return obj is not None and is_org_admin(user, _organisation_of(obj))


@rules.predicate
def is_the_expert(user, obj):
    """The expert who accepted the request (or the engagement's expert)."""
    expert = getattr(obj, "expert", None)
    return bool(expert is not None and user.is_authenticated and expert.user_id == user.pk)


@rules.predicate
def is_open_proposal_for_me(user, proposal):
    return bool(
        proposal is not None
        and user.is_authenticated
        and proposal.state == "proposed"
        and proposal.expert.user_id == user.pk
    )


@rules.predicate
def has_expert_profile(user):
    return bool(user.is_authenticated and hasattr(user, "expert_profile"))


rules.add_perm("support.ask_for_support", is_org_admin)
rules.add_perm("support.see_organisation_requests", is_org_admin | is_staff)
rules.add_perm("support.see_request", manages_the_organisation | is_the_expert | is_staff)
rules.add_perm("support.withdraw_request", manages_the_organisation)
rules.add_perm("support.manage_requests", is_staff)
rules.add_perm("support.answer_proposal", is_open_proposal_for_me)
rules.add_perm("support.see_engagement", manages_the_organisation | is_the_expert | is_staff)
rules.add_perm("support.log_sessions", is_the_expert | is_staff)
rules.add_perm("support.plan_engagement", is_the_expert | manages_the_organisation | is_staff)
rules.add_perm("support.rate_engagement", is_the_expert | manages_the_organisation)
rules.add_perm("support.apply_as_expert", is_authenticated)
rules.add_perm("support.see_expert_dashboard", has_expert_profile)
rules.add_perm("support.manage_experts", is_staff)
