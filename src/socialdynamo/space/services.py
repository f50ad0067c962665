"""Every write about the co-working space: one function per thing a person does.

Capacity: selections, offers to the reserve list, renewals and hostings added by staff all
lock the Space row first (``select_for_update`` on PostgreSQL; SQLite's IMMEDIATE
transactions serialise writers), then count the hostings on every day of the new period.
"""

from datetime import date, timedelta

from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from socialdynamo.core.audit import log_action
from socialdynamo.core.errors import DomainError
from socialdynamo.core.mail import send_templated_mail
from socialdynamo.core.page_cache import bump_on_commit
from socialdynamo.organizations.models import Membership, Organisation

from . import files
from .models import (
    ASSESSMENT_AREAS,
    INDUCTION_ITEMS,
    Answer,
    Application,
    ApplicationDocument,
    Call,
    Conflict,
    Hosting,
    ProgressReview,
    Question,
    RenewalRequest,
    ReviewAssignment,
    Score,
    SelfAssessment,
    Space,
    Subscriber,
    period_end,
)

APPLICANT_KINDS = {Organisation.Kind.NGO, Organisation.Kind.INFORMAL_GROUP}
S = Application.Status


class SpaceError(DomainError):
    pass


def _now():
    return timezone.now()


def _local(moment) -> str:
    return date_format(timezone.localtime(moment), "DATETIME_FORMAT")


def _admins(organisation) -> list:
    return [
        m.user
        for m in Membership.objects.filter(
            organisation=organisation, role__in=Membership.ADMIN_ROLES, user__is_active=True
        ).select_related("user")
    ]


def _mail(users, template, context):
    for user in users:
        if user and user.email and user.is_active:
            send_templated_mail(
                to=[user.email],
                template=f"space/email/{template}",
                context={**context, "recipient": user},
                language=user.language or "el",
            )


def lock_space() -> Space:
    Space.get()
    return Space.objects.select_for_update().get(pk=1)


# --- The space ---------------------------------------------------------------------------


@transaction.atomic
def update_space(*, user, data: dict) -> Space:
    space = lock_space()
    capacity = data.get("capacity", space.capacity)
    if capacity < space.capacity:
        busiest = max_occupancy(timezone.localdate(), timezone.localdate() + timedelta(days=3650))
        if busiest > capacity:
            raise SpaceError(
                _(
                    "%(count)d groups are hosted at the same time on some day ahead; the capacity cannot be lower than that."
                )
                % {"count": busiest},
                field="capacity",
            )
    changed = {}
    for field, value in data.items():
        if getattr(space, field) != value:
            changed[field] = str(value)[:60]
            setattr(space, field, value)
    space.save()
    log_action(space, "space.space.updated", user=user, data={"fields": sorted(changed)})
    bump_on_commit("space")
    return space


def max_occupancy(start: date, end: date, *, exclude: int | None = None) -> int:
    """The most groups hosted on any one day between ``start`` and ``end`` (included)."""
    qs = Hosting.objects.filter(start__lte=end, end__gte=start)
    if exclude:
        qs = qs.exclude(pk=exclude)
    events = []
    for h_start, h_end in qs.values_list("start", "end"):
        events.append((max(h_start, start), 1))
        events.append((min(h_end, end) + timedelta(days=1), -1))
    busiest = current = 0
    for _day, change in sorted(events, key=lambda e: (e[0], e[1])):
        current += change
        busiest = max(busiest, current)
    return busiest


def _check_capacity(space: Space, start: date, end: date, *, exclude=None) -> None:
    busiest = max_occupancy(start, end, exclude=exclude)
    if busiest + 1 > space.capacity:
        raise SpaceError(
            _(
                "The space is full: on some day between %(start)s and %(end)s it already hosts %(count)d groups, its capacity. Nothing was changed."
            )
            % {
                "start": date_format(start, "SHORT_DATE_FORMAT"),
                "end": date_format(end, "SHORT_DATE_FORMAT"),
                "count": busiest,
            },
            code="full",
        )


# --- Calls -------------------------------------------------------------------------------


@transaction.atomic
def save_call(*, call: Call, user, creating: bool = False) -> Call:
    if call.closes_at <= call.opens_at:
        raise SpaceError(_("The call must close after it opens."), field="closes_at")
    if call.hosting_start < timezone.localtime(call.closes_at).date():
        raise SpaceError(_("Hosting cannot start before the call closes."), field="hosting_start")
    if creating:
        call.created_by = user
    call.save()
    log_action(call, "space.call.created" if creating else "space.call.updated", user=user)
    bump_on_commit("space")
    return call


@transaction.atomic
def publish_call(*, call: Call, user) -> Call:
    call = Call.objects.select_for_update().get(pk=call.pk)
    if call.status != Call.Status.DRAFT:
        raise SpaceError(_("This call is already published."))
    if not call.criteria.exists():
        raise SpaceError(_("Add at least one evaluation criterion before publishing."))
    call.status = Call.Status.PUBLISHED
    call.save(update_fields=["status"])
    log_action(call, "space.call.published", user=user)
    announce_call(call=call)
    bump_on_commit("space")
    return call


def announce_call(*, call: Call) -> int:
    """E-mail every subscriber once about a published call."""
    if call.announced_at:
        return 0
    subscribers = list(
        Subscriber.objects.filter(user__is_active=True).select_related("user").order_by("id")
    )
    for subscriber in subscribers:
        _mail([subscriber.user], "call_opened", {"call": call, "subscriber": subscriber})
    Call.objects.filter(pk=call.pk).update(announced_at=_now())
    return len(subscribers)


