"""Work packages become rows of each programme instead of one list shared by every programme.

Each existing programme gets a row for every work package its calls use (with the names the
shared list had, in every language it was translated into); the calls point to their row.
"""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("calls", "0002_evaluation_conflict_rules"),
        ("tenancy", "0001_initial"),
    ]

    operations = [
        migrations.CreateModel(
            name="WorkPackage",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("code", models.SlugField(help_text="Short, fixed identifier used in filters and the API, e.g. wp5.", max_length=20, verbose_name="code")),
                ("name", models.JSONField(blank=True, default=dict, help_text="Per language.", verbose_name="name")),
                ("order", models.PositiveSmallIntegerField(default=0, verbose_name="order")),
                ("tenant", models.ForeignKey(editable=False, on_delete=django.db.models.deletion.PROTECT, related_name="+", to="tenancy.tenant", verbose_name="tenant")),
            ],
            options={
                "verbose_name": "work package",
                "verbose_name_plural": "work packages",
                "ordering": ["order", "code"],
                "constraints": [models.UniqueConstraint(fields=("tenant", "code"), name="work_package_unique_code")],
            },
        ),
        migrations.AlterField(
            model_name="call",
            name="work_package",
            field=models.CharField(blank=True, max_length=8, verbose_name="work package"),
        ),
        migrations.AddField(
            model_name="call",
            name="work_package_row",
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name="+", to="calls.workpackage"),
        ),
    ]
