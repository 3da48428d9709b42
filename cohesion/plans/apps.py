from django.apps import AppConfig


class PlansConfig(AppConfig):
    """Localities, action plans with targets bound to indicators, reviews, meetings and actions."""

    name = "cohesion.plans"
    label = "plans"

    def ready(self) -> None:
        # Plans pages: navigation to the localities and the steering group.
        from cohesion.plans import pages_setup

        pages_setup.register()

        from cohesion.core import demo
        from cohesion.indicators.signals import values_stored
        from cohesion.plans import demo as plans_demo
        from cohesion.plans import demo_reviews
        from cohesion.plans.services import on_values_stored

        # Targets are recomputed whenever their indicator's values are stored.
        values_stored.connect(on_values_stored, dispatch_uid="plans-refresh-targets")
        demo.register("locality action plans", 60, plans_demo.run)
        demo_reviews.register()
