import time
from itertools import chain

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import transaction
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from socialdynamo.core.audit import history_for
from socialdynamo.core.page_cache import cache_public_page
from socialdynamo.core.permissions import authorize, form_error_from
from socialdynamo.organizations.models import Membership, Organisation

from . import selectors, services
from .files import CONTENT_TYPES
from .forms import (
    ApplicationForm,
    AssessProgressForm,
    AssignForm,
    CallForm,
    CriterionFormSet,
    DocumentForm,
    DocumentFormSet,
    EligibilityFormSet,
    EndHostingForm,
    GoalsForm,
    HostingCreateForm,
    HostingForm,
    ProgressForm,
    QuestionFormSet,
    ReasonForm,
    RenewalForm,
    ScoreForm,
    SelfAssessmentForm,
    SpaceForm,
    StartApplicationForm,
)
from .models import (
    ASSESSMENT_AREAS,
    Application,
    ApplicationDocument,
    Call,
    Hosting,
    ProgressReview,
    RenewalRequest,
    RequiredDocument,
    ReviewAssignment,
    SelfAssessment,
    Space,
    Subscriber,
)
from .services import SpaceError

MANAGE = "space.manage_space"
SEE_APP = "space.see_application"


def _error(request, error):
    messages.error(request, str(error.message))


def _attempt(request, action, success) -> bool:
    """Run a service; say what happened (its refusal, with the reason, or ``success``)."""
    try:
        result = action()
    except SpaceError as error:
        _error(request, error)
        return False
    messages.success(request, success(result) if callable(success) else success)
    return True


# --- Public ------------------------------------------------------------------------------


# Short timeout: which calls are open depends on the clock, not only on the content.
@cache_public_page("space", timeout=60)
def space_home(request):
    subscribed = (
        request.user.is_authenticated and Subscriber.objects.filter(user=request.user).exists()
    )
    return render(
        request,
        "space/space_home.html",
        {"space": Space.get(), "calls": selectors.public_calls(), "subscribed": subscribed},
    )


def _public_call(slug, user):
    try:
        call = selectors.call_for_page(slug)
    except Call.DoesNotExist as exc:
        raise Http404 from exc
    if not call.is_published and not user.has_perm(MANAGE):
        raise Http404
    return call


@cache_public_page("space", timeout=60)
def call_detail(request, slug):
    call = _public_call(slug, request.user)
    mine = []
    if request.user.is_authenticated:
        mine = list(
            Application.objects.filter(call=call, organisation__memberships__user=request.user)
            .exclude(status=Application.Status.WITHDRAWN)
            .select_related("organisation")
        )
    return render(
        request,
        "space/call_detail.html",
        {"call": call, "mine": mine, "is_open": call.is_open()},
    )


@cache_public_page("space", "organizations")
def call_results(request, slug):
    call = _public_call(slug, request.user)
    if call.status != Call.Status.RESULTS:
        raise Http404
    return render(
        request,
        "space/call_results.html",
        {"call": call, "selected": selectors.selected_for_results(call)},
    )


@login_required
@require_POST
def subscribe(request):
    authorize(request.user, "space.subscribe_to_calls")
    if request.POST.get("action") == "unsubscribe":
        Subscriber.objects.filter(user=request.user).delete()
        messages.success(request, _("You will no longer receive e-mails about new calls."))
    else:
        services.subscribe(user=request.user)
        messages.success(request, _("You will receive an e-mail when a new call opens."))
    return redirect("space:home")


def unsubscribe(request, token):
    subscriber = get_object_or_404(Subscriber, token=token)
    if request.method == "POST":
        services.unsubscribe(token=token)
        messages.success(request, _("You will no longer receive e-mails about new calls."))
        return redirect("space:home")
    return render(request, "space/unsubscribe.html", {"subscriber": subscriber})


# --- Applicants --------------------------------------------------------------------------


def _admin_organisations(user):
    return Organisation.objects.filter(
        memberships__user=user,
        memberships__role__in=Membership.ADMIN_ROLES,
        kind__in=services.APPLICANT_KINDS,
    ).exclude(state=Organisation.State.SUSPENDED)


