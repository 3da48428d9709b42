from django.apps import AppConfig


class PlansConfig(AppConfig):
    """Localities, action plans with targets bound to indicators, reviews, meetings and actions."""

    name = "cohesion.plans"
    label = "plans"

    def ready(self) -> None:
        # Plans pages: navigation to the localities and the steering group.
        from cohesion.plans import pages_setup

        pages_setup.register()
