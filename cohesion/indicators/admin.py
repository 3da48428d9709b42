from django.contrib import admin

from cohesion.indicators.models import Dataset, Indicator, IndicatorValue, Upload


class LoadedDataAdmin(admin.ModelAdmin):
    """Datasets and values come from loaders, publishing apps and checked uploads, never hand edits."""

    def has_add_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False


@admin.register(Dataset)
class DatasetAdmin(LoadedDataAdmin):
    list_display = [
        "title",
        "source",
        "kind",
        "release_date",
        "period_start",
        "period_end",
        "values_count",
    ]
    list_filter = ["kind", "source"]
    search_fields = ["title", "source", "sha256"]


@admin.register(Indicator)
class IndicatorAdmin(admin.ModelAdmin):
    """Definitions may be reworded here; loaders restore the built-in wording on their next release."""

    list_display = ["code", "title", "topic", "unit", "polarity", "headline"]
    list_filter = ["topic", "unit", "headline"]
    search_fields = ["code", "title"]
    readonly_fields = ["code", "unit"]


@admin.register(IndicatorValue)
class IndicatorValueAdmin(LoadedDataAdmin):
    list_display = [
        "indicator",
        "area_code",
        "area_level",
        "period_start",
        "period_end",
        "value",
        "suppressed",
    ]
    list_filter = ["area_level", "suppressed"]
    search_fields = ["area_code", "indicator__code"]
    list_select_related = ["indicator"]


@admin.register(Upload)
class UploadAdmin(LoadedDataAdmin):
    list_display = [
        "file_name",
        "organisation",
        "uploaded_by",
        "status",
        "created_at",
        "imported_rows",
    ]
    list_filter = ["status"]