@transaction.atomic
def subscribe(*, user) -> Subscriber:
    subscriber, _created = Subscriber.objects.get_or_create(user=user)
    return subscriber


@transaction.atomic
def unsubscribe(*, token: str) -> bool:
    return Subscriber.objects.filter(token=token).delete()[0] > 0


@transaction.atomic
def set_reviewers(*, call: Call, user, reviewers) -> None:
    reviewers = list(reviewers)
    call.reviewers.set(reviewers)
    log_action(
        call, "space.call.reviewers_set", user=user, data={"reviewers": [r.pk for r in reviewers]}
    )


# --- Applications ------------------------------------------------------------------------


def _check_open(call: Call, now=None) -> None:
    now = now or _now()
    if call.status != Call.Status.PUBLISHED or now < call.opens_at:
        raise SpaceError(_("This call is not open for applications."))
    if now >= call.closes_at:
        raise SpaceError(
            _("The call closed on %(when)s; applications can no longer be changed or submitted.")
            % {"when": _local(call.closes_at)},
            code="closed",
        )


def _check_admin(user, organisation) -> None:
    if not Membership.objects.filter(
        organisation=organisation, user=user, role__in=Membership.ADMIN_ROLES
    ).exists():
        raise SpaceError(_("Only the organisation's owner or administrators can do this."))


@transaction.atomic
def start_application(*, call: Call, organisation: Organisation, user) -> Application:
    _check_open(call)
    _check_admin(user, organisation)
    if organisation.kind not in APPLICANT_KINDS:
        raise SpaceError(
            _("Only registered NGOs and informal citizen groups can apply to the space."),
            field="organisation",
        )
    if organisation.state == Organisation.State.SUSPENDED:
        raise SpaceError(_("A suspended organisation cannot apply."), field="organisation")
    Organisation.objects.select_for_update().filter(pk=organisation.pk).first()
    existing = (
        Application.objects.filter(call=call, organisation=organisation)
        .exclude(status=S.WITHDRAWN)
        .first()
    )
    if existing:
        return existing
    application = Application.objects.create(
        call=call,
        organisation=organisation,
        created_by=user,
        contact_name=user.get_full_name(),
        contact_phone=getattr(user, "phone", "") or "",
    )
    log_action(application, "space.application.started", user=user)
    return application


def _lock_application(application) -> Application:
    return Application.objects.select_for_update().select_related("call").get(pk=application.pk)


def _check_editable(application: Application, now=None) -> None:
    if application.status not in Application.EDITABLE:
        raise SpaceError(
            _("This application is %(status)s and can no longer be changed.")
            % {"status": application.get_status_display().lower()}
        )
    _check_open(application.call, now)


def clean_answer(question: Question, raw) -> str:
    """The stored form of an answer, or a SpaceError on the question's field."""
    value = "" if raw is None else str(raw).strip()
    field = f"q_{question.pk}"
    if not value:
        return ""
    if question.kind == Question.Kind.TEXT:
        if len(value) > question.max_length:
            raise SpaceError(
                _("Keep this answer under %(max)d characters (it has %(count)d).")
                % {"max": question.max_length, "count": len(value)},
                field=field,
            )
    elif question.kind == Question.Kind.NUMBER:
        try:
            number = int(value)
        except ValueError as exc:
            raise SpaceError(_("Enter a whole number."), field=field) from exc
        if question.min_value is not None and number < question.min_value:
            raise SpaceError(
                _("Enter a number of at least %(min)d.") % {"min": question.min_value}, field=field
            )
        if question.max_value is not None and number > question.max_value:
            raise SpaceError(
                _("Enter a number of at most %(max)d.") % {"max": question.max_value}, field=field
            )
        value = str(number)
    elif question.kind == Question.Kind.CHOICE and (
        not value.isdigit() or int(value) >= len(question.choice_list())
    ):
        raise SpaceError(_("Choose one of the options."), field=field)
    return value


@transaction.atomic
def save_application(
    *, application: Application, user, eligibility: dict, answers: dict, contact: dict, now=None
) -> Application:
    """Save a draft (or change a submitted application before the deadline). Incomplete is
    fine here; submission checks completeness."""
    application = _lock_application(application)
    _check_admin(user, application.organisation)
    _check_editable(application, now)
    questions = {q.pk: q for q in application.call.questions.all()}
    cleaned = {
        qid: clean_answer(questions[qid], raw) for qid, raw in answers.items() if qid in questions
    }
    valid_ids = set(application.call.eligibility_questions.values_list("pk", flat=True))
    application.eligibility_answers = {
        str(k): v for k, v in eligibility.items() if k in valid_ids and v in (True, False)
    }
    application.contact_name = (contact.get("contact_name") or "")[:200]
    application.contact_phone = (contact.get("contact_phone") or "")[:30]
    application.save()
    existing = {a.question_id: a for a in application.answers.all()}
    for qid, value in cleaned.items():
        if qid in existing:
            if existing[qid].value != value:
                existing[qid].value = value
                existing[qid].save(update_fields=["value"])
        else:
            Answer.objects.create(application=application, question_id=qid, value=value)
    if application.status == S.SUBMITTED:
        log_action(application, "space.application.changed", user=user)
    return application


