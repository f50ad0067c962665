"""Demo data for professional support: experts, requests in every state, an engagement.

Called by ``manage.py seed_demo`` after people and organisations exist. Idempotent.
"""

from datetime import timedelta

from django.utils import timezone

from socialdynamo.accounts.models import User
from socialdynamo.organizations.models import Organisation

from .models import (
    Engagement,
    ExpertProfile,
    Format,
    Goal,
    Milestone,
    Proposal,
    Session,
    SupportArea,
    SupportRequest,
    SupportTopic,
)

# (area, headline, bio) for the demo's experts, in turn.
EXPERTISE = [
    (
        "fundraising",
        "Σύμβουλος εξεύρεσης πόρων",
        "Δεκαπέντε χρόνια σε προτάσεις προς ιδρύματα και την ΕΕ.",
    ),
    ("legal", "Δικηγόρος", "Δικηγόρος Αθηνών, με ειδίκευση στο δίκαιο των σωματείων και των ΑΜΚΕ."),
    (
        "communication",
        "Υπεύθυνη επικοινωνίας",
        "Εκστρατείες ευαισθητοποίησης και σχέσεις με τα ΜΜΕ.",
    ),
    ("finance", "Ορκωτή λογίστρια", "Προϋπολογισμοί και οικονομικές αναφορές για χρηματοδότες."),
    (
        "human-resources",
        "Σύμβουλος ανθρώπινου δυναμικού",
        "Διαχείριση εθελοντών και πρόληψη εξουθένωσης.",
    ),
    ("leadership", "Coach ηγεσίας", "Πιστοποιημένη coach, εργάζεται με διοικητικά συμβούλια."),
]

REQUESTS = [
    # (organisation slug, area, topic, state, format, title, goal)
    ("kypseli-solidarity", "legal", "legal-form", SupportRequest.State.SUBMITTED,
     Format.CONSULTATION, "Θέλουμε να γίνουμε σωματείο",
     "Να καταλάβουμε τα βήματα και το κόστος της σύστασης σωματείου."),
    ("safe-harbour", "fundraising", "grants", SupportRequest.State.IN_PROGRESS,
     Format.MENTORING, "Πρώτη πρόταση προς ευρωπαϊκό πρόγραμμα",
     "Να υποβάλουμε μια καλή πρόταση στο CERV μέχρι την άνοιξη."),
    ("petralona-gardens", "communication", "social-media", SupportRequest.State.TRIAGED,
     Format.COACHING, "Επικοινωνία στα μέσα κοινωνικής δικτύωσης",
     "Να φτάσουμε περισσότερους γείτονες με λίγο χρόνο την εβδομάδα."),
]  # fmt: skip


def seed(command):
    areas = {a.slug: a for a in SupportArea.objects.all()}
    experts = []
    people = list(User.objects.filter(is_expert=True).order_by("id"))
    for index, person in enumerate(people):
        area_slug, headline, bio = EXPERTISE[index % len(EXPERTISE)]
        if person.email == "expert@demo.socialdynamo.org":
            area_slug, headline, bio = EXPERTISE[0]
        profile, created = ExpertProfile.objects.get_or_create(
            user=person,
            defaults={
                "state": ExpertProfile.State.APPROVED,
                "headline": headline,
                "bio": bio,
                "languages": ["el", "en"] if index % 2 == 0 else ["el"],
                "formats": [f.value for f in Format] if index % 3 else ["consultation"],
                "monthly_hours": 8,
                "availability": "Απογεύματα καθημερινών",
                "decided_at": timezone.now(),
            },
        )
        if created:
            profile.areas.set([areas[area_slug]])
            profile.topics.set(SupportTopic.objects.filter(area=areas[area_slug])[:2])
        experts.append(profile)
    if not experts:
        return
    now = timezone.now()
    for slug, area_slug, topic_slug, state, fmt, title, goal in REQUESTS:
        organisation = Organisation.objects.filter(slug=slug).first()
        if organisation is None or SupportRequest.objects.filter(title=title).exists():
            continue
        owner = organisation.memberships.filter(role="owner").select_related("user").first()
        request = SupportRequest.objects.create(
            organisation=organisation,
            created_by=owner.user if owner else None,
            area=areas[area_slug],
            topic=SupportTopic.objects.filter(area__slug=area_slug, slug=topic_slug).first(),
            title=title,
            goal=goal,
            format=fmt,
            language="el",
            state=state,
            created=now - timedelta(days=20),
        )
        if state != SupportRequest.State.IN_PROGRESS:
            continue
        expert = next(
            (e for e in experts if e.user.email == "expert@demo.socialdynamo.org"), experts[0]
        )
        request.expert = expert
        request.save(update_fields=["expert"])
        Proposal.objects.create(request=request, expert=expert, state=Proposal.State.ACCEPTED)
        engagement = Engagement.objects.create(
            request=request,
            expert=expert,
            organisation=organisation,
            format=fmt,
            started=now - timedelta(days=15),
        )
        Session.objects.create(
            engagement=engagement,
            starts_at=now - timedelta(days=10),
            minutes=90,
            state=Session.State.HELD,
            notes="Χαρτογραφήσαμε τα προγράμματα που ταιριάζουν.",
            logged_at=now - timedelta(days=10),
        )
        Session.objects.create(engagement=engagement, starts_at=now + timedelta(days=5), minutes=60)
        goal_obj = Goal.objects.create(
            engagement=engagement,
            title="Έτοιμη πρόταση CERV",
            due=(now + timedelta(days=90)).date(),
        )
        Milestone.objects.create(
            goal=goal_obj, title="Πρώτο προσχέδιο", due=(now + timedelta(days=30)).date()
        )
    command.stdout.write(
        f"Support: {len(experts)} experts, {SupportRequest.objects.count()} requests."
    )
