"""Every write about professional support: one function per thing a person does."""

from datetime import timedelta

from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from socialdynamo.core.audit import log_action
from socialdynamo.core.errors import DomainError
from socialdynamo.core.mail import send_templated_mail
from socialdynamo.organizations.models import Membership, Organisation

from .models import (
    LANGUAGES,
    MAX_SESSION_MINUTES,
    Engagement,
    ExpertProfile,
    Format,
    Goal,
    Milestone,
    Proposal,
    Rating,
    Review,
    Session,
    SupportRequest,
)

State = SupportRequest.State
MAX_ACTIVE_REQUESTS = 5  # per organisation, so one group cannot flood the queue
DAY_MINUTES = 24 * 60

# The request's state machine: from -> the states it may move to.
TRANSITIONS = {
    State.SUBMITTED: {State.TRIAGED, State.MATCHED, State.DECLINED, State.WITHDRAWN, State.CLOSED},
    State.TRIAGED: {State.MATCHED, State.DECLINED, State.WITHDRAWN, State.CLOSED},
    State.MATCHED: {
        State.IN_PROGRESS,
        State.TRIAGED,
        State.DECLINED,
        State.WITHDRAWN,
        State.CLOSED,
    },
    State.IN_PROGRESS: {State.COMPLETED, State.CLOSED},
    State.COMPLETED: set(),
    State.CLOSED: {State.TRIAGED},
    State.WITHDRAWN: {State.TRIAGED},
    State.DECLINED: {State.TRIAGED},
}


class SupportError(DomainError):
    pass


# --- Helpers ------------------------------------------------------------------------------


def _lock_request(request: SupportRequest) -> SupportRequest:
    return SupportRequest.objects.select_for_update().get(pk=request.pk)


def _lock_expert(expert: ExpertProfile) -> ExpertProfile:
    return ExpertProfile.objects.select_for_update().select_related("user").get(pk=expert.pk)


def _admins(organisation: Organisation) -> list:
    return [
        m.user
        for m in organisation.memberships.filter(role__in=Membership.ADMIN_ROLES).select_related(
            "user"
        )
        if m.user.is_active
    ]


def _mail(users, template: str, context: dict) -> None:
    for person in users:
        if person is None or not person.is_active or not person.email:
            continue
        send_templated_mail(
            to=[person.email],
            template=f"support/email/{template}",
            context={**context, "recipient": person},
            language=person.language,
        )


def _move(request: SupportRequest, to: str, *, user, reason: str = "", action: str):
    """The one function that changes a request's state (the request is locked)."""
    if to not in TRANSITIONS[request.state]:
        raise SupportError(
            _("A request that is “%(state)s” cannot become “%(to)s”.")
            % {"state": request.get_state_display(), "to": State(to).label}
        )
    old = request.state
    request.state = to
    request.state_reason = reason
    request.state_changed_at = timezone.now()
    request.save(update_fields=["state", "state_reason", "state_changed_at"])
    log_action(
        request, f"support.request.{action}", user=user, reason=reason, data={"from": old, "to": to}
    )
    return request


def remaining_capacity(expert: ExpertProfile) -> int:
    """New requests the expert can still take: their limit less engagements and proposals."""
    active = expert.engagements.filter(state=Engagement.State.ACTIVE).count()
    waiting = expert.proposals.filter(state=Proposal.State.PROPOSED).count()
    return expert.max_engagements - active - waiting


def _withdraw_live_proposal(request: SupportRequest, user) -> None:
    for proposal in request.proposals.filter(state=Proposal.State.PROPOSED):
        proposal.state = Proposal.State.WITHDRAWN
        proposal.responded_at = timezone.now()
        proposal.save(update_fields=["state", "responded_at"])
        log_action(proposal.request, "support.proposal.withdrawn", user=user)


# --- Experts ------------------------------------------------------------------------------

PROFILE_FIELDS = ["headline", "bio", "languages", "formats", "monthly_hours", "availability"]


