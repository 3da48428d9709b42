from django.apps import AppConfig


class PacksConfig(AppConfig):
    """Packs for ward councillors, scrutiny panels, cabinet and committees, frozen when issued."""

    name = "cohesion.packs"
    label = "packs"
    verbose_name = "Packs"
