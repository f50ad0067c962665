"""The support areas and sub-topics every hub starts with (staff can add more)."""

from django.db import migrations

AREAS = [
    (
        "fundraising",
        "Εξεύρεση πόρων",
        "Fundraising",
        [
            ("grants", "Προτάσεις χρηματοδότησης", "Grant applications"),
            ("donors", "Ιδιώτες δωρητές και crowdfunding", "Individual donors and crowdfunding"),
            ("corporate", "Συνεργασίες με επιχειρήσεις", "Corporate partnerships"),
            ("strategy", "Στρατηγική εξεύρεσης πόρων", "Fundraising strategy"),
        ],
    ),
    (
        "communication",
        "Επικοινωνία και μάρκετινγκ",
        "Communication and marketing",
        [
            ("social-media", "Μέσα κοινωνικής δικτύωσης", "Social media"),
            ("media", "Σχέσεις με τα ΜΜΕ", "Media relations"),
            ("campaigns", "Εκστρατείες ευαισθητοποίησης", "Awareness campaigns"),
            ("brand", "Ταυτότητα και μήνυμα", "Identity and message"),
        ],
    ),
    (
        "human-resources",
        "Ανθρώπινο δυναμικό",
        "Human resources",
        [
            ("volunteers", "Διαχείριση εθελοντών", "Managing volunteers"),
            ("recruitment", "Προσλήψεις", "Recruitment"),
            ("wellbeing", "Ευημερία και επαγγελματική εξουθένωση", "Wellbeing and burnout"),
        ],
    ),
    (
        "leadership",
        "Ηγεσία και διοίκηση",
        "Leadership and management",
        [
            ("governance", "Διακυβέρνηση και διοικητικό συμβούλιο", "Governance and the board"),
            ("strategic-planning", "Στρατηγικός σχεδιασμός", "Strategic planning"),
            ("projects", "Διαχείριση έργων", "Project management"),
        ],
    ),
    (
        "finance",
        "Οικονομική διαχείριση",
        "Financial management",
        [
            ("budgeting", "Προϋπολογισμός", "Budgeting"),
            ("accounting", "Λογιστική και φορολογία", "Accounting and tax"),
            ("reporting", "Οικονομικές αναφορές σε χρηματοδότες", "Financial reporting to funders"),
        ],
    ),
    (
        "legal",
        "Νομικά θέματα",
        "Legal matters",
        [
            ("legal-form", "Νομική μορφή και σύσταση", "Legal form and registration"),
            ("gdpr", "Προστασία προσωπικών δεδομένων", "Data protection (GDPR)"),
            ("contracts", "Συμβάσεις και εργασιακά", "Contracts and employment"),
            ("registries", "Μητρώα και διαφάνεια", "Registries and transparency"),
        ],
    ),
]


def create(apps, schema_editor):
    SupportArea = apps.get_model("support", "SupportArea")
    SupportTopic = apps.get_model("support", "SupportTopic")
    for position, (slug, el, en, topics) in enumerate(AREAS):
        area, _ = SupportArea.objects.update_or_create(
            slug=slug, defaults={"name": el, "name_el": el, "name_en": en, "position": position}
        )
        for topic_position, (topic_slug, topic_el, topic_en) in enumerate(topics):
            SupportTopic.objects.update_or_create(
                area=area,
                slug=topic_slug,
                defaults={
                    "name": topic_el,
                    "name_el": topic_el,
                    "name_en": topic_en,
                    "position": topic_position,
                },
            )


class Migration(migrations.Migration):
    dependencies = [("support", "0001_initial")]
    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