def _check_profile(data: dict, areas, topics) -> None:
    if not areas:
        raise SupportError(_("Choose at least one area you can help with."), field="areas")
    area_ids = {a.pk for a in areas}
    stray = [t for t in topics if t.area_id not in area_ids]
    if stray:
        raise SupportError(
            _("The sub-topic “%(topic)s” is not in an area you chose.") % {"topic": stray[0].name},
            field="topics",
        )
    if not data.get("languages"):
        raise SupportError(_("Choose at least one language."), field="languages")
    known = {code for code, _label in LANGUAGES}
    if set(data["languages"]) - known:
        raise SupportError(_("Choose languages from the list."), field="languages")
    if not data.get("formats"):
        raise SupportError(_("Choose at least one format you offer."), field="formats")
    if set(data["formats"]) - set(Format.values):
        raise SupportError(_("Choose formats from the list."), field="formats")
    hours = data.get("monthly_hours") or 0
    if not 1 <= hours <= 80:
        raise SupportError(_("Give between 1 and 80 hours a month."), field="monthly_hours")


@transaction.atomic
def apply_as_expert(*, user, data: dict, areas=(), topics=(), conflicts=()) -> ExpertProfile:
    """A person applies (or updates their profile). Staff approve new applications."""
    areas, topics = list(areas), list(topics)
    _check_profile(data, areas, topics)
    profile = ExpertProfile.objects.select_for_update().filter(user=user).first()
    new = profile is None
    if new:
        profile = ExpertProfile(user=user, state=ExpertProfile.State.APPLIED)
    elif profile.state in (ExpertProfile.State.INVITED, ExpertProfile.State.REJECTED):
        profile.state = ExpertProfile.State.APPLIED
    for name in PROFILE_FIELDS:
        if name in data:
            setattr(profile, name, data[name] if data[name] is not None else "")
    profile.save()
    profile.areas.set(areas)
    profile.topics.set(topics)
    profile.conflicts.set(conflicts)
    log_action(profile, "support.expert.applied" if new else "support.expert.updated", user=user)
    return profile


@transaction.atomic
def invite_expert(*, email: str, user, message: str = "") -> ExpertProfile | None:
    """Staff invite a professional. A person with an account gets an "invited" profile."""
    from socialdynamo.accounts.models import User

    email = (email or "").strip().lower()
    person = User.objects.filter(email__iexact=email).first()
    profile = None
    if person is not None:
        profile = ExpertProfile.objects.filter(user=person).first()
        if profile is not None and profile.state == ExpertProfile.State.APPROVED:
            raise SupportError(_("This person is already an approved expert."), field="email")
        if profile is None:
            profile = ExpertProfile.objects.create(
                user=person, state=ExpertProfile.State.INVITED, invited_by=user
            )
        log_action(profile, "support.expert.invited", user=user)
    send_templated_mail(
        to=[email],
        template="support/email/expert_invitation",
        context={"inviter": user, "message": message},
        language=person.language if person else "el",
    )
    return profile


def _decide_expert(profile, *, user, state, reason, action):
    profile = _lock_expert(profile)
    if profile.state == state:
        raise SupportError(
            _("This expert is already “%(state)s”.") % {"state": profile.get_state_display()}
        )
    if state == ExpertProfile.State.APPROVED and profile.state == ExpertProfile.State.INVITED:
        raise SupportError(_("The person has not filled in their expert profile yet."))
    profile.state = state
    profile.decided_by = user
    profile.decided_at = timezone.now()
    profile.decision_reason = reason
    profile.save(update_fields=["state", "decided_by", "decided_at", "decision_reason"])
    # The User.is_expert flag follows the approved profile.
    approved = state == ExpertProfile.State.APPROVED
    if profile.user.is_expert != approved:
        profile.user.is_expert = approved
        profile.user.save(update_fields=["is_expert"])
    log_action(profile, action, user=user, reason=reason)
    _mail([profile.user], "expert_decision", {"profile": profile, "reason": reason})
    return profile


@transaction.atomic
def approve_expert(*, profile: ExpertProfile, user, reason: str = "") -> ExpertProfile:
    return _decide_expert(
        profile,
        user=user,
        state=ExpertProfile.State.APPROVED,
        reason=reason,
        action="support.expert.approved",
    )


@transaction.atomic
def reject_expert(*, profile: ExpertProfile, user, reason: str) -> ExpertProfile:
    if not (reason or "").strip():
        raise SupportError(_("Give the reason; it is sent to the person."), field="reason")
    return _decide_expert(
        profile,
        user=user,
        state=ExpertProfile.State.REJECTED,
        reason=reason.strip(),
        action="support.expert.rejected",
    )


