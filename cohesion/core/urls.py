from django.urls import path

from cohesion.core import views
from cohesion.core.routes import PUBLIC

urlpatterns = [
    path("", views.home, name="core-home"),
    path("healthz", views.healthz, name="core-healthz"),
    path("glossary/", views.glossary, name="core-glossary"),
]

# Who may open each address (cohesion/core/routes.py; the permission test refuses a route missing here).
ROUTE_CLASSES = {
    "core-home": PUBLIC,
    "core-healthz": PUBLIC,
    "core-glossary": PUBLIC,
}