@transaction.atomic
def upload_document(*, application: Application, requirement, upload, user, now=None):
    application = _lock_application(application)
    _check_admin(user, application.organisation)
    _check_editable(application, now)
    if requirement.call_id != application.call_id:
        raise SpaceError(_("This document is not asked for by this call."))
    file_type = files.check_document(upload, requirement)  # raises SpaceError with the reason
    ApplicationDocument.objects.filter(application=application, requirement=requirement).delete()
    original = (getattr(upload, "name", "") or "document")[-200:]
    upload.name = f"document.{file_type}"
    document = ApplicationDocument.objects.create(
        application=application,
        requirement=requirement,
        file=upload,
        original_name=original,
        file_type=file_type,
        size=upload.size,
        uploaded_by=user,
    )
    return document


@transaction.atomic
def remove_document(*, document: ApplicationDocument, user, now=None) -> None:
    application = _lock_application(document.application)
    _check_admin(user, application.organisation)
    _check_editable(application, now)
    document.file.delete(save=False)
    document.delete()


def missing_for_submission(application: Application) -> list[str]:
    """Why the application cannot be submitted yet, in words the applicant understands."""
    call = application.call
    problems = []
    for question in call.eligibility_questions.all():
        answer = application.eligibility_answers.get(str(question.pk))
        if answer is None:
            problems.append(_("Answer the eligibility question: %(q)s") % {"q": question.text})
        elif answer != question.required_answer:
            problems.append(
                _("You do not meet this eligibility criterion: %(q)s") % {"q": question.text}
            )
    answered = {a.question_id for a in application.answers.all() if a.value}
    for question in call.questions.all():
        if question.required and question.pk not in answered:
            problems.append(_("Answer the question: %(q)s") % {"q": question.text})
    uploaded = set(application.uploaded_documents.values_list("requirement_id", flat=True))
    for requirement in call.documents.all():
        if requirement.required and requirement.pk not in uploaded:
            problems.append(_("Upload the required document: %(d)s") % {"d": requirement.name})
    if not application.contact_name.strip():
        problems.append(_("Give a contact person."))
    return problems


@transaction.atomic
def submit_application(*, application: Application, user, now=None) -> Application:
    now = now or _now()
    application = _lock_application(application)
    _check_admin(user, application.organisation)
    _check_editable(application, now)
    problems = missing_for_submission(application)
    if problems:
        raise SpaceError(
            _("The application is not complete: %(problems)s")
            % {"problems": " · ".join(str(p) for p in problems)},
            code="incomplete",
        )
    first = application.status == S.DRAFT
    application.status = S.SUBMITTED
    application.submitted_at = now
    if not application.reference:
        application.reference = (
            f"SD-{timezone.localtime(application.call.opens_at):%Y}-{application.pk:05d}"
        )
    application.save(update_fields=["status", "submitted_at", "reference", "updated"])
    log_action(application, "space.application.submitted", user=user)
    _mail(
        _admins(application.organisation),
        "receipt",
        {"application": application, "call": application.call, "first": first},
    )
    return application


@transaction.atomic
def withdraw_application(*, application: Application, user, now=None) -> Application:
    application = _lock_application(application)
    _check_admin(user, application.organisation)
    _check_editable(application, now)
    application.status = S.WITHDRAWN
    application.save(update_fields=["status", "updated"])
    log_action(application, "space.application.withdrawn", user=user)
    return application


# --- Screening and review ----------------------------------------------------------------


def _check_not_decided(call: Call) -> None:
    if call.status in (Call.Status.DECIDED, Call.Status.RESULTS):
        raise SpaceError(_("The decisions for this call are already sent."))


@transaction.atomic
def screen_application(
    *, application: Application, user, eligible: bool, reason: str = "", now=None
):
    application = _lock_application(application)
    _check_not_decided(application.call)
    if not application.call.is_closed(now):
        raise SpaceError(_("Screening starts when the call closes."))
    if application.status not in (S.SUBMITTED, S.ELIGIBLE, S.INELIGIBLE):
        raise SpaceError(
            _("Only submitted applications can be screened (this one is %(status)s).")
            % {"status": application.get_status_display().lower()}
        )
    reason = (reason or "").strip()
    if not eligible and not reason:
        raise SpaceError(_("Give the reason why the application is not eligible."), field="reason")
    application.status = S.ELIGIBLE if eligible else S.INELIGIBLE
    application.screening_reason = reason
    application.save(update_fields=["status", "screening_reason", "updated"])
    if not eligible:
        application.assignments.filter(submitted_at__isnull=True).delete()
    log_action(
        application,
        "space.application.eligible" if eligible else "space.application.ineligible",
        user=user,
        reason=reason,
    )
    return application


def _check_reviewer_allowed(application, reviewer) -> None:
    if not application.call.reviewers.filter(pk=reviewer.pk).exists():
        raise SpaceError(_("This person is not a reviewer of this call."), field="reviewer")
    if Conflict.objects.filter(application=application, reviewer=reviewer).exists():
        raise SpaceError(
            _("This reviewer has declared a conflict of interest with this application."),
            field="reviewer",
        )


