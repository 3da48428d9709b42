from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IndicatorsConfig(AppConfig):
    """Datasets and their provenance, indicator definitions and values, loaders, rankings, profiles."""

    name = "cohesion.indicators"
    label = "indicators"
    verbose_name = _("Indicators")

    def ready(self) -> None:
        from cohesion.core import demo, navigation
        from cohesion.indicators.demo import load_demo_indicators
        from cohesion.indicators.loaders.builtin import register_built_in_loaders

        register_built_in_loaders()
        demo.register("indicators", 20, load_demo_indicators)
        navigation.register(navigation.NavItem(_("Indicators"), "indicators-home", order=20))
