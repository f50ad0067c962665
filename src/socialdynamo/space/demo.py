"""Demo content for the co-working space (called by `manage.py seed_demo`). Idempotent.

A past call whose selected groups are hosted now (one left early, a reserve took its
place), and an open call with one application submitted and one draft, so that every page
has something to show. The demo reviewer (reviewer@demo…) reviews both calls.
"""

from datetime import timedelta

from django.utils import timezone

from socialdynamo.accounts.models import User
from socialdynamo.core.audit import log_action
from socialdynamo.organizations.models import Organisation

from .models import (
    Answer,
    Application,
    Call,
    Criterion,
    Desk,
    EligibilityQuestion,
    Hosting,
    Question,
    RequiredDocument,
    ReviewAssignment,
    Score,
    SelfAssessment,
    Space,
    period_end,
)
from .services import _schedule_reviews

HOUSE_RULES_EL = """Ο χώρος είναι ανοιχτός Δευτέρα–Παρασκευή 9:00–21:00.
Κάθε ομάδα έχει ένα σταθερό γραφείο· τα κοινόχρηστα τραπέζια είναι για όλους.
Οι αίθουσες συσκέψεων κλείνονται από τη σελίδα κρατήσεων.
Αφήνουμε την κουζίνα όπως τη βρήκαμε. Ησυχία στον χώρο εργασίας μετά τις 18:00.
Ο τελευταίος που φεύγει κλειδώνει και σβήνει τα φώτα."""
HOUSE_RULES_EN = """The space is open Monday to Friday, 9:00–21:00.
Each group has one fixed desk; the shared tables are for everyone.
Meeting rooms are booked on the bookings page.
Leave the kitchen as you found it. Quiet in the work area after 18:00.
The last to leave locks up and switches off the lights."""

CRITERIA = [
    ("Κοινωνικός αντίκτυπος", "Social impact", 3, "Ποιους ωφελεί η δράση και πόσο;", "Who benefits and how much?"),
    ("Ανάγκη για χώρο", "Need for the space", 2, "Τι θα αλλάξει για την ομάδα με ένα γραφείο;", "What will a desk change for the group?"),
    ("Συνεργασία", "Collaboration", 1, "Θα δουλέψει με άλλες ομάδες του κόμβου;", "Will it work with other groups in the hub?"),
]  # fmt: skip

QUESTIONS = [
    ("Τι θα κάνει η ομάδα σας στον χώρο;", "What will your group do in the space?", "text", ""),
    ("Πόσα ενεργά μέλη έχετε;", "How many active members do you have?", "number", ""),
    ("Πόσες μέρες την εβδομάδα θα χρησιμοποιείτε τον χώρο;", "How many days a week will you use the space?", "choice",
     "1–2 μέρες\n3–4 μέρες\nΚάθε μέρα"),
]  # fmt: skip

HOSTED = ["kypseli-solidarity", "petralona-gardens", "patisia-parents", "kolonos-cyclists", "exarchia-library", "sign-language-cafe"]  # fmt: skip
RESERVE = ["ampelokipoi-seniors", "pangrati-refill"]
NOT_SELECTED = ["metaxourgeio-murals"]
OPEN_SUBMITTED = ["peristeri-youth-radio", "piraeus-beach-cleaners"]


def _call(slug, **fields) -> tuple[Call, bool]:
    call, created = Call.objects.get_or_create(slug=slug, defaults=fields)
    if not created:
        return call, False
    for position, (el, en, kind, choices) in enumerate(QUESTIONS, start=1):
        Question.objects.create(
            call=call, text=el, text_el=el, text_en=en, kind=kind, max_length=1500,
            choices=choices, choices_el=choices,
            choices_en="1–2 days\n3–4 days\nEvery day" if choices else "",
            min_value=1 if kind == "number" else None, position=position,
        )  # fmt: skip
    for position, (el, en, weight, d_el, d_en) in enumerate(CRITERIA, start=1):
        Criterion.objects.create(
            call=call, name=el, name_el=el, name_en=en, weight=weight, max_points=10,
            description=d_el, description_el=d_el, description_en=d_en, position=position,
        )  # fmt: skip
    EligibilityQuestion.objects.create(
        call=call, text="Η ομάδα δρα στην Αττική;", text_el="Η ομάδα δρα στην Αττική;",
        text_en="Is the group active in Attica?", required_answer=True, position=1,
    )  # fmt: skip
    EligibilityQuestion.objects.create(
        call=call, text="Έχετε κερδοσκοπικό σκοπό;", text_el="Έχετε κερδοσκοπικό σκοπό;",
        text_en="Does the group seek profit?", required_answer=False, position=2,
    )  # fmt: skip
    RequiredDocument.objects.create(
        call=call, name="Καταστατικό ή ιδρυτική διακήρυξη", name_el="Καταστατικό ή ιδρυτική διακήρυξη",
        name_en="Statute or founding statement", allowed_types="pdf,docx,odt", max_mb=5, position=1,
    )  # fmt: skip
    RequiredDocument.objects.create(
        call=call, name="Απολογισμός δράσεων", name_el="Απολογισμός δράσεων",
        name_en="Activity report", allowed_types="pdf", max_mb=10, required=False, position=2,
    )  # fmt: skip
    return call, True


