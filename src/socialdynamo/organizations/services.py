"""Every write about organisations: one function per thing a person does."""

from datetime import timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from socialdynamo.core.audit import log_action
from socialdynamo.core.errors import DomainError
from socialdynamo.core.mail import send_templated_mail

from .models import Invitation, Membership, Organisation

INVITATION_DAYS = 14

EDITABLE_FIELDS = [
    "name_el", "name_en", "acronym", "kind", "summary_el", "summary_en",
    "description_el", "description_en", "district", "address", "email", "phone", "website",
    "facebook", "instagram", "linkedin", "other_social", "logo", "year_founded", "size",
    "legal_form", "tax_number", "registry_number",
]  # fmt: skip


class OrganisationError(DomainError):
    pass


def _lock(organisation: Organisation) -> Organisation:
    return Organisation.objects.select_for_update().get(pk=organisation.pk)


def _check_not_suspended(organisation: Organisation) -> None:
    if organisation.state == Organisation.State.SUSPENDED:
        raise OrganisationError(
            _("This organisation is suspended, so it cannot be changed. Contact the hub's staff.")
        )


def _clear_legal_ids_if_informal(organisation: Organisation) -> None:
    if organisation.kind == Organisation.Kind.INFORMAL_GROUP:
        organisation.legal_form = ""
        organisation.tax_number = ""
        organisation.registry_number = ""


def _apply(organisation: Organisation, data: dict) -> None:
    for field in EDITABLE_FIELDS:
        if field not in data:
            continue
        value = data[field]
        if field == "logo":
            if value is None:
                continue  # nothing uploaded: keep what is there
            if value is False:
                value = ""  # "clear" ticked
        setattr(
            organisation,
            field,
            "" if value is None and field not in ("year_founded", "district") else value,
        )


def _admin_emails(organisation: Organisation) -> list[tuple[str, str]]:
    return [
        (m.user.email, m.user.language)
        for m in organisation.memberships.filter(role__in=Membership.ADMIN_ROLES).select_related(
            "user"
        )
        if m.user.is_active
    ]


@transaction.atomic
def create_organisation(*, user, data: dict, thematic_areas=()) -> Organisation:
    """A person registers an organisation; they become its owner; staff verify it later."""
    organisation = Organisation(created_by=user, state=Organisation.State.PENDING)
    _apply(organisation, data)
    organisation.name = data.get("name_el") or data.get("name")
    _clear_legal_ids_if_informal(organisation)
    organisation.save()
    organisation.thematic_areas.set(thematic_areas)
    Membership.objects.create(organisation=organisation, user=user, role=Membership.Role.OWNER)
    log_action(organisation, "organizations.organisation.created", user=user)
    return organisation


@transaction.atomic
def update_organisation(
    *, organisation: Organisation, user, data: dict, thematic_areas=None
) -> Organisation:
    current = _lock(organisation)
    _check_not_suspended(current)
    changed = [f for f in EDITABLE_FIELDS if f in data and data[f] != getattr(current, f, None)]
    _apply(organisation, data)
    organisation.state = current.state
    _clear_legal_ids_if_informal(organisation)
    organisation.save()
    if thematic_areas is not None:
        organisation.thematic_areas.set(thematic_areas)
    log_action(
        organisation, "organizations.organisation.updated", user=user, data={"fields": changed}
    )
    return organisation


def _set_state(*, organisation, user, state, reason, action, template):
    organisation = _lock(organisation)
    allowed = {
        Organisation.State.VERIFIED: {Organisation.State.PENDING, Organisation.State.SUSPENDED},
        Organisation.State.SUSPENDED: {Organisation.State.PENDING, Organisation.State.VERIFIED},
    }
    if organisation.state not in allowed[state]:
        raise OrganisationError(
            _("The organisation is already in this state: %(state)s.")
            % {"state": organisation.get_state_display()}
        )
    organisation.state = state
    organisation.state_reason = reason
    organisation.state_changed_at = timezone.now()
    organisation.save(update_fields=["state", "state_reason", "state_changed_at"])
    log_action(organisation, action, user=user, reason=reason)
    for email, language in _admin_emails(organisation):
        send_templated_mail(
            to=[email],
            template=template,
            context={"organisation": organisation, "reason": reason},
            language=language,
        )
    return organisation


