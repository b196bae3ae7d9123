"""The home page's cards become rows of each programme.

Each existing programme gets the one card that led somewhere before (its open calls); the
others it had named pages that do not exist and are left for the programme to write.
"""

import django.db.models.deletion
from django.db import migrations, models

import socialtech.tenancy.models

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
        ("tenancy", "0001_initial"),
    ]

    operations = [
        migrations.CreateModel(
            name="HomeCard",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("title", models.JSONField(blank=True, default=dict, help_text="Per language.", verbose_name="title")),
                ("text", models.JSONField(blank=True, default=dict, help_text="Per language.", verbose_name="text")),
                ("link", models.CharField(help_text="Where the card leads: /calls/ or https://…", max_length=500, validators=[socialtech.tenancy.models.validate_card_link], verbose_name="link")),
                ("order", models.PositiveSmallIntegerField(default=0, verbose_name="order")),
                ("tenant", models.ForeignKey(editable=False, on_delete=django.db.models.deletion.PROTECT, related_name="+", to="tenancy.tenant", verbose_name="tenant")),
            ],
            options={
                "verbose_name": "home page card",
                "verbose_name_plural": "home page cards",
                "ordering": ["order", "pk"],
            },
        ),
        migrations.RunPython(open_calls_card_for_every_programme, migrations.RunPython.noop),
    ]
