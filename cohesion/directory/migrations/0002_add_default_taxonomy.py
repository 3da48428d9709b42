"""The default taxonomy of needs (cohesion.directory.taxonomy), present in every installation."""

from typing import Any

from django.db import migrations

from cohesion.directory.taxonomy import install_default_taxonomy, remove_default_taxonomy


def install(apps: Any, schema_editor: Any) -> None:
    install_default_taxonomy(
        apps.get_model("directory", "Taxonomy"), apps.get_model("directory", "TaxonomyTerm")
    )


def remove(apps: Any, schema_editor: Any) -> None:
    remove_default_taxonomy(
        apps.get_model("directory", "Taxonomy"), apps.get_model("directory", "TaxonomyTerm")
    )


class Migration(migrations.Migration):
    dependencies = [("directory", "0001_initial")]

    operations = [migrations.RunPython(install, remove)]