@transaction.atomic
def verify_organisation(*, organisation: Organisation, user, reason: str = "") -> Organisation:
    return _set_state(
        organisation=organisation,
        user=user,
        state=Organisation.State.VERIFIED,
        reason=reason,
        action="organizations.organisation.verified",
        template="organizations/email/verified",
    )


@transaction.atomic
def suspend_organisation(*, organisation: Organisation, user, reason: str) -> Organisation:
    if not (reason or "").strip():
        raise OrganisationError(
            _("Give the reason for the suspension; it is sent to the organisation."), field="reason"
        )
    return _set_state(
        organisation=organisation,
        user=user,
        state=Organisation.State.SUSPENDED,
        reason=reason.strip(),
        action="organizations.organisation.suspended",
        template="organizations/email/suspended",
    )


# --- Members ----------------------------------------------------------------------------


@transaction.atomic
def invite_member(*, organisation: Organisation, user, email: str, role: str) -> Invitation:
    organisation = _lock(organisation)
    _check_not_suspended(organisation)
    email = email.strip().lower()
    if role not in (Membership.Role.ADMIN, Membership.Role.MEMBER):
        raise OrganisationError(_("Choose a valid role."), field="role")
    if organisation.memberships.filter(user__email__iexact=email).exists():
        raise OrganisationError(_("This person is already a member."), field="email")
    if organisation.invitations.filter(
        email__iexact=email, state=Invitation.State.PENDING
    ).exists():
        raise OrganisationError(
            _("An invitation to this address is already waiting for an answer."), field="email"
        )
    invitation = Invitation.objects.create(
        organisation=organisation,
        email=email,
        role=role,
        invited_by=user,
        expires_at=timezone.now() + timedelta(days=INVITATION_DAYS),
    )
    log_action(
        organisation,
        "organizations.invitation.sent",
        user=user,
        data={"email": email, "role": role},
    )
    send_templated_mail(
        to=[email],
        template="organizations/email/invitation",
        context={"invitation": invitation, "organisation": organisation, "inviter": user},
        language=getattr(user, "language", "el"),
    )
    return invitation


@transaction.atomic
def accept_invitation(*, invitation: Invitation, user) -> Membership:
    invitation = (
        Invitation.objects.select_for_update().select_related("organisation").get(pk=invitation.pk)
    )
    if invitation.state != Invitation.State.PENDING:
        raise OrganisationError(_("This invitation has already been used or withdrawn."))
    if invitation.is_expired:
        raise OrganisationError(
            _("This invitation has expired. Ask the organisation to send a new one.")
        )
    if invitation.email.lower() != user.email.lower():
        raise OrganisationError(
            _(
                "This invitation was sent to another e-mail address. Sign in with that address to accept it."
            )
        )
    _check_not_suspended(invitation.organisation)
    if invitation.organisation.memberships.filter(user=user).exists():
        raise OrganisationError(_("You are already a member of this organisation."))
    membership = Membership.objects.create(
        organisation=invitation.organisation, user=user, role=invitation.role
    )
    invitation.state = Invitation.State.ACCEPTED
    invitation.responded_at = timezone.now()
    invitation.save(update_fields=["state", "responded_at"])
    log_action(
        invitation.organisation,
        "organizations.invitation.accepted",
        user=user,
        data={"role": invitation.role},
    )
    return membership


@transaction.atomic
def decline_invitation(*, invitation: Invitation, user) -> Invitation:
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.state != Invitation.State.PENDING:
        raise OrganisationError(_("This invitation has already been used or withdrawn."))
    invitation.state = Invitation.State.DECLINED
    invitation.responded_at = timezone.now()
    invitation.save(update_fields=["state", "responded_at"])
    return invitation


@transaction.atomic
def revoke_invitation(*, invitation: Invitation, user) -> Invitation:
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.state != Invitation.State.PENDING:
        raise OrganisationError(_("Only a waiting invitation can be withdrawn."))
    invitation.state = Invitation.State.REVOKED
    invitation.responded_at = timezone.now()
    invitation.save(update_fields=["state", "responded_at"])
    log_action(
        invitation.organisation,
        "organizations.invitation.revoked",
        user=user,
        data={"email": invitation.email},
    )
    return invitation


