"""The gazetteer in Django's admin: read-mostly. Sources (GeoNames, places/data.py) own most of it and
`hamkari places load` rewrites their fields; an administrator may add spellings and fix a crossing point."""

from django.contrib import admin

from hamkari.places.loader import name_row_values
from hamkari.places.models import Place, PlaceName


class PlaceNameInline(admin.TabularInline):
    model = PlaceName
    fields = ("name", "script", "key", "skeleton")
    readonly_fields = ("script", "key", "skeleton")
    extra = 1

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Place)
class PlaceAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "country", "admin1_name", "code", "geonameid", "population")
    list_filter = ("kind", "country")
    search_fields = ("name", "code", "names__key")
    readonly_fields = ("geonameid", "kind", "country", "admin1_code", "population")
    raw_id_fields = ("counterpart",)
    inlines = [PlaceNameInline]
    show_full_result_count = False

    def get_search_results(self, request, queryset, search_term):
        # Names are searched by their folded key, so a search in any script finds the place.
        from hamkari.places.folding import fold

        queryset, duplicates = super().get_search_results(request, queryset, fold(search_term) or search_term)
        return queryset.distinct(), duplicates

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def save_formset(self, request, form, formset, change):
        names = formset.save(commit=False)
        for name in names:
            for field, value in name_row_values(name.name).items():
                setattr(name, field, value)
            name.save()
        formset.save_m2m()
