"""The space's rows of the URL permission matrix (see tests/permissions_matrix.py)."""

from datetime import timedelta

from django.core.files.base import ContentFile
from django.utils import timezone

from socialdynamo.space import services
from socialdynamo.space.models import (
    Answer,
    Application,
    ApplicationDocument,
    Call,
    Conflict,
    Desk,
    Hosting,
    ProgressReview,
    RenewalRequest,
    ReviewAssignment,
    Score,
    SelfAssessment,
    Space,
    Subscriber,
)
from tests.factories import UserFactory
from tests.permissions_matrix import LOGIN, PUBLIC, STAFF_ONLY, Row, expect, managers, signed_in, to

from .factories import PDF, CallFactory, close

# Hidden from people outside the organisation, visible to its members and to staff.
GROUP_SEES = expect(404, anon=LOGIN, member=200, staff=200, **managers(200))
# Only the organisation's owner and admins act; members and staff see but may not (403).
GROUP_ACTS = expect(404, anon=LOGIN, member=403, staff=403, **managers(200))
POST_ONLY = signed_in(405)
STAFF_ACTS = lambda page: expect(403, anon=LOGIN, staff=to(page))  # noqa: E731
DETAIL = "space:application-detail"
EDIT = "space:application-edit"
HOSTING = "space:hosting-detail"


def group_acts(outcome):
    return expect(404, anon=LOGIN, member=403, staff=403, **managers(outcome))


