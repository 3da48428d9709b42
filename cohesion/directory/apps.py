from django.apps import AppConfig


class DirectoryConfig(AppConfig):
    """The signposting directory: organisations, services, locations, schedules and taxonomies (HSDS 3.0 / Open Referral UK)."""

    name = "cohesion.directory"
    label = "directory"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from cohesion.core import demo
        from cohesion.directory.demo import run_demo

        demo.register("synthetic directory", 60, run_demo)
