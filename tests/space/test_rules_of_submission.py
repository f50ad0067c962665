"""Submission rules, bad input and capacity under concurrency."""

import io
import threading
import zipfile
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.utils import timezone, translation

from socialdynamo.space import selectors, services
from socialdynamo.space.models import Application, ApplicationDocument, Hosting, Space
from socialdynamo.space.services import SpaceError
from tests.factories import StaffFactory

from .factories import (
    CallFactory,
    applicant,
    close,
    complete_application,
    hosted,
    reviewer,
)

S = Application.Status


@pytest.mark.django_db
def test_submission_one_second_after_closing_is_refused_and_keeps_the_draft():
    call = CallFactory()
    application = complete_application(call, submit=False)
    late = call.closes_at + timedelta(seconds=1)
    with translation.override("el"), pytest.raises(SpaceError) as refused:
        services.submit_application(application=application, user=application.created_by, now=late)
    assert refused.value.code == "closed"
    assert "έκλεισε" in str(refused.value.message)  # translated: "The call closed on …"
    application.refresh_from_db()
    assert application.status == S.DRAFT
    assert application.answers.count() == 2 and application.uploaded_documents.count() == 1
    # One second before closing is still in time.
    services.submit_application(
        application=application,
        user=application.created_by,
        now=call.closes_at - timedelta(seconds=1),
    )


@pytest.mark.django_db
def test_missing_required_document_is_named_and_nothing_is_lost():
    call = CallFactory()
    organisation, admin = applicant("informal")
    application = services.start_application(call=call, organisation=organisation, user=admin)
    services.save_application(
        application=application,
        user=admin,
        eligibility={q.pk: True for q in call.eligibility_questions.all()},
        answers={q.pk: "5" for q in call.questions.all()},
        contact={"contact_name": "Άννα"},
    )
    with pytest.raises(SpaceError) as refused:
        services.submit_application(application=application, user=admin)
    assert refused.value.code == "incomplete"
    assert "Καταστατικό ή περιγραφή" in str(refused.value.message)
    application.refresh_from_db()
    assert application.status == S.DRAFT and application.contact_name == "Άννα"
    assert application.answers.filter(value="5").count() == 2


@pytest.mark.django_db
def test_failing_an_eligibility_criterion_is_said():
    call = CallFactory()
    application = complete_application(call, submit=False)
    question = call.eligibility_questions.get()
    services.save_application(
        application=application,
        user=application.created_by,
        eligibility={question.pk: False},
        answers={},
        contact={"contact_name": "Χ"},
    )
    with pytest.raises(SpaceError) as refused:
        services.submit_application(application=application, user=application.created_by)
    assert question.text in str(refused.value.message)


@pytest.mark.django_db
def test_a_30_mb_file_is_refused_with_the_limit():
    call = CallFactory()
    application = complete_application(call, submit=False)
    requirement = call.documents.get()
    big = SimpleUploadedFile("report.pdf", b"%PDF-1.4\n" + b"0" * (30 * 1024 * 1024))
    with translation.override("en"), pytest.raises(SpaceError) as refused:
        services.upload_document(
            application=application,
            requirement=requirement,
            upload=big,
            user=application.created_by,
        )
    assert refused.value.code == "too_large"
    assert "30.0\xa0MB" in str(refused.value.message) and "5.0\xa0MB" in str(refused.value.message)
    assert ApplicationDocument.objects.filter(application=application).count() == 1  # kept


@pytest.mark.django_db
def test_an_exe_renamed_pdf_is_refused_by_its_content():
    call = CallFactory()
    application = complete_application(call, submit=False)
    requirement = call.documents.get()
    exe = SimpleUploadedFile("statute.pdf", b"MZ\x90\x00\x03" + b"\x00" * 200, "application/pdf")
    with pytest.raises(SpaceError) as refused:
        services.upload_document(
            application=application,
            requirement=requirement,
            upload=exe,
            user=application.created_by,
        )
    assert refused.value.code == "wrong_type"
    document = ApplicationDocument.objects.get(application=application)
    assert document.file.read().startswith(b"%PDF")  # the earlier upload is intact


@pytest.mark.django_db
def test_a_real_docx_is_accepted_and_stored_under_a_random_name():
    call = CallFactory()
    application = complete_application(call, submit=False)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    upload = SimpleUploadedFile("Καταστατικό.docx", buffer.getvalue())
    document = services.upload_document(
        application=application,
        requirement=call.documents.get(),
        upload=upload,
        user=application.created_by,
    )
    assert document.file_type == "docx" and document.original_name == "Καταστατικό.docx"
    assert (
        document.file.name.startswith("space/documents/")
        and "Καταστατικό" not in document.file.name
    )


