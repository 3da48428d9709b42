from django.apps import AppConfig


class AuditConfig(AppConfig):
    """An append-only record of who did what to which record, and who viewed sensitive records."""

    name = "cohesion.audit"
    label = "audit"

    def ready(self) -> None:
        from cohesion.audit import signals  # noqa: F401