@transaction.atomic
def pause_expert(*, profile: ExpertProfile, user, reason: str = "") -> ExpertProfile:
    return _decide_expert(
        profile,
        user=user,
        state=ExpertProfile.State.PAUSED,
        reason=reason,
        action="support.expert.paused",
    )


# --- Requests -----------------------------------------------------------------------------

REQUEST_FIELDS = ["title", "goal", "context", "urgency", "format", "language", "availability"]


@transaction.atomic
def submit_request(*, organisation: Organisation, user, data: dict) -> SupportRequest:
    """An organisation's administrator asks for help."""
    organisation = Organisation.objects.select_for_update().get(pk=organisation.pk)
    if organisation.state == Organisation.State.SUSPENDED:
        raise SupportError(
            _(
                "This organisation is suspended, so it cannot ask for support. Contact the hub's staff."
            )
        )
    area, topic = data.get("area"), data.get("topic")
    if topic is not None and area is not None and topic.area_id != area.pk:
        raise SupportError(
            _("The sub-topic “%(topic)s” is not in the area “%(area)s”.")
            % {"topic": topic.name, "area": area.name},
            field="topic",
        )
    active = organisation.support_requests.filter(state__in=SupportRequest.ACTIVE).count()
    if active >= MAX_ACTIVE_REQUESTS:
        raise SupportError(
            _(
                "Your organisation already has %(count)d open requests. Wait until one is done, or withdraw one."
            )
            % {"count": active}
        )
    request = SupportRequest(organisation=organisation, created_by=user, area=area, topic=topic)
    for name in REQUEST_FIELDS:
        if name in data:
            setattr(request, name, data[name] or "")
    request.save()
    log_action(request, "support.request.submitted", user=user)
    return request


@transaction.atomic
def triage_request(*, request: SupportRequest, user, notes: str = "", area=None, topic=None):
    """Staff check the request (and may correct its area and sub-topic)."""
    request = _lock_request(request)
    if area is not None and topic is not None and topic.area_id != area.pk:
        raise SupportError(_("The sub-topic is not in the chosen area."), field="topic")
    fields = []
    if area is not None and area.pk != request.area_id:
        request.area = area
        request.topic = None
        fields += ["area", "topic"]
    if topic is not None:
        request.topic = topic
        fields.append("topic")
    if notes:
        request.staff_notes = notes
        fields.append("staff_notes")
    if fields:
        request.save(update_fields=sorted(set(fields)))
    return _move(request, State.TRIAGED, user=user, action="triaged")


@transaction.atomic
def decline_request(*, request: SupportRequest, user, reason: str) -> SupportRequest:
    if not (reason or "").strip():
        raise SupportError(
            _("Give the reason for declining; the organisation reads it."), field="reason"
        )
    request = _lock_request(request)
    _move(request, State.DECLINED, user=user, reason=reason.strip(), action="declined")
    _withdraw_live_proposal(request, user)
    _mail(_admins(request.organisation), "request_state", {"request": request})
    return request


@transaction.atomic
def withdraw_request(*, request: SupportRequest, user, reason: str = "") -> SupportRequest:
    request = _lock_request(request)
    if request.state not in SupportRequest.OPEN:
        raise SupportError(
            _("Only a request that has not started can be withdrawn; ask the staff to close it.")
        )
    _move(request, State.WITHDRAWN, user=user, reason=reason.strip(), action="withdrawn")
    _withdraw_live_proposal(request, user)
    return request


@transaction.atomic
def close_request(*, request: SupportRequest, user, reason: str) -> SupportRequest:
    if not (reason or "").strip():
        raise SupportError(_("Give the reason for closing the request."), field="reason")
    request = _lock_request(request)
    _move(request, State.CLOSED, user=user, reason=reason.strip(), action="closed")
    _withdraw_live_proposal(request, user)
    Engagement.objects.filter(request=request, state=Engagement.State.ACTIVE).update(
        state=Engagement.State.CLOSED, ended=timezone.now()
    )
    _mail(_admins(request.organisation), "request_state", {"request": request})
    return request


@transaction.atomic
def reopen_request(*, request: SupportRequest, user, reason: str = "") -> SupportRequest:
    """Only staff reopen a closed, declined or withdrawn request; it goes back to triage."""
    if not (user and user.is_authenticated and user.is_staff):
        raise SupportError(
            _("Only the hub's staff can reopen a request. Submit a new one instead.")
        )
    request = _lock_request(request)
    if request.state not in (State.CLOSED, State.DECLINED, State.WITHDRAWN):
        raise SupportError(_("Only a closed, declined or withdrawn request can be reopened."))
    if hasattr(request, "engagement"):
        raise SupportError(
            _("This request already had an engagement; submit a new request for new work.")
        )
    return _move(request, State.TRIAGED, user=user, reason=reason, action="reopened")


