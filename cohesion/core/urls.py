from django.urls import path

from cohesion.core import views
from cohesion.core.routes import PUBLIC, SIGNED_IN

urlpatterns = [
    path("", views.home, name="core-home"),
    path("healthz", views.healthz, name="core-healthz"),
    path("glossary/", views.glossary, name="core-glossary"),
    path("start/", views.start, name="core-start"),
]

# Who may open each address (cohesion/core/routes.py; the permission test refuses a route missing here).
ROUTE_CLASSES = {
    "core-home": PUBLIC,
    "core-healthz": PUBLIC,
    "core-glossary": PUBLIC,
    # Built from what the signed-in person may open; a person of no organisation sees an empty page.
    "core-start": SIGNED_IN,
}