MATRIX = {
    # --- public ----------------------------------------------------------------------------
    "space:home": [Row("none", PUBLIC)],
    "space:call-detail": [
        Row("space:open", PUBLIC),
        Row("space:draft", expect(404, staff=200), note="drafts: staff only"),
        Row("space:missing-call", expect(404)),
    ],
    "space:call-results": [
        Row("space:results", PUBLIC),
        Row("space:open", expect(404), note="no results before they are published"),
    ],
    "space:subscribe": [
        Row("none", POST_ONLY),
        Row("empty_post", signed_in(to("space:home")), method="post"),
    ],
    "space:unsubscribe": [
        Row("space:token", PUBLIC),
        Row("space:token-unknown", expect(404)),
        Row("space:token", expect(to("space:home")), method="post", note="the link in e-mails"),
    ],
    # --- applicants ------------------------------------------------------------------------
    "space:application-start": [
        Row("space:open", signed_in(200)),
        Row(
            "space:open-post-verified",
            signed_in(200, **managers(to(EDIT))),
            method="post",
            unchanged=True,
            note="managers reach their existing draft; others cannot choose the organisation",
        ),
    ],
    "space:my-applications": [Row("none", signed_in(200))],
    "space:application-detail": [
        Row("space:draft-app", GROUP_SEES),
        Row("space:missing-app", signed_in(404)),
    ],
    "space:application-edit": [
        Row("space:draft-app", GROUP_ACTS),
        Row("space:draft-app-post", group_acts(to(EDIT)), method="post", note="saves the draft"),
    ],
    "space:application-submit": [
        Row("space:draft-app", POST_ONLY),
        Row(
            "space:draft-app",
            group_acts(to(DETAIL)),
            method="post",
            unchanged=True,
            note="incomplete: refused with the reasons",
        ),
    ],
    "space:application-withdraw": [
        Row("space:draft-app", POST_ONLY),
        Row("space:draft-app", group_acts(to(DETAIL)), method="post"),
    ],
    "space:offer-respond": [
        Row("space:draft-app", POST_ONLY),
        Row("space:draft-app-accept", group_acts(to(DETAIL)), method="post", unchanged=True),
    ],
    "space:document-upload": [
        Row("space:upload", POST_ONLY),
        Row("space:upload", group_acts(to(EDIT)), method="post", unchanged=True, note="no file"),
    ],
    "space:document-download": [
        Row("space:document", GROUP_SEES),
        Row("space:foreign-document", signed_in(404), note="IDOR: the file of another application"),
    ],
    "space:document-remove": [
        Row("space:document", POST_ONLY),
        Row("space:document", group_acts(to(EDIT)), method="post"),
    ],
    # --- reviewers (none of the actors reviews: only the assigned reviewer gets in) ---------
    "space:review-queue": [Row("none", expect(403, anon=LOGIN, staff=200))],
    "space:review-score": [
        Row("space:assignment", signed_in(404)),
        Row("space:assignment-post", signed_in(404), method="post"),
    ],
    "space:review-conflict": [
        Row("space:assignment", POST_ONLY),
        Row("space:assignment", signed_in(404), method="post"),
    ],
    "space:review-conflicts": [
        Row("space:closed", signed_in(404)),
        Row("space:closed", signed_in(404), method="post"),
    ],
    # --- staff -----------------------------------------------------------------------------
    "space:space-settings": [
        Row("none", STAFF_ONLY),
        Row("empty_post", STAFF_ONLY, method="post", unchanged=True, note="form errors"),
    ],
    "space:staff-calls": [Row("none", STAFF_ONLY)],
    "space:call-create": [
        Row("none", STAFF_ONLY),
        Row("empty_post", STAFF_ONLY, method="post", unchanged=True, note="form errors"),
    ],
    "space:call-manage": [Row("space:closed", STAFF_ONLY)],
    "space:call-edit": [Row("space:closed", STAFF_ONLY)],
    "space:call-ranking": [Row("space:closed", STAFF_ONLY)],
    "space:call-publish": [
        Row("space:draft", POST_ONLY),
        Row("space:draft", STAFF_ACTS("space:call-manage"), method="post"),
    ],
    "space:call-assign": [
        Row("space:closed", POST_ONLY),
        Row("space:closed", STAFF_ACTS("space:call-manage"), method="post"),
    ],
    "space:call-decide": [
        Row("space:closed", POST_ONLY),
        Row("space:closed", STAFF_ACTS("space:call-manage"), method="post"),
    ],
    "space:call-publish-results": [
        Row("space:closed", POST_ONLY),
        Row(
            "space:closed",
            STAFF_ACTS("space:call-manage"),
            method="post",
            unchanged=True,
            note="refused: the decisions are not sent yet",
        ),
    ],
    "space:application-screen": [
        Row("space:review-app", POST_ONLY),
        Row("space:review-app-eligible", STAFF_ACTS(DETAIL), method="post"),
    ],
    "space:application-decide": [
        Row("space:review-app", POST_ONLY),
        Row("space:review-app-reserve", STAFF_ACTS("space:call-ranking"), method="post"),
    ],
    "space:assignment-add": [
        Row("space:review-app", POST_ONLY),
        Row("space:review-app-assign", STAFF_ACTS(DETAIL), method="post"),
    ],
    "space:assignment-remove": [
        Row("space:assignment", POST_ONLY),
        Row("space:assignment", STAFF_ACTS(DETAIL), method="post"),
    ],
    "space:hostings": [Row("none", STAFF_ONLY)],
    "space:hosting-create": [
        Row("none", STAFF_ONLY),
        Row("empty_post", STAFF_ONLY, method="post", unchanged=True, note="form errors"),
    ],
    "space:occupancy": [Row("none", STAFF_ONLY)],
    "space:renewal-decide": [
        Row("space:renewal", STAFF_ONLY),
        Row(
            "space:renewal",
            STAFF_ONLY,
            method="post",
            unchanged=True,
            note="no decision chosen: refusing needs a reason",
        ),
    ],
    # --- hostings: the group and staff ------------------------------------------------------
    "space:hosting-detail": [
        Row("space:hosting", GROUP_SEES),
        Row("space:missing-hosting", signed_in(404)),
    ],
    "space:hosting-edit": [
        Row("space:hosting", POST_ONLY),
        Row("space:hosting-post-desk", STAFF_ACTS(HOSTING), method="post"),
    ],
    "space:hosting-end": [
        Row("space:hosting", POST_ONLY),
        Row("space:hosting", STAFF_ACTS(HOSTING), method="post", unchanged=True, note="no date"),
    ],
    "space:hosting-goals": [
        Row("space:hosting", POST_ONLY),
        Row("space:hosting-post-goals", group_acts(to(HOSTING)), method="post"),
    ],
    "space:self-assessment": [
        Row("space:assessment", GROUP_ACTS),
        Row("space:assessment", GROUP_ACTS, method="post", unchanged=True, note="form errors"),
    ],
    "space:progress-review": [
        Row(
            "space:progress",
            expect(404, anon=LOGIN, staff=200, **managers(200)),
            note="the group's admins write it, staff assess it",
        ),
    ],
    "space:renewal-request": [
        Row("space:hosting", GROUP_ACTS),
        Row("space:hosting", GROUP_ACTS, method="post", unchanged=True, note="form errors"),
    ],
}


