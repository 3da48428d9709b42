"""Decide again which stored survey estimates are hidden, with secondary suppression.

Estimates stored before secondary suppression came in were hidden only where
their own base was small, so a hidden group's base could be worked out as the
whole area's less the other groups. This applies today's decision
(:func:`cohesion.surveys.estimates.mark_suppressed`) to every wave once.
"""

from __future__ import annotations

from typing import Any

from django.db import migrations


def redecide(apps: Any, schema_editor: Any) -> None:
    from cohesion.core.disclosure import at_least_floor
    from cohesion.surveys.estimates import mark_suppressed

    Wave = apps.get_model("surveys", "Wave")
    Estimate = apps.get_model("surveys", "Estimate")
    for wave in Wave.objects.select_related("survey").iterator():
        estimates = list(Estimate.objects.filter(wave=wave))
        if not estimates:
            continue
        mark_suppressed(estimates, at_least_floor(wave.survey.suppression_threshold or None))
        Estimate.objects.bulk_update(estimates, ["suppressed"], batch_size=1000)


class Migration(migrations.Migration):
    dependencies = [("surveys", "0003_add_response_started_from")]

    operations = [migrations.RunPython(redecide, migrations.RunPython.noop, elidable=True)]
