from django.apps import AppConfig


class CoreConfig(AppConfig):
    """Site-wide pieces: the page layout, machine-readable twins, health check."""

    name = "cohesion.core"
    label = "core"
