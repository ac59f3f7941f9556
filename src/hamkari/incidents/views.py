"""Pages of incident reporting: list, detail, history, the report form (new and edit), drafts.

Thin: reads through selectors and the chokepoint (`access`), writes through services.
"""

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language_bidi
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from hamkari.incidents import selectors, services
from hamkari.incidents.forms import (
    ADD_LABELS, ENTITY_KINDS, KIND_LABELS, MAX_ROWS, ROW_KINDS, IncidentFilterForm, ReportForms, empty_row_form,
)
from hamkari.incidents.labels import group_label
from hamkari.incidents.models import Incident, IncidentDraft
from hamkari.sharing import audit
from hamkari.sharing.models import AuditAction
from hamkari.sharing.visibility import access, can_write
from hamkari.tenancy.roles import Perm


def _require_reporter(user):
    if not user.can(Perm.RECORD_CREATE) or user.agency_id is None or not user.agency.is_active:
        raise PermissionDenied


@login_required
@require_GET
def incident_list(request):
    form = IncidentFilterForm(request.GET or None)
    filters = form.filters()
    page = selectors.incident_page(request.user, filters, after=request.GET.get("after"))
    kept = [(k, v) for k, v in request.GET.items() if k != "after" and v]
    next_url = f"?{urlencode([*kept, ('after', page.next_cursor)])}" if page.next_cursor else ""
    first_url = f"?{urlencode(kept)}" if kept else "?"
    return render(request, "incidents/list.html", {
        "form": form, "page": page, "rows": _list_rows(page.items), "next_url": next_url, "first_url": first_url,
        "can_report": request.user.can(Perm.RECORD_CREATE), "filtered": bool(filters),
    })


def _list_rows(incidents):
    """Plain rows for the list's table. Labels are looked up in dicts made once per page: Django's
    get_FOO_display and lazy translations cost more than the query when repeated for 50 rows x 5 columns."""
    from hamkari.core.templatetags.hamkari import ldate, num
    from hamkari.incidents.models import CrimeArea, Unit
    from hamkari.sharing.models import Handling
    from hamkari.tenancy.countries import country_name

    base = reverse("incidents:list")  # detail URLs are <list>/<pk>/; one reverse() instead of fifty
    crime = {k: str(v) for k, v in CrimeArea.choices}
    handling = {k: str(v) for k, v in Handling.choices}
    unit = {k: str(v) for k, v in Unit.choices}
    substance = {}
    countries = {}
    rows = []
    for incident in incidents:
        seized = []
        for s in incident.seizures.all():
            if s.substance not in substance:
                substance[s.substance] = str(_substance_names().get(s.substance, s.substance))
            seized.append(f"{num(s.amount)} {unit.get(s.unit, s.unit)} {substance[s.substance]}")
        if incident.country_id and incident.country_id not in countries:
            countries[incident.country_id] = country_name(incident.country_id)
        day = incident.occurred_on
        if day is None:
            day_label = ""
        elif incident.date_precision == "year":
            day_label = ldate(day, "y")
        elif incident.date_precision == "month":
            day_label = ldate(day, "LLLL y")
        else:
            day_label = ldate(day, "medium")
        owner = incident.owner_agency
        rows.append({
            "url": f"{base}{incident.pk}/", "title": str(incident), "day": day_label,
            "crime": crime.get(incident.crime_area, incident.crime_area),
            "country": countries.get(incident.country_id, ""), "place": incident.place_name or incident.admin1,
            "seized": seized, "agency": owner.acronym or owner.code, "handling": incident.handling,
            "handling_label": handling.get(incident.handling, incident.handling),
        })
    return rows


@login_required
@require_GET
def incident_detail(request, pk):
    incident = access(Incident, request.user, pk)
    seizures, transits, involvements = selectors.incident_for_detail(incident, request.user)
    names = _substance_names()
    for seizure in seizures:
        seizure.label = names.get(seizure.substance, seizure.substance)
        seizure.group_label = group_label(seizure.substance_group)
    audit.record(AuditAction.VIEW, actor=request.user, obj=incident, request=request)
    return render(request, "incidents/detail.html", {
        "incident": incident, "seizures": seizures, "transits": transits, "involvements": involvements,
        "versions": _versions(incident), "can_edit": can_write(request.user, incident),
        "total_kg": sum((s.amount_kg or 0) for s in seizures),
    })