@transaction.atomic
def assign_reviewers(*, call: Call, user) -> dict:
    """One action: every eligible application gets the call's number of reviewers (at least
    two), choosing the least loaded reviewers without a conflict. Returns what was done and
    the applications that could not get enough reviewers."""
    call = Call.objects.select_for_update().get(pk=call.pk)
    _check_not_decided(call)
    reviewers = list(call.reviewers.filter(is_active=True).order_by("pk"))
    needed = max(2, call.reviewers_per_application)
    applications = list(
        Application.objects.filter(call=call, status=S.ELIGIBLE).order_by("submitted_at", "pk")
    )
    app_ids = [a.pk for a in applications]
    assigned = {}
    load = {r.pk: 0 for r in reviewers}
    for app_id, reviewer_id in ReviewAssignment.objects.filter(application__call=call).values_list(
        "application_id", "reviewer_id"
    ):
        assigned.setdefault(app_id, set()).add(reviewer_id)
        if reviewer_id in load:
            load[reviewer_id] += 1
    conflicts = {}
    for app_id, reviewer_id in Conflict.objects.filter(application_id__in=app_ids).values_list(
        "application_id", "reviewer_id"
    ):
        conflicts.setdefault(app_id, set()).add(reviewer_id)
    new, short = [], []
    for application in applications:
        have = assigned.setdefault(application.pk, set())
        while len(have) < needed:
            candidates = [
                r
                for r in reviewers
                if r.pk not in have and r.pk not in conflicts.get(application.pk, ())
            ]
            if not candidates:
                short.append(application)
                break
            chosen = min(candidates, key=lambda r: (load[r.pk], r.pk))
            have.add(chosen.pk)
            load[chosen.pk] += 1
            new.append(ReviewAssignment(application=application, reviewer=chosen, assigned_by=user))
    ReviewAssignment.objects.bulk_create(new)
    for assignment in new:
        log_action(
            assignment.application,
            "space.assignment.created",
            user=user,
            data={"reviewer": assignment.reviewer_id, "automatic": True},
        )
    log_action(call, "space.call.reviewers_assigned", user=user, data={"created": len(new)})
    return {"created": len(new), "short": short}


@transaction.atomic
def assign_reviewer(*, application: Application, reviewer, user) -> ReviewAssignment:
    application = _lock_application(application)
    _check_not_decided(application.call)
    if application.status != S.ELIGIBLE:
        raise SpaceError(_("Only eligible applications are reviewed."))
    _check_reviewer_allowed(application, reviewer)
    assignment, created = ReviewAssignment.objects.get_or_create(
        application=application, reviewer=reviewer, defaults={"assigned_by": user}
    )
    if not created:
        raise SpaceError(_("This reviewer is already assigned."), field="reviewer")
    log_action(application, "space.assignment.created", user=user, data={"reviewer": reviewer.pk})
    return assignment


@transaction.atomic
def remove_assignment(*, assignment: ReviewAssignment, user, reason: str = "") -> None:
    application = _lock_application(assignment.application)
    _check_not_decided(application.call)
    log_action(
        application,
        "space.assignment.removed",
        user=user,
        reason=reason,
        data={"reviewer": assignment.reviewer_id, "had_scores": assignment.scores.exists()},
    )
    assignment.delete()


@transaction.atomic
def declare_conflict(*, application: Application, reviewer, reason: str = "") -> Conflict:
    """The reviewer will neither see nor score the application; an assignment is removed
    (staff then assign someone else)."""
    application = _lock_application(application)
    if not application.call.reviewers.filter(pk=reviewer.pk).exists():
        raise SpaceError(_("You are not a reviewer of this call."))
    conflict, created = Conflict.objects.get_or_create(
        application=application, reviewer=reviewer, defaults={"reason": reason[:500]}
    )
    if created:
        removed = ReviewAssignment.objects.filter(application=application, reviewer=reviewer)
        had = removed.exists()
        removed.delete()
        log_action(
            application,
            "space.conflict.declared",
            user=reviewer,
            reason=reason,
            data={"reviewer": reviewer.pk, "assignment_removed": had},
        )
    return conflict


@transaction.atomic
def save_scores(
    *,
    assignment: ReviewAssignment,
    reviewer,
    scores: dict,
    comment: str = "",
    complete: bool = False,
) -> ReviewAssignment:
    """``scores`` maps criterion id to (points or None, comment). ``complete`` marks the
    review done, which needs every criterion scored."""
    assignment = (
        ReviewAssignment.objects.select_for_update()
        .select_related("application__call")
        .get(pk=assignment.pk)
    )
    application = assignment.application
    if assignment.reviewer_id != reviewer.pk:
        raise SpaceError(_("This review is assigned to someone else."))
    if Conflict.objects.filter(application=application, reviewer=reviewer).exists():
        raise SpaceError(_("You declared a conflict of interest with this application."))
    _check_not_decided(application.call)
    if application.status != S.ELIGIBLE:
        raise SpaceError(_("This application is no longer in review."))
    criteria = {c.pk: c for c in application.call.criteria.all()}
    cleaned = {}
    for criterion_id, (points, note) in scores.items():
        criterion = criteria.get(criterion_id)
        if criterion is None:
            continue
        if points is None or points == "":
            cleaned[criterion_id] = (None, note or "")
            continue
        try:
            points = int(points)
        except (TypeError, ValueError) as exc:
            raise SpaceError(_("Enter whole points."), field=f"points_{criterion_id}") from exc
        if points < 0 or points > criterion.max_points:
            raise SpaceError(
                _("Give between 0 and %(max)d points for “%(criterion)s”.")
                % {"max": criterion.max_points, "criterion": criterion.name},
                field=f"points_{criterion_id}",
            )
        cleaned[criterion_id] = (points, (note or "")[:3000])
    if complete:
        missing = [c.name for cid, c in criteria.items() if cleaned.get(cid, (None,))[0] is None]
        if missing:
            raise SpaceError(
                _("Score every criterion before completing the review: %(names)s")
                % {"names": ", ".join(missing)}
            )
    existing = {s.criterion_id: s for s in assignment.scores.all()}
    changes = {}
    for criterion_id, (points, note) in cleaned.items():
        score = existing.get(criterion_id)
        if points is None:
            if score:
                score.delete()
            continue
        if score is None:
            Score.objects.create(
                assignment=assignment, criterion_id=criterion_id, points=points, comment=note
            )
            changes[criterion_id] = points
        elif score.points != points or score.comment != note:
            score.points, score.comment = points, note
            score.save(update_fields=["points", "comment"])
            changes[criterion_id] = points
    assignment.comment = (comment or "")[:5000]
    was_complete = assignment.submitted_at is not None
    if complete and not was_complete:
        assignment.submitted_at = _now()
    assignment.save(update_fields=["comment", "submitted_at"])
    if changes or (complete and not was_complete):
        log_action(
            application,
            "space.review.completed" if complete else "space.review.scored",
            user=reviewer,
            data={"reviewer": reviewer.pk, "points": {str(k): v for k, v in changes.items()}},
        )
    return assignment


