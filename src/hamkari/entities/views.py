"""Entity pages: one detail page per kind, read through the chokepoint and audited as a view. Thin."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hamkari.entities import selectors
from hamkari.entities.display import field_rows
from hamkari.entities.models import ENTITY_FIELDS
from hamkari.sharing import audit
from hamkari.sharing.models import AuditAction, Handling, SharingGroup
from hamkari.sharing.services import set_handling
from hamkari.sharing.visibility import access
from hamkari.tenancy.roles import Perm

# Detail page URL names come from the incidents app once it has them; the generic record page otherwise.
INCIDENT_URL_NAMES = ("incidents:detail", "incidents:incident-detail")


def _model_or_404(kind):
    model = ENTITY_FIELDS.get(kind)
    if model is None:
        raise Http404
    return model


def incident_url(incident_pk):
    for name in INCIDENT_URL_NAMES:
        try:
            return reverse(name, args=[incident_pk])
        except NoReverseMatch:
            continue
    return reverse("sharing:record-detail", args=["incidents", incident_pk])


def entity_url(kind, pk):
    return reverse(f"entities:{kind}-detail", args=[pk])


def _can_set_handling(user, obj):
    return obj.owner_agency_id == user.agency_id and user.can(Perm.SHARING_SET_HANDLING)


def _sharing_groups(obj):
    # Groups the record's own country manages (sharing.services.set_handling refuses any other).
    if obj.owner_agency.country_id:
        return SharingGroup.objects.filter(owner_agency__country_id=obj.owner_agency.country_id).order_by("name")
    return SharingGroup.objects.filter(owner_agency=obj.owner_agency).order_by("name")


@login_required
def entity_detail(request, kind, pk):
    model = _model_or_404(kind)
    obj = access(model, request.user, pk)
    audit.record(AuditAction.VIEW, actor=request.user, obj=obj, request=request)
    involvements = selectors.entity_involvements(request.user, obj)
    for inv in involvements:
        inv.url = incident_url(inv.incident_id)
    can_set_handling = _can_set_handling(request.user, obj)
    return render(request, "entities/detail.html", {
        "kind": kind, "obj": obj, "verbose_kind": model._meta.verbose_name,
        "fields": field_rows(kind, obj),
        "names": selectors.person_names(obj) if kind == "person" else [],
        "keys": selectors.entity_keys(kind, obj),
        "involvements": involvements,
        "can_set_handling": can_set_handling,
        "handlings": Handling.choices,
        "groups": _sharing_groups(obj) if can_set_handling else [],
        **_matching_context(request.user, kind, obj, can_set_handling),
    })


def _matching_context(user, kind, obj, is_owner_focal):
    """Hits on this record that the user may list, and (for the owner's focal points) the opt-out switch."""
    from hamkari.matching import selectors as matching
    from hamkari.matching.models import MATCHABLE

    if kind not in MATCHABLE:
        return {"matchable": False}
    same = [o for o in matching.identity_for(user, kind, obj.pk) if o.pk != obj.pk]
    return {"matchable": True,
            "hits": matching.entity_hits(user, kind, obj.pk) if user.can(Perm.HIT_VIEW) else [],
            "judged_same": [(o, reverse(f"entities:{kind}-detail", args=[o.pk])) for o in same],
            "can_opt_out": is_owner_focal, "opted_out": matching.is_opted_out(kind, obj.pk)}


@login_required
@require_POST
def entity_sharing(request, kind, pk):
    """The owner's explicit change of an entity's handling code (entities reused by later reports keep theirs)."""
    model = _model_or_404(kind)
    obj = access(model, request.user, pk, write=True)
    if not _can_set_handling(request.user, obj):
        raise PermissionDenied
    handling = request.POST.get("handling", "")
    group = None
    group_id = request.POST.get("sharing_group", "")
    if group_id:
        group = _sharing_groups(obj).filter(pk=group_id if group_id.isdigit() else -1).first()
        if group is None:
            messages.error(request, _("Choose one of your country's sharing groups."))
            return redirect(entity_url(kind, obj.pk))
    if handling not in Handling.values:
        messages.error(request, _("Choose a handling code."))
        return redirect(entity_url(kind, obj.pk))
    try:
        set_handling(obj=obj, user=request.user, handling=handling, sharing_group=group, request=request)
    except ValidationError:
        messages.error(request, _("A restricted record needs a sharing group managed by its own country's agencies."))
    else:
        messages.success(request, _("Handling code changed."))
    return redirect(entity_url(kind, obj.pk))
