from django.urls import path

from cohesion.audit import views
from cohesion.core.routes import SENSITIVE

urlpatterns = [
    path("", views.event_list, name="audit-event-list"),
    path("events.<fmt:fmt>", views.event_list, name="audit-event-list-twin"),
]

# Who may open each address (cohesion/core/routes.py; the permission test refuses a route missing here).
ROUTE_CLASSES = {
    "audit-event-list": SENSITIVE,
    "audit-event-list-twin": SENSITIVE,
}
