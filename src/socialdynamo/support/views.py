from functools import partial

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from socialdynamo.core.audit import history_for
from socialdynamo.core.permissions import authorize, form_error_from, get_authorized
from socialdynamo.organizations.models import Organisation

from . import selectors, services
from .forms import (
    AnswerForm,
    ExpertProfileForm,
    GoalForm,
    InviteExpertForm,
    LogSessionForm,
    MilestoneForm,
    ProposeForm,
    RatingForm,
    ReasonForm,
    RequestForm,
    ReviewForm,
    SessionForm,
    TriageForm,
)
from .models import (
    Engagement,
    ExpertProfile,
    Goal,
    Milestone,
    Proposal,
    Rating,
    Session,
    SupportRequest,
)
from .services import SupportError

SEE_REQUEST = "support.see_request"
SEE_ENGAGEMENT = "support.see_engagement"
VIEW_ORGANISATION = "organizations.view_organisation"


def _request(request, pk) -> SupportRequest:
    try:
        support_request = selectors.request_for_page(pk)
    except SupportRequest.DoesNotExist as exc:
        raise Http404 from exc
    return support_request


def _engagement(request, pk, perm) -> Engagement:
    try:
        engagement = selectors.engagement_for_page(pk)
    except Engagement.DoesNotExist as exc:
        raise Http404 from exc
    authorize(request.user, perm, engagement, view_perm=SEE_ENGAGEMENT)
    return engagement


# --- Overview -----------------------------------------------------------------------------


@login_required
def index(request):
    """Where a person starts: their organisations' requests, their expert work, staff links."""
    managed = list(selectors.managed_organisations(request.user))
    profile = ExpertProfile.objects.filter(user=request.user).first()
    return render(
        request,
        "support/index.html",
        {"managed": managed, "profile": profile},
    )


# --- Organisations ask ----------------------------------------------------------------------


@login_required
def organisation_requests(request, slug):
    organisation = get_authorized(
        request.user,
        Organisation,
        "support.see_organisation_requests",
        view_perm=VIEW_ORGANISATION,
        slug=slug,
    )
    page = Paginator(selectors.requests_of_organisation(organisation), 25).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "support/organisation_requests.html",
        {"organisation": organisation, "page_obj": page},
    )


@login_required
def request_create(request, slug):
    organisation = get_authorized(
        request.user,
        Organisation,
        "support.ask_for_support",
        view_perm=VIEW_ORGANISATION,
        slug=slug,
    )
    form = RequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            created = services.submit_request(
                organisation=organisation, user=request.user, data=form.cleaned_data
            )
        except SupportError as error:
            form_error_from(form, error)
        else:
            messages.success(
                request,
                _(
                    "Your request is sent. The hub's staff will find the right expert and write to you."
                ),
            )
            return redirect(created)
    return render(
        request, "support/request_form.html", {"form": form, "organisation": organisation}
    )


@login_required
def request_detail(request, pk):
    support_request = _request(request, pk)
    authorize(request.user, SEE_REQUEST, support_request, view_perm=SEE_REQUEST)
    proposals = support_request.proposals.select_related("expert__user").order_by("created")
    engagement = Engagement.objects.filter(request=support_request).first()
    return render(
        request,
        "support/request_detail.html",
        {
            "support_request": support_request,
            "proposals": proposals,
            "engagement": engagement,
            "reason_form": ReasonForm(),
            "can_withdraw": request.user.has_perm("support.withdraw_request", support_request),
            "history": history_for(support_request)[:50],
        },
    )


@login_required
@require_POST
def request_withdraw(request, pk):
    support_request = _request(request, pk)
    authorize(request.user, "support.withdraw_request", support_request, view_perm=SEE_REQUEST)
    form = ReasonForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    try:
        services.withdraw_request(request=support_request, user=request.user, reason=reason)
        messages.success(request, _("The request is withdrawn."))
    except SupportError as error:
        messages.error(request, error.message)
    return redirect(support_request)


@login_required
@require_POST
def request_reopen(request, pk):
    support_request = _request(request, pk)
    authorize(request.user, SEE_REQUEST, support_request, view_perm=SEE_REQUEST)
    form = ReasonForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    try:
        services.reopen_request(request=support_request, user=request.user, reason=reason)
        messages.success(request, _("The request is open again, waiting for triage."))
    except SupportError as error:
        messages.error(request, error.message)
    return redirect(support_request)


