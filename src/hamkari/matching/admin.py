"""Read-only admin views of matching, for administrators investigating a problem. Hits, disclosures and judgements
are changed only through services (audited); the admin never edits or deletes them."""

from django.contrib import admin

from hamkari.matching.models import CappedKey, DisclosureRequest, Hit, Judgement


class ReadOnlyAdmin(admin.ModelAdmin):
    # As tenancy's admin: a superuser's tool of last resort.
    def has_module_permission(self, request):
        return request.user.is_active and request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_superuser

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Hit)
class HitAdmin(ReadOnlyAdmin):
    # Ids and access data only: the admin shows no personal data of either side.
    list_display = ["reference", "a_kind", "a_agency", "b_agency", "band", "status", "created_at"]
    list_filter = ["status", "band", "a_kind"]
    search_fields = ["reference"]
    exclude = ["features", "explanation"]  # they cite both records' names


@admin.register(CappedKey)
class CappedKeyAdmin(ReadOnlyAdmin):
    list_display = ["key", "count", "capped_at"]
    search_fields = ["key"]


@admin.register(DisclosureRequest)
class DisclosureRequestAdmin(ReadOnlyAdmin):
    list_display = ["hit", "requester_agency", "target_agency", "status", "created_at", "decided_at"]
    list_filter = ["status"]
    exclude = ["disclosed", "reason", "decline_reason"]


@admin.register(Judgement)
class JudgementAdmin(ReadOnlyAdmin):
    list_display = ["a_kind", "a_id", "b_id", "verdict", "user", "created_at"]
    list_filter = ["verdict"]
    exclude = ["comment"]
