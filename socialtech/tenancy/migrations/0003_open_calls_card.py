"""Each existing programme gets the one home page card that led somewhere before (its open
calls); the others named pages that do not exist and are left for the programme to write.
"""

from django.db import migrations

OPEN_CALLS_CARD = {
    "title": {
        "en": "Open calls", "it": "Bandi aperti", "de": "Offene Ausschreibungen",
        "es": "Convocatorias abiertas", "fr": "Appels ouverts", "ro": "Apeluri deschise",
        "sv": "Öppna utlysningar",
    },
    "text": {
        "en": "Grants, vouchers and acceleration places for social enterprises.",
        "es": "Subvenciones, bonos y plazas de aceleración para empresas sociales.",
    },
    "link": "/calls/",
    "order": 10,
}


def open_calls_card_for_every_programme(apps, schema_editor):
    Tenant = apps.get_model("tenancy", "Tenant")
    HomeCard = apps.get_model("tenancy", "HomeCard")
    for tenant in Tenant.objects.all():
        HomeCard.objects.create(tenant=tenant, **OPEN_CALLS_CARD)


class Migration(migrations.Migration):

    dependencies = [
        ("tenancy", "0002_home_cards"),
    ]

    operations = [
        migrations.RunPython(open_calls_card_for_every_programme, migrations.RunPython.noop),
    ]
