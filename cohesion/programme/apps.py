from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProgrammeConfig(AppConfig):
    """The partnership programme: a shared calendar of events and sessions, their outcomes, and grants."""

    name = "cohesion.programme"
    label = "programme"

    def ready(self) -> None:
        from cohesion.core import demo, navigation
        from cohesion.programme import demo as programme_demo
        from cohesion.programme.access import takes_part, works_on_grants

        navigation.register(
            navigation.NavItem(_("Programme"), "programme-event-list", order=57, visible=takes_part)
        )
        navigation.register(
            navigation.NavItem(
                _("Grants"), "programme-grant-rounds", order=58, visible=works_on_grants
            )
        )
        demo.register("partnership programme", 70, programme_demo.run)
