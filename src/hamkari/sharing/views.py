"""Views of shareable records, sharing groups and the audit trail. Thin: reads via selectors and the chokepoint."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.contrib import messages

from hamkari.sharing import audit, records, selectors, services
from hamkari.sharing.forms import SharingGroupForm
from hamkari.sharing.models import AuditAction
from hamkari.sharing.registry import all_specs, get_spec
from hamkari.sharing.visibility import access
from hamkari.tenancy.roles import Perm

PAGE_SIZE = 50


def _spec_or_404(slug):
    spec = get_spec(slug)
    if spec is None:
        raise Http404
    return spec


@login_required
def record_index(request):
    return render(request, "sharing/record_index.html", {"specs": all_specs()})


@login_required
def record_list(request, slug):
    spec = _spec_or_404(slug)
    query = request.GET.get("q", "")
    qs = records.search(spec, request.user, query)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "sharing/record_list.html", {
        "spec": spec, "page": page, "query": query, "total": page.paginator.count,
        "can_export": request.user.can(Perm.RECORD_EXPORT),
    })


@login_required
def record_detail(request, slug, pk):
    spec = _spec_or_404(slug)
    obj = access(spec.model, request.user, pk)
    audit.record(AuditAction.VIEW, actor=request.user, obj=obj, request=request)
    return render(request, "sharing/record_detail.html", {
        "spec": spec, "obj": obj, "fields": records.fields_for_display(spec, obj),
    })


@login_required
def record_export(request, slug):
    spec = _spec_or_404(slug)
    if not request.user.can(Perm.RECORD_EXPORT):
        raise PermissionDenied
    body = records.export_rows(spec, request.user, request.GET.get("q", ""))
    response = HttpResponse(body, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{spec.slug}.csv"'
    return response


@login_required
def group_list(request):
    groups = selectors.groups_visible_to(request.user)
    return render(request, "sharing/group_list.html", {
        "groups": groups, "can_create": request.user.can(Perm.SHARING_MANAGE_GROUPS),
    })


def _group_for(user, uuid):
    group = selectors.groups_visible_to(user).filter(uuid=uuid).first()
    if group is None:
        raise Http404
    return group


@login_required
def group_detail(request, uuid):
    group = _group_for(request.user, uuid)
    return render(request, "sharing/group_detail.html", {
        "group": group, "can_edit": selectors.can_manage_group(request.user, group),
    })


@login_required
def group_edit(request, uuid=None):
    if not request.user.can(Perm.SHARING_MANAGE_GROUPS):
        raise PermissionDenied
    group = _group_for(request.user, uuid) if uuid else None
    if group is not None and not selectors.can_manage_group(request.user, group):
        raise PermissionDenied
    form = SharingGroupForm(request.POST or None, instance=group)
    if request.method == "POST" and form.is_valid():
        group = services.sharing_group_save(form=form, user=request.user, request=request)
        messages.success(request, _("Sharing group saved."))
        return redirect("sharing:group-detail", uuid=group.uuid)
    return render(request, "sharing/group_form.html", {"form": form, "group": group})


@login_required
def audit_log(request):
    user = request.user
    if not (user.can(Perm.AUDIT_VIEW_COUNTRY) or user.can(Perm.AUDIT_VIEW_ALL)):
        raise PermissionDenied
    entries = selectors.country_views(user).select_related(None)
    page = Paginator(entries, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "sharing/audit.html", {"page": page, "all": user.can(Perm.AUDIT_VIEW_ALL)})
