"""Community impact assessments link many reports, a trigger event or an area, and what follows.

The one report an assessment was made for becomes the first of its linked
reports; going back keeps the first linked report (an assessment with none
cannot go back and stops the reversal).
"""

import django.db.models.deletion
from django.db import migrations, models


def copy_report_to_reports(apps, schema_editor):
    Impact = apps.get_model("tensions", "CommunityImpactAssessment")
    Link = Impact.reports.through
    Link.objects.bulk_create(
        Link(communityimpactassessment_id=pk, report_id=report_id)
        for pk, report_id in Impact.objects.filter(report__isnull=False).values_list(
            "pk", "report_id"
        )
    )


def copy_first_report_back(apps, schema_editor):
    Impact = apps.get_model("tensions", "CommunityImpactAssessment")
    Link = Impact.reports.through
    for impact in Impact.objects.all():
        first = (
            Link.objects.filter(communityimpactassessment_id=impact.pk)
            .order_by("pk")
            .values_list("report_id", flat=True)
            .first()
        )
        if first is None:
            raise RuntimeError(
                f"Impact assessment {impact.pk} links no report, so it cannot go back to "
                "the one-report form. Link a report to it or delete it first."
            )
        Impact.objects.filter(pk=impact.pk).update(report_id=first)


class Migration(migrations.Migration):
    dependencies = [
        ("tensions", "0008_farrington_flexible"),
    ]

    operations = [
        migrations.AlterField(
            model_name="communityimpactassessment",
            name="report",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="tensions.report",
            ),
        ),
        migrations.AddField(
            model_name="communityimpactassessment",
            name="reports",
            field=models.ManyToManyField(
                blank=True, related_name="impact_assessments", to="tensions.report"
            ),
        ),
        migrations.RunPython(copy_report_to_reports, copy_first_report_back),
        migrations.RemoveField(
            model_name="communityimpactassessment",
            name="report",
        ),
        migrations.AddField(
            model_name="communityimpactassessment",
            name="channels",
            field=models.TextField(
                blank=True,
                help_text="How messages will reach people: community WhatsApp groups, radio, leaflets.",
            ),
        ),
        migrations.AddField(
            model_name="communityimpactassessment",
            name="listening_event_id",
            field=models.PositiveIntegerField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="communityimpactassessment",
            name="listening_event_label",
            field=models.CharField(blank=True, editable=False, max_length=300),
        ),
        migrations.AddField(
            model_name="communityimpactassessment",
            name="plan_action_ids",
            field=models.JSONField(blank=True, default=list),
        ),
        migrations.AddField(
            model_name="communityimpactassessment",
            name="plan_action_titles",
            field=models.JSONField(blank=True, default=list, editable=False),
        ),
        migrations.AddField(
            model_name="communityimpactassessment",
            name="stakeholders",
            field=models.TextField(
                blank=True,
                help_text="Who to convene: faith and community leaders, schools, housing, ward councillors.",
            ),
        ),
        migrations.AddField(
            model_name="communityimpactassessment",
            name="trigger_event",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="impact_assessments",
                to="tensions.triggerevent",
            ),
        ),
    ]
