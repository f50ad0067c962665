from django.db import migrations

KINDS = [
    ("seminar", "Σεμινάριο", "Seminar"),
    ("workshop", "Εργαστήριο", "Workshop"),
    ("networking", "Εκδήλωση δικτύωσης", "Networking event"),
    ("info-session", "Ενημερωτική συνάντηση", "Info session"),
    ("open-day", "Ανοιχτή ημέρα", "Open day"),
]


def seed(apps, schema_editor):
    EventKind = apps.get_model("events", "EventKind")
    for position, (slug, name_el, name_en) in enumerate(KINDS, start=1):
        EventKind.objects.update_or_create(
            slug=slug,
            defaults={"name": name_el, "name_el": name_el, "name_en": name_en, "position": position},
        )


class Migration(migrations.Migration):
    dependencies = [("events", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
