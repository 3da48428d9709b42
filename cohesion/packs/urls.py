"""Addresses of packs and pack templates (DESIGN.md, "Addresses")."""

from __future__ import annotations

from django.urls import path

from cohesion.core.routes import SENSITIVE, SENSITIVE_FORM, RouteClass
from cohesion.packs import views

urlpatterns = [
    path("packs/", views.pack_list, name="packs-pack-list"),
    path("packs/list.<fmt:fmt>", views.pack_list, name="packs-pack-list-twin"),
    path("packs/new/", views.pack_create, name="packs-pack-create"),
    path("packs/<int:pk>/", views.pack_detail, name="packs-pack-detail"),
    path("packs/<int:pk>/pack.<str:file_format>", views.pack_file, name="packs-pack-file"),
    path("packs/<int:pk>/tables/<int:number>.csv", views.pack_table_csv, name="packs-pack-table"),
    path("packs/<int:pk>/issue/", views.pack_issue, name="packs-pack-issue"),
    path("packs/<int:pk>/rebuild/", views.pack_rebuild, name="packs-pack-rebuild"),
    path("packs/<int:pk>/reissue/", views.pack_reissue, name="packs-pack-reissue"),
    path("packs/templates/", views.template_list, name="packs-template-list"),
    path("packs/templates/<int:pk>/", views.template_edit, name="packs-template-edit"),
    path("packs/schedules/", views.schedule_list, name="packs-schedule-list"),
    path("packs/schedules/<int:pk>/stop/", views.schedule_stop, name="packs-schedule-stop"),
]

ROUTE_CLASSES: dict[str, RouteClass] = {
    "packs-pack-list": SENSITIVE,
    "packs-pack-list-twin": SENSITIVE,
    "packs-pack-create": SENSITIVE_FORM,
    "packs-pack-detail": SENSITIVE,
    "packs-pack-file": SENSITIVE,
    "packs-pack-table": SENSITIVE,
    "packs-pack-issue": SENSITIVE_FORM,
    "packs-pack-rebuild": SENSITIVE_FORM,
    "packs-pack-reissue": SENSITIVE_FORM,
    "packs-template-list": SENSITIVE,
    "packs-template-edit": SENSITIVE_FORM,
    "packs-schedule-list": SENSITIVE_FORM,
    "packs-schedule-stop": SENSITIVE_FORM,
}
