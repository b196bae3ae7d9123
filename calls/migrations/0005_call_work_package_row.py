import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("calls", "0004_work_package_rows"),
    ]

    operations = [
        migrations.RemoveField(model_name="call", name="work_package"),
        migrations.RenameField(model_name="call", old_name="work_package_row", new_name="work_package"),
        migrations.AlterField(
            model_name="call",
            name="work_package",
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name="calls", to="calls.workpackage", verbose_name="work package"),
        ),
    ]
