from django.apps import AppConfig


class IndicatorsConfig(AppConfig):
    name = "cohesion.indicators"
    label = "indicators"
