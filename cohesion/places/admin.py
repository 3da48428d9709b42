from django.contrib import admin

from cohesion.places.models import Area, Generation, GenerationSource, Postcode, PostcodeFile


class ReadOnlyAdmin(admin.ModelAdmin):
    """Reference geography is loaded from releases, never edited by hand."""

    def has_add_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_delete_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False


@admin.register(Generation)
class GenerationAdmin(ReadOnlyAdmin):
    list_display = ["code", "name", "level", "valid_from", "valid_to", "has_boundaries"]


@admin.register(GenerationSource)
class GenerationSourceAdmin(ReadOnlyAdmin):
    list_display = ["path", "generation", "publisher", "licence", "areas_added", "loaded_at"]


@admin.register(Area)
class AreaAdmin(ReadOnlyAdmin):
    list_display = ["code", "name", "level", "generation", "population"]
    list_filter = ["level", "generation"]
    search_fields = ["code", "name"]
    exclude = ["boundary"]


@admin.register(PostcodeFile)
class PostcodeFileAdmin(ReadOnlyAdmin):
    list_display = ["name", "postcodes_loaded", "publisher", "loaded_at"]


@admin.register(Postcode)
class PostcodeAdmin(ReadOnlyAdmin):
    list_display = ["postcode", "ward_code", "council_code", "lat", "lon", "terminated"]
    search_fields = ["compact", "postcode"]
