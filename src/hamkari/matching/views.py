"""Pages of matching: the hit list, one hit (side by side, or hit/no-hit), disclosure requests and decisions,
judgements. Thin: reads through `selectors` (which decide visibility through the chokepoint), writes through
`services` (which check roles and audit)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from hamkari.entities.display import field_rows
from hamkari.entities.models import ENTITY_FIELDS
from hamkari.matching import selectors, services
from hamkari.matching.forms import DecisionForm, DisclosureRequestForm, HitFilterForm, JudgementForm
from hamkari.matching.labels import BAND_HELP, DIRECTION_LABELS, KIND_LABELS, feature_rows
from hamkari.matching.models import Band, DisclosureStatus
from hamkari.sharing import audit
from hamkari.sharing.models import AuditAction
from hamkari.tenancy.roles import Perm

PAGE_SIZE = 50


def _require_hit_view(user):
    if not user.can(Perm.HIT_VIEW) or user.agency_id is None:
        raise PermissionDenied


def _entity_url(kind, pk):
    return reverse(f"entities:{kind}-detail", args=[pk])


def _side_context(side):
    """What the template shows of one side: the record's fields when visible, else only who holds it."""
    context = {"side": side, "kind_label": KIND_LABELS.get(side.kind, side.kind)}
    if side.visible and side.record is not None:
        context.update(obj=side.record, kind=side.kind, fields=field_rows(side.kind, side.record),
                       url=_entity_url(side.kind, side.entity_id))
    return context


@login_required
@require_GET
def hit_list(request):
    _require_hit_view(request.user)
    form = HitFilterForm(request.GET or None)
    hits = selectors.hits_for(request.user, **form.filters())
    page = Paginator(hits, PAGE_SIZE).get_page(request.GET.get("page"))
    views = selectors.hit_views(request.user, list(page.object_list))
    counts = selectors.hit_counts(request.user)
    kept = request.GET.copy()
    kept.pop("page", None)
    return render(request, "matching/hit_list.html", {
        "form": form, "page": page, "rows": [{"view": v, "mine": _side_context(v.mine),
                                              "other": _side_context(v.other)} for v in views],
        "kept": kept.urlencode(),
        "bands": [(band, label, counts.get(band, 0)) for band, label in Band.choices],
        "country_wide": services.country_wide(request.user),
    })


@login_required
@require_GET
def hit_detail(request, reference):
    _require_hit_view(request.user)
    view = selectors.hit_view(request.user, selectors.access_hit(request.user, reference))
    if view.both_visible:
        # The user reads the other country's record here: a record view, audited as on its own page.
        audit.record(AuditAction.VIEW, actor=request.user, obj=view.other.record, request=request)
    judgements = []
    if view.both_visible:
        judgements = selectors.judgements_on(request.user, (view.mine.kind, view.mine.entity_id),
                                             (view.other.kind, view.other.entity_id))
    return render(request, "matching/hit_detail.html", {
        "view": view, "mine": _side_context(view.mine), "other": _side_context(view.other),
        "features": feature_rows(view.features), "directions": DIRECTION_LABELS,
        "band_help": BAND_HELP.get(view.band, ""),
        "disclosed": [(_field_label(ENTITY_FIELDS[view.other.kind], name), value)
                      for name, value in view.disclosed.items()],
        "request_form": DisclosureRequestForm() if view.can_request else None,
        "judgement_form": JudgementForm() if view.both_visible and _may_judge(request.user) else None,
        "judgements": judgements,
    })


def _may_judge(user):
    return user.can(Perm.HIT_VIEW) and user.can(Perm.RECORD_READ_PERSONAL)


@login_required
@require_POST
def disclosure_request(request, reference):
    _require_hit_view(request.user)
    hit = selectors.access_hit(request.user, reference)
    form = DisclosureRequestForm(request.POST)
    if form.is_valid():
        try:
            services.request_disclosure(user=request.user, hit=hit, reason=form.cleaned_data["reason"],
                                        request=request)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Your request has been sent to the record's owner. You will be told "
                                        "of their decision."))
    else:
        messages.error(request, _("Say why you need the record."))
    return redirect("matching:hit-detail", reference)