# --- Selection ---------------------------------------------------------------------------


def _hosting_period(call: Call, space: Space, today=None) -> tuple[date, date]:
    today = today or timezone.localdate()
    start = max(call.hosting_start, today)
    return start, period_end(start, space.default_hosting_months)


def _places_used(call: Call) -> int:
    return (
        Application.objects.filter(call=call, status=S.SELECTED)
        .exclude(hosting__status=Hosting.Status.ENDED)
        .count()
    )


def _create_hosting(*, application, start, end, user) -> Hosting:
    hosting = Hosting.objects.create(
        organisation=application.organisation, application=application, start=start, end=end
    )
    _schedule_reviews(hosting)
    return hosting


def _schedule_reviews(hosting: Hosting) -> None:
    ProgressReview.objects.update_or_create(
        hosting=hosting, kind=ProgressReview.Kind.MIDTERM, defaults={"due_on": hosting.midpoint}
    )
    ProgressReview.objects.update_or_create(
        hosting=hosting,
        kind=ProgressReview.Kind.FINAL,
        defaults={"due_on": max(hosting.start, hosting.end - timedelta(days=14))},
    )


@transaction.atomic
def select_application(*, application: Application, user, today=None) -> Hosting:
    """Staff select an application: a hosting from the call's hosting start for the default
    length, refused when the call's places are taken or the space would exceed its
    capacity on any day."""
    space = lock_space()
    application = _lock_application(application)
    call = application.call
    _check_not_decided(call)
    if application.status not in (S.ELIGIBLE, S.RESERVE):
        raise SpaceError(
            _("This application cannot be selected: it is %(status)s.")
            % {"status": application.get_status_display().lower()},
            code="state",
        )
    if _places_used(call) >= call.places:
        raise SpaceError(
            _("All %(places)d places of this call are taken.") % {"places": call.places},
            code="full",
        )
    start, end = _hosting_period(call, space, today)
    _check_capacity(space, start, end)
    was_reserve = application.status == S.RESERVE
    application.status = S.SELECTED
    application.reserve_position = None
    application.decided_at = _now()
    application.save(update_fields=["status", "reserve_position", "decided_at", "updated"])
    hosting = _create_hosting(application=application, start=start, end=end, user=user)
    log_action(
        application,
        "space.application.selected",
        user=user,
        data={"start": str(start), "end": str(end), "from_reserve": was_reserve},
    )
    return hosting


@transaction.atomic
def reserve_application(*, application: Application, user) -> Application:
    application = _lock_application(application)
    Call.objects.select_for_update().get(pk=application.call_id)
    _check_not_decided(application.call)
    if application.status != S.ELIGIBLE:
        raise SpaceError(_("Only eligible applications in review can go on the reserve list."))
    last = Application.objects.filter(call=application.call).aggregate(m=Max("reserve_position"))[
        "m"
    ]
    application.status = S.RESERVE
    application.reserve_position = (last or 0) + 1
    application.decided_at = _now()
    application.save(update_fields=["status", "reserve_position", "decided_at", "updated"])
    log_action(
        application,
        "space.application.reserve",
        user=user,
        data={"position": application.reserve_position},
    )
    return application


@transaction.atomic
def undo_decision(*, application: Application, user, reason: str = "") -> Application:
    """Before the decisions are sent, staff may take a selection or a reserve place back."""
    application = _lock_application(application)
    _check_not_decided(application.call)
    if application.status not in (S.SELECTED, S.RESERVE):
        raise SpaceError(_("Only a selection or a reserve place can be taken back."))
    Hosting.objects.filter(application=application).delete()
    old = application.status
    application.status = S.ELIGIBLE
    application.reserve_position = None
    application.decided_at = None
    application.save(update_fields=["status", "reserve_position", "decided_at", "updated"])
    log_action(
        application,
        "space.application.decision_undone",
        user=user,
        reason=reason,
        data={"was": old},
    )
    return application