# --- Experts answer --------------------------------------------------------------------------


@login_required
def proposal_respond(request, pk):
    proposal = get_object_or_404(
        Proposal.objects.select_related(
            "expert__user", "request__area", "request__topic", "request__organisation"
        ),
        pk=pk,
    )
    authorize(
        request.user, "support.answer_proposal", proposal, view_perm="support.answer_proposal"
    )
    form = AnswerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            if form.cleaned_data["answer"] == "accept":
                engagement = services.accept_proposal(proposal=proposal, user=request.user)
                messages.success(request, _("Thank you! You can now see the whole request."))
                return redirect(engagement)
            services.decline_proposal(
                proposal=proposal, user=request.user, reason=form.cleaned_data["reason"]
            )
            messages.info(request, _("You declined. Thank you for answering quickly."))
            return redirect("support:expert-dashboard")
        except SupportError as error:
            form_error_from(form, error)
    return render(
        request,
        "support/proposal_respond.html",
        {
            "proposal": proposal,
            "support_request": proposal.request,
            "form": form,
            "reasons": selectors.reason_rows(proposal.reasons),
        },
    )


# --- Engagements -------------------------------------------------------------------------------


@login_required
def engagement_detail(request, pk):
    engagement = _engagement(request, pk, SEE_ENGAGEMENT)
    sessions = list(engagement.sessions.all())
    goals = list(engagement.goals.prefetch_related("milestones"))
    reviews = list(engagement.reviews.select_related("author"))
    ratings = list(engagement.ratings.all())
    user = request.user
    side = _side(user, engagement)
    return render(
        request,
        "support/engagement_detail.html",
        {
            "engagement": engagement,
            "support_request": engagement.request,
            "sessions": sessions,
            "goals": goals,
            "reviews": reviews,
            "ratings": ratings,
            "hours": round(
                sum(s.minutes for s in sessions if s.state == Session.State.HELD) / 60, 2
            ),
            "session_form": SessionForm(),
            "goal_form": GoalForm(),
            "review_form": ReviewForm(),
            "can_log": user.has_perm("support.log_sessions", engagement),
            "can_plan": user.has_perm("support.plan_engagement", engagement),
            "side": side,
            "rated": side is not None and any(r.side == side for r in ratings),
        },
    )


def _now():
    return timezone.now()


def _side(user, engagement) -> str | None:
    if engagement.expert.user_id == user.pk:
        return Rating.Side.EXPERT
    if user.has_perm("support.rate_engagement", engagement):
        return Rating.Side.ORGANISATION
    return None


