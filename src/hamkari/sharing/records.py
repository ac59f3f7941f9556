"""Generic reads of any registered shareable model: list, search, detail, export. All through the chokepoint."""

import csv
import io

from django.db.models import Q

from hamkari.sharing import audit
from hamkari.sharing.models import AuditAction
from hamkari.core.cells import csv_safe

MAX_SEARCH_LENGTH = 200


def clean_query(query) -> str:
    """A search query as it can be stored and compared: PostgreSQL text cannot hold NUL characters."""
    return (query or "").replace("\x00", "").strip()


def search(spec, user, query: str = ""):
    qs = spec.model.objects.visible_to(user).select_related("owner_agency")
    query = clean_query(query)[:MAX_SEARCH_LENGTH]
    if query:
        cond = Q()
        for field_name in spec.search_fields:
            cond |= Q(**{f"{field_name}__icontains": query})
        qs = qs.filter(cond)
    return qs.order_by("-created_at", "-pk")


def export_rows(spec, user, query: str = ""):
    """Header and rows of the records a user may export, as a CSV string; the export is audited."""
    qs = search(spec, user, query)
    columns = ["id", "owner_agency", "owner_country", "handling", "reliability", "accuracy",
               *spec.export_fields, "created_at"]
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(columns)
    count = 0
    for obj in qs.iterator(chunk_size=2000):
        writer.writerow([
            obj.pk, obj.owner_agency.code, obj.owner_country_id or "", obj.handling, obj.reliability,
            obj.accuracy, *[csv_safe(getattr(obj, f)) for f in spec.export_fields], obj.created_at.isoformat(),
        ])
        count += 1
    audit.record(AuditAction.EXPORT, actor=user, object_type=spec.model._meta.label_lower,
                 detail={"query": clean_query(query)[:MAX_SEARCH_LENGTH], "rows": count})
    return out.getvalue()


def fields_for_display(spec, obj):
    """(label, value) of the fields a detail page shows."""
    rows = []
    for name in spec.export_fields:
        f = obj._meta.get_field(name)
        value = getattr(obj, f"get_{name}_display")() if f.choices else getattr(obj, name)
        rows.append((f.verbose_name, value))
    return rows