def scenarios(base) -> dict:
    verified, other = base["verified"], base["other"]
    owner, staff = base["actors"]["owner"], base["actors"]["staff"]
    space = Space.get()
    desk = Desk.objects.create(code="Α1", description="Παράθυρο")
    open_call = CallFactory()
    draft_call = CallFactory(status=Call.Status.DRAFT)
    results_call = CallFactory(status=Call.Status.RESULTS)
    close(results_call)
    closed = CallFactory()
    draft_app = Application.objects.create(call=open_call, organisation=verified, created_by=owner)
    Answer.objects.create(application=draft_app, question=open_call.questions.first(), value="Ναι")
    document = ApplicationDocument(
        application=draft_app,
        requirement=open_call.documents.get(),
        original_name="statute.pdf",
        file_type="pdf",
        size=len(PDF),
        uploaded_by=owner,
    )
    document.file.save("document.pdf", ContentFile(PDF), save=True)
    foreign_app = Application.objects.create(call=open_call, organisation=other, created_by=None)
    # A closed call in review, with reviewers who are not among the actors.
    review_app = Application.objects.create(
        call=closed,
        organisation=verified,
        status=Application.Status.ELIGIBLE,
        reference="SD-MATRIX-1",
        submitted_at=timezone.now() - timedelta(days=12),
    )
    close(closed)
    reviewer_one = UserFactory(is_reviewer=True)
    reviewer_two = UserFactory(is_reviewer=True)
    closed.reviewers.set([reviewer_one, reviewer_two])
    assignment = ReviewAssignment.objects.create(application=review_app, reviewer=reviewer_one)
    Score.objects.create(assignment=assignment, criterion=closed.criteria.first(), points=5)
    Conflict.objects.create(
        application=Application.objects.create(
            call=closed,
            organisation=other,
            status=Application.Status.ELIGIBLE,
            reference="SD-MATRIX-2",
        ),
        reviewer=reviewer_two,
    )
    today = timezone.localdate()
    hosting = Hosting.objects.create(
        organisation=verified, start=today - timedelta(days=10), end=today + timedelta(days=170)
    )
    services._schedule_reviews(hosting)
    SelfAssessment.objects.create(
        hosting=hosting, moment="start", scores={"governance": 2}, submitted_by=owner
    )
    renewal = RenewalRequest.objects.create(
        hosting=hosting, needs="Γραφείο", progress="Καλή", submitted_by=owner
    )
    subscriber = Subscriber.objects.create(user=UserFactory())
    assert space.pk == 1 and staff is not None
    return {
        "space:open": ({"slug": open_call.slug}, {}),
        "space:open-post-verified": ({"slug": open_call.slug}, {"organisation": verified.pk}),
        "space:draft": ({"slug": draft_call.slug}, {}),
        "space:results": ({"slug": results_call.slug}, {}),
        "space:closed": ({"slug": closed.slug}, {}),
        "space:missing-call": ({"slug": "no-such-call"}, {}),
        "space:token": ({"token": subscriber.token}, {}),
        "space:token-unknown": ({"token": "no-such-token"}, {}),
        "space:draft-app": ({"pk": draft_app.pk}, {}),
        "space:draft-app-post": ({"pk": draft_app.pk}, {"contact_name": "Νέα επαφή"}),
        "space:draft-app-accept": ({"pk": draft_app.pk}, {"answer": "accept"}),
        "space:missing-app": ({"pk": 999999}, {}),
        "space:upload": ({"pk": draft_app.pk, "requirement_id": document.requirement_id}, {}),
        "space:document": ({"pk": draft_app.pk, "document_id": document.pk}, {}),
        "space:foreign-document": ({"pk": foreign_app.pk, "document_id": document.pk}, {}),
        "space:assignment": ({"pk": assignment.pk}, {}),
        "space:assignment-post": (
            {"pk": assignment.pk},
            {f"points_{closed.criteria.first().pk}": "9", "action": "complete"},
        ),
        "space:review-app": ({"pk": review_app.pk}, {}),
        "space:review-app-eligible": (
            {"pk": review_app.pk},
            {"action": "ineligible", "reason": "Δοκιμή"},
        ),
        "space:review-app-reserve": ({"pk": review_app.pk}, {"action": "reserve"}),
        "space:review-app-assign": ({"pk": review_app.pk}, {"reviewer": reviewer_two.pk}),
        "space:hosting": ({"pk": hosting.pk}, {}),
        "space:missing-hosting": ({"pk": 999999}, {}),
        "space:hosting-post-desk": ({"pk": hosting.pk}, {"desk": desk.pk, "goals": "Στόχοι"}),
        "space:hosting-post-goals": ({"pk": hosting.pk}, {"goals": "Νέοι στόχοι"}),
        "space:assessment": ({"pk": hosting.pk, "moment": "start"}, {}),
        "space:progress": ({"pk": hosting.pk, "kind": ProgressReview.Kind.MIDTERM}, {}),
        "space:renewal": ({"pk": renewal.pk}, {}),
    }


def snapshot():
    return (
        sorted(
            Application.objects.values_list(
                "id", "status", "contact_name", "reserve_position", "reference"
            )
        ),
        sorted(Call.objects.values_list("id", "status")),
        sorted(Hosting.objects.values_list("id", "start", "end", "status", "desk_id", "goals")),
        sorted(ReviewAssignment.objects.values_list("id", "application_id", "reviewer_id")),
        Score.objects.count(),
        Conflict.objects.count(),
        ApplicationDocument.objects.count(),
        sorted(RenewalRequest.objects.values_list("id", "status")),
        SelfAssessment.objects.count(),
        sorted(ProgressReview.objects.values_list("id", "submitted_at", "reviewed_at")),
        Subscriber.objects.count(),
        sorted(Space.objects.values_list("id", "capacity")),
    )