@transaction.atomic
def send_decisions(*, call: Call, user) -> int:
    """Close the selection: applications still in review are not selected; every applicant
    gets the decision by e-mail (with their own scores if the call says so)."""
    call = Call.objects.select_for_update().get(pk=call.pk)
    _check_not_decided(call)
    if not call.is_closed():
        raise SpaceError(_("The call is still open."))
    if Application.objects.filter(call=call, status=S.SUBMITTED).exists():
        raise SpaceError(_("Screen every submitted application before sending the decisions."))
    now = _now()
    rest = Application.objects.filter(call=call, status=S.ELIGIBLE)
    for application in rest:
        log_action(application, "space.application.not_selected", user=user)
    rest.update(status=S.NOT_SELECTED, decided_at=now)
    call.status = Call.Status.DECIDED
    call.decided_at = now
    call.save(update_fields=["status", "decided_at"])
    from .selectors import own_scores

    sent = 0
    for application in Application.objects.filter(
        call=call, status__in=[S.SELECTED, S.RESERVE, S.NOT_SELECTED, S.INELIGIBLE]
    ).select_related("organisation", "hosting"):
        scores = (
            own_scores(application)
            if call.share_scores and application.status != S.INELIGIBLE
            else None
        )
        _mail(
            _admins(application.organisation),
            "decision",
            {"application": application, "call": call, "scores": scores},
        )
        sent += 1
    Application.objects.filter(call=call, decided_at=now).update(decision_sent_at=now)
    Application.objects.filter(call=call, status__in=[S.SELECTED, S.RESERVE, S.INELIGIBLE]).update(
        decision_sent_at=now
    )
    log_action(call, "space.call.decisions_sent", user=user, data={"sent": sent})
    bump_on_commit("space")
    return sent


@transaction.atomic
def publish_results(*, call: Call, user) -> Call:
    call = Call.objects.select_for_update().get(pk=call.pk)
    if call.status != Call.Status.DECIDED:
        raise SpaceError(_("Send the decisions before publishing the results."))
    call.status = Call.Status.RESULTS
    call.results_published_at = _now()
    call.save(update_fields=["status", "results_published_at"])
    log_action(call, "space.call.results_published", user=user)
    bump_on_commit("space")
    return call


# --- Reserve offers ----------------------------------------------------------------------


def offer_place_to_reserve(*, call: Call, user=None, free_from: date | None = None):
    """Offer a freed place (free from ``free_from``) to the first application on the call's
    reserve list; returns that application or None."""
    if Application.objects.filter(call=call, status=S.OFFERED).exists():
        return None  # one offer at a time, in order
    first = (
        Application.objects.select_for_update()
        .filter(call=call, status=S.RESERVE)
        .order_by("reserve_position", "pk")
        .first()
    )
    if first is None:
        return None
    first.status = S.OFFERED
    first.offered_at = _now()
    first.offered_from = free_from or timezone.localdate()
    first.save(update_fields=["status", "offered_at", "offered_from", "updated"])
    log_action(
        first,
        "space.application.place_offered",
        user=user,
        data={"position": first.reserve_position},
    )
    _mail(_admins(first.organisation), "offer", {"application": first, "call": call})
    return first


@transaction.atomic
def accept_offer(*, application: Application, user, today=None) -> Hosting:
    space = lock_space()
    application = _lock_application(application)
    _check_admin(user, application.organisation)
    if application.status != S.OFFERED:
        raise SpaceError(_("There is no offer of a place waiting for this application."))
    today = today or timezone.localdate()
    start = max(application.call.hosting_start, application.offered_from or today, today)
    end = period_end(start, space.default_hosting_months)
    _check_capacity(space, start, end)
    application.status = S.SELECTED
    application.reserve_position = None
    application.decided_at = _now()
    application.save(update_fields=["status", "reserve_position", "decided_at", "updated"])
    hosting = _create_hosting(application=application, start=start, end=end, user=user)
    log_action(
        application, "space.application.offer_accepted", user=user, data={"start": str(start)}
    )
    return hosting


@transaction.atomic
def decline_offer(*, application: Application, user) -> Application:
    application = _lock_application(application)
    _check_admin(user, application.organisation)
    if application.status != S.OFFERED:
        raise SpaceError(_("There is no offer of a place waiting for this application."))
    free_from = application.offered_from
    application.status = S.DECLINED
    application.reserve_position = None
    application.save(update_fields=["status", "reserve_position", "updated"])
    log_action(application, "space.application.offer_declined", user=user)
    offer_place_to_reserve(call=application.call, user=user, free_from=free_from)
    return application


# --- Hostings ----------------------------------------------------------------------------


def _log_hosting(hosting, action, *, user, reason="", data=None):
    log_action(hosting, action, user=user, reason=reason, data=data)
    if hosting.application_id:
        log_action(hosting.application, action, user=user, reason=reason, data=data)


@transaction.atomic
def create_hosting(*, organisation, start: date, end: date | None, user, **details) -> Hosting:
    """Staff record a hosting directly (a group already in the space before calls)."""
    space = lock_space()
    end = end or period_end(start, space.default_hosting_months)
    if end < start:
        raise SpaceError(_("The end must be on or after the start."), field="end")
    _check_capacity(space, start, end)
    hosting = Hosting.objects.create(organisation=organisation, start=start, end=end, **details)
    _schedule_reviews(hosting)
    _log_hosting(
        hosting, "space.hosting.created", user=user, data={"start": str(start), "end": str(end)}
    )
    return hosting


@transaction.atomic
def update_hosting(*, hosting: Hosting, user, data: dict, induction_done=()) -> Hosting:
    hosting = Hosting.objects.select_for_update().get(pk=hosting.pk)
    for field in ("desk", "contact_person", "goals", "agreement_signed_on", "room_hours_per_month"):
        if field in data:
            setattr(hosting, field, data[field])
    keys = {key for key, _label in INDUCTION_ITEMS}
    today = timezone.localdate().isoformat()
    hosting.induction = {
        key: hosting.induction.get(key) or today for key in induction_done if key in keys
    }
    hosting.save()
    _log_hosting(hosting, "space.hosting.updated", user=user)
    return hosting