@login_required
def application_start(request, slug):
    call = _public_call(slug, request.user)
    organisations = _admin_organisations(request.user).order_by("name")
    form = StartApplicationForm(request.POST or None, organisations=organisations)
    if request.method == "POST" and form.is_valid():
        try:
            application = services.start_application(
                call=call, organisation=form.cleaned_data["organisation"], user=request.user
            )
        except SpaceError as error:
            form_error_from(form, error)
        else:
            return redirect("space:application-edit", pk=application.pk)
    return render(
        request,
        "space/application_start.html",
        {"call": call, "form": form, "has_organisations": organisations.exists()},
    )


@login_required
def my_applications(request):
    applications = selectors.applications_of(request.user)
    hostings = selectors.hostings_of(request.user)
    subscribed = Subscriber.objects.filter(user=request.user).exists()
    return render(
        request,
        "space/my_applications.html",
        {"applications": applications, "hostings": hostings, "subscribed": subscribed},
    )


def _application(request, pk, perm, view_perm=SEE_APP):
    try:
        application = selectors.application_for_page(pk)
    except Application.DoesNotExist as exc:
        raise Http404 from exc
    authorize(request.user, perm, application, view_perm=view_perm)
    return application


@login_required
def application_detail(request, pk):
    application = _application(request, pk, SEE_APP)
    user = request.user
    if not user.has_perm("space.see_applicant", application):
        # An assigned reviewer of an anonymised call reviews on the scoring page.
        assignment = ReviewAssignment.objects.filter(application=application, reviewer=user).first()
        if assignment:
            return redirect("space:review-score", pk=assignment.pk)
        raise Http404
    is_staff = user.has_perm(MANAGE)
    answers = {a.question_id: a.value for a in application.answers.all()}
    documents = {d.requirement_id: d for d in application.uploaded_documents.all()}
    call = application.call
    show_scores = (
        call.share_scores
        and call.status in (Call.Status.DECIDED, Call.Status.RESULTS)
        and application.status != Application.Status.INELIGIBLE
    )
    context = {
        "application": application,
        "call": call,
        "answers": [(q, _display_answer(q, answers.get(q.pk, ""))) for q in call.questions.all()],
        "eligibility": [
            (q, application.eligibility_answers.get(str(q.pk)))
            for q in call.eligibility_questions.all()
        ],
        "documents": [(r, documents.get(r.pk)) for r in call.documents.all()],
        "can_edit": user.has_perm("space.edit_application", application)
        and application.status in Application.EDITABLE
        and call.is_open(),
        "is_admin": user.has_perm("space.edit_application", application),
        "is_staff": is_staff,
        "missing": services.missing_for_submission(application)
        if application.status == Application.Status.DRAFT
        else [],
        "scores": selectors.own_scores(application) if show_scores else None,
    }
    if user.has_perm("space.see_history", application):
        context["history"] = history_for(application)[:100]
    if is_staff:
        context["assignments"] = application.assignments.select_related(
            "reviewer"
        ).prefetch_related("scores__criterion")
        context["conflicts"] = application.conflicts.select_related("reviewer")
        context["screen_form"] = ReasonForm()
        context["assign_form"] = AssignForm(call=call)
    return render(request, "space/application_detail.html", context)


def _display_answer(question, value):
    if question.kind == "choice" and value.isdigit():
        choices = question.choice_list()
        index = int(value)
        return choices[index] if index < len(choices) else value
    return value


@login_required
def application_edit(request, pk):
    application = _application(request, pk, "space.edit_application")
    call = application.call
    form = ApplicationForm(request.POST or None, call=call, application=application)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_application(
                application=application,
                user=request.user,
                eligibility=form.eligibility_data(),
                answers=form.answers_data(),
                contact=form.cleaned_data,
            )
        except SpaceError as error:
            form_error_from(form, error)
        else:
            if request.POST.get("then") == "submit":
                submitted = _attempt(
                    request,
                    lambda: services.submit_application(application=application, user=request.user),
                    _submitted,
                )
                if not submitted:
                    return redirect("space:application-edit", pk=application.pk)
                return redirect(application)
            messages.success(request, _("Saved. You can come back and continue later."))
            return redirect("space:application-edit", pk=application.pk)
    documents = {d.requirement_id: d for d in application.uploaded_documents.all()}
    return render(
        request,
        "space/application_form.html",
        {
            "application": application,
            "call": call,
            "form": form,
            "documents": [
                (r, documents.get(r.pk), DocumentForm(prefix=f"d{r.pk}"))
                for r in call.documents.all()
            ],
            "editable": application.status in Application.EDITABLE and call.is_open(),
        },
    )