def _apply(call, organisation, status, when, **extra) -> Application:
    owner = organisation.memberships.filter(role="owner").select_related("user").first()
    application = Application.objects.create(
        call=call,
        organisation=organisation,
        status=status,
        created_by=owner.user if owner else None,
        contact_name=str(owner.user) if owner else "",
        eligibility_answers={
            str(q.pk): q.required_answer for q in call.eligibility_questions.all()
        },
        submitted_at=when if status != Application.Status.DRAFT else None,
        **extra,
    )
    if status != Application.Status.DRAFT:
        application.reference = f"SD-{timezone.localtime(call.opens_at):%Y}-{application.pk:05d}"
        application.save(update_fields=["reference"])
    for question in call.questions.all():
        value = {"number": "12", "choice": "1"}.get(
            question.kind,
            f"{organisation.summary_el} Θέλουμε ένα σταθερό σημείο για συναντήσεις και εργαστήρια.",
        )
        Answer.objects.create(application=application, question=question, value=value)
    return application


def seed(command) -> None:
    space = Space.get()
    if not space.house_rules_el:
        Space.objects.filter(pk=1).update(
            name="Χώρος συνεργασίας Social Dynamo",
            name_el="Χώρος συνεργασίας Social Dynamo",
            name_en="Social Dynamo co-working space",
            address="Αχαρνών 120, 104 34 Αθήνα",
            house_rules=HOUSE_RULES_EL,
            house_rules_el=HOUSE_RULES_EL,
            house_rules_en=HOUSE_RULES_EN,
        )
    for number in range(1, 21):
        Desk.objects.get_or_create(
            code=f"Γ{number:02d}",
            defaults={"description": "Δίπλα στο παράθυρο" if number <= 6 else ""},
        )
    staff = User.objects.filter(is_staff=True).order_by("pk").first()
    reviewers = list(User.objects.filter(is_reviewer=True).order_by("pk")[:4])
    orgs = {o.slug: o for o in Organisation.objects.filter(state="verified")}
    now = timezone.now()
    today = timezone.localdate()

    past, created = _call(
        "spring-2026",
        title="Πρόσκληση φιλοξενίας, άνοιξη",
        title_el="Πρόσκληση φιλοξενίας, άνοιξη",
        title_en="Hosting call, spring",
        summary_el="Έξι θέσεις για ομάδες πολιτών και οργανώσεις για έξι μήνες.",
        summary_en="Six places for citizen groups and organisations for six months.",
        description_el="Ο κόμβος φιλοξενεί ομάδες που θέλουν σταθερή βάση για τη δράση τους.",
        description_en="The hub hosts groups that need a steady base for their work.",
        status=Call.Status.RESULTS,
        opens_at=now - timedelta(days=170),
        closes_at=now - timedelta(days=140),
        hosting_start=today - timedelta(days=110),
        places=6,
        share_scores=True,
        decided_at=now - timedelta(days=120),
        results_published_at=now - timedelta(days=118),
        announced_at=now - timedelta(days=170),
        created_by=staff,
    )
    if created:
        past.reviewers.set(reviewers)
        desks = list(Desk.objects.order_by("code"))
        criteria = list(past.criteria.all())
        ranked = HOSTED + RESERVE + NOT_SELECTED
        for position, slug in enumerate(ranked):
            organisation = orgs.get(slug)
            if organisation is None:
                continue
            status = (
                Application.Status.SELECTED
                if slug in HOSTED
                else Application.Status.RESERVE
                if slug in RESERVE
                else Application.Status.NOT_SELECTED
            )
            application = _apply(
                past,
                organisation,
                status,
                past.closes_at - timedelta(days=2, hours=position),
                decided_at=past.decided_at,
                decision_sent_at=past.decided_at,
                reserve_position=RESERVE.index(slug) + 1 if slug in RESERVE else None,
            )
            for reviewer in reviewers[:2]:
                assignment = ReviewAssignment.objects.create(
                    application=application,
                    reviewer=reviewer,
                    assigned_by=staff,
                    comment="Σαφής και ρεαλιστική πρόταση.",
                    submitted_at=past.closes_at + timedelta(days=5),
                )
                Score.objects.bulk_create(
                    Score(
                        assignment=assignment,
                        criterion=c,
                        points=max(3, 10 - position // 2 - (c.position % 2)),
                    )
                    for c in criteria
                )
            log_action(application, f"space.application.{status}", user=staff)
            if status == Application.Status.SELECTED:
                start = past.hosting_start
                hosting = Hosting.objects.create(
                    organisation=organisation,
                    application=application,
                    start=start,
                    end=period_end(start, space.default_hosting_months),
                    desk=desks[position] if position < len(desks) else None,
                    contact_person=staff,
                    agreement_signed_on=start,
                    goals="Να οργανώσουμε μηνιαίες ανοιχτές συναντήσεις και να βρούμε νέους εθελοντές.",
                    induction={"keys": str(start), "house_rules": str(start), "safety": str(start)},
                )
                _schedule_reviews(hosting)
                SelfAssessment.objects.create(
                    hosting=hosting,
                    moment="start",
                    scores={
                        "governance": 2,
                        "finance": 1,
                        "fundraising": 2,
                        "communication": 3,
                        "people": 2,
                    },
                    submitted_by=application.created_by,
                )
        # One group left early; the first reserve took the place.
        leaver = Hosting.objects.filter(application__call=past).order_by("-pk").first()
        if leaver:
            Hosting.objects.filter(pk=leaver.pk).update(
                end=today - timedelta(days=30),
                status=Hosting.Status.ENDED,
                ended_reason="Η ομάδα μετακόμισε σε δικό της χώρο.",
            )
            first = Application.objects.filter(call=past, reserve_position=1).first()
            if first:
                start = today - timedelta(days=29)
                Application.objects.filter(pk=first.pk).update(
                    status=Application.Status.SELECTED, reserve_position=None
                )
                hosting = Hosting.objects.create(
                    organisation=first.organisation,
                    application=first,
                    start=start,
                    end=period_end(start, space.default_hosting_months),
                    contact_person=staff,
                )
                _schedule_reviews(hosting)
                log_action(first, "space.application.offer_accepted", user=first.created_by)

    current, created = _call(
        "autumn-2026",
        title="Πρόσκληση φιλοξενίας, φθινόπωρο",
        title_el="Πρόσκληση φιλοξενίας, φθινόπωρο",
        title_en="Hosting call, autumn",
        summary_el="Νέες θέσεις στον χώρο συνεργασίας για άτυπες ομάδες και ΜΚΟ.",
        summary_en="New places in the co-working space for informal groups and NGOs.",
        description_el="Αιτήσεις μέχρι την προθεσμία· η αξιολόγηση γίνεται από δύο αξιολογητές ανά αίτηση.",
        description_en="Apply before the deadline; each application is scored by two reviewers.",
        status=Call.Status.PUBLISHED,
        opens_at=now - timedelta(days=5),
        closes_at=now + timedelta(days=25),
        hosting_start=today + timedelta(days=75),
        places=5,
        anonymised_review=True,
        announced_at=now - timedelta(days=5),
        created_by=staff,
    )
    if created:
        current.reviewers.set(reviewers)
        for index, slug in enumerate(OPEN_SUBMITTED):
            if slug in orgs:
                _apply(
                    current,
                    orgs[slug],
                    Application.Status.SUBMITTED,
                    now - timedelta(days=index + 1),
                )
    command.stdout.write("Space: 2 calls, hostings and applications ready.")
