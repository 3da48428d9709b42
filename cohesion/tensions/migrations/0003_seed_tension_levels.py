"""A default tension scale, so a new installation can assess from the first day.

Five steps, as in the tension assessment matrices police forces and councils
use with partners (low to critical). Colours are from the GOV.UK Design System
palette; the name is always shown beside the colour. Administrators change the
scale in Cohesion; reversing this migration removes only levels no record uses.
"""

from django.db import migrations

DEFAULT_LEVELS = [
    (1, "Low", "#00703c", "Normal community relations. No known tension beyond the usual."),
    (
        2,
        "Moderate",
        "#ffdd00",
        "Some tension or incidents, contained. Monitor and keep partners informed.",
    ),
    (
        3,
        "Elevated",
        "#f47738",
        "Tension rising: repeated incidents, rumours or a trigger event ahead. Plan a partnership response.",
    ),
    (
        4,
        "High",
        "#d4351c",
        "Significant tension with a risk of disorder or serious harm. Partnership response under way.",
    ),
    (
        5,
        "Critical",
        "#4c2c92",
        "Disorder happening or imminent. Emergency arrangements in force.",
    ),
]


def add_levels(apps, schema_editor):
    TensionLevel = apps.get_model("tensions", "TensionLevel")
    for order, name, colour, description in DEFAULT_LEVELS:
        TensionLevel.objects.get_or_create(
            order=order, defaults={"name": name, "colour": colour, "description": description}
        )


def remove_levels(apps, schema_editor):
    TensionLevel = apps.get_model("tensions", "TensionLevel")
    TensionAssessment = apps.get_model("tensions", "TensionAssessment")
    TriggerEvent = apps.get_model("tensions", "TriggerEvent")
    AssessmentRevision = apps.get_model("tensions", "AssessmentRevision")
    used = (
        set(TensionAssessment.objects.values_list("level_id", flat=True))
        | set(AssessmentRevision.objects.values_list("level_id", flat=True))
        | set(TriggerEvent.objects.values_list("expected_risk_id", flat=True))
    )
    names = [name for _order, name, _colour, _description in DEFAULT_LEVELS]
    TensionLevel.objects.filter(name__in=names).exclude(pk__in=used).delete()


class Migration(migrations.Migration):
    dependencies = [("tensions", "0002_add_tension_assessments")]

    operations = [migrations.RunPython(add_levels, remove_levels)]