# --- Matching -----------------------------------------------------------------------------


def _check_can_propose(request: SupportRequest, expert: ExpertProfile) -> None:
    if expert.state != ExpertProfile.State.APPROVED:
        raise SupportError(_("This expert is not approved (or is paused)."), field="expert")
    if expert.conflicts.filter(pk=request.organisation_id).exists():
        raise SupportError(
            _("This expert has declared a conflict of interest with this organisation."),
            field="expert",
        )
    if request.proposals.filter(expert=expert).exists():
        raise SupportError(_("This expert was already proposed for this request."), field="expert")
    if not expert.areas.filter(pk=request.area_id).exists():
        raise SupportError(_("This expert does not work in the request's area."), field="expert")
    if remaining_capacity(expert) <= 0:
        raise SupportError(
            _("%(expert)s has no hours left this month (over capacity). Choose another expert.")
            % {"expert": expert},
            field="expert",
        )


def _propose(request, expert, *, user, score, reasons):
    expert = _lock_expert(expert)
    _check_can_propose(request, expert)
    try:
        with transaction.atomic():
            proposal = Proposal.objects.create(
                request=request, expert=expert, score=score, reasons=reasons, proposed_by=user
            )
    except IntegrityError as exc:
        raise SupportError(
            _("Someone else proposed an expert for this request meanwhile. Reload the page.")
        ) from exc
    log_action(
        request,
        "support.proposal.made",
        user=user,
        data={"expert": expert.pk, "score": score},
    )
    _mail([expert.user], "proposal", {"proposal": proposal, "request": request})
    return proposal


@transaction.atomic
def propose_expert(*, request: SupportRequest, expert: ExpertProfile, user) -> Proposal:
    """Staff confirm a suggested expert; the expert is asked to accept."""
    from . import selectors

    request = _lock_request(request)
    if request.state not in (State.SUBMITTED, State.TRIAGED):
        raise SupportError(
            _(
                "An expert can be proposed only for a submitted or triaged request (this one is “%(state)s”)."
            )
            % {"state": request.get_state_display()}
        )
    suggestion = selectors.score_pair(request, expert)
    proposal = _propose(
        request,
        expert,
        user=user,
        score=suggestion.score if suggestion else 0.0,
        reasons=selectors.reasons_as_data(suggestion.reasons if suggestion else []),
    )
    _move(request, State.MATCHED, user=user, action="matched")
    return proposal


@transaction.atomic
def withdraw_proposal(*, request: SupportRequest, user) -> SupportRequest:
    """Staff take back an unanswered proposal (the expert is silent); the request is triaged
    again and the expert is not suggested for it again."""
    request = _lock_request(request)
    if (
        request.state != State.MATCHED
        or not request.proposals.filter(state=Proposal.State.PROPOSED).exists()
    ):
        raise SupportError(_("There is no proposal waiting for an answer."))
    _withdraw_live_proposal(request, user)
    return _move(request, State.TRIAGED, user=user, action="unmatched")


@transaction.atomic
def accept_proposal(*, proposal: Proposal, user) -> Engagement:
    request = _lock_request(proposal.request)
    proposal = (
        Proposal.objects.select_for_update().select_related("expert__user").get(pk=proposal.pk)
    )
    if proposal.expert.user_id != user.pk:
        raise SupportError(_("Only the proposed expert can answer."))
    if proposal.state != Proposal.State.PROPOSED:
        raise SupportError(_("This proposal has already been answered or withdrawn."))
    expert = _lock_expert(proposal.expert)
    # The proposal itself holds one of the expert's places; the rest must not be over.
    active = expert.engagements.filter(state=Engagement.State.ACTIVE).count()
    if active >= expert.max_engagements:
        raise SupportError(
            _(
                "You are at your monthly capacity (%(count)d engagements). Finish one, raise your hours, or decline."
            )
            % {"count": active}
        )
    proposal.state = Proposal.State.ACCEPTED
    proposal.responded_at = timezone.now()
    proposal.save(update_fields=["state", "responded_at"])
    request.expert = expert
    request.save(update_fields=["expert"])
    engagement = Engagement.objects.create(
        request=request,
        expert=expert,
        organisation_id=request.organisation_id,
        format=request.format,
    )
    _move(request, State.IN_PROGRESS, user=user, action="accepted")
    _mail(_admins(request.organisation), "accepted", {"request": request, "engagement": engagement})
    return engagement


