from django.urls import path

from cohesion.core.routes import PUBLIC, SENSITIVE_FORM
from cohesion.indicators import views

urlpatterns = [
    path("indicators/", views.indicator_list, name="indicators-home"),
    path("indicators/all.<fmt:fmt>", views.indicator_list, name="indicators-home-twin"),
    path("indicators/datasets/", views.dataset_list, name="indicators-dataset-list"),
    path("indicators/datasets.<fmt:fmt>", views.dataset_list, name="indicators-dataset-list-twin"),
    path("indicators/ranking/", views.ranking_start, name="indicators-ranking-start"),
    path("indicators/ranking/<str:council>/", views.ranking, name="indicators-ranking"),
    path(
        "indicators/ranking/<str:council>.<fmt:fmt>",
        views.ranking,
        name="indicators-ranking-twin",
    ),
    path("indicators/neighbours/<str:council>/", views.neighbours, name="indicators-neighbours"),
    path(
        "indicators/neighbours/<str:council>.<fmt:fmt>",
        views.neighbours,
        name="indicators-neighbours-twin",
    ),
    path("indicators/import/", views.upload_new, name="indicators-upload-new"),
    path("indicators/import/<int:pk>/", views.upload_detail, name="indicators-upload-detail"),
    path("indicators/<slug:code>/", views.indicator_detail, name="indicators-indicator-detail"),
    path(
        "indicators/<slug:code>.<fmt:fmt>",
        views.indicator_detail,
        name="indicators-indicator-detail-twin",
    ),
    path(
        "indicators/<slug:code>/map/<str:council>/",
        views.choropleth,
        name="indicators-choropleth",
    ),
    path(
        "indicators/<slug:code>/map/<str:council>.<fmt:fmt>",
        views.choropleth,
        name="indicators-choropleth-twin",
    ),
    path("areas/<str:code>/indicators/", views.area_indicators, name="indicators-area-profile"),
    path(
        "areas/<str:code>/indicators.<fmt:fmt>",
        views.area_indicators,
        name="indicators-area-values",
    ),
]

# Who may open each address (cohesion/core/routes.py; the permission test refuses a route missing here).
# Published indicators are public; a council's own uploads are its records.
ROUTE_CLASSES = {
    "indicators-home": PUBLIC,
    "indicators-home-twin": PUBLIC,
    "indicators-dataset-list": PUBLIC,
    "indicators-dataset-list-twin": PUBLIC,
    "indicators-ranking-start": PUBLIC,
    "indicators-ranking": PUBLIC,
    "indicators-ranking-twin": PUBLIC,
    "indicators-neighbours": PUBLIC,
    "indicators-neighbours-twin": PUBLIC,
    "indicators-upload-new": SENSITIVE_FORM,
    "indicators-upload-detail": SENSITIVE_FORM,
    "indicators-indicator-detail": PUBLIC,
    "indicators-indicator-detail-twin": PUBLIC,
    "indicators-choropleth": PUBLIC,
    "indicators-choropleth-twin": PUBLIC,
    "indicators-area-profile": PUBLIC,
    "indicators-area-values": PUBLIC,
}
