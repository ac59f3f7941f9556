"""Django admin for countries, agencies and users: a superuser's tool of last resort. Day-to-day changes go
through the platform's own pages and commands, which check roles and write the audit trail."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.utils.translation import gettext_lazy as _

from hamkari.tenancy.models import Agency, Country, RoleGrant, User


class SuperuserOnly:
    def has_module_permission(self, request):
        return request.user.is_active and request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_superuser

    def has_add_permission(self, request, *args):
        return request.user.is_active and request.user.is_superuser

    def has_change_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_superuser

    def has_delete_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_superuser


@admin.register(Country)
class CountryAdmin(SuperuserOnly, admin.ModelAdmin):
    list_display = ["iso2", "iso3", "name", "is_member"]
    list_filter = ["is_member"]
    search_fields = ["iso2", "iso3", "name"]


@admin.register(Agency)
class AgencyAdmin(SuperuserOnly, admin.ModelAdmin):
    list_display = ["code", "name", "acronym", "kind", "country", "focal_point", "is_active"]
    list_filter = ["kind", "is_active", "country__is_member"]
    search_fields = ["code", "name", "local_name", "acronym"]
    autocomplete_fields = ["country", "focal_point"]


class RoleGrantInline(SuperuserOnly, admin.TabularInline):
    model = RoleGrant
    fk_name = "user"
    extra = 0
    fields = ["role", "granted_at", "granted_by"]
    readonly_fields = ["granted_at", "granted_by"]


@admin.register(User)
class HamkariUserAdmin(SuperuserOnly, UserAdmin):
    list_display = ["username", "first_name", "last_name", "agency", "is_active", "is_demo", "last_login"]
    list_filter = ["is_active", "is_demo", "is_superuser", "agency__kind"]
    search_fields = ["username", "first_name", "last_name", "email", "agency__code"]
    autocomplete_fields = ["agency"]
    inlines = [RoleGrantInline]
    fieldsets = [
        *UserAdmin.fieldsets,
        (_("Hamkari"), {"fields": ["agency", "is_demo", "language"]}),
    ]
    add_fieldsets = [
        *UserAdmin.add_fieldsets,
        (_("Hamkari"), {"fields": ["agency", "is_demo"]}),
    ]