@transaction.atomic
def decline_proposal(*, proposal: Proposal, user, reason: str = "") -> Proposal | None:
    """The expert declines; the next best available expert is proposed, if there is one."""
    from . import selectors

    request = _lock_request(proposal.request)
    proposal = Proposal.objects.select_for_update().select_related("expert").get(pk=proposal.pk)
    if proposal.expert.user_id != user.pk:
        raise SupportError(_("Only the proposed expert can answer."))
    if proposal.state != Proposal.State.PROPOSED:
        raise SupportError(_("This proposal has already been answered or withdrawn."))
    proposal.state = Proposal.State.DECLINED
    proposal.decline_reason = reason.strip()
    proposal.responded_at = timezone.now()
    proposal.save(update_fields=["state", "decline_reason", "responded_at"])
    log_action(
        request,
        "support.proposal.declined",
        user=user,
        reason=proposal.decline_reason,
        data={"expert": proposal.expert_id},
    )
    for suggestion in selectors.suggestions_for(request, limit=10):
        expert = ExpertProfile.objects.get(pk=suggestion.expert_id)
        try:
            with transaction.atomic():
                return _propose(
                    request,
                    expert,
                    user=None,
                    score=suggestion.score,
                    reasons=selectors.reasons_as_data(suggestion.reasons),
                )
        except SupportError:
            continue
    _move(request, State.TRIAGED, user=user, action="unmatched")
    return None


# --- Engagements: sessions and hours ---------------------------------------------------------


def _check_active(engagement: Engagement) -> None:
    if engagement.state != Engagement.State.ACTIVE:
        raise SupportError(_("This engagement has ended; nothing more can be added."))


