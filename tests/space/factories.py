"""Factories and helpers for the space's tests."""

from datetime import timedelta

import factory
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from socialdynamo.organizations.models import Membership
from socialdynamo.space import services
from socialdynamo.space.models import (
    Call,
    Criterion,
    EligibilityQuestion,
    Hosting,
    Question,
    RequiredDocument,
    ReviewAssignment,
)
from tests.factories import (
    InformalGroupFactory,
    MembershipFactory,
    OrganisationFactory,
    UserFactory,
)

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def pdf_file(name="statute.pdf", content=PDF):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


class CallFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Call
        skip_postgeneration_save = True

    title_el = factory.Sequence(lambda n: f"Πρόσκληση {n}")
    title_en = factory.Sequence(lambda n: f"Call {n}")
    title = factory.SelfAttribute("title_el")
    slug = factory.Sequence(lambda n: f"call-{n}")
    status = Call.Status.PUBLISHED
    opens_at = factory.LazyFunction(lambda: timezone.now() - timedelta(days=10))
    closes_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=10))
    hosting_start = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=30))
    places = 5

    @factory.post_generation
    def setup(obj, create, extracted, **kwargs):
        if not create or extracted is False:
            return
        EligibilityQuestion.objects.create(
            call=obj,
            text_el="Δρα η ομάδα στην Αθήνα;",
            text_en="Is the group active in Athens?",
            text="Δρα η ομάδα στην Αθήνα;",
            required_answer=True,
            position=1,
        )
        Question.objects.create(
            call=obj,
            text_el="Τι θα κάνετε στον χώρο;",
            text_en="What will you do in the space?",
            text="Τι θα κάνετε στον χώρο;",
            kind="text",
            max_length=500,
            position=1,
        )
        Question.objects.create(
            call=obj,
            text_el="Πόσα μέλη έχετε;",
            text_en="How many members?",
            text="Πόσα μέλη έχετε;",
            kind="number",
            min_value=1,
            max_value=500,
            position=2,
        )
        RequiredDocument.objects.create(
            call=obj,
            name_el="Καταστατικό ή περιγραφή",
            name_en="Statute or description",
            name="Καταστατικό ή περιγραφή",
            allowed_types="pdf,docx",
            max_mb=5,
            position=1,
        )
        Criterion.objects.create(
            call=obj,
            name_el="Κοινωνικός αντίκτυπος",
            name_en="Social impact",
            name="Κοινωνικός αντίκτυπος",
            weight=3,
            max_points=10,
            position=1,
        )
        Criterion.objects.create(
            call=obj,
            name_el="Ανάγκη για χώρο",
            name_en="Need for the space",
            name="Ανάγκη για χώρο",
            weight=1,
            max_points=10,
            position=2,
        )


def applicant(kind="ngo"):
    """An organisation that can apply, and its admin."""
    admin = UserFactory()
    factory_ = InformalGroupFactory if kind == "informal" else OrganisationFactory
    organisation = factory_()
    MembershipFactory(organisation=organisation, user=admin, role=Membership.Role.OWNER)
    return organisation, admin


def complete_application(call, organisation=None, admin=None, *, submit=True):
    if organisation is None:
        organisation, admin = applicant()
    application = services.start_application(call=call, organisation=organisation, user=admin)
    services.save_application(
        application=application,
        user=admin,
        eligibility={q.pk: q.required_answer for q in call.eligibility_questions.all()},
        answers={
            q.pk: ("12" if q.kind == "number" else "Εργαστήρια για τη γειτονιά")
            for q in call.questions.all()
        },
        contact={"contact_name": "Ελένη Π.", "contact_phone": "2101234567"},
    )
    for requirement in call.documents.all():
        services.upload_document(
            application=application, requirement=requirement, upload=pdf_file(), user=admin
        )
    if submit:
        services.submit_application(application=application, user=admin)
    application.refresh_from_db()
    return application


def close(call):
    Call.objects.filter(pk=call.pk).update(
        opens_at=timezone.now() - timedelta(days=20),
        closes_at=timezone.now() - timedelta(seconds=1),
    )
    call.refresh_from_db()
    return call


def reviewer(**kwargs):
    return UserFactory(is_reviewer=True, **kwargs)


def score(assignment: ReviewAssignment, points: dict, complete=True, comment=""):
    return services.save_scores(
        assignment=assignment,
        reviewer=assignment.reviewer,
        scores={cid: (p, "") for cid, p in points.items()},
        comment=comment,
        complete=complete,
    )


def hosted(start=None, end=None):
    organisation, _admin = applicant()
    start = start or timezone.localdate() - timedelta(days=30)
    hosting = Hosting.objects.create(
        organisation=organisation, start=start, end=end or start + timedelta(days=180)
    )
    services._schedule_reviews(hosting)
    return hosting
