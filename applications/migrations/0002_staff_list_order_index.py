# The index of the staff list's default order (tenant, newest submission first), drafts
# left out as the list leaves them out.

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("applications", "0001_initial"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="application",
            index=models.Index(
                condition=models.Q(("status", "draft"), _negated=True),
                fields=["tenant", "submitted_at", "id"],
                name="application_staff_list_order",
            ),
        ),
    ]
