from django.db import migrations, models

# What each built-in source's values were built from before this field existed:
# wards from whole LSOAs by best fit, everything else as below.
EARLIER_METHODS: dict[str, dict[str, str]] = {
    "census2021_tees_valley_oa": {
        "lsoa": "output_areas",
        "ward": "lsoa_best_fit",
        "council": "output_areas",
    },
    "census2021_england_wales": {
        "council": "output_areas",
        "region": "output_areas",
        "country": "output_areas",
    },
    "imd2025": {"ward": "lsoa_best_fit", "region": "lsoa_best_fit", "country": "lsoa_best_fit"},
    "cls_loneliness_modelled": {
        "ward": "lsoa_best_fit",
        "council": "lsoa_best_fit",
        "region": "lsoa_best_fit",
        "country": "lsoa_best_fit",
    },
    "police_uk_street": {"ward": "lsoa_best_fit", "council": "lsoa_best_fit"},
    "census2011_segregation_mlid": {"council": "output_areas", "country": "output_areas"},
}


def label_values_held(apps, schema_editor):
    """Record how the values already held were built, so none is shown with a method it did not use."""
    IndicatorValue = apps.get_model("indicators", "IndicatorValue")
    for source, by_level in EARLIER_METHODS.items():
        for level, method in by_level.items():
            IndicatorValue.objects.filter(dataset__source=source, area_level=level).update(
                aggregation=method
            )


class Migration(migrations.Migration):
    dependencies = [
        ("indicators", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="indicatorvalue",
            name="aggregation",
            field=models.CharField(
                choices=[
                    ("as_published", "As published for the area"),
                    ("output_areas", "Output areas"),
                    ("lsoa_apportioned", "LSOA apportioned by OA population"),
                    ("lsoa_best_fit", "LSOA best fit"),
                ],
                default="as_published",
                help_text=(
                    "How the value was built from small areas: from output areas, from LSOAs "
                    "apportioned by the population of their output areas, from whole LSOAs by "
                    "best fit, or as the source published it for the area."
                ),
                max_length=20,
            ),
        ),
        migrations.AddConstraint(
            model_name="indicatorvalue",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    aggregation__in=["as_published", "output_areas", "lsoa_apportioned", "lsoa_best_fit"]
                ),
                name="indicators_value_aggregation_is_known",
            ),
        ),
        migrations.RunPython(label_values_held, migrations.RunPython.noop),
    ]
