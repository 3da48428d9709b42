from django.apps import AppConfig


class TensionsConfig(AppConfig):
    name = "cohesion.tensions"
    label = "tensions"