def _engagement_form(request, engagement, form_class, action, *, title, done, initial=None):
    """GET shows the form; a valid POST calls ``action(**cleaned_data)`` and goes back to the
    engagement; a refusal stays on the form with what was typed."""
    form = form_class(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            action(**form.cleaned_data)
        except SupportError as error:
            form_error_from(form, error)
        else:
            messages.success(request, done)
            return redirect(engagement)
    return render(
        request,
        "support/engagement_form.html",
        {"engagement": engagement, "form": form, "title": title, "action_url": request.path},
    )


def _engagement_action(request, engagement, action, *, done):
    """A button on the engagement page: do it, or say why not, and go back."""
    try:
        action()
        messages.success(request, done)
    except SupportError as error:
        messages.error(request, error.message)
    return redirect(engagement)


@login_required
def session_create(request, pk):
    engagement = _engagement(request, pk, "support.log_sessions")
    return _engagement_form(
        request,
        engagement,
        SessionForm,
        partial(services.add_session, engagement=engagement, user=request.user),
        title=gettext_lazy("Add a session"),
        done=_("The session is saved."),
    )


@login_required
def session_log(request, pk):
    session = get_object_or_404(Session, pk=pk)
    engagement = _engagement(request, session.engagement_id, "support.log_sessions")
    return _engagement_form(
        request,
        engagement,
        LogSessionForm,
        partial(services.log_session, session=session, user=request.user),
        title=gettext_lazy("Log a session that took place"),
        done=_("The session is logged."),
        initial={"minutes": session.minutes},
    )


@login_required
@require_POST
def session_cancel(request, pk):
    session = get_object_or_404(Session, pk=pk)
    engagement = _engagement(request, session.engagement_id, "support.log_sessions")
    return _engagement_action(
        request,
        engagement,
        partial(services.cancel_session, session=session, user=request.user),
        done=_("The session is cancelled."),
    )


@login_required
def goal_create(request, pk):
    engagement = _engagement(request, pk, "support.plan_engagement")
    return _engagement_form(
        request,
        engagement,
        GoalForm,
        partial(services.add_goal, engagement=engagement, user=request.user),
        title=gettext_lazy("Add a goal"),
        done=_("The goal is added."),
    )


@login_required
def milestone_create(request, pk):
    goal = get_object_or_404(Goal, pk=pk)
    engagement = _engagement(request, goal.engagement_id, "support.plan_engagement")
    return _engagement_form(
        request,
        engagement,
        MilestoneForm,
        partial(services.add_milestone, goal=goal, user=request.user),
        title=gettext_lazy("Add a milestone"),
        done=_("The milestone is added."),
    )


@login_required
@require_POST
def goal_reached(request, pk):
    goal = get_object_or_404(Goal, pk=pk)
    engagement = _engagement(request, goal.engagement_id, "support.plan_engagement")
    return _engagement_action(
        request,
        engagement,
        partial(services.mark_goal_reached, goal=goal, user=request.user),
        done=_("The goal is marked as reached."),
    )


@login_required
@require_POST
def milestone_done(request, pk):
    milestone = get_object_or_404(Milestone.objects.select_related("goal"), pk=pk)
    engagement = _engagement(request, milestone.goal.engagement_id, "support.plan_engagement")
    return _engagement_action(
        request,
        engagement,
        partial(services.mark_milestone_done, milestone=milestone, user=request.user),
        done=_("The milestone is done."),
    )


@login_required
def review_create(request, pk):
    engagement = _engagement(request, pk, "support.plan_engagement")
    return _engagement_form(
        request,
        engagement,
        ReviewForm,
        partial(services.add_review, engagement=engagement, user=request.user),
        title=gettext_lazy("Write a review"),
        done=_("The review is saved."),
    )


@login_required
@require_POST
def engagement_complete(request, pk):
    engagement = _engagement(request, pk, "support.log_sessions")
    return _engagement_action(
        request,
        engagement,
        partial(services.complete_engagement, engagement=engagement, user=request.user),
        done=_("The engagement is completed. Both sides are asked to rate the outcome."),
    )


@login_required
def engagement_rate(request, pk):
    engagement = _engagement(request, pk, "support.rate_engagement")
    return _engagement_form(
        request,
        engagement,
        RatingForm,
        partial(
            services.rate_outcome,
            engagement=engagement,
            user=request.user,
            side=_side(request.user, engagement),
        ),
        title=gettext_lazy("Rate the outcome"),
        done=_("Thank you for rating the outcome."),
    )


@login_required
def engagement_certificate(request, pk):
    engagement = _engagement(request, pk, "support.plan_engagement")
    try:
        hours = services.issue_certificate(engagement=engagement, user=request.user)
    except SupportError as error:
        messages.error(request, error.message)
        return redirect(engagement)
    sessions = engagement.sessions.filter(state=Session.State.HELD)
    return render(
        request,
        "support/certificate.html",
        {"engagement": engagement, "hours": hours, "sessions": sessions, "issued": _now()},
    )


# --- Experts ---------------------------------------------------------------------------------


@login_required
def expert_dashboard(request):
    profile = ExpertProfile.objects.filter(user=request.user).first()
    if profile is None:
        return redirect("support:expert-apply")
    engagements = list(selectors.expert_engagements(profile))
    for item in engagements:
        item.hours = round((item.minutes or 0) / 60, 2)
    return render(
        request,
        "support/expert_dashboard.html",
        {
            "profile": profile,
            "proposals": selectors.expert_proposals(profile),
            "engagements": engagements,
            "total_hours": round(sum((e.minutes or 0) for e in engagements) / 60, 2),
            "hours": selectors.hours_by_area_and_month(expert=profile),
        },
    )


@login_required
def expert_certificate(request):
    """A certificate of the hours an expert gave in a year (?year=, this year by default)."""
    profile = ExpertProfile.objects.filter(user=request.user).first()
    if profile is None:
        raise Http404
    this_year = timezone.localdate().year
    try:
        year = int(request.GET.get("year", this_year))
    except ValueError:
        year = this_year
    if not 2000 <= year <= this_year:
        year = this_year
    try:
        certificate = services.certificate_for_expert(expert=profile, user=request.user, year=year)
    except SupportError as error:
        messages.error(request, error.message)
        return redirect("support:expert-dashboard")
    return render(
        request,
        "support/expert_certificate.html",
        {"profile": profile, "issued": _now(), **certificate},
    )


@login_required
def expert_apply(request):
    authorize(request.user, "support.apply_as_expert")
    profile = ExpertProfile.objects.filter(user=request.user).first()
    initial = ExpertProfileForm.initial_from(profile) if profile else {"bio": request.user.bio}
    form = ExpertProfileForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        areas, topics, conflicts = data.pop("areas"), data.pop("topics"), data.pop("conflicts")
        try:
            services.apply_as_expert(
                user=request.user, data=data, areas=areas, topics=topics, conflicts=conflicts
            )
        except SupportError as error:
            form_error_from(form, error)
        else:
            messages.success(
                request,
                _("Your expert profile is saved.")
                if profile and profile.state == ExpertProfile.State.APPROVED
                else _("Thank you! The hub's staff will review your application."),
            )
            return redirect("support:expert-dashboard")
    return render(request, "support/expert_form.html", {"form": form, "profile": profile})


# --- Staff ------------------------------------------------------------------------------------


@login_required
def staff_dashboard(request):
    authorize(request.user, "support.manage_requests")
    experts, month_start = selectors.expert_load()
    page = Paginator(experts, 25).get_page(request.GET.get("page"))
    minutes = selectors.minutes_this_month([e.pk for e in page.object_list], month_start)
    for expert in page.object_list:
        expert.hours_this_month = round((minutes.get(expert.pk) or 0) / 60, 1)
    return render(
        request,
        "support/staff_dashboard.html",
        {
            "open_by_area": selectors.open_by_area_and_age(),
            "page_obj": page,
            "hours": selectors.hours_by_area_and_month(),
        },
    )


@login_required
def staff_requests(request):
    authorize(request.user, "support.manage_requests")
    state = request.GET.get("state", "open")
    qs = SupportRequest.objects.select_related("organisation", "area", "topic", "expert__user")
    if state == "open":
        qs = qs.filter(state__in=SupportRequest.OPEN)
    elif state in SupportRequest.State.values:
        qs = qs.filter(state=state)
    else:
        state = "open"
        qs = qs.filter(state__in=SupportRequest.OPEN)
    page = Paginator(qs.order_by("created", "id"), 50).get_page(request.GET.get("page"))
    return render(
        request,
        "support/staff_requests.html",
        {"page_obj": page, "state": state, "states": SupportRequest.State.choices},
    )


@login_required
def staff_request(request, pk):
    support_request = _request(request, pk)
    authorize(request.user, "support.manage_requests", support_request, view_perm=SEE_REQUEST)
    triage_form = TriageForm(prefix="triage")
    reason_form = ReasonForm(prefix="decide")
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "triage":
                triage_form = TriageForm(request.POST, prefix="triage")
                if triage_form.is_valid():
                    services.triage_request(
                        request=support_request, user=request.user, **triage_form.cleaned_data
                    )
                    messages.success(request, _("The request is triaged."))
                    return redirect("support:staff-request", pk=pk)
            elif action in ("decline", "close"):
                reason_form = ReasonForm(request.POST, prefix="decide")
                if reason_form.is_valid():
                    reason = reason_form.cleaned_data["reason"]
                    if action == "decline":
                        services.decline_request(
                            request=support_request, user=request.user, reason=reason
                        )
                        messages.success(request, _("The request is declined."))
                    else:
                        services.close_request(
                            request=support_request, user=request.user, reason=reason
                        )
                        messages.success(request, _("The request is closed."))
                    return redirect("support:staff-request", pk=pk)
            elif action == "propose":
                form = ProposeForm(request.POST)
                if not form.is_valid():
                    raise SupportError(_("Choose an approved expert."))
                services.propose_expert(
                    request=support_request, expert=form.cleaned_data["expert"], user=request.user
                )
                messages.success(
                    request,
                    _("%(expert)s is asked to accept the request.")
                    % {"expert": form.cleaned_data["expert"]},
                )
                return redirect("support:staff-request", pk=pk)
            elif action == "withdraw_proposal":
                services.withdraw_proposal(request=support_request, user=request.user)
                messages.success(request, _("The proposal is withdrawn; choose another expert."))
                return redirect("support:staff-request", pk=pk)
            else:
                raise SupportError(_("Choose an action."))
        except SupportError as error:
            if action in ("decline", "close"):
                form_error_from(reason_form, error)
            elif action == "triage":
                form_error_from(triage_form, error)
            else:
                messages.error(request, error.message)
    suggestions = []
    if support_request.state in (SupportRequest.State.SUBMITTED, SupportRequest.State.TRIAGED):
        found = selectors.suggestions_for(support_request)
        experts = ExpertProfile.objects.select_related("user").in_bulk([s.expert_id for s in found])
        suggestions = [
            {
                "suggestion": s,
                "expert": experts[s.expert_id],
                "reasons": selectors.reason_rows(s.reasons),
            }
            for s in found
        ]
    return render(
        request,
        "support/staff_request.html",
        {
            "support_request": support_request,
            "triage_form": triage_form,
            "reason_form": reason_form,
            "suggestions": suggestions,
            "proposals": support_request.proposals.select_related("expert__user").order_by(
                "created"
            ),
            "history": history_for(support_request)[:50],
        },
    )


@login_required
def staff_matching(request):
    """The optimal plan for all open requests at once; staff confirm each suggestion."""
    authorize(request.user, "support.manage_requests")
    plan = selectors.optimal_plan()
    requests = SupportRequest.objects.select_related("organisation", "area", "topic").in_bulk(
        list(plan)
    )
    experts = ExpertProfile.objects.select_related("user").in_bulk(
        [s.expert_id for s in plan.values()]
    )
    rows = sorted(
        (
            {
                "request": requests[request_id],
                "expert": experts[s.expert_id],
                "suggestion": s,
                "reasons": selectors.reason_rows(s.reasons),
            }
            for request_id, s in plan.items()
        ),
        key=lambda row: (row["request"].created, row["request"].pk),
    )
    unmatched = selectors.matchable_requests().exclude(pk__in=list(plan)).count()
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "support/staff_matching.html",
        {
            "page_obj": page,
            "unmatched": unmatched,
            "total": sum(r["suggestion"].score for r in rows),
        },
    )


