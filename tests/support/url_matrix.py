"""Who may open each support page (rows for tests/test_url_permissions.py).

The actor "person" is made a pro-bono expert here: they were proposed for one request of
"verified" (not yet answered) and work on another (a mentoring engagement). The
organisation's owner and admin manage its requests; a plain member sees none of them.
"""

from datetime import timedelta

from django.utils import timezone

from socialdynamo.support.models import (
    Engagement,
    ExpertProfile,
    Goal,
    Milestone,
    Proposal,
    Rating,
    Review,
    Session,
    SupportRequest,
)
from tests.permissions_matrix import (
    LOGIN,
    STAFF_ONLY,
    Row,
    expect,
    managers,
    signed_in,
    to,
)
from tests.support.factories import area

ENGAGEMENT_PAGE = to("support:engagement-detail")
REQUEST_PAGE = to("support:request-detail")
# Private to the organisation's managers, the assigned expert ("person") and staff.
PRIVATE = expect(404, anon=LOGIN, person=200, staff=200, **managers(200))
# Only the expert who does the work, and staff, log sessions; managers see but may not.
EXPERT_WORK = expect(404, anon=LOGIN, person=200, staff=200, **managers(403))
EXPERT_ACT = expect(404, anon=LOGIN, person=ENGAGEMENT_PAGE, staff=ENGAGEMENT_PAGE, **managers(403))
PLAN_ACT = expect(
    404, anon=LOGIN, person=ENGAGEMENT_PAGE, staff=ENGAGEMENT_PAGE, **managers(ENGAGEMENT_PAGE)
)
POST_ONLY = signed_in(405)

MATRIX = {
    "support:index": [Row("none", signed_in(200))],
    "support:organisation-requests": [
        Row("verified", expect(403, anon=LOGIN, staff=200, **managers(200))),
        Row(
            "pending", expect(403, anon=LOGIN, person=404, outsider=404, staff=200, **managers(200))
        ),
    ],
    "support:request-create": [
        Row("verified", expect(403, anon=LOGIN, **managers(200))),
        Row(
            "support:empty_request",
            expect(403, anon=LOGIN, **managers(200)),
            method="post",
            unchanged=True,
            note="form errors",
        ),
    ],
    "support:request-detail": [
        Row("support:working_request", PRIVATE),
        Row(
            "support:proposed_request",
            expect(404, anon=LOGIN, staff=200, **managers(200)),
            note="the proposed expert sees only the proposal until they accept",
        ),
    ],
    "support:request-withdraw": [
        Row("support:proposed_request", POST_ONLY),
        Row(
            "support:proposed_request",
            expect(404, anon=LOGIN, staff=403, **managers(REQUEST_PAGE)),
            method="post",
        ),
    ],
    "support:request-reopen": [
        Row("support:closed_request", POST_ONLY),
        Row(
            "support:closed_request",
            expect(404, anon=LOGIN, staff=REQUEST_PAGE, **managers(REQUEST_PAGE)),
            method="post",
            note="managers get the reason why not (tests/support/test_views.py)",
        ),
    ],
    "support:proposal-respond": [
        Row("support:proposal", expect(404, anon=LOGIN, person=200)),
        Row(
            "support:proposal_decline",
            expect(404, anon=LOGIN, person=to("support:expert-dashboard")),
            method="post",
        ),
    ],
    "support:engagement-detail": [Row("support:engagement", PRIVATE)],
    "support:session-create": [
        Row("support:engagement", EXPERT_WORK),
        Row(
            "support:session_too_long",
            EXPERT_WORK,
            method="post",
            unchanged=True,
            note="25 hours: the form says why",
        ),
    ],
    "support:session-log": [Row("support:planned_session", EXPERT_WORK)],
    "support:session-cancel": [
        Row("support:planned_session", POST_ONLY),
        Row("support:planned_session", EXPERT_ACT, method="post"),
    ],
    "support:goal-create": [Row("support:engagement", PRIVATE)],
    "support:milestone-create": [Row("support:goal", PRIVATE)],
    "support:goal-reached": [
        Row("support:goal", POST_ONLY),
        Row("support:goal", PLAN_ACT, method="post"),
    ],
    "support:milestone-done": [
        Row("support:milestone", POST_ONLY),
        Row("support:milestone", PLAN_ACT, method="post"),
    ],
    "support:review-create": [Row("support:engagement", PRIVATE)],
    "support:engagement-complete": [
        Row("support:engagement", POST_ONLY),
        Row("support:engagement", EXPERT_ACT, method="post"),
    ],
    "support:engagement-rate": [
        Row("support:engagement", expect(404, anon=LOGIN, person=200, staff=403, **managers(200)))
    ],
    "support:engagement-certificate": [Row("support:engagement", PRIVATE)],
    "support:expert-dashboard": [
        Row("none", signed_in(to("support:expert-apply"), person=200)),
    ],
    "support:expert-apply": [Row("none", signed_in(200))],
    "support:expert-certificate": [
        Row("none", signed_in(404, person=200), note="one's own hours; no profile: 404"),
    ],
    "support:staff-dashboard": [Row("none", STAFF_ONLY)],
    "support:staff-requests": [Row("none", STAFF_ONLY)],
    "support:staff-matching": [Row("none", STAFF_ONLY)],
    "support:staff-experts": [Row("none", STAFF_ONLY)],
    "support:expert-invite": [Row("none", STAFF_ONLY)],
    "support:staff-expert": [Row("support:expert", STAFF_ONLY)],
    "support:staff-request": [
        Row("support:proposed_request", expect(404, anon=LOGIN, staff=200, **managers(403))),
        Row(
            "support:submitted_request_triage",
            expect(404, anon=LOGIN, staff=to("support:staff-request"), **managers(403)),
            method="post",
        ),
    ],
}