@login_required
@require_POST
def document_upload(request, pk, requirement_id):
    application = _application(request, pk, "space.edit_application")
    requirement = get_object_or_404(RequiredDocument, pk=requirement_id, call=application.call)
    form = DocumentForm(request.POST, request.FILES, prefix=f"d{requirement.pk}")
    if not form.is_valid():
        messages.error(request, _("Choose a file for “%(doc)s”.") % {"doc": requirement.name})
    else:
        try:
            services.upload_document(
                application=application,
                requirement=requirement,
                upload=form.cleaned_data["file"],
                user=request.user,
            )
            messages.success(request, _("“%(doc)s” is uploaded.") % {"doc": requirement.name})
        except SpaceError as error:
            _error(request, error)
    return redirect("space:application-edit", pk=application.pk)


@login_required
@require_POST
def document_remove(request, pk, document_id):
    application = _application(request, pk, "space.edit_application")
    document = get_object_or_404(ApplicationDocument, pk=document_id, application=application)
    _attempt(
        request,
        lambda: services.remove_document(document=document, user=request.user),
        _("The document is removed."),
    )
    return redirect("space:application-edit", pk=application.pk)


@login_required
def document_download(request, pk, document_id):
    application = _application(request, pk, "space.see_applicant", view_perm="space.see_applicant")
    document = get_object_or_404(ApplicationDocument, pk=document_id, application=application)
    try:
        handle = document.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    response = FileResponse(
        handle,
        content_type=CONTENT_TYPES.get(document.file_type, "application/octet-stream"),
        as_attachment=True,
        filename=f"{application.reference or application.pk}-{document.requirement_id}.{document.file_type}",
    )
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_POST
def application_submit(request, pk):
    application = _application(request, pk, "space.edit_application")
    _attempt(
        request,
        lambda: services.submit_application(application=application, user=request.user),
        _submitted,
    )
    return redirect("space:application-detail", pk=application.pk)


def _submitted(application) -> str:
    return _(
        "Your application is submitted. Reference number: %(ref)s. A receipt is on its way by e-mail."
    ) % {"ref": application.reference}


@login_required
@require_POST
def application_withdraw(request, pk):
    application = _application(request, pk, "space.edit_application")
    _attempt(
        request,
        lambda: services.withdraw_application(application=application, user=request.user),
        _("Your application is withdrawn."),
    )
    return redirect("space:application-detail", pk=application.pk)


@login_required
@require_POST
def offer_respond(request, pk):
    application = _application(request, pk, "space.edit_application")
    try:
        if request.POST.get("answer") == "accept":
            services.accept_offer(application=application, user=request.user)
            messages.success(request, _("Welcome to the space! Your hosting is planned."))
        else:
            services.decline_offer(application=application, user=request.user)
            messages.info(request, _("You declined the place. Thank you for telling us."))
    except SpaceError as error:
        _error(request, error)
    return redirect("space:application-detail", pk=application.pk)


# --- Staff: space and calls --------------------------------------------------------------


@login_required
def space_settings(request):
    authorize(request.user, MANAGE)
    space = Space.get()
    form = SpaceForm(request.POST or None, instance=space)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_space(
                user=request.user, data={f: form.cleaned_data[f] for f in form.changed_data}
            )
        except SpaceError as error:
            form_error_from(form, error)
        else:
            messages.success(request, _("The changes are saved."))
            return redirect("space:space-settings")
    return render(request, "space/space_settings.html", {"form": form, "space": space})


@login_required
def staff_calls(request):
    authorize(request.user, MANAGE)
    calls = Call.objects.order_by("-opens_at", "-id")
    page = Paginator(calls, 30).get_page(request.GET.get("page"))
    return render(request, "space/staff_calls.html", {"page_obj": page})


def _call_formsets(request, call):
    data = request.POST if request.method == "POST" else None
    return [
        (
            _("Eligibility criteria (yes/no)"),
            EligibilityFormSet(data, instance=call, prefix="elig"),
        ),
        (_("Application questions"), QuestionFormSet(data, instance=call, prefix="q")),
        (_("Required documents"), DocumentFormSet(data, instance=call, prefix="doc")),
        (_("Evaluation criteria"), CriterionFormSet(data, instance=call, prefix="crit")),
    ]


