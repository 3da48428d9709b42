from django.apps import AppConfig


class SurveysConfig(AppConfig):
    name = "cohesion.surveys"
    label = "surveys"