@login_required
@require_POST
def judgement_add(request, reference):
    _require_hit_view(request.user)
    view = selectors.hit_view(request.user, selectors.access_hit(request.user, reference))
    if not view.both_visible:
        raise PermissionDenied
    form = JudgementForm(request.POST)
    if form.is_valid():
        try:
            services.judge(user=request.user, left=(view.mine.kind, view.mine.entity_id),
                           right=(view.other.kind, view.other.entity_id), verdict=form.cleaned_data["verdict"],
                           comment=form.cleaned_data["comment"], request=request)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Your judgement has been recorded."))
    else:
        messages.error(request, _("Choose same, not the same or unsure."))
    return redirect("matching:hit-detail", reference)


@login_required
@require_GET
def disclosure_list(request):
    user = request.user
    if not (user.can(Perm.DISCLOSURE_REQUEST) or user.can(Perm.DISCLOSURE_DECIDE)):
        raise PermissionDenied
    return render(request, "matching/disclosure_list.html", {
        "to_decide": selectors.disclosures_to_decide(user, status=None)[:200],
        "requested": selectors.disclosures_requested_by(user)[:200],
        "can_decide": user.can(Perm.DISCLOSURE_DECIDE),
    })


@login_required
@require_http_methods(["GET", "POST"])
def disclosure_detail(request, pk):
    obj = selectors.access_disclosure(request.user, pk)
    can_decide = services.can_decide(request.user, obj) and obj.status == DisclosureStatus.REQUESTED
    field_choices = []
    record = None
    if services.can_decide(request.user, obj):
        model = ENTITY_FIELDS[obj.target_kind]
        record = model.objects.visible_to(request.user).filter(pk=obj.target_id).first()
        field_choices = [(name, _field_label(model, name)) for name in services.disclosable_fields(obj.target_kind)]
    form = DecisionForm(request.POST or None, field_choices=field_choices) if can_decide else None
    if request.method == "POST":
        if form is None:
            raise PermissionDenied
        if form.is_valid():
            data = form.cleaned_data
            try:
                if data["decision"] == "approve":
                    services.approve_disclosure(user=request.user, request_obj=obj, fields=data["fields"],
                                                handling=data["handling"], request=request)
                    messages.success(request, _("Approved: the requester has been told."))
                else:
                    services.decline_disclosure(user=request.user, request_obj=obj, reason=data["reason"],
                                                request=request)
                    messages.success(request, _("Declined: the requester has been told, with your reason."))
            except ValidationError as error:
                for field, errors in getattr(error, "message_dict", {"__all__": error.messages}).items():
                    form.add_error(None if field == "__all__" or field not in form.fields else field, errors)
            else:
                return redirect("matching:disclosure-detail", obj.pk)
    return render(request, "matching/disclosure_detail.html", {
        "obj": obj, "form": form, "record": record, "kind_label": KIND_LABELS.get(obj.target_kind, obj.target_kind),
        "record_url": _entity_url(obj.target_kind, obj.target_id) if record else "",
        "disclosed": [(_field_label(ENTITY_FIELDS[obj.target_kind], k), v) for k, v in (obj.disclosed or {}).items()],
    })


def _field_label(model, name):
    if name == "other_names":
        return _("Other names")
    try:
        return str(model._meta.get_field(name).verbose_name).capitalize()
    except Exception:  # a disclosed field the model has since lost
        return name


@login_required
@require_POST
def opt_out(request, kind, pk):
    """The owner's focal point takes a record out of matching, or puts it back (audited by the service)."""
    opted_out = request.POST.get("opted_out") == "1"
    services.set_opt_out(user=request.user, kind=kind, entity_id=pk, opted_out=opted_out, request=request)
    messages.success(request, _("This record no longer takes part in matching.") if opted_out
                     else _("This record takes part in matching again."))
    return redirect(f"entities:{kind}-detail", pk)