@login_required
def call_edit(request, slug=None):
    authorize(request.user, MANAGE)
    call = get_object_or_404(Call, slug=slug) if slug else Call()
    form = CallForm(request.POST or None, instance=call if slug else None)
    # Once published, every applicant answers the same call: its questions, documents and
    # criteria no longer change (dates, places and texts still may).
    locked = bool(slug) and call.status != Call.Status.DRAFT
    formsets = [] if locked else _call_formsets(request, call if slug else Call())
    if request.method == "POST" and form.is_valid() and all(fs.is_valid() for _t, fs in formsets):
        try:
            with transaction.atomic():
                saved = services.save_call(
                    call=form.save(commit=False), user=request.user, creating=not slug
                )
                form.save_m2m()
                for _title, formset in formsets:
                    formset.instance = saved
                    formset.save()
        except SpaceError as error:
            form_error_from(form, error)
        else:
            messages.success(request, _("The call is saved."))
            return redirect("space:call-manage", slug=saved.slug)
    return render(
        request,
        "space/call_form.html",
        {"form": form, "formsets": formsets, "call": call if slug else None, "locked": locked},
    )


@login_required
def call_manage(request, slug):
    authorize(request.user, MANAGE)
    call = get_object_or_404(Call, slug=slug)
    status = request.GET.get("status", "")
    if status not in Application.Status.values:
        status = ""
    page = Paginator(selectors.screening_list(call, status), 50).get_page(request.GET.get("page"))
    return render(
        request,
        "space/call_manage.html",
        {
            "call": call,
            "page_obj": page,
            "status": status,
            "statuses": Application.Status.choices,
            "dashboard": selectors.dashboard(call),
        },
    )


def _call_action(request, slug, action, success):
    authorize(request.user, MANAGE)
    call = get_object_or_404(Call, slug=slug)
    _attempt(request, lambda: action(call), success)
    return redirect("space:call-manage", slug=call.slug)


@login_required
@require_POST
def call_publish(request, slug):
    return _call_action(
        request,
        slug,
        lambda call: services.publish_call(call=call, user=request.user),
        _("The call is published and announced to subscribers."),
    )


@login_required
@require_POST
def call_assign(request, slug):
    def done(result):
        text = _("%(count)d reviews assigned.") % {"count": result["created"]}
        if result["short"]:
            text += " " + _(
                "%(count)d applications could not get enough reviewers without a conflict: add reviewers to the call."
            ) % {"count": len(result["short"])}
        return text

    return _call_action(
        request, slug, lambda call: services.assign_reviewers(call=call, user=request.user), done
    )


@login_required
@require_POST
def call_decide(request, slug):
    return _call_action(
        request,
        slug,
        lambda call: services.send_decisions(call=call, user=request.user),
        lambda sent: _("Decisions sent to %(count)d applicants.") % {"count": sent},
    )


@login_required
@require_POST
def call_publish_results(request, slug):
    return _call_action(
        request,
        slug,
        lambda call: services.publish_results(call=call, user=request.user),
        _("The results are public."),
    )


@login_required
def call_ranking(request, slug):
    authorize(request.user, MANAGE)
    call = get_object_or_404(Call, slug=slug)
    started = time.perf_counter()
    rows = selectors.ranking(call)
    elapsed = (time.perf_counter() - started) * 1000
    space = Space.get()
    return render(
        request,
        "space/call_ranking.html",
        {
            "call": call,
            "rows": rows,
            "elapsed_ms": elapsed,
            "space": space,
            "places_used": services._places_used(call),
            "decided": call.status in (Call.Status.DECIDED, Call.Status.RESULTS),
        },
    )


@login_required
@require_POST
def application_decide(request, pk):
    authorize(request.user, MANAGE)
    application = get_object_or_404(Application.objects.select_related("call"), pk=pk)
    action = request.POST.get("action")
    try:
        if action == "select":
            services.select_application(application=application, user=request.user)
            messages.success(request, _("%(ref)s is selected.") % {"ref": application.reference})
        elif action == "reserve":
            services.reserve_application(application=application, user=request.user)
            messages.success(
                request, _("%(ref)s is on the reserve list.") % {"ref": application.reference}
            )
        elif action == "undo":
            services.undo_decision(application=application, user=request.user)
            messages.success(
                request, _("%(ref)s is back in review.") % {"ref": application.reference}
            )
        else:
            messages.error(request, _("Choose select, reserve or undo."))
    except SpaceError as error:
        _error(request, error)
    return redirect("space:call-ranking", slug=application.call.slug)


