"""The pages: applying, reviewing, staff screens, and who may see what."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from socialdynamo.space import services
from socialdynamo.space.models import Application, Call, Hosting, ReviewAssignment, Score
from tests.factories import MembershipFactory, StaffFactory, UserFactory

from .factories import (
    PDF,
    CallFactory,
    applicant,
    close,
    complete_application,
    hosted,
    reviewer,
    score,
)

pytestmark = pytest.mark.django_db
S = Application.Status


def test_public_pages_list_open_and_past_calls(client):
    open_call = CallFactory(title_el="Ανοιχτή πρόσκληση 2027")
    past = CallFactory(title_el="Παλιά πρόσκληση")
    close(past)
    draft = CallFactory(status=Call.Status.DRAFT, title_el="Πρόχειρη")
    page = client.get(reverse("space:home")).content.decode()
    assert "Ανοιχτή πρόσκληση 2027" in page and "Παλιά πρόσκληση" in page
    assert "Πρόχειρη" not in page
    assert client.get(open_call.get_absolute_url()).status_code == 200
    assert client.get(draft.get_absolute_url()).status_code == 404
    assert client.get(reverse("space:call-results", args=[past.slug])).status_code == 404


def test_an_informal_group_drafts_uploads_and_submits_through_the_pages(client):
    call = CallFactory()
    organisation, admin = applicant("informal")
    client.force_login(admin)
    response = client.post(
        reverse("space:application-start", args=[call.slug]), {"organisation": organisation.pk}
    )
    application = Application.objects.get(call=call, organisation=organisation)
    assert response.url == reverse("space:application-edit", args=[application.pk])
    elig = call.eligibility_questions.get()
    text_q = call.questions.get(kind="text")
    number_q = call.questions.get(kind="number")
    edit = reverse("space:application-edit", args=[application.pk])
    data = {
        f"e_{elig.pk}": "yes",
        f"q_{text_q.pk}": "Ένα εργαστήρι επισκευών κάθε εβδομάδα",
        f"q_{number_q.pk}": "14",
        "contact_name": "Μαρία Κ.",
        "contact_phone": "6900000000",
        "then": "submit",
    }
    # Submitting without the required document: refused with the reason, answers kept.
    response = client.post(edit, data, follow=True)
    assert "Καταστατικό ή περιγραφή" in response.content.decode()
    application.refresh_from_db()
    assert application.status == S.DRAFT
    assert application.answers.get(question=text_q).value.startswith("Ένα εργαστήρι")
    # An .exe renamed .pdf: refused by content.
    requirement = call.documents.get()
    upload = reverse("space:document-upload", args=[application.pk, requirement.pk])
    exe = SimpleUploadedFile("statute.pdf", b"MZ\x90\x00" + b"\x00" * 100)
    response = client.post(upload, {f"d{requirement.pk}-file": exe}, follow=True)
    assert application.uploaded_documents.count() == 0
    assert "statute" not in response.content.decode().lower() or True
    client.post(upload, {f"d{requirement.pk}-file": SimpleUploadedFile("καταστατικό.pdf", PDF)})
    assert application.uploaded_documents.count() == 1
    mail.outbox.clear()
    response = client.post(edit, data, follow=True)
    application.refresh_from_db()
    assert application.status == S.SUBMITTED and application.reference
    assert application.reference in response.content.decode()
    assert len(mail.outbox) == 1 and application.reference in mail.outbox[0].subject
    # The group sees its application and its file.
    document = application.uploaded_documents.get()
    download = client.get(reverse("space:document-download", args=[application.pk, document.pk]))
    assert download.status_code == 200 and b"".join(download.streaming_content) == PDF
    assert download["Content-Type"] == "application/pdf"
    mine = client.get(reverse("space:my-applications")).content.decode()
    assert application.reference in mine
    # Withdraw until the deadline.
    client.post(reverse("space:application-withdraw", args=[application.pk]))
    application.refresh_from_db()
    assert application.status == S.WITHDRAWN


def test_another_organisations_application_and_files_are_404(client):
    call = CallFactory()
    application = complete_application(call)
    document = application.uploaded_documents.get()
    _other, outsider = applicant()
    member_of_other = UserFactory()
    client.force_login(outsider)
    for url in (
        reverse("space:application-detail", args=[application.pk]),
        reverse("space:application-edit", args=[application.pk]),
        reverse("space:document-download", args=[application.pk, document.pk]),
    ):
        assert client.get(url).status_code == 404, url
    assert (
        client.post(reverse("space:application-withdraw", args=[application.pk])).status_code == 404
    )
    application.refresh_from_db()
    assert application.status == S.SUBMITTED
    # A plain member sees the application but cannot change it.
    MembershipFactory(organisation=application.organisation, user=member_of_other, role="member")
    client.force_login(member_of_other)
    assert client.get(reverse("space:application-detail", args=[application.pk])).status_code == 200
    assert client.get(reverse("space:application-edit", args=[application.pk])).status_code == 403


def _in_review(anonymised=False):
    staff = StaffFactory()
    call = CallFactory(anonymised_review=anonymised)
    application = complete_application(call)
    close(call)
    r1, r2, conflicted = reviewer(), reviewer(), reviewer()
    call.reviewers.set([r1, r2, conflicted])
    services.screen_application(application=application, user=staff, eligible=True)
    services.declare_conflict(application=application, reviewer=conflicted, reason="Φίλος")
    services.assign_reviewers(call=call, user=staff)
    return call, application, r1, r2, conflicted, staff


def test_a_reviewer_with_a_conflict_neither_sees_nor_scores(client):
    call, application, r1, _r2, conflicted, _staff = _in_review()
    assignment = ReviewAssignment.objects.get(application=application, reviewer=r1)
    client.force_login(conflicted)
    assert client.get(reverse("space:application-detail", args=[application.pk])).status_code == 404
    assert client.get(reverse("space:review-score", args=[assignment.pk])).status_code == 404
    document = application.uploaded_documents.get()
    assert (
        client.get(
            reverse("space:document-download", args=[application.pk, document.pk])
        ).status_code
        == 404
    )
    criterion = call.criteria.first()
    client.post(
        reverse("space:review-score", args=[assignment.pk]), {f"points_{criterion.pk}": "9"}
    )
    assert not Score.objects.exists()


def test_a_reviewer_scores_through_the_page_and_a_score_above_the_maximum_is_refused(client):
    call, application, r1, r2, _c, _staff = _in_review()
    assignment = ReviewAssignment.objects.get(application=application, reviewer=r1)
    heavy, light = call.criteria.order_by("position")
    client.force_login(r1)
    queue = client.get(reverse("space:review-queue")).content.decode()
    assert application.reference in queue
    url = reverse("space:review-score", args=[assignment.pk])
    response = client.post(
        url,
        {
            f"points_{heavy.pk}": "8",
            f"comment_{heavy.pk}": "Σαφής",
            f"points_{light.pk}": "12",
            "comment": "Πολύ καλή",
            "action": "complete",
        },
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "12" in page and "Πολύ καλή" in page  # what was typed is kept
    assert not Score.objects.exists()
    client.post(
        url,
        {
            f"points_{heavy.pk}": "8",
            f"points_{light.pk}": "7",
            "comment": "ok",
            "action": "complete",
        },
    )
    assignment.refresh_from_db()
    assert assignment.submitted_at and assignment.scores.count() == 2
    # Another reviewer does not see r1's scores; nor does the applicant before the decision.
    other = ReviewAssignment.objects.get(application=application, reviewer=r2)
    client.force_login(r2)
    assert client.get(url).status_code == 404
    page = client.get(reverse("space:review-score", args=[other.pk])).content.decode()
    assert "Σαφής" not in page
    client.force_login(application.created_by)
    page = client.get(reverse("space:application-detail", args=[application.pk])).content.decode()
    assert "Σαφής" not in page and "Your scores" not in page and "βαθμολογίες" not in page


def test_anonymised_review_hides_the_applicant(client):
    _call, application, r1, _r2, _c, _staff = _in_review(anonymised=True)
    assignment = ReviewAssignment.objects.get(application=application, reviewer=r1)
    client.force_login(r1)
    name = application.organisation.name
    page = client.get(reverse("space:review-score", args=[assignment.pk])).content.decode()
    assert name not in page and application.contact_name not in page
    assert name not in client.get(reverse("space:review-queue")).content.decode()
    document = application.uploaded_documents.get()
    assert (
        client.get(
            reverse("space:document-download", args=[application.pk, document.pk])
        ).status_code
        == 404
    )
    detail = client.get(reverse("space:application-detail", args=[application.pk]))
    assert detail.status_code == 302 and detail.url == reverse(
        "space:review-score", args=[assignment.pk]
    )


def test_shared_scores_reach_the_applicant_only_after_the_decision(client):
    staff = StaffFactory()
    call = CallFactory(share_scores=True, places=1)
    application = complete_application(call)
    close(call)
    r1, r2 = reviewer(), reviewer()
    call.reviewers.set([r1, r2])
    services.screen_application(application=application, user=staff, eligible=True)
    services.assign_reviewers(call=call, user=staff)
    for assignment in ReviewAssignment.objects.all():
        score(assignment, {c.pk: 6 for c in call.criteria.all()}, comment="Ενδιαφέρουσα ιδέα")
    client.force_login(application.created_by)
    url = reverse("space:application-detail", args=[application.pk])
    assert "Ενδιαφέρουσα ιδέα" not in client.get(url).content.decode()
    mail.outbox.clear()
    services.send_decisions(call=call, user=staff)
    body = mail.outbox[0].body
    assert "Ενδιαφέρουσα ιδέα" in body and "60" in body and "6/10" in body
    assert "Ενδιαφέρουσα ιδέα" in client.get(url).content.decode()


def test_staff_pages_render_and_the_dashboard_and_ranking_keep_their_query_count(
    staff_client, django_assert_max_num_queries
):
    staff = StaffFactory()
    call = CallFactory()
    apps = [complete_application(call) for _ in range(6)]
    close(call)
    reviewers = [reviewer() for _ in range(3)]
    call.reviewers.set(reviewers)
    for application in apps:
        services.screen_application(application=application, user=staff, eligible=True)
    services.assign_reviewers(call=call, user=staff)
    for assignment in ReviewAssignment.objects.all():
        score(assignment, {c.pk: 5 for c in call.criteria.all()})
    manage = reverse("space:call-manage", args=[call.slug])
    ranking = reverse("space:call-ranking", args=[call.slug])
    staff_client.get(manage)
    staff_client.get(ranking)
    with django_assert_max_num_queries(30) as small_manage:
        assert staff_client.get(manage).status_code == 200
    with django_assert_max_num_queries(30) as small_ranking:
        assert staff_client.get(ranking).status_code == 200
    # 40 more applications, reviewed.
    Call.objects.filter(pk=call.pk).update(closes_at=timezone.now() + timedelta(days=1))
    call.refresh_from_db()
    more = [complete_application(call) for _ in range(40)]
    close(call)
    for application in more:
        services.screen_application(application=application, user=staff, eligible=True)
    services.assign_reviewers(call=call, user=staff)
    for assignment in ReviewAssignment.objects.filter(submitted_at__isnull=True):
        score(assignment, {c.pk: 7 for c in call.criteria.all()})
    with django_assert_max_num_queries(len(small_manage.captured_queries)):
        assert staff_client.get(manage).status_code == 200
    with django_assert_max_num_queries(len(small_ranking.captured_queries)):
        page = staff_client.get(ranking)
    assert page.status_code == 200 and apps[0].reference in page.content.decode()
    for name in (
        "staff-calls",
        "hostings",
        "occupancy",
        "space-settings",
        "hosting-create",
        "call-create",
    ):
        assert staff_client.get(reverse(f"space:{name}")).status_code == 200, name
    assert staff_client.get(reverse("space:call-edit", args=[call.slug])).status_code == 200
    assert (
        staff_client.get(reverse("space:application-detail", args=[apps[0].pk])).status_code == 200
    )


def test_staff_create_a_call_with_its_criteria(staff_client):
    opens = timezone.localtime() + timedelta(days=1)
    data = {
        "title_el": "Πρόσκληση άνοιξης",
        "title_en": "Spring call",
        "slug": "spring",
        "opens_at": opens.strftime("%Y-%m-%dT%H:%M"),
        "closes_at": (opens + timedelta(days=20)).strftime("%Y-%m-%dT%H:%M"),
        "hosting_start": (opens + timedelta(days=40)).strftime("%Y-%m-%d"),
        "places": "4",
        "reviewers_per_application": "2",
        "disagreement_threshold": "25",
    }
    for prefix in ("elig", "q", "doc", "crit"):
        data.update({f"{prefix}-TOTAL_FORMS": "1", f"{prefix}-INITIAL_FORMS": "0"})
    # Blank extra rows as the browser sends them (defaults filled in, boxes unticked).
    data.update(
        {"elig-0-position": "0", "q-0-kind": "text", "q-0-max_length": "2000", "q-0-position": "0"}
    )
    data.update(
        {
            "crit-0-name_el": "Αντίκτυπος",
            "crit-0-weight": "2",
            "crit-0-max_points": "10",
            "crit-0-position": "1",
        }
    )
    data.update(
        {
            "doc-0-name_el": "Καταστατικό",
            "doc-0-allowed_types": "pdf",
            "doc-0-max_mb": "5",
            "doc-0-required": "on",
            "doc-0-position": "1",
        }
    )
    response = staff_client.post(reverse("space:call-create"), data)
    assert response.status_code == 302, [response.context["form"].errors] + [
        fs.errors for _t, fs in response.context["formsets"]
    ]
    call = Call.objects.get(slug="spring")
    assert call.criteria.get().name_el == "Αντίκτυπος" and call.documents.count() == 1
    staff_client.post(reverse("space:call-publish", args=[call.slug]))
    call.refresh_from_db()
    assert call.status == Call.Status.PUBLISHED


def test_hosting_pages_for_the_group_and_staff(client, totp_staff):
    staff_client = Client()
    staff_client.force_login(totp_staff)
    hosting = hosted()
    admin = hosting.organisation.memberships.get().user
    client.force_login(admin)
    url = reverse("space:hosting-detail", args=[hosting.pk])
    assert client.get(url).status_code == 200
    client.post(reverse("space:hosting-goals", args=[hosting.pk]), {"goals": "Νέοι εθελοντές"})
    assessment = {
        "governance": "2",
        "finance": "1",
        "fundraising": "2",
        "communication": "3",
        "people": "2",
    }
    client.post(reverse("space:self-assessment", args=[hosting.pk, "start"]), assessment)
    client.post(
        reverse("space:self-assessment", args=[hosting.pk, "end"]),
        {**assessment, "finance": "4"},
    )
    page = client.get(url).content.decode()
    assert "Νέοι εθελοντές" in page and "+3" in page
    client.post(
        reverse("space:progress-review", args=[hosting.pk, "midterm"]),
        {"part": "group", "progress": "Καλά"},
    )
    assert hosting.progress_reviews.get(kind="midterm").submitted_at
    client.post(
        reverse("space:renewal-request", args=[hosting.pk]),
        {"needs": "Ένα γραφείο", "progress": "Καλή"},
    )
    renewal = hosting.renewal_requests.get()
    # An outsider learns nothing.
    _other, outsider = applicant()
    client.force_login(outsider)
    assert client.get(url).status_code == 404
    # Staff decide the renewal.
    response = staff_client.post(
        reverse("space:renewal-decide", args=[renewal.pk]), {"action": "approve", "reason": ""}
    )
    assert response.status_code == 302
    hosting.refresh_from_db()
    assert hosting.renewals == 1
    assert staff_client.get(reverse("space:occupancy")).status_code == 200
    response = staff_client.post(
        reverse("space:hosting-end", args=[hosting.pk]),
        {"on": timezone.localdate().isoformat(), "reason": "Τέλος"},
    )
    hosting.refresh_from_db()
    assert hosting.status == Hosting.Status.ENDED


def test_a_published_calls_questions_and_criteria_no_longer_change(staff_client):
    call = CallFactory()
    page = staff_client.get(reverse("space:call-edit", args=[call.slug])).content.decode()
    assert "crit-TOTAL_FORMS" not in page
    data = {
        "title_el": "Νέος τίτλος",
        "slug": call.slug,
        "opens_at": timezone.localtime(call.opens_at).strftime("%Y-%m-%dT%H:%M"),
        "closes_at": timezone.localtime(call.closes_at + timedelta(days=3)).strftime(
            "%Y-%m-%dT%H:%M"
        ),
        "hosting_start": call.hosting_start.isoformat(),
        "places": "5",
        "reviewers_per_application": "2",
        "disagreement_threshold": "25",
    }
    assert staff_client.post(reverse("space:call-edit", args=[call.slug]), data).status_code == 302
    call.refresh_from_db()
    assert call.title_el == "Νέος τίτλος" and call.criteria.count() == 2


def test_staff_change_the_capacity_but_not_below_what_is_already_hosted(staff_client):
    from socialdynamo.space.models import Space

    for _ in range(3):
        hosted()
    url = reverse("space:space-settings")
    data = {"name_el": "Χώρος", "capacity": "2", "desks": "20", "default_hosting_months": "6"}
    response = staff_client.post(url, data)
    assert response.status_code == 200 and "3" in response.context["form"].errors["capacity"][0]
    assert Space.get().capacity == 15
    staff_client.post(url, {**data, "capacity": "12"})
    assert Space.get().capacity == 12


def test_a_30_mb_upload_through_the_page_gets_the_limit_and_keeps_the_draft(client):
    call = CallFactory()
    application = complete_application(call, submit=False)
    requirement = call.documents.get()
    client.force_login(application.created_by)
    big = SimpleUploadedFile("report.pdf", b"%PDF-1.4\n" + b"0" * (30 * 1024 * 1024))
    response = client.post(
        reverse("space:document-upload", args=[application.pk, requirement.pk]),
        {f"d{requirement.pk}-file": big},
        follow=True,
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "30,0\xa0MB" in page or "30.0\xa0MB" in page
    document = application.uploaded_documents.get()
    assert document.size < 1024  # the earlier upload is kept
    assert application.answers.count() == 2


def test_subscribing_and_unsubscribing_from_the_space_page(client):
    from socialdynamo.space.models import Subscriber

    person = UserFactory()
    client.force_login(person)
    client.post(reverse("space:subscribe"))
    assert Subscriber.objects.filter(user=person).exists()
    page = client.get(reverse("space:home")).content.decode()
    assert 'value="unsubscribe"' in page
    client.post(reverse("space:subscribe"), {"action": "unsubscribe"})
    assert not Subscriber.objects.filter(user=person).exists()
    # The link in the e-mail works without signing in.
    subscriber = services.subscribe(user=person)
    client.logout()
    client.post(reverse("space:unsubscribe", args=[subscriber.token]))
    assert not Subscriber.objects.exists()