@login_required
def staff_experts(request):
    authorize(request.user, "support.manage_experts")
    state = request.GET.get("state", ExpertProfile.State.APPLIED)
    if state not in ExpertProfile.State.values:
        state = ExpertProfile.State.APPLIED
    qs = (
        ExpertProfile.objects.filter(state=state)
        .select_related("user")
        .prefetch_related("areas")
        .order_by("created", "id")
    )
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "support/staff_experts.html",
        {"page_obj": page, "state": state, "states": ExpertProfile.State.choices},
    )


@login_required
def staff_expert(request, pk):
    authorize(request.user, "support.manage_experts")
    profile = get_object_or_404(ExpertProfile.objects.select_related("user"), pk=pk)
    form = ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        action = request.POST.get("action")
        reason = form.cleaned_data["reason"]
        try:
            if action == "approve":
                services.approve_expert(profile=profile, user=request.user, reason=reason)
                messages.success(request, _("%(name)s is an approved expert.") % {"name": profile})
            elif action == "reject":
                services.reject_expert(profile=profile, user=request.user, reason=reason)
                messages.success(request, _("%(name)s is not approved.") % {"name": profile})
            elif action == "pause":
                services.pause_expert(profile=profile, user=request.user, reason=reason)
                messages.success(request, _("%(name)s is paused.") % {"name": profile})
            else:
                raise SupportError(_("Choose approve, reject or pause."))
        except SupportError as error:
            form_error_from(form, error)
        else:
            return redirect("support:staff-expert", pk=pk)
    return render(
        request,
        "support/staff_expert.html",
        {"profile": profile, "form": form, "history": history_for(profile)[:50]},
    )


@login_required
def expert_invite(request):
    authorize(request.user, "support.manage_experts")
    form = InviteExpertForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.invite_expert(user=request.user, **form.cleaned_data)
        except SupportError as error:
            form_error_from(form, error)
        else:
            messages.success(
                request, _("The invitation is on its way to %(email)s.") % form.cleaned_data
            )
            return redirect("support:staff-experts")
    return render(request, "support/expert_invite.html", {"form": form})