@login_required
@require_POST
def application_screen(request, pk):
    authorize(request.user, MANAGE)
    application = get_object_or_404(Application.objects.select_related("call"), pk=pk)
    form = ReasonForm(request.POST)
    form.is_valid()
    try:
        services.screen_application(
            application=application,
            user=request.user,
            eligible=request.POST.get("action") == "eligible",
            reason=form.cleaned_data.get("reason", ""),
        )
        messages.success(request, _("The screening is recorded."))
    except SpaceError as error:
        _error(request, error)
    return redirect("space:application-detail", pk=application.pk)


@login_required
@require_POST
def assignment_add(request, pk):
    authorize(request.user, MANAGE)
    application = get_object_or_404(Application.objects.select_related("call"), pk=pk)
    form = AssignForm(request.POST, call=application.call)
    if not form.is_valid():
        messages.error(request, _("Choose one of the call's reviewers."))
    else:
        try:
            services.assign_reviewer(
                application=application, reviewer=form.cleaned_data["reviewer"], user=request.user
            )
            messages.success(request, _("The reviewer is assigned."))
        except SpaceError as error:
            _error(request, error)
    return redirect("space:application-detail", pk=application.pk)


@login_required
@require_POST
def assignment_remove(request, pk):
    authorize(request.user, MANAGE)
    assignment = get_object_or_404(ReviewAssignment.objects.select_related("application"), pk=pk)
    _attempt(
        request,
        lambda: services.remove_assignment(assignment=assignment, user=request.user),
        _("The reviewer is removed from this application."),
    )
    return redirect("space:application-detail", pk=assignment.application_id)


# --- Reviewers ---------------------------------------------------------------------------


@login_required
def review_queue(request):
    authorize(request.user, "space.review")
    return render(
        request,
        "space/review_queue.html",
        {
            "assignments": selectors.review_queue(request.user),
            "calls": selectors.calls_to_review(request.user),
        },
    )


@login_required
def review_conflicts(request, slug):
    call = get_object_or_404(Call, slug=slug)
    authorize(request.user, "space.declare_conflicts", call, view_perm="space.declare_conflicts")
    candidates = selectors.conflict_candidates(call, request.user)
    if request.method == "POST":
        chosen = set(request.POST.getlist("application"))
        reason = request.POST.get("reason", "")[:500]
        count = 0
        for application, declared in candidates:
            if str(application.pk) in chosen and not declared:
                services.declare_conflict(
                    application=application, reviewer=request.user, reason=reason
                )
                count += 1
        messages.success(request, _("%(count)d conflicts of interest declared.") % {"count": count})
        return redirect("space:review-queue")
    return render(request, "space/review_conflicts.html", {"call": call, "candidates": candidates})


@login_required
def review_score(request, pk):
    assignment = get_object_or_404(
        ReviewAssignment.objects.select_related("application__call", "application__organisation"),
        pk=pk,
    )
    if assignment.reviewer_id != request.user.pk:
        raise Http404
    application = assignment.application
    authorize(
        request.user, "space.score_application", application, view_perm="space.score_application"
    )
    call = application.call
    criteria = list(call.criteria.all())
    form = ScoreForm(request.POST or None, criteria=criteria, assignment=assignment)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_scores(
                assignment=assignment,
                reviewer=request.user,
                scores=form.scores_data(),
                comment=form.cleaned_data["comment"],
                complete=request.POST.get("action") == "complete",
            )
        except SpaceError as error:
            form_error_from(form, error)
        else:
            messages.success(request, _("Your scores are saved."))
            return redirect("space:review-score", pk=assignment.pk)
    answers = {a.question_id: a.value for a in application.answers.all()}
    return render(
        request,
        "space/review_score.html",
        {
            "assignment": assignment,
            "application": application,
            "call": call,
            "form": form,
            "anonymised": call.anonymised_review,
            "answers": [
                (q, _display_answer(q, answers.get(q.pk, ""))) for q in call.questions.all()
            ],
            "documents": []
            if call.anonymised_review
            else application.uploaded_documents.select_related("requirement"),
            "locked": call.status in (Call.Status.DECIDED, Call.Status.RESULTS),
        },
    )