def _check_minutes(minutes) -> None:
    if minutes is None or minutes <= 0:
        raise SupportError(_("Give the length of the session in minutes."), field="minutes")
    if minutes > DAY_MINUTES:
        raise SupportError(
            _("A session cannot last more than a day (24 hours). Log each day separately."),
            field="minutes",
        )
    if minutes > MAX_SESSION_MINUTES:
        raise SupportError(
            _("A session can last at most %(hours)d hours. Log longer work as several sessions.")
            % {"hours": MAX_SESSION_MINUTES // 60},
            field="minutes",
        )


def _check_day_total(engagement: Engagement, starts_at, minutes, exclude=None) -> None:
    # The expert's row is the lock for their hours across all their engagements.
    ExpertProfile.objects.select_for_update().filter(pk=engagement.expert_id).first()
    local = timezone.localtime(starts_at)
    start = local.replace(hour=0, minute=0, second=0, microsecond=0)
    same_day = Session.objects.filter(
        engagement__expert_id=engagement.expert_id,
        state=Session.State.HELD,
        starts_at__gte=start,
        starts_at__lt=start + timedelta(days=1),
    )
    if exclude is not None:
        same_day = same_day.exclude(pk=exclude.pk)
    logged = same_day.aggregate(total=Sum("minutes"))["total"] or 0
    if logged + minutes > DAY_MINUTES:
        raise SupportError(
            _(
                "That would make more than 24 hours of sessions on %(day)s (%(logged)s minutes are already logged)."
            )
            % {"day": local.date().isoformat(), "logged": logged},
            field="minutes",
        )


def _check_when(engagement: Engagement, starts_at, *, held: bool) -> None:
    if starts_at is None:
        raise SupportError(_("Give the date and time of the session."), field="starts_at")
    if starts_at < engagement.request.created:
        raise SupportError(
            _("A session cannot be before the request was made (%(date)s).")
            % {"date": timezone.localtime(engagement.request.created).strftime("%d/%m/%Y")},
            field="starts_at",
        )
    if held and starts_at > timezone.now():
        raise SupportError(
            _("A session in the future cannot be logged as held. Plan it, and log it afterwards."),
            field="starts_at",
        )


@transaction.atomic
def add_session(
    *, engagement: Engagement, user, starts_at, minutes, mode, notes: str = "", held: bool
) -> Session:
    """The expert plans a session, or logs one that took place (its hours count)."""
    engagement = (
        Engagement.objects.select_for_update().select_related("request").get(pk=engagement.pk)
    )
    _check_active(engagement)
    _check_minutes(minutes)
    _check_when(engagement, starts_at, held=held)
    if held:
        _check_day_total(engagement, starts_at, minutes)
    if mode not in Session.Mode.values:
        raise SupportError(_("Choose online or in person."), field="mode")
    session = Session.objects.create(
        engagement=engagement,
        starts_at=starts_at,
        minutes=minutes,
        mode=mode,
        notes=notes,
        state=Session.State.HELD if held else Session.State.PLANNED,
        logged_at=timezone.now() if held else None,
        created_by=user,
    )
    log_action(
        engagement,
        "support.session.logged" if held else "support.session.planned",
        user=user,
        data={"session": session.pk, "minutes": minutes},
    )
    return session


@transaction.atomic
def log_session(*, session: Session, user, minutes, notes: str = "") -> Session:
    """A planned session took place: record its real length and notes."""
    engagement = (
        Engagement.objects.select_for_update()
        .select_related("request")
        .get(pk=session.engagement_id)
    )
    session = Session.objects.select_for_update().get(pk=session.pk)
    _check_active(engagement)
    if session.state != Session.State.PLANNED:
        raise SupportError(_("This session is already logged or cancelled."))
    _check_minutes(minutes)
    _check_when(engagement, session.starts_at, held=True)
    _check_day_total(engagement, session.starts_at, minutes, exclude=session)
    session.minutes = minutes
    session.notes = notes
    session.state = Session.State.HELD
    session.logged_at = timezone.now()
    session.save(update_fields=["minutes", "notes", "state", "logged_at"])
    log_action(
        engagement,
        "support.session.logged",
        user=user,
        data={"session": session.pk, "minutes": minutes},
    )
    return session


@transaction.atomic
def cancel_session(*, session: Session, user) -> Session:
    session = Session.objects.select_for_update().get(pk=session.pk)
    if session.state != Session.State.PLANNED:
        raise SupportError(_("Only a planned session can be cancelled."))
    session.state = Session.State.CANCELLED
    session.save(update_fields=["state"])
    log_action(session.engagement, "support.session.cancelled", user=user)
    return session


# --- Plans, reviews, completion, ratings ---------------------------------------------------


def _check_plan(engagement: Engagement) -> None:
    _check_active(engagement)
    if not engagement.has_plan:
        raise SupportError(_("Goals and milestones are for mentoring and coaching only."))


@transaction.atomic
def add_goal(*, engagement: Engagement, user, title: str, description: str = "", due=None) -> Goal:
    _check_plan(engagement)
    if not (title or "").strip():
        raise SupportError(_("Name the goal."), field="title")
    goal = Goal.objects.create(
        engagement=engagement,
        title=title.strip(),
        description=description,
        due=due,
        position=engagement.goals.count(),
    )
    log_action(engagement, "support.goal.added", user=user, data={"goal": goal.pk})
    return goal


@transaction.atomic
def add_milestone(*, goal: Goal, user, title: str, due=None) -> Milestone:
    _check_plan(goal.engagement)
    if not (title or "").strip():
        raise SupportError(_("Name the milestone."), field="title")
    milestone = Milestone.objects.create(goal=goal, title=title.strip(), due=due)
    log_action(
        goal.engagement, "support.milestone.added", user=user, data={"milestone": milestone.pk}
    )
    return milestone


@transaction.atomic
def mark_milestone_done(*, milestone: Milestone, user) -> Milestone:
    milestone = (
        Milestone.objects.select_for_update()
        .select_related("goal__engagement")
        .get(pk=milestone.pk)
    )
    _check_plan(milestone.goal.engagement)
    if milestone.done_at is not None:
        raise SupportError(_("This milestone is already done."))
    milestone.done_at = timezone.now()
    milestone.save(update_fields=["done_at"])
    log_action(milestone.goal.engagement, "support.milestone.done", user=user)
    return milestone


@transaction.atomic
def mark_goal_reached(*, goal: Goal, user) -> Goal:
    goal = Goal.objects.select_for_update().select_related("engagement").get(pk=goal.pk)
    _check_plan(goal.engagement)
    if goal.achieved_at is not None:
        raise SupportError(_("This goal is already marked as reached."))
    goal.achieved_at = timezone.now()
    goal.save(update_fields=["achieved_at"])
    log_action(goal.engagement, "support.goal.reached", user=user)
    return goal


@transaction.atomic
def add_review(*, engagement: Engagement, user, kind: str, progress: str, next_steps: str = ""):
    _check_plan(engagement)
    if kind not in Review.Kind.values:
        raise SupportError(_("Choose a mid-term or final review."), field="kind")
    if not (progress or "").strip():
        raise SupportError(_("Write how the work went."), field="progress")
    held = engagement.sessions.filter(state=Session.State.HELD).exists()
    if not held:
        raise SupportError(_("A review comes after at least one session has taken place."))
    if kind == Review.Kind.FINAL and not engagement.reviews.filter(kind=Review.Kind.MID).exists():
        raise SupportError(_("Write the mid-term review first."), field="kind")
    try:
        with transaction.atomic():
            review = Review.objects.create(
                engagement=engagement,
                kind=kind,
                author=user,
                progress=progress.strip(),
                next_steps=next_steps,
            )
    except IntegrityError as exc:
        raise SupportError(_("This review has already been written."), field="kind") from exc
    log_action(engagement, f"support.review.{kind}", user=user)
    return review


@transaction.atomic
def complete_engagement(*, engagement: Engagement, user) -> Engagement:
    """The expert (or staff) mark the work done; both sides are asked to rate it."""
    # Lock order everywhere: request, then engagement, then expert.
    request = _lock_request(engagement.request)
    engagement = (
        Engagement.objects.select_for_update()
        .select_related("request", "expert__user")
        .get(pk=engagement.pk)
    )
    _check_active(engagement)
    if not engagement.sessions.filter(state=Session.State.HELD).exists():
        raise SupportError(_("Log at least one session that took place before completing."))
    if engagement.sessions.filter(
        state=Session.State.PLANNED, starts_at__lt=timezone.now()
    ).exists():
        raise SupportError(
            _("Some past sessions are not logged yet: log or cancel them before completing.")
        )
    if engagement.has_plan and not engagement.reviews.filter(kind=Review.Kind.FINAL).exists():
        raise SupportError(_("Write the final review before completing a mentoring or coaching."))
    engagement.state = Engagement.State.COMPLETED
    engagement.ended = timezone.now()
    engagement.save(update_fields=["state", "ended"])
    _move(request, State.COMPLETED, user=user, action="completed")
    _mail(
        [*_admins(engagement.organisation), engagement.expert.user],
        "rate",
        {"engagement": engagement, "request": request},
    )
    return engagement


@transaction.atomic
def rate_outcome(*, engagement: Engagement, user, side: str, stars, comment: str = "") -> Rating:
    if engagement.state != Engagement.State.COMPLETED:
        raise SupportError(_("The outcome can be rated once the engagement is completed."))
    if stars is None or not 1 <= int(stars) <= 5:
        raise SupportError(_("Choose from 1 to 5 stars."), field="stars")
    try:
        with transaction.atomic():
            rating = Rating.objects.create(
                engagement=engagement, side=side, author=user, stars=int(stars), comment=comment
            )
    except IntegrityError as exc:
        raise SupportError(_("This side has already rated the outcome.")) from exc
    log_action(engagement, "support.rating.given", user=user, data={"side": side})
    return rating


def hours_of(engagement: Engagement) -> float:
    minutes = (
        engagement.sessions.filter(state=Session.State.HELD).aggregate(total=Sum("minutes"))[
            "total"
        ]
        or 0
    )
    return round(minutes / 60, 2)


@transaction.atomic
def issue_certificate(*, engagement: Engagement, user) -> float:
    """A certificate of support hours is asked for; the request is logged."""
    hours = hours_of(engagement)
    if hours <= 0:
        raise SupportError(_("No hours are logged yet, so there is nothing to certify."))
    log_action(engagement, "support.certificate.issued", user=user, data={"hours": hours})
    return hours


# --- Reminders -----------------------------------------------------------------------------


@transaction.atomic
def remind_unlogged_session(*, session_id: int) -> bool:
    """Remind the expert once about a session that took place and is not logged."""
    session = (
        Session.objects.select_for_update()
        .select_related("engagement__expert__user", "engagement__request")
        .filter(pk=session_id)
        .first()
    )
    if (
        session is None
        or session.state != Session.State.PLANNED
        or session.reminded_at is not None
        or session.engagement.state != Engagement.State.ACTIVE
    ):
        return False
    end = session.starts_at + timedelta(minutes=session.minutes)
    if end > timezone.now():
        return False
    session.reminded_at = timezone.now()
    session.save(update_fields=["reminded_at"])
    _mail([session.engagement.expert.user], "log_reminder", {"session": session})
    return True


PROPOSAL_REMINDER_AFTER = timedelta(days=3)


@transaction.atomic
def remind_unanswered_proposal(*, proposal_id: int) -> bool:
    """Remind the expert once about a proposal left unanswered for three days."""
    proposal = (
        Proposal.objects.select_for_update()
        .select_related("expert__user", "request__area")
        .filter(pk=proposal_id)
        .first()
    )
    if (
        proposal is None
        or proposal.state != Proposal.State.PROPOSED
        or proposal.reminded_at is not None
        or proposal.created > timezone.now() - PROPOSAL_REMINDER_AFTER
    ):
        return False
    proposal.reminded_at = timezone.now()
    proposal.save(update_fields=["reminded_at"])
    _mail([proposal.expert.user], "proposal", {"proposal": proposal, "request": proposal.request})
    return True


def certificate_for_expert(*, expert: ExpertProfile, user, year: int) -> dict:
    """The hours an expert gave in a year, per engagement (the request is logged)."""
    sessions = Session.objects.filter(
        engagement__expert=expert, state=Session.State.HELD, starts_at__year=year
    )
    rows = (
        sessions.values("engagement_id", "engagement__organisation__name", "engagement__format")
        .annotate(total=Sum("minutes"))
        .order_by("engagement__organisation__name", "engagement_id")
    )
    lines = [
        {
            "organisation": row["engagement__organisation__name"],
            "format": Format(row["engagement__format"]).label,
            "hours": round(row["total"] / 60, 2),
        }
        for row in rows
    ]
    hours = round(sum(line["hours"] for line in lines), 2)
    if hours <= 0:
        raise SupportError(
            _("No hours are logged in %(year)d, so there is nothing to certify.") % {"year": year}
        )
    log_action(expert, "support.certificate.issued", user=user, data={"year": year, "hours": hours})
    return {"lines": lines, "hours": hours, "year": year}


# --- Personal data -------------------------------------------------------------------------


def export_support_data(user) -> dict:
    profile = ExpertProfile.objects.filter(user=user).first()
    data = {}
    if profile is not None:
        data["expert_profile"] = {
            "state": profile.state,
            "headline": profile.headline,
            "bio": profile.bio,
            "languages": profile.languages,
            "formats": profile.formats,
            "monthly_hours": profile.monthly_hours,
            "availability": profile.availability,
            "areas": [a.name for a in profile.areas.all()],
        }
        data["support_sessions_given"] = [
            {
                "date": s.starts_at,
                "minutes": s.minutes,
                "mode": s.mode,
                "state": s.state,
                "notes": s.notes,
            }
            for s in Session.objects.filter(engagement__expert=profile)
        ]
    data["support_requests_asked"] = [
        {"title": r.title, "state": r.state, "created": r.created, "goal": r.goal}
        for r in SupportRequest.objects.filter(created_by=user)
    ]
    data["support_ratings_written"] = [
        {"stars": r.stars, "comment": r.comment, "created": r.created}
        for r in Rating.objects.filter(author=user)
    ]
    return data


def erase_support_data(user) -> None:
    """The profile goes; hours and outcomes stay, anonymised, for the hub's reports."""
    profile = ExpertProfile.objects.filter(user=user).first()
    if profile is not None:
        for proposal in Proposal.objects.filter(expert=profile, state=Proposal.State.PROPOSED):
            with transaction.atomic():
                request = _lock_request(proposal.request)
                _withdraw_live_proposal(request, None)
                if request.state == State.MATCHED:
                    _move(request, State.TRIAGED, user=None, action="unmatched")
        ExpertProfile.objects.filter(pk=profile.pk).update(
            state=ExpertProfile.State.PAUSED,
            bio="",
            headline="",
            availability="",
        )
        type(user).objects.filter(pk=user.pk).update(is_expert=False)
    Rating.objects.filter(author=user).update(comment="")
