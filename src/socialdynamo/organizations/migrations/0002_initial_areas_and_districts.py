"""The thematic areas and districts every hub starts with (staff can add more)."""

from django.db import migrations

AREAS = [
    ("social-inclusion", "Κοινωνική ένταξη και αλληλεγγύη", "Social inclusion and solidarity"),
    ("refugees-migrants", "Πρόσφυγες και μετανάστες", "Refugees and migrants"),
    ("human-rights", "Ανθρώπινα δικαιώματα", "Human rights"),
    ("environment", "Περιβάλλον και κλίμα", "Environment and climate"),
    ("education", "Εκπαίδευση και δια βίου μάθηση", "Education and lifelong learning"),
    ("children-youth", "Παιδιά και νέοι", "Children and young people"),
    ("health", "Υγεία και ψυχική υγεία", "Health and mental health"),
    ("disability", "Αναπηρία και προσβασιμότητα", "Disability and accessibility"),
    ("gender-equality", "Ισότητα των φύλων", "Gender equality"),
    ("culture-arts", "Πολιτισμός και τέχνες", "Culture and the arts"),
    ("civic-participation", "Συμμετοχή και ενεργός πολιτειότητα", "Civic participation"),
    ("neighbourhood", "Γειτονιά και δημόσιος χώρος", "Neighbourhoods and public space"),
    ("older-people", "Τρίτη ηλικία", "Older people"),
    ("poverty-homelessness", "Φτώχεια και αστεγία", "Poverty and homelessness"),
    ("animal-welfare", "Προστασία των ζώων", "Animal welfare"),
    ("social-economy", "Κοινωνική οικονομία", "Social economy"),
    ("sport", "Αθλητισμός", "Sport"),
    ("digital", "Ψηφιακές δεξιότητες", "Digital skills"),
]

DISTRICTS = [
    ("athens-1", "1η Δημοτική Κοινότητα Αθηνών (Κέντρο)", "Athens 1st District (Centre)"),
    ("athens-2", "2η Δημοτική Κοινότητα Αθηνών (Παγκράτι, Μετς)", "Athens 2nd District (Pangrati, Mets)"),
    ("athens-3", "3η Δημοτική Κοινότητα Αθηνών (Πετράλωνα, Θησείο)", "Athens 3rd District (Petralona, Thiseio)"),
    ("athens-4", "4η Δημοτική Κοινότητα Αθηνών (Κολωνός, Σεπόλια)", "Athens 4th District (Kolonos, Sepolia)"),
    ("athens-5", "5η Δημοτική Κοινότητα Αθηνών (Πατήσια)", "Athens 5th District (Patisia)"),
    ("athens-6", "6η Δημοτική Κοινότητα Αθηνών (Κυψέλη)", "Athens 6th District (Kypseli)"),
    ("athens-7", "7η Δημοτική Κοινότητα Αθηνών (Αμπελόκηποι)", "Athens 7th District (Ampelokipoi)"),
    ("piraeus", "Πειραιάς", "Piraeus"),
    ("kallithea", "Καλλιθέα", "Kallithea"),
    ("peristeri", "Περιστέρι", "Peristeri"),
    ("nea-smyrni", "Νέα Σμύρνη", "Nea Smyrni"),
    ("chalandri", "Χαλάνδρι", "Chalandri"),
    ("marousi", "Αμαρούσιο", "Marousi"),
    ("glyfada", "Γλυφάδα", "Glyfada"),
    ("ilion", "Ίλιον", "Ilion"),
    ("elefsina", "Ελευσίνα", "Elefsina"),
    ("thessaloniki", "Θεσσαλονίκη", "Thessaloniki"),
    ("other", "Άλλος δήμος", "Another municipality"),
]


def create(apps, schema_editor):
    ThematicArea = apps.get_model("organizations", "ThematicArea")
    District = apps.get_model("organizations", "District")
    for position, (slug, el, en) in enumerate(AREAS):
        ThematicArea.objects.update_or_create(
            slug=slug, defaults={"name": el, "name_el": el, "name_en": en, "position": position}
        )
    for position, (slug, el, en) in enumerate(DISTRICTS):
        District.objects.update_or_create(
            slug=slug, defaults={"name": el, "name_el": el, "name_en": en, "position": position}
        )


class Migration(migrations.Migration):
    dependencies = [("organizations", "0001_initial")]
    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