@login_required
@require_POST
def review_conflict(request, pk):
    assignment = get_object_or_404(ReviewAssignment.objects.select_related("application"), pk=pk)
    if assignment.reviewer_id != request.user.pk:
        raise Http404
    form = ReasonForm(request.POST)
    form.is_valid()
    services.declare_conflict(
        application=assignment.application,
        reviewer=request.user,
        reason=form.cleaned_data.get("reason", ""),
    )
    messages.success(
        request, _("Your conflict of interest is recorded; the application leaves your queue.")
    )
    return redirect("space:review-queue")


# --- Hostings ----------------------------------------------------------------------------


@login_required
def hostings(request):
    authorize(request.user, MANAGE)
    return render(
        request,
        "space/hostings.html",
        {
            "hostings": selectors.current_hostings(),
            "renewals": RenewalRequest.objects.filter(status="pending").select_related(
                "hosting__organisation"
            ),
        },
    )


@login_required
def occupancy(request):
    authorize(request.user, MANAGE)
    return render(request, "space/occupancy.html", selectors.occupancy())


@login_required
def hosting_create(request):
    authorize(request.user, MANAGE)
    form = HostingCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            hosting = services.create_hosting(user=request.user, **form.cleaned_data)
        except SpaceError as error:
            form_error_from(form, error)
        else:
            messages.success(request, _("The hosting is recorded."))
            return redirect(hosting)
    return render(request, "space/hosting_create.html", {"form": form})


def _hosting(request, pk, perm):
    hosting = get_object_or_404(
        Hosting.objects.select_related(
            "organisation", "desk", "contact_person", "application__call"
        ),
        pk=pk,
    )
    authorize(request.user, perm, hosting, view_perm="space.see_hosting")
    return hosting


@login_required
def hosting_detail(request, pk):
    hosting = _hosting(request, pk, "space.see_hosting")
    assessments = {a.moment: a for a in hosting.assessments.all()}
    start, end = assessments.get("start"), assessments.get("end")
    comparison = []
    for key, label in ASSESSMENT_AREAS:
        before = start.scores.get(key) if start else None
        after = end.scores.get(key) if end else None
        change = f"{after - before:+d}" if before is not None and after is not None else ""
        comparison.append((label, before, after, change))
    is_staff = request.user.has_perm(MANAGE)
    history = (
        history_for(hosting)[:100]
        if is_staff or request.user.has_perm("space.act_for_hosting", hosting)
        else []
    )
    return render(
        request,
        "space/hosting_detail.html",
        {
            "hosting": hosting,
            "start_assessment": start,
            "end_assessment": end,
            "comparison": comparison,
            "reviews": hosting.progress_reviews.all(),
            "renewals": hosting.renewal_requests.select_related("decided_by"),
            "is_staff": is_staff,
            "is_admin": request.user.has_perm("space.act_for_hosting", hosting),
            "history": history,
            "edit_form": HostingForm(instance=hosting) if is_staff else None,
            "end_form": EndHostingForm(initial={"on": timezone.localdate()}) if is_staff else None,
            "goals_form": GoalsForm(initial={"goals": hosting.goals}),
            "today": timezone.localdate(),
        },
    )


@login_required
@require_POST
def hosting_edit(request, pk):
    authorize(request.user, MANAGE)
    hosting = _hosting(request, pk, MANAGE)
    form = HostingForm(request.POST, instance=hosting)
    if form.is_valid():
        services.update_hosting(
            hosting=hosting,
            user=request.user,
            data=form.cleaned_data,
            induction_done=form.cleaned_data["induction_done"],
        )
        messages.success(request, _("The changes are saved."))
    else:
        messages.error(request, _("Please correct the errors below.") + " " + form.errors.as_text())
    return redirect(hosting)


@login_required
@require_POST
def hosting_goals(request, pk):
    hosting = _hosting(request, pk, "space.act_for_hosting")
    form = GoalsForm(request.POST)
    if form.is_valid():
        services.set_goals(hosting=hosting, user=request.user, goals=form.cleaned_data["goals"])
        messages.success(request, _("Your goals are saved."))
    else:
        messages.error(request, _("Write your goals for the hosting."))
    return redirect(hosting)


