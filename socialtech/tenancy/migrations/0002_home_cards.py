"""The home page's cards become rows of each programme (its cards: 0003)."""

import django.db.models.deletion
from django.db import migrations, models

import socialtech.tenancy.models

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
    ]
