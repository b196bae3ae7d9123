"""Each programme's calls point to the programme's own row for the work package they used.

Apart from the schema changes (0003, 0005) so PostgreSQL creates the new column's index and
constraint before any row is written.
"""

from django.db import migrations

# The shared list as it stood, frozen here: (code, order, names by language).
FORMER_WORK_PACKAGES = {
    "wp2": (2, {
        "en": "WP2 Mapping and auditing", "it": "WP2 Mappatura e audit",
        "de": "AP2 Bestandsaufnahme und Audit", "es": "PT2 Mapeo y auditoría",
        "fr": "WP2 Cartographie et audit", "ro": "WP2 Cartografiere și audit",
        "sv": "AP2 Kartläggning och granskning",
    }),
    "wp3": (3, {
        "en": "WP3 Upskilling", "it": "WP3 Sviluppo delle competenze",
        "de": "AP3 Weiterqualifizierung", "es": "PT3 Mejora de competencias",
        "fr": "WP3 Montée en compétences", "ro": "WP3 Dezvoltarea competențelor",
        "sv": "AP3 Kompetensutveckling",
    }),
    "wp4": (4, {
        "en": "WP4 Connect to innovate", "it": "WP4 Connessione per l'innovazione",
        "de": "AP4 Connect to Innovate", "es": "PT4 Conectar para innovar",
        "fr": "WP4 Connecter pour innover", "ro": "WP4 Conectare pentru inovare",
        "sv": "AP4 Samverkan för innovation",
    }),
    "wp5": (5, {
        "en": "WP5 Acceleration", "it": "WP5 Accelerazione", "de": "AP5 Akzeleration",
        "es": "PT5 Aceleración", "fr": "WP5 Accélération", "ro": "WP5 Accelerare",
        "sv": "AP5 Acceleration",
    }),
    "wp6": (6, {
        "en": "WP6 Dissemination", "it": "WP6 Disseminazione", "de": "AP6 Verbreitung",
        "es": "PT6 Difusión", "fr": "WP6 Diffusion", "ro": "WP6 Diseminare",
        "sv": "AP6 Spridning",
    }),
}


def rows_for_used_codes(apps, schema_editor):
    Call = apps.get_model("calls", "Call")
    WorkPackage = apps.get_model("calls", "WorkPackage")
    used = Call.objects.exclude(work_package="").values_list("tenant_id", "work_package").distinct()
    for tenant_id, code in used:
        order, names = FORMER_WORK_PACKAGES.get(code, (0, {"en": code}))
        row, _created = WorkPackage.objects.get_or_create(
            tenant_id=tenant_id, code=code, defaults={"name": names, "order": order}
        )
        Call.objects.filter(tenant_id=tenant_id, work_package=code).update(work_package_row=row)


def codes_back(apps, schema_editor):
    Call = apps.get_model("calls", "Call")
    for call in Call.objects.exclude(work_package_row=None).select_related("work_package_row"):
        Call.objects.filter(pk=call.pk).update(work_package=call.work_package_row.code)



class Migration(migrations.Migration):

    dependencies = [
        ("calls", "0003_work_packages"),
    ]

    operations = [
        migrations.RunPython(rows_for_used_codes, codes_back),
    ]