@login_required
@require_POST
def hosting_end(request, pk):
    authorize(request.user, MANAGE)
    hosting = _hosting(request, pk, MANAGE)
    form = EndHostingForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the last day and the reason."))
        return redirect(hosting)
    try:
        offered = services.end_hosting(hosting=hosting, user=request.user, **form.cleaned_data)
    except SpaceError as error:
        _error(request, error)
    else:
        text = _("The hosting has ended.")
        if offered:
            text += " " + _("The place is offered to %(name)s, first on the reserve list.") % {
                "name": offered.organisation.name
            }
        messages.success(request, text)
    return redirect(hosting)


@login_required
def self_assessment(request, pk, moment):
    hosting = _hosting(request, pk, "space.act_for_hosting")
    if moment not in SelfAssessment.Moment.values:
        raise Http404
    existing = hosting.assessments.filter(moment=moment).first()
    initial = {**(existing.scores if existing else {}), "notes": existing.notes if existing else ""}
    form = SelfAssessmentForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_self_assessment(
                hosting=hosting,
                user=request.user,
                moment=moment,
                scores=form.cleaned_data,
                notes=form.cleaned_data["notes"],
            )
        except SpaceError as error:
            form_error_from(form, error)
        else:
            messages.success(request, _("Your self-assessment is saved."))
            return redirect(hosting)
    return render(
        request,
        "space/self_assessment.html",
        {"hosting": hosting, "form": form, "moment": SelfAssessment.Moment(moment)},
    )


@login_required
def progress_review(request, pk, kind):
    hosting = _hosting(request, pk, "space.see_hosting")
    review = get_object_or_404(ProgressReview, hosting=hosting, kind=kind)
    is_staff = request.user.has_perm(MANAGE)
    is_admin = request.user.has_perm("space.act_for_hosting", hosting)
    if not (is_staff or is_admin):
        raise Http404
    form = ProgressForm(
        request.POST if request.POST.get("part") == "group" else None,
        initial={"progress": review.progress},
    )
    staff_form = AssessProgressForm(
        request.POST if request.POST.get("part") == "staff" else None,
        initial={"rating": review.rating, "notes": review.staff_notes},
    )
    if request.method == "POST":
        part = request.POST.get("part")
        try:
            if part == "group" and is_admin and form.is_valid():
                services.submit_progress(
                    review=review, user=request.user, progress=form.cleaned_data["progress"]
                )
                messages.success(request, _("Your progress report is sent."))
                return redirect(hosting)
            if part == "staff" and is_staff and staff_form.is_valid():
                services.assess_progress(
                    review=review, user=request.user, **staff_form.cleaned_data
                )
                messages.success(request, _("The review is recorded."))
                return redirect(hosting)
            if (
                part not in ("group", "staff")
                or (part == "group" and not is_admin)
                or (part == "staff" and not is_staff)
            ):
                raise Http404
        except SpaceError as error:
            form_error_from(form if part == "group" else staff_form, error)
    return render(
        request,
        "space/progress_review.html",
        {
            "hosting": hosting,
            "review": review,
            "form": form,
            "staff_form": staff_form,
            "is_staff": is_staff,
            "is_admin": is_admin,
        },
    )


@login_required
def renewal_request(request, pk):
    hosting = _hosting(request, pk, "space.act_for_hosting")
    form = RenewalForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.request_renewal(hosting=hosting, user=request.user, **form.cleaned_data)
        except SpaceError as error:
            form_error_from(form, error)
        else:
            messages.success(request, _("Your renewal request is sent to the hub's staff."))
            return redirect(hosting)
    return render(request, "space/renewal_request.html", {"hosting": hosting, "form": form})


@login_required
def renewal_decide(request, pk):
    authorize(request.user, MANAGE)
    renewal = get_object_or_404(
        RenewalRequest.objects.select_related("hosting__organisation"), pk=pk
    )
    form = ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.decide_renewal(
                renewal=renewal,
                user=request.user,
                approve=request.POST.get("action") == "approve",
                reason=form.cleaned_data["reason"],
            )
        except SpaceError as error:
            form_error_from(form, error)
        else:
            messages.success(request, _("The decision is recorded and sent to the group."))
            return redirect(renewal.hosting)
    hosting = renewal.hosting
    return render(
        request,
        "space/renewal_decide.html",
        {
            "renewal": renewal,
            "hosting": hosting,
            "form": form,
            "reviews": hosting.progress_reviews.all(),
            "assessments": list(chain(hosting.assessments.all())),
        },
    )
