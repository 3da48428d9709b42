from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DirectoryConfig(AppConfig):
    """The signposting directory: organisations, services, locations, schedules and taxonomies (HSDS 3.0 / Open Referral UK)."""

    name = "cohesion.directory"
    label = "directory"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from cohesion.core import demo
        from cohesion.directory.demo import run_demo

        demo.register("synthetic directory", 60, run_demo)

        from cohesion.core import navigation
        from cohesion.directory.views_maintain import maintains_entries

        navigation.register(
            navigation.NavItem(
                _("Directory entries"), "directory-manage", order=58, visible=maintains_entries
            )
        )

        # Plan actions name the council's public services they deliver.
        from cohesion.directory.lookups import public_services_with_pages
        from cohesion.plans.services import register_service_lookup

        register_service_lookup(public_services_with_pages)

        # The report confirmation page lists local support services and is kept rendered
        # per language and variant; a change to the directory makes it render afresh.
        from django.db.models.signals import post_delete, post_save

        from cohesion.directory.models import Attribute, Service

        for model in (Service, Attribute):
            post_save.connect(_forget_confirmation_pages, sender=model, weak=False)
            post_delete.connect(_forget_confirmation_pages, sender=model, weak=False)


def _forget_confirmation_pages(**_kwargs: object) -> None:
    from cohesion.tensions.views.public import forget_confirmation_pages

    forget_confirmation_pages()
