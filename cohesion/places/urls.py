from django.urls import path

from cohesion.core.routes import PUBLIC
from cohesion.places import views

urlpatterns = [
    path("areas/", views.area_search, name="places-search"),
    path("areas/search.<fmt:fmt>", views.area_search, name="places-search-twin"),
    path("areas/councils/", views.council_list, name="places-council-list"),
    path("areas/councils.<fmt:fmt>", views.council_list, name="places-council-list-twin"),
    path("areas/<str:code>/", views.area_detail, name="places-area-detail"),
    path("areas/<str:code>.<fmt:fmt>", views.area_detail, name="places-area-detail-twin"),
    path(
        "areas/<str:code>/children.geojson",
        views.area_children_geojson,
        name="places-area-children",
    ),
]

# Who may open each address (cohesion/core/routes.py; the permission test refuses a route missing here).
# Areas and their boundaries are public reference data.
ROUTE_CLASSES = {
    "places-search": PUBLIC,
    "places-search-twin": PUBLIC,
    "places-council-list": PUBLIC,
    "places-council-list-twin": PUBLIC,
    "places-area-detail": PUBLIC,
    "places-area-detail-twin": PUBLIC,
    "places-area-children": PUBLIC,
}
