"""Autocomplete over the gazetteer for the report form (htmx) and the API's clients. Reference data, not
shareable: any logged-in user may search it, nobody else."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponseBadRequest, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from hamkari.places import selectors
from hamkari.places.models import PlaceKind

MAX_QUERY = 100


def _query(request):
    """(q, country, kind, limit) from the query string, or an error message for a value that cannot be."""
    q = request.GET.get("q", "")[:MAX_QUERY]
    country = request.GET.get("country", "").strip().upper() or None
    kind = request.GET.get("kind", "").strip() or None
    if country and (len(country) != 2 or not country.isascii() or not country.isalpha()):
        return None, _("Give the country as its two-letter ISO code, e.g. TJ.")
    if kind and kind not in PlaceKind.values:
        return None, _("Unknown kind of place; choose one of: %(kinds)s.") % {"kinds": ", ".join(PlaceKind.values)}
    try:
        limit = min(max(int(request.GET.get("limit", 10)), 1), 50)
    except ValueError:
        limit = 10
    return (q, country, kind, limit), None


def _label(place) -> str:
    where = ", ".join(x for x in (place.admin1_name if place.admin1_name != place.name else "",
                                   place.country_id) if x)
    return f"{place.name} ({where})" if where else place.name


@require_GET
@login_required
def search(request):
    """An HTML fragment of <option> elements, for a <datalist> or <select> that htmx fills as the user types."""
    query, error = _query(request)
    if error:
        return HttpResponseBadRequest(error, content_type="text/plain; charset=utf-8")
    places = selectors.search_with_fallback(*query)
    return render(request, "places/_options.html", {"results": [(p, _label(p)) for p in places]})


@require_GET
@login_required
def search_json(request):
    query, error = _query(request)
    if error:
        return JsonResponse({"error": error}, status=400)
    places = selectors.search_with_fallback(*query)
    return JsonResponse({"results": [{
        "id": p.pk, "code": p.code or None, "geonameid": p.geonameid, "kind": p.kind, "name": p.name,
        "label": _label(p), "country": p.country_id, "admin1_code": p.admin1_code or None,
        "admin1_name": p.admin1_name or None, "latitude": p.latitude, "longitude": p.longitude,
        "population": p.population,
    } for p in places]})
