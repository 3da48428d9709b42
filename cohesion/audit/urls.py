from django.urls import path

from cohesion.audit import views

urlpatterns = [
    path("", views.event_list, name="audit-event-list"),
    path("events.<fmt:fmt>", views.event_list, name="audit-event-list-twin"),
]