@pytest.mark.django_db
def test_a_score_above_the_maximum_is_refused_and_nothing_is_saved():
    staff = StaffFactory()
    call = CallFactory()
    application = complete_application(call)
    close(call)
    person = reviewer()
    call.reviewers.set([person, reviewer()])
    services.screen_application(application=application, user=staff, eligible=True)
    assignment = services.assign_reviewer(application=application, reviewer=person, user=staff)
    heavy, light = call.criteria.order_by("position")
    with pytest.raises(SpaceError) as refused:
        services.save_scores(
            assignment=assignment,
            reviewer=person,
            scores={heavy.pk: (7, "ok"), light.pk: (11, "")},
            complete=True,
        )
    assert refused.value.field == f"points_{light.pk}"
    assert "10" in str(refused.value.message)
    assert assignment.scores.count() == 0
    assignment.refresh_from_db()
    assert assignment.submitted_at is None


@pytest.mark.django_db
def test_edit_and_withdraw_until_the_deadline_only():
    call = CallFactory()
    application = complete_application(call)
    admin = application.created_by
    services.save_application(
        application=application,
        user=admin,
        eligibility={},
        answers={},
        contact={"contact_name": "Β"},
    )
    close(call)
    with pytest.raises(SpaceError):
        services.withdraw_application(application=application, user=admin)
    with pytest.raises(SpaceError):
        services.save_application(
            application=application, user=admin, eligibility={}, answers={}, contact={}
        )


@pytest.mark.django_db
def test_a_text_answer_over_its_limit_is_refused_on_its_field():
    call = CallFactory()
    application = complete_application(call, submit=False)
    question = call.questions.get(kind="text")
    with pytest.raises(SpaceError) as refused:
        services.save_application(
            application=application,
            user=application.created_by,
            eligibility={},
            answers={question.pk: "α" * 501},
            contact={"contact_name": "Χ"},
        )
    assert refused.value.field == f"q_{question.pk}"


@pytest.mark.django_db
def test_only_admins_of_ngos_and_informal_groups_apply():
    from tests.factories import MembershipFactory, OrganisationFactory, UserFactory

    call = CallFactory()
    business = OrganisationFactory(kind="business")
    owner = UserFactory()
    MembershipFactory(organisation=business, user=owner, role="owner")
    with pytest.raises(SpaceError):
        services.start_application(call=call, organisation=business, user=owner)
    organisation, _admin = applicant()
    member = UserFactory()
    MembershipFactory(organisation=organisation, user=member, role="member")
    with pytest.raises(SpaceError):
        services.start_application(call=call, organisation=organisation, user=member)


@pytest.mark.django_db
def test_is_hosted_and_hosted_organisations_for_other_apps():
    today = timezone.localdate()
    current = hosted(start=today - timedelta(days=5), end=today + timedelta(days=5))
    future = hosted(start=today + timedelta(days=10), end=today + timedelta(days=100))
    assert selectors.is_hosted(current.organisation)
    assert not selectors.is_hosted(future.organisation)
    assert selectors.is_hosted(future.organisation, on=today + timedelta(days=10))
    assert list(selectors.hosted_organisations()) == [current.organisation]


@pytest.mark.django_db(transaction=True)
def test_two_staff_selecting_the_last_place_at_once_get_one_selection_and_one_refusal():
    space = Space.get()
    space.capacity = 3
    space.save()
    call = CallFactory(places=10)
    for _ in range(2):
        hosted(
            start=call.hosting_start - timedelta(days=10),
            end=call.hosting_start + timedelta(days=400),
        )
    apps = [complete_application(call) for _ in range(2)]
    close(call)
    staff = [StaffFactory(), StaffFactory()]
    for application in apps:
        services.screen_application(application=application, user=staff[0], eligible=True)
    barrier = threading.Barrier(2)
    outcomes = []

    def select(application, user):
        try:
            barrier.wait()
            services.select_application(application=application, user=user)
            outcomes.append("ok")
        except SpaceError as error:
            outcomes.append(error.code)
        finally:
            connection.close()

    threads = [
        threading.Thread(target=select, args=(a, u)) for a, u in zip(apps, staff, strict=True)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["full", "ok"]
    assert Application.objects.filter(status=S.SELECTED).count() == 1
    assert Hosting.objects.count() == 3
