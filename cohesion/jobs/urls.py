from django.urls import path

from cohesion.core.routes import SITE_ADMIN
from cohesion.jobs import views

urlpatterns = [
    path("admin-jobs/", views.job_list, name="jobs-list"),
]

# Who may open each address (cohesion/core/routes.py; the permission test refuses a route missing here).
ROUTE_CLASSES = {
    "jobs-list": SITE_ADMIN,
}