def scenarios(base):
    actors = base["actors"]
    verified = base["verified"]
    legal = area("legal")
    expert = ExpertProfile.objects.create(
        user=actors["person"],
        state=ExpertProfile.State.APPROVED,
        languages=["el"],
        formats=["consultation", "mentoring"],
        monthly_hours=20,
    )
    expert.areas.add(legal)
    earlier = timezone.now() - timedelta(days=10)

    def make(state, **kwargs):
        return SupportRequest.objects.create(
            organisation=verified,
            created_by=actors["owner"],
            area=legal,
            title="Βοήθεια",
            goal="Στόχος",
            format="mentoring",
            state=state,
            created=earlier,
            **kwargs,
        )

    working = make(SupportRequest.State.IN_PROGRESS, expert=expert)
    Proposal.objects.create(request=working, expert=expert, state=Proposal.State.ACCEPTED)
    engagement = Engagement.objects.create(
        request=working, expert=expert, organisation=verified, format="mentoring"
    )
    Session.objects.create(
        engagement=engagement,
        starts_at=timezone.now() - timedelta(days=2),
        minutes=90,
        state=Session.State.HELD,
    )
    planned = Session.objects.create(
        engagement=engagement, starts_at=timezone.now() - timedelta(days=1), minutes=60
    )
    goal = Goal.objects.create(engagement=engagement, title="Στόχος")
    milestone = Milestone.objects.create(goal=goal, title="Ορόσημο")
    proposed = make(SupportRequest.State.MATCHED)
    proposal = Proposal.objects.create(request=proposed, expert=expert)
    closed = make(SupportRequest.State.CLOSED, state_reason="Διπλό")
    submitted = make(SupportRequest.State.SUBMITTED)
    when = timezone.localtime() - timedelta(days=1)
    return {
        "support:empty_request": ({"slug": verified.slug}, {}),
        "support:working_request": ({"pk": working.pk}, {}),
        "support:proposed_request": ({"pk": proposed.pk}, {}),
        "support:closed_request": ({"pk": closed.pk}, {}),
        "support:submitted_request_triage": ({"pk": submitted.pk}, {"action": "triage"}),
        "support:proposal": ({"pk": proposal.pk}, {}),
        "support:proposal_decline": ({"pk": proposal.pk}, {"answer": "decline", "reason": "x"}),
        "support:engagement": ({"pk": engagement.pk}, {}),
        "support:session_too_long": (
            {"pk": engagement.pk},
            {
                "starts_at": when.strftime("%Y-%m-%dT%H:%M"),
                "minutes": 25 * 60,
                "mode": "online",
                "held": "1",
            },
        ),
        "support:planned_session": ({"pk": planned.pk}, {}),
        "support:goal": ({"pk": goal.pk}, {}),
        "support:milestone": ({"pk": milestone.pk}, {}),
        "support:expert": ({"pk": expert.pk}, {}),
    }


def snapshot():
    return (
        sorted(SupportRequest.objects.values_list("id", "state", "expert_id", "title")),
        sorted(Proposal.objects.values_list("id", "state")),
        sorted(Engagement.objects.values_list("id", "state")),
        sorted(Session.objects.values_list("id", "state", "minutes")),
        sorted(Goal.objects.values_list("id", "achieved_at")),
        sorted(Milestone.objects.values_list("id", "done_at")),
        Review.objects.count(),
        Rating.objects.count(),
        sorted(ExpertProfile.objects.values_list("id", "state")),
    )