@login_required
@require_GET
def incident_history(request, pk):
    incident = access(Incident, request.user, pk)
    audit.record(AuditAction.VIEW, actor=request.user, obj=incident, request=request, detail={"page": "history"})
    return render(request, "incidents/history.html", {"incident": incident, "versions": _versions(incident)})


def _versions(incident):
    """Versions with their changes as (field label, before, after) rows the template can show."""
    rows = []
    for version in selectors.incident_versions(incident):
        changes = [(_field_label(name), _lines(name, before), _lines(name, after))
                   for name, (before, after) in sorted(version.changes.items())]
        rows.append({"version": version, "changes": changes})
    return rows


def _lines(name, value) -> list[str]:
    """A snapshot value as lines of text in the interface language (choices and countries by their names)."""
    from django.core.exceptions import FieldDoesNotExist

    from hamkari.tenancy.countries import country_name

    if value in (None, "", []):
        return []
    if name == "transits":
        arrow = " ← " if get_language_bidi() else " → "  # the route reads in the page's direction
        return [arrow.join(country_name(code) for code in value)]
    if name == "seizures":
        names = _substance_names()
        return [f"{s.get('amount')} {s.get('unit')} {names.get(s.get('substance'), s.get('substance'))}"
                + (f" ({s['drug_name_as_reported']})" if s.get("drug_name_as_reported") else "")
                + (f", {s['purity']}%" if s.get("purity") else "") for s in value]
    if name == "involvements":
        from hamkari.entities.models import ENTITY_FIELDS, InvolvementRole

        roles = dict(InvolvementRole.choices)
        return [f"{roles.get(i.get('role'), i.get('role'))}: {ENTITY_FIELDS[i['kind']]._meta.verbose_name} "
                f"#{i.get('entity_id')}" for i in value if i.get("kind") in ENTITY_FIELDS]
    if name.endswith("country_id"):
        return [country_name(str(value))]
    try:
        field = Incident._meta.get_field(name.removesuffix("_id"))
    except FieldDoesNotExist:
        return [str(value)]
    if field.choices:
        return [str(dict(field.choices).get(value, value))]
    return [str(value)]


def _substance_names():
    from hamkari.incidents.labels import SUBSTANCE_LABELS

    return SUBSTANCE_LABELS


def _field_label(name):
    from django.core.exceptions import FieldDoesNotExist
    from django.utils.translation import gettext_lazy

    extra = {"transits": gettext_lazy("transit countries"), "seizures": gettext_lazy("seizures"),
             "involvements": gettext_lazy("involved entities")}
    if name in extra:
        return extra[name]
    try:
        return Incident._meta.get_field(name.removesuffix("_id")).verbose_name
    except FieldDoesNotExist:
        return name


# ---------------------------------------------------------------------------------------------------------------
# The report form


