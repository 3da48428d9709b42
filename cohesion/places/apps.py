from django.apps import AppConfig


class PlacesConfig(AppConfig):
    """Reference geography: areas, boundary generations, lookups, point assignment."""

    name = "cohesion.places"
    label = "places"
