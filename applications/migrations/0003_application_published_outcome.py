"""Applications remember the outcome their applicant was told, so that nothing staff decide
reaches the applicant before it is announced (see ``applications.visibility``).

The backfill takes what was already announced: the eligibility letter of every
ineligible application, and, for calls whose results are published, each application's
outcome in the latest published ranking, unless an upheld redress sent it back to
evaluation since.
"""

from collections import defaultdict

from django.db import migrations, models

RESULTS_PUBLISHED = "call.results_published"
REEVALUATION_OPENED = "application.reevaluation_opened"


def backfill_published_outcomes(apps, schema_editor):
    Application = apps.get_model("applications", "Application")
    RankingRun = apps.get_model("evaluations", "RankingRun")
    AuditEvent = apps.get_model("audit", "AuditEvent")
    ContentType = apps.get_model("contenttypes", "ContentType")
    applications = Application._base_manager
    applications.filter(status="ineligible").update(published_outcome="ineligible")
    call_type = ContentType.objects.filter(app_label="calls", model="call").first()
    application_type = ContentType.objects.filter(
        app_label="applications", model="application"
    ).first()
    if call_type is None:
        return
    publications = defaultdict(list)  # call id -> [(at, run id)] in order
    events = AuditEvent._base_manager.filter(object_type=call_type, verb=RESULTS_PUBLISHED)
    for object_id, at, data in events.order_by("at", "pk").values_list("object_id", "at", "data"):
        run_id = (data or {}).get("ranking_run")
        if run_id is not None:
            publications[int(object_id)].append((at, int(run_id)))
    for call_id, published in publications.items():
        runs = {
            run.pk: run
            for run in RankingRun._base_manager.filter(
                call_id=call_id, pk__in=[run_id for _at, run_id in published]
            )
        }
        outcomes = {}
        for _at, run_id in published:
            for row in runs[run_id].results if run_id in runs else []:
                outcomes[int(row["application"])] = row["outcome"]
        last_published_at = published[-1][0]
        reopened = set()
        if application_type is not None:
            reopened = {
                int(object_id)
                for object_id in AuditEvent._base_manager.filter(
                    object_type=application_type,
                    verb=REEVALUATION_OPENED,
                    object_id__in=[str(pk) for pk in outcomes],
                    at__gt=last_published_at,
                ).values_list("object_id", flat=True)
            }
        by_outcome = defaultdict(list)
        for pk, outcome in outcomes.items():
            if pk not in reopened:
                by_outcome[outcome].append(pk)
        for outcome, pks in by_outcome.items():
            applications.filter(pk__in=pks).update(published_outcome=outcome)


class Migration(migrations.Migration):
    dependencies = [
        ("applications", "0002_staff_list_order_index"),
        ("audit", "0001_initial"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("evaluations", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="application",
            name="published_outcome",
            field=models.CharField(
                blank=True,
                choices=[
                    ("draft", "Draft"),
                    ("submitted", "Submitted"),
                    ("eligible", "Eligible"),
                    ("ineligible", "Ineligible"),
                    ("in_evaluation", "In evaluation"),
                    ("evaluated", "Evaluated"),
                    ("main_list", "Main list"),
                    ("reserve_list", "Reserve list"),
                    ("rejected_threshold", "Rejected: below threshold"),
                    ("rejected_budget", "Rejected: budget exhausted"),
                    ("withdrawn", "Withdrawn"),
                    ("superseded", "Superseded"),
                    ("offered", "Offered"),
                    ("accepted", "Accepted"),
                    ("declined", "Declined"),
                ],
                default="",
                editable=False,
                max_length=24,
                verbose_name="published outcome",
            ),
        ),
        migrations.RunPython(backfill_published_outcomes, migrations.RunPython.noop),
    ]