@transaction.atomic
def set_goals(*, hosting: Hosting, user, goals: str) -> Hosting:
    hosting = Hosting.objects.select_for_update().get(pk=hosting.pk)
    _check_admin(user, hosting.organisation)
    hosting.goals = goals[:5000]
    hosting.save(update_fields=["goals"])
    return hosting


@transaction.atomic
def end_hosting(*, hosting: Hosting, user, on: date, reason: str) -> Application | None:
    """A group leaves (early): its last day becomes ``on``, the place is free from the next
    day and is offered to the first group on the reserve list of its call."""
    lock_space()
    hosting = (
        Hosting.objects.select_for_update(of=("self",))
        .select_related("application__call")
        .get(pk=hosting.pk)
    )
    if hosting.status == Hosting.Status.ENDED:
        raise SpaceError(_("This hosting has already ended."))
    if not (reason or "").strip():
        raise SpaceError(_("Give the reason why the hosting ends."), field="reason")
    if on < hosting.start or on > hosting.end:
        raise SpaceError(
            _("The last day must be between the start and the planned end of the hosting."),
            field="on",
        )
    early = on < hosting.end
    hosting.end = on
    hosting.status = Hosting.Status.ENDED
    hosting.ended_reason = reason.strip()
    hosting.save(update_fields=["end", "status", "ended_reason"])
    hosting.progress_reviews.filter(submitted_at__isnull=True, due_on__gt=on).delete()
    RenewalRequest.objects.filter(hosting=hosting, status=RenewalRequest.Status.PENDING).update(
        status=RenewalRequest.Status.REFUSED,
        reason=reason.strip(),
        decided_at=_now(),
        decided_by=user,
    )
    _log_hosting(
        hosting,
        "space.hosting.ended",
        user=user,
        reason=reason,
        data={"on": str(on), "early": early},
    )
    offered = None
    if early and hosting.application_id:
        offered = offer_place_to_reserve(
            call=hosting.application.call, user=user, free_from=on + timedelta(days=1)
        )
    return offered


@transaction.atomic
def save_self_assessment(*, hosting: Hosting, user, moment: str, scores: dict, notes: str = ""):
    _check_admin(user, hosting.organisation)
    if moment not in SelfAssessment.Moment.values:
        raise SpaceError(_("Choose the start or the end of the hosting."))
    if (
        moment == SelfAssessment.Moment.END
        and not hosting.assessments.filter(moment="start").exists()
    ):
        raise SpaceError(_("Fill in the self-assessment at the start first."))
    clean = {}
    for key, _label in ASSESSMENT_AREAS:
        try:
            value = int(scores.get(key))
        except (TypeError, ValueError) as exc:
            raise SpaceError(_("Choose a level from 1 to 5 for every area."), field=key) from exc
        if not 1 <= value <= 5:
            raise SpaceError(_("Choose a level from 1 to 5 for every area."), field=key)
        clean[key] = value
    assessment, _created = SelfAssessment.objects.update_or_create(
        hosting=hosting,
        moment=moment,
        defaults={
            "scores": clean,
            "notes": notes[:3000],
            "submitted_by": user,
            "submitted_at": _now(),
        },
    )
    _log_hosting(
        hosting,
        "space.assessment.saved",
        user=user,
        data={"moment": moment, "total": assessment.total},
    )
    return assessment


@transaction.atomic
def submit_progress(*, review: ProgressReview, user, progress: str) -> ProgressReview:
    review = ProgressReview.objects.select_for_update().select_related("hosting").get(pk=review.pk)
    _check_admin(user, review.hosting.organisation)
    if not progress.strip():
        raise SpaceError(_("Describe your progress against your goals."), field="progress")
    if review.reviewed_at:
        raise SpaceError(_("Staff have already reviewed this report."))
    review.progress = progress.strip()[:5000]
    review.submitted_at = _now()
    review.save(update_fields=["progress", "submitted_at"])
    _log_hosting(review.hosting, "space.progress.submitted", user=user, data={"kind": review.kind})
    return review


@transaction.atomic
def assess_progress(*, review: ProgressReview, user, rating: str, notes: str) -> ProgressReview:
    review = ProgressReview.objects.select_for_update().select_related("hosting").get(pk=review.pk)
    if rating not in ProgressReview.Rating.values:
        raise SpaceError(_("Choose an assessment."), field="rating")
    review.rating = rating
    review.staff_notes = notes[:5000]
    review.reviewed_by = user
    review.reviewed_at = _now()
    review.save(update_fields=["rating", "staff_notes", "reviewed_by", "reviewed_at"])
    _log_hosting(
        review.hosting,
        "space.progress.reviewed",
        user=user,
        reason=notes,
        data={"kind": review.kind, "rating": rating},
    )
    return review


# --- Renewals ----------------------------------------------------------------------------


@transaction.atomic
def request_renewal(
    *, hosting: Hosting, user, needs: str, progress: str, today=None
) -> RenewalRequest:
    hosting = Hosting.objects.select_for_update().get(pk=hosting.pk)
    _check_admin(user, hosting.organisation)
    today = today or timezone.localdate()
    if hosting.status != Hosting.Status.ACTIVE or hosting.end < today:
        raise SpaceError(_("A renewal can be requested only before the hosting ends."))
    if not needs.strip():
        raise SpaceError(_("Say what you need from the space."), field="needs")
    if not progress.strip():
        raise SpaceError(_("Describe your progress so far."), field="progress")
    if hosting.renewal_requests.filter(status=RenewalRequest.Status.PENDING).exists():
        raise SpaceError(_("A renewal request is already waiting for a decision."))
    renewal = RenewalRequest.objects.create(
        hosting=hosting, needs=needs.strip(), progress=progress.strip(), submitted_by=user
    )
    _log_hosting(hosting, "space.renewal.requested", user=user)
    return renewal