@transaction.atomic
def change_role(*, membership: Membership, user, role: str) -> Membership:
    _lock(membership.organisation)
    membership = Membership.objects.select_for_update().get(pk=membership.pk)
    if role not in (Membership.Role.ADMIN, Membership.Role.MEMBER):
        raise OrganisationError(
            _("Choose a valid role. To hand over ownership, use “Transfer ownership”."),
            field="role",
        )
    if membership.role == Membership.Role.OWNER:
        raise OrganisationError(_("The owner's role changes only by transferring ownership."))
    old = membership.role
    membership.role = role
    membership.save(update_fields=["role"])
    log_action(
        membership.organisation,
        "organizations.membership.role_changed",
        user=user,
        data={"member": membership.user_id, "from": old, "to": role},
    )
    return membership


@transaction.atomic
def remove_member(*, membership: Membership, user) -> None:
    _lock(membership.organisation)
    membership = Membership.objects.select_for_update().get(pk=membership.pk)
    if membership.role == Membership.Role.OWNER:
        raise OrganisationError(_("The owner cannot be removed. Transfer ownership first."))
    log_action(
        membership.organisation,
        "organizations.membership.removed",
        user=user,
        data={"member": membership.user_id},
    )
    membership.delete()


@transaction.atomic
def leave_organisation(*, organisation: Organisation, user) -> None:
    _lock(organisation)
    membership = (
        Membership.objects.select_for_update().filter(organisation=organisation, user=user).first()
    )
    if membership is None:
        raise OrganisationError(_("You are not a member of this organisation."))
    if membership.role == Membership.Role.OWNER:
        raise OrganisationError(
            _("You own this organisation. Transfer ownership to another member before you leave.")
        )
    log_action(organisation, "organizations.membership.left", user=user)
    membership.delete()


@transaction.atomic
def transfer_ownership(
    *, organisation: Organisation, user, new_owner_membership: Membership
) -> Membership:
    """The owner hands the organisation to another member and becomes an administrator."""
    organisation = _lock(organisation)
    current = (
        Membership.objects.select_for_update()
        .filter(organisation=organisation, role=Membership.Role.OWNER)
        .first()
    )
    if current is None or current.user_id != user.pk:
        raise OrganisationError(_("Only the owner can transfer ownership."))
    target = (
        Membership.objects.select_for_update()
        .filter(pk=new_owner_membership.pk, organisation=organisation)
        .first()
    )
    if target is None:
        raise OrganisationError(
            _("Choose a current member of the organisation."), field="new_owner"
        )
    if target.pk == current.pk:
        raise OrganisationError(_("You already own this organisation."), field="new_owner")
    if not target.user.is_active:
        raise OrganisationError(_("This person's account is not active."), field="new_owner")
    current.role = Membership.Role.ADMIN
    current.save(update_fields=["role"])
    target.role = Membership.Role.OWNER
    try:
        with transaction.atomic():
            target.save(update_fields=["role"])
    except IntegrityError as exc:  # another transfer won the race
        raise OrganisationError(
            _("Ownership changed meanwhile. Reload the page and try again.")
        ) from exc
    log_action(
        organisation,
        "organizations.organisation.ownership_transferred",
        user=user,
        data={"from": current.user_id, "to": target.user_id},
    )
    return target


# --- Personal data ----------------------------------------------------------------------


def export_memberships(user) -> dict:
    return {
        "memberships": [
            {"organisation": m.organisation.name, "role": m.role, "since": m.created}
            for m in Membership.objects.filter(user=user).select_related("organisation")
        ],
        "invitations_received": [
            {
                "organisation": i.organisation.name,
                "role": i.role,
                "state": i.state,
                "sent": i.created,
            }
            for i in Invitation.objects.filter(email__iexact=user.email).select_related(
                "organisation"
            )
        ],
    }


def erase_memberships(user) -> None:
    Invitation.objects.filter(email__iexact=user.email).delete()
    Membership.objects.filter(user=user).exclude(role=Membership.Role.OWNER).delete()


def erase_blockers(user) -> list:
    owned = list(
        Organisation.objects.filter(
            memberships__user=user, memberships__role=Membership.Role.OWNER
        ).values_list("name", flat=True)
    )
    if not owned:
        return []
    return [
        _(
            "You own %(names)s. Transfer ownership to another member, or ask the hub's staff to close the organisation, before deleting your account."
        )
        % {"names": ", ".join(owned)}
    ]
