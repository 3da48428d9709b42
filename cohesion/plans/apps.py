from django.apps import AppConfig


class PlansConfig(AppConfig):
    """Localities, action plans with targets bound to indicators, reviews, meetings and actions."""

    name = "cohesion.plans"
    label = "plans"

    def ready(self) -> None:
        from cohesion.plans import demo_reviews

        demo_reviews.register()
