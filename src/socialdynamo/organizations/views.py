from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from socialdynamo.core.audit import history_for
from socialdynamo.core.page_cache import cache_public_page
from socialdynamo.core.permissions import authorize, form_error_from, get_authorized

from . import selectors, services
from .forms import (
    DirectoryFilterForm,
    InvitationForm,
    OrganisationForm,
    RoleForm,
    StateReasonForm,
    TransferOwnershipForm,
)
from .models import Invitation, Membership, Organisation
from .services import OrganisationError

VIEW = "organizations.view_organisation"


@cache_public_page("organizations")
def directory(request):
    choices = selectors.filter_choices()
    form = DirectoryFilterForm(request.GET or None, choices=choices)
    filters = form.filters() if request.GET else {}
    paginator = Paginator(selectors.directory(**filters), 24)
    page = paginator.get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "organizations/directory.html",
        {"form": form, "page_obj": page, "query": query.urlencode(), "filters": filters},
    )


def organisation_detail(request, slug):
    try:
        organisation = selectors.organisation_for_page(slug=slug)
    except Organisation.DoesNotExist as exc:
        raise Http404 from exc
    authorize(request.user, VIEW, organisation, view_perm=VIEW)
    return render(request, "organizations/organisation_detail.html", {"organisation": organisation})


def organisation_logo(request, slug):
    organisation = get_object_or_404(Organisation, slug=slug)
    authorize(request.user, VIEW, organisation, view_perm=VIEW)
    if not organisation.logo:
        raise Http404
    try:
        handle = organisation.logo.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    response = FileResponse(handle)
    response["Cache-Control"] = (
        "private, max-age=3600" if not organisation.is_public else "public, max-age=3600"
    )
    response["Content-Disposition"] = "inline"
    return response


@login_required
def organisation_create(request):
    authorize(request.user, "organizations.create_organisation")
    form = OrganisationForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = {f: form.cleaned_data.get(f) for f in form.Meta.fields if f != "thematic_areas"}
        organisation = services.create_organisation(
            user=request.user, data=data, thematic_areas=form.cleaned_data["thematic_areas"]
        )
        messages.success(
            request,
            _(
                "Your organisation is registered. The hub's staff will verify it soon; until then only its members see it."
            ),
        )
        return redirect(organisation)
    return render(request, "organizations/organisation_form.html", {"form": form, "creating": True})


@login_required
def organisation_edit(request, slug):
    organisation = get_authorized(
        request.user, Organisation, "organizations.change_organisation", view_perm=VIEW, slug=slug
    )
    form = OrganisationForm(request.POST or None, request.FILES or None, instance=organisation)
    if request.method == "POST" and form.is_valid():
        data = {f: form.cleaned_data.get(f) for f in form.Meta.fields if f != "thematic_areas"}
        try:
            services.update_organisation(
                organisation=form.instance,
                user=request.user,
                data=data,
                thematic_areas=form.cleaned_data["thematic_areas"],
            )
        except OrganisationError as error:
            form_error_from(form, error)
        else:
            messages.success(request, _("The changes are saved."))
            return redirect(organisation)
    return render(
        request,
        "organizations/organisation_form.html",
        {"form": form, "organisation": organisation},
    )


@login_required
def organisation_members(request, slug):
    organisation = get_authorized(
        request.user, Organisation, "organizations.view_members", view_perm=VIEW, slug=slug
    )
    members = list(selectors.members_of(organisation))
    invitations = organisation.invitations.filter(state=Invitation.State.PENDING).select_related(
        "invited_by"
    )
    return render(
        request,
        "organizations/organisation_members.html",
        {
            "organisation": organisation,
            "members": members,
            "invitations": invitations,
            "invite_form": InvitationForm(),
            "transfer_form": TransferOwnershipForm(organisation=organisation),
            "role_choices": RoleForm.base_fields["role"].choices,
        },
    )


def _members_page(organisation):
    return redirect("organizations:organisation-members", slug=organisation.slug)


@login_required
def member_invite(request, slug):
    organisation = get_authorized(
        request.user, Organisation, "organizations.manage_members", view_perm=VIEW, slug=slug
    )
    form = InvitationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.invite_member(
                organisation=organisation, user=request.user, **form.cleaned_data
            )
        except OrganisationError as error:
            form_error_from(form, error)
        else:
            messages.success(
                request, _("The invitation is on its way to %(email)s.") % form.cleaned_data
            )
            return _members_page(organisation)
    return render(
        request, "organizations/member_invite.html", {"organisation": organisation, "form": form}
    )


@login_required
@require_POST
def member_role(request, slug, membership_id):
    organisation = get_authorized(
        request.user, Organisation, "organizations.manage_members", view_perm=VIEW, slug=slug
    )
    membership = get_object_or_404(Membership, pk=membership_id, organisation=organisation)
    form = RoleForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a valid role."))
    else:
        try:
            services.change_role(
                membership=membership, user=request.user, role=form.cleaned_data["role"]
            )
            messages.success(request, _("The role is changed."))
        except OrganisationError as error:
            messages.error(request, error.message)
    return _members_page(organisation)