def _own_draft(request, draft_id):
    if not draft_id:
        return None
    try:
        return IncidentDraft.objects.get(pk=int(draft_id), author=request.user)
    except (IncidentDraft.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def _form_page(request, forms, *, incident=None, draft=None, status=200, opened=None):
    existing_rows = []
    if incident is not None:
        rows = {row.involvement.pk: row for row in selectors.incident_for_detail(incident, request.user)[2]}
        for form in forms.existing.forms:
            pk = form.initial.get("id") or form["id"].value()
            try:
                existing_rows.append((form, rows.get(int(pk))))
            except (TypeError, ValueError):
                continue
    return render(request, "incidents/form.html", {
        "forms": forms, "incident": incident, "draft": draft, "existing_rows": existing_rows,
        "entity_sections": [
            {"kind": kind, "label": KIND_LABELS[kind], "add_label": ADD_LABELS[kind], "formset": forms.entities[kind],
             "open": kind == opened or kind == "person" or (forms.entities[kind].is_bound and any(
                 f.has_changed() or f.errors for f in forms.entities[kind].forms))}
            for kind in ENTITY_KINDS],
    }, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def incident_new(request):
    _require_reporter(request.user)
    return _report(request, incident=None)


@login_required
@require_http_methods(["GET", "POST"])
def incident_edit(request, pk):
    incident = access(Incident, request.user, pk, write=True)
    return _report(request, incident=incident)


def _report(request, *, incident):
    user = request.user
    if request.method == "GET":
        draft = _own_draft(request, request.GET.get("draft"))
        if draft is not None and draft.incident_id != (incident.pk if incident else None):
            raise Http404
        data = services.draft_querydict(draft.data) if draft is not None else None
        return _form_page(request, ReportForms(user=user, data=data, incident=incident, quiet=True),
                          incident=incident, draft=draft)

    draft = _own_draft(request, request.POST.get("draft"))
    if draft is not None and draft.incident_id != (incident.pk if incident else None):
        raise Http404
    add = request.POST.get("add")
    if add in ROW_KINDS:
        forms = ReportForms(user=user, data=_with_one_more(request.POST, add), incident=incident, quiet=True)
        return _form_page(request, forms, incident=incident, draft=draft, opened=add)
    if request.POST.get("action") == "draft":
        draft = services.draft_save(by=user, data=request.POST, draft=draft, incident=incident)
        messages.success(request, _("Draft saved. You can finish it later from your drafts."))
        url = reverse("incidents:edit", args=[incident.pk]) if incident else reverse("incidents:new")
        return redirect(f"{url}?draft={draft.pk}")

    forms = ReportForms(user=user, data=request.POST, incident=incident)
    if forms.is_valid():
        try:
            with transaction.atomic():
                saved = forms.save()
                if draft is not None:
                    draft.delete()
        except ValidationError:
            pass  # the services' reasons are now on the forms
        else:
            if incident is None:
                messages.success(request, _("Incident reported."))
            else:
                messages.success(request, _("Incident changed (version %(version)s).") % {"version": saved.version})
            return redirect("incidents:detail", pk=saved.pk)
    messages.error(request, _("The report was not saved. Correct the fields marked below."))
    return _form_page(request, forms, incident=incident, draft=draft, status=200)


@login_required
@require_GET
def form_row(request, kind):
    """One more empty sub-form (htmx), with the formset's new total as an out-of-band swap."""
    _require_reporter(request.user)
    if kind not in ROW_KINDS:
        raise Http404
    try:
        index = int(request.GET.get(f"{kind}-TOTAL_FORMS", ""))
    except ValueError:
        return HttpResponseBadRequest()
    if not 0 <= index < MAX_ROWS[kind]:
        return HttpResponseBadRequest()
    form = empty_row_form(kind, index, default_country=request.user.agency.country_id)
    return render(request, "incidents/_form_row.html", {
        "form": form, "kind": kind, "label": _row_label(kind), "index": index, "total": index + 1,
    })


def _row_label(kind):
    from django.utils.translation import gettext_lazy

    return {"seizure": gettext_lazy("Seizure line"), "transit": gettext_lazy("transit country")}.get(
        kind) or KIND_LABELS[kind]


def _with_one_more(data, kind):
    """The posted form with one more empty sub-form of `kind` (the "Add ..." buttons without JavaScript)."""
    data = data.copy()
    key = f"{kind}-TOTAL_FORMS"
    try:
        total = int(data.get(key, "0"))
    except ValueError:
        total = 0
    if total < MAX_ROWS[kind]:
        data[key] = str(total + 1)
    return data


# ---------------------------------------------------------------------------------------------------------------
# Drafts


@login_required
@require_GET
def draft_list(request):
    drafts = selectors.drafts_of(request.user)
    return render(request, "incidents/drafts.html", {"drafts": drafts})


@login_required
@require_POST
def draft_delete(request, pk):
    draft = _own_draft(request, pk)
    draft.delete()
    messages.success(request, _("Draft deleted."))
    return redirect("incidents:drafts")