@transaction.atomic
def decide_renewal(
    *, renewal: RenewalRequest, user, approve: bool, reason: str = ""
) -> RenewalRequest:
    space = lock_space()
    renewal = (
        RenewalRequest.objects.select_for_update().select_related("hosting").get(pk=renewal.pk)
    )
    hosting = Hosting.objects.select_for_update().get(pk=renewal.hosting_id)
    if renewal.status != RenewalRequest.Status.PENDING:
        raise SpaceError(_("This renewal request is already decided."))
    if not approve and not reason.strip():
        raise SpaceError(_("Give the reason for not renewing."), field="reason")
    if approve:
        start = hosting.end + timedelta(days=1)
        new_end = period_end(start, space.default_hosting_months)
        _check_capacity(space, start, new_end, exclude=hosting.pk)
        hosting.end = new_end
        hosting.renewals += 1
        hosting.save(update_fields=["end", "renewals"])
        ProgressReview.objects.filter(hosting=hosting, kind=ProgressReview.Kind.FINAL).update(
            due_on=new_end - timedelta(days=14),
            reminded_at=None,
            submitted_at=None,
            reviewed_at=None,
        )
        renewal.new_end = new_end
    renewal.status = RenewalRequest.Status.APPROVED if approve else RenewalRequest.Status.REFUSED
    renewal.decided_by = user
    renewal.decided_at = _now()
    renewal.reason = reason.strip()
    renewal.save(update_fields=["status", "decided_by", "decided_at", "reason", "new_end"])
    _log_hosting(
        hosting,
        "space.renewal.approved" if approve else "space.renewal.refused",
        user=user,
        reason=reason,
        data={"new_end": str(renewal.new_end) if renewal.new_end else ""},
    )
    _mail(
        _admins(hosting.organisation), "renewal_decided", {"renewal": renewal, "hosting": hosting}
    )
    return renewal


# --- Reminders ---------------------------------------------------------------------------

REVIEW_REMINDER_DAYS = 7
END_REMINDER_DAYS = 30


def send_reminders(*, today=None) -> int:
    """E-mail groups and staff before progress reviews and hosting ends; each reminder once."""
    from socialdynamo.accounts.models import User

    today = today or timezone.localdate()
    staff = list(User.objects.filter(is_staff=True, is_active=True))
    sent = 0
    reviews = ProgressReview.objects.filter(
        reminded_at__isnull=True,
        submitted_at__isnull=True,
        due_on__lte=today + timedelta(days=REVIEW_REMINDER_DAYS),
        due_on__gte=today,
        hosting__status=Hosting.Status.ACTIVE,
    ).select_related("hosting__organisation", "hosting__contact_person")
    for review in reviews:
        with transaction.atomic():
            if ProgressReview.objects.filter(pk=review.pk, reminded_at__isnull=True).update(
                reminded_at=_now()
            ):
                people = _admins(review.hosting.organisation) + (
                    [review.hosting.contact_person] if review.hosting.contact_person else staff
                )
                _mail(people, "reminder_review", {"review": review, "hosting": review.hosting})
                sent += 1
    hostings = Hosting.objects.filter(
        end_reminded_at__isnull=True,
        status=Hosting.Status.ACTIVE,
        end__lte=today + timedelta(days=END_REMINDER_DAYS),
        end__gte=today,
    ).select_related("organisation", "contact_person")
    for hosting in hostings:
        with transaction.atomic():
            if Hosting.objects.filter(pk=hosting.pk, end_reminded_at__isnull=True).update(
                end_reminded_at=_now()
            ):
                people = _admins(hosting.organisation) + (
                    [hosting.contact_person] if hosting.contact_person else staff
                )
                _mail(people, "reminder_end", {"hosting": hosting})
                sent += 1
    # Hostings whose last day has passed end by themselves.
    Hosting.objects.filter(status=Hosting.Status.ACTIVE, end__lt=today).update(
        status=Hosting.Status.ENDED
    )
    return sent


# --- Personal data -----------------------------------------------------------------------


def export_personal_data(user) -> dict:
    return {
        "space_reviews": [
            {
                "application": a.application.reference,
                "comment": a.comment,
                "scores": [
                    {"criterion": s.criterion.name, "points": s.points, "comment": s.comment}
                    for s in a.scores.all()
                ],
            }
            for a in ReviewAssignment.objects.filter(reviewer=user)
            .select_related("application")
            .prefetch_related("scores__criterion")
        ],
        "space_conflicts": [
            {"application": c.application.reference, "reason": c.reason}
            for c in Conflict.objects.filter(reviewer=user).select_related("application")
        ],
        "space_subscription": Subscriber.objects.filter(user=user).exists(),
    }


def erase_personal_data(user) -> None:
    """Subscriptions go; a reviewer's scores stay (the decisions rest on them), anonymous
    once the account is erased; contact names on applications they created are cleared."""
    Subscriber.objects.filter(user=user).delete()
    Application.objects.filter(created_by=user).update(contact_phone="")
    Application.objects.filter(Q(created_by=user) & ~Q(contact_name="")).update(contact_name="—")