@login_required
@require_POST
def member_remove(request, slug, membership_id):
    organisation = get_authorized(
        request.user, Organisation, "organizations.manage_members", view_perm=VIEW, slug=slug
    )
    membership = get_object_or_404(Membership, pk=membership_id, organisation=organisation)
    try:
        services.remove_member(membership=membership, user=request.user)
        messages.success(
            request, _("%(person)s is no longer a member.") % {"person": membership.user}
        )
    except OrganisationError as error:
        messages.error(request, error.message)
    return _members_page(organisation)


@login_required
@require_POST
def invitation_revoke(request, slug, invitation_id):
    organisation = get_authorized(
        request.user, Organisation, "organizations.manage_members", view_perm=VIEW, slug=slug
    )
    invitation = get_object_or_404(Invitation, pk=invitation_id, organisation=organisation)
    try:
        services.revoke_invitation(invitation=invitation, user=request.user)
        messages.success(request, _("The invitation is withdrawn."))
    except OrganisationError as error:
        messages.error(request, error.message)
    return _members_page(organisation)


@login_required
@require_POST
def ownership_transfer(request, slug):
    organisation = get_authorized(
        request.user, Organisation, "organizations.transfer_ownership", view_perm=VIEW, slug=slug
    )
    form = TransferOwnershipForm(request.POST, organisation=organisation)
    if not form.is_valid():
        messages.error(request, _("Choose a current member of the organisation."))
        return _members_page(organisation)
    try:
        target = services.transfer_ownership(
            organisation=organisation,
            user=request.user,
            new_owner_membership=form.cleaned_data["new_owner"],
        )
        messages.success(
            request, _("%(person)s now owns the organisation.") % {"person": target.user}
        )
    except OrganisationError as error:
        messages.error(request, error.message)
    return _members_page(organisation)


@login_required
@require_POST
def organisation_leave(request, slug):
    organisation = get_authorized(
        request.user,
        Organisation,
        "organizations.leave_organisation",
        view_perm="organizations.view_members",
        slug=slug,
    )
    try:
        services.leave_organisation(organisation=organisation, user=request.user)
    except OrganisationError as error:
        messages.error(request, error.message)
        return redirect(organisation)
    messages.success(request, _("You have left %(name)s.") % {"name": organisation.name})
    return redirect("accounts:profile")


@login_required
def invitation_respond(request, token):
    invitation = get_object_or_404(
        Invitation.objects.select_related("organisation", "invited_by"), token=token
    )
    if invitation.email.lower() != request.user.email.lower():
        # Nobody else learns what the invitation is about.
        raise Http404
    if request.method == "POST":
        try:
            if request.POST.get("answer") == "accept":
                services.accept_invitation(invitation=invitation, user=request.user)
                messages.success(
                    request, _("Welcome to %(name)s.") % {"name": invitation.organisation.name}
                )
                return redirect(invitation.organisation)
            services.decline_invitation(invitation=invitation, user=request.user)
            messages.info(request, _("You declined the invitation."))
            return redirect("accounts:profile")
        except OrganisationError as error:
            messages.error(request, error.message)
    return render(request, "organizations/invitation_respond.html", {"invitation": invitation})


# --- Staff ------------------------------------------------------------------------------


@login_required
def staff_queue(request):
    authorize(request.user, "organizations.verify_organisation")
    state = request.GET.get("state", Organisation.State.PENDING)
    if state not in Organisation.State.values:
        state = Organisation.State.PENDING
    qs = (
        Organisation.objects.filter(state=state)
        .select_related("district", "created_by")
        .order_by("created", "id")
    )
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "organizations/staff_queue.html",
        {"page_obj": page, "state": state, "states": Organisation.State.choices},
    )


@login_required
def staff_review(request, slug):
    organisation = get_authorized(
        request.user, Organisation, "organizations.verify_organisation", view_perm=VIEW, slug=slug
    )
    form = StateReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        action = request.POST.get("action")
        reason = form.cleaned_data["reason"]
        try:
            if action == "verify":
                services.verify_organisation(
                    organisation=organisation, user=request.user, reason=reason
                )
                messages.success(
                    request,
                    _("%(name)s is verified and now appears in the directory.")
                    % {"name": organisation.name},
                )
            elif action == "suspend":
                services.suspend_organisation(
                    organisation=organisation, user=request.user, reason=reason
                )
                messages.success(request, _("%(name)s is suspended.") % {"name": organisation.name})
            else:
                raise OrganisationError(_("Choose verify or suspend."))
        except OrganisationError as error:
            form_error_from(form, error)
        else:
            return redirect("organizations:staff-review", slug=organisation.slug)
    return render(
        request,
        "organizations/staff_review.html",
        {
            "organisation": organisation,
            "form": form,
            "members": selectors.members_of(organisation),
            "history": history_for(organisation)[:50],
        },
    )
