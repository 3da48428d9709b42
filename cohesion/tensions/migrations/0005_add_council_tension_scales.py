"""Each council may keep its own tension scale; the seeded scale becomes the default.

Existing levels (the five seeded by 0003 and any added since) have no
organisation and so form the default scale, which every council keeps using
until its administrators change it; only site staff change the default.

Reversing folds every council's own scale back into the default one: records
that used a council's level point to the default level of the same order (or
the highest default level below it), and the council levels are removed, so
the old one-scale uniqueness holds again.
"""

import django.db.models.deletion
from django.db import migrations, models


def fold_council_scales(apps, schema_editor):
    TensionLevel = apps.get_model("tensions", "TensionLevel")
    TensionAssessment = apps.get_model("tensions", "TensionAssessment")
    AssessmentRevision = apps.get_model("tensions", "AssessmentRevision")
    TriggerEvent = apps.get_model("tensions", "TriggerEvent")
    default = list(TensionLevel.objects.filter(organisation__isnull=True).order_by("order"))
    council_levels = list(TensionLevel.objects.filter(organisation__isnull=False))
    if council_levels and not default:
        raise RuntimeError("There is no default tension scale to fold the councils' scales into.")
    for level in council_levels:
        below = [d for d in default if d.order <= level.order]
        target = below[-1] if below else default[0]
        TensionAssessment.objects.filter(level=level).update(level=target)
        # Revisions are append-only in the app; reversing a schema change is the one exception.
        AssessmentRevision.objects.filter(level=level).update(level=target)
        TriggerEvent.objects.filter(expected_risk=level).update(expected_risk=target)
        level.delete()


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
        ("tensions", "0004_report_occurred_time_known"),
    ]

    operations = [
        migrations.AddField(
            model_name="tensionlevel",
            name="organisation",
            field=models.ForeignKey(
                blank=True,
                help_text="The council whose scale this is; empty for the default scale.",
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="accounts.organisation",
            ),
        ),
        migrations.AlterField(
            model_name="tensionlevel",
            name="name",
            field=models.CharField(max_length=60),
        ),
        migrations.AlterField(
            model_name="tensionlevel",
            name="order",
            field=models.PositiveSmallIntegerField(
                help_text="Position on the scale: 1 is the lowest tension."
            ),
        ),
        migrations.AddConstraint(
            model_name="tensionlevel",
            constraint=models.UniqueConstraint(
                fields=("organisation", "order"), name="tensions_level_one_order_per_scale"
            ),
        ),
        migrations.AddConstraint(
            model_name="tensionlevel",
            constraint=models.UniqueConstraint(
                fields=("organisation", "name"), name="tensions_level_one_name_per_scale"
            ),
        ),
        migrations.AddConstraint(
            model_name="tensionlevel",
            constraint=models.UniqueConstraint(
                condition=models.Q(("organisation__isnull", True)),
                fields=("order",),
                name="tensions_level_one_order_in_default_scale",
            ),
        ),
        migrations.AddConstraint(
            model_name="tensionlevel",
            constraint=models.UniqueConstraint(
                condition=models.Q(("organisation__isnull", True)),
                fields=("name",),
                name="tensions_level_one_name_in_default_scale",
            ),
        ),
        migrations.RunPython(migrations.RunPython.noop, fold_council_scales),
    ]
