"""Agencies, countries and users. Thin: reads through selectors, writes through services.

Access: every logged-in user may read the agency directory. A user's account pages are found only among
the users one may manage (`users_manageable_by`), so guessing another agency's user URL gives 404; an
agency page is visible to all, so refusing an action on it gives 403.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hamkari.tenancy import selectors, services
from hamkari.tenancy.forms import AgencyForm, FocalPointForm, UserCreateForm, UserEditForm
from hamkari.tenancy.models import ROLE_LABELS, Country
from hamkari.tenancy.roles import Perm, Role

# The one-time password is handed from the create view to the page that shows it through the session,
# so a reload or the browser history never shows it again.
_ONE_TIME_KEY = "tenancy_one_time_password"


def _agency_or_404(user, code):
    return get_object_or_404(selectors.agencies_visible_to(user), code=code)


def _managed_user_or_404(user, pk):
    target = selectors.users_manageable_by(user).filter(pk=pk).first()
    if target is None:
        raise Http404
    return target


def _form_errors(form, exc: ValidationError):
    for message in exc.messages:
        form.add_error(None, message)


@login_required
def agency_list(request):
    country = (request.GET.get("country") or "").strip().upper()[:2]
    agencies = selectors.agency_directory(request.user, country or None)
    countries = Country.objects.filter(agencies__isnull=False).distinct().order_by("-is_member", "name")
    return render(request, "tenancy/agency_list.html", {
        "agencies": agencies, "countries": countries, "country": country,
        "can_create": request.user.can(Perm.AGENCIES_MANAGE),
    })


@login_required
def country_list(request):
    return render(request, "tenancy/country_list.html", {"countries": selectors.countries_with_agency_counts()})


@login_required
def agency_detail(request, code):
    agency = _agency_or_404(request.user, code)
    can_manage = selectors.can_manage_users_of(request.user, agency)
    rows = []
    if can_manage:
        without = set(selectors.users_without_second_factor(agency).values_list("pk", flat=True))
        for u in selectors.users_of_agency(agency):
            granted = {g.role for g in u.role_grants.all()}
            rows.append({
                "user": u,
                "roles": [ROLE_LABELS[r] for r in Role if r.value in granted],
                # Demo accounts skip the second factor; inactive accounts cannot log in anyway.
                "second_factor": None if (u.is_demo or not u.is_active) else u.pk not in without,
            })
    return render(request, "tenancy/agency_detail.html", {
        "agency": agency, "can_manage": can_manage, "rows": rows,
        "can_edit": request.user.can(Perm.AGENCIES_MANAGE),
    })


@login_required
def agency_create(request):
    if not request.user.can(Perm.AGENCIES_MANAGE):
        raise PermissionDenied
    form = AgencyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            agency = services.agency_create(
                code=d["code"], name=d["name"], country=d["country"], kind=d["kind"], acronym=d["acronym"],
                local_name=d["local_name"], by=request.user, request=request)
        except ValidationError as exc:
            _form_errors(form, exc)
        else:
            messages.success(request, _("Agency %(name)s added.") % {"name": agency.name})
            return redirect("tenancy:agency-detail", agency.code)
    return render(request, "tenancy/agency_form.html", {"form": form, "agency": None})


@login_required
def agency_edit(request, code):
    agency = _agency_or_404(request.user, code)
    if not request.user.can(Perm.AGENCIES_MANAGE):
        raise PermissionDenied
    # The form gets its own copy: a bound ModelForm writes into its instance while validating.
    form = AgencyForm(request.POST or None, instance=_agency_or_404(request.user, code))
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            services.agency_update(agency=agency, by=request.user, request=request, **{
                f: d[f] for f in ("name", "local_name", "acronym", "kind", "country", "is_active")})
        except ValidationError as exc:
            _form_errors(form, exc)
        else:
            messages.success(request, _("Agency saved."))
            return redirect("tenancy:agency-detail", agency.code)
    return render(request, "tenancy/agency_form.html", {"form": form, "agency": agency})


@login_required
def agency_focal_point(request, code):
    agency = _agency_or_404(request.user, code)
    if not selectors.can_manage_users_of(request.user, agency):
        raise PermissionDenied
    form = FocalPointForm(request.POST or None, agency=agency, initial={"focal_point": agency.focal_point})
    if request.method == "POST" and form.is_valid():
        try:
            services.agency_set_focal_point(agency=agency, user=form.cleaned_data["focal_point"],
                                            by=request.user, request=request)
        except ValidationError as exc:
            _form_errors(form, exc)
        else:
            messages.success(request, _("Focal point saved."))
            return redirect("tenancy:agency-detail", agency.code)
    return render(request, "tenancy/focal_point_form.html", {"form": form, "agency": agency})


@login_required
def user_create(request, code):
    agency = _agency_or_404(request.user, code)
    if not selectors.can_manage_users_of(request.user, agency):
        raise PermissionDenied
    form = UserCreateForm(request.POST or None, by=request.user)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            user, password = services.user_create(
                username=d["username"], agency=agency, roles=d["roles"], email=d["email"],
                full_name=d["full_name"], by=request.user, request=request)
        except ValidationError as exc:
            _form_errors(form, exc)
        else:
            request.session[_ONE_TIME_KEY] = {"user": user.pk, "password": password}
            return redirect("tenancy:user-created", user.pk)
    return render(request, "tenancy/user_form.html", {"form": form, "agency": agency, "target": None})


@login_required
def user_created(request, pk):
    target = _managed_user_or_404(request.user, pk)
    handed = request.session.pop(_ONE_TIME_KEY, None)
    password = handed["password"] if handed and handed.get("user") == target.pk else None
    response = render(request, "tenancy/user_created.html", {"target": target, "password": password})
    response["Cache-Control"] = "no-store"
    return response


@login_required
def user_edit(request, pk):
    target = _managed_user_or_404(request.user, pk)
    target.forget_roles()
    form = UserEditForm(request.POST or None, by=request.user,
                        initial={"roles": [r.value for r in target.roles], "is_active": target.is_active})
    if target.pk == request.user.pk:
        form.fields["is_active"].disabled = True  # one cannot deactivate oneself
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        roles = set(d["roles"])
        if not request.user.can(Perm.AGENCIES_MANAGE) and Role.ADMINISTRATOR in target.roles:
            raise PermissionDenied
        try:
            with transaction.atomic():
                services.user_set_roles(user=target, roles=roles, by=request.user, request=request)
                if d["is_active"] and not target.is_active:
                    services.user_reactivate(user=target, by=request.user, request=request)
                elif not d["is_active"] and target.is_active:
                    services.user_deactivate(user=target, by=request.user, request=request)
        except ValidationError as exc:
            _form_errors(form, exc)
        else:
            messages.success(request, _("Account %(username)s saved.") % {"username": target.username})
            return redirect("tenancy:agency-detail", target.agency.code) if target.agency_id else redirect(
                "tenancy:agency-list")
    return render(request, "tenancy/user_form.html", {"form": form, "agency": target.agency, "target": target})


@login_required
@require_POST
def user_reset_otp(request, pk):
    target = _managed_user_or_404(request.user, pk)
    if Role.ADMINISTRATOR in target.roles and not request.user.can(Perm.AGENCIES_MANAGE):
        raise PermissionDenied
    # Lazy: the accounts app owns second factors and imports from tenancy, not the other way round.
    from hamkari.accounts.services import reset_second_factor

    reset_second_factor(user=target, by=request.user, request=request)
    messages.success(request, _("The second factor of %(username)s was reset. They will set up a new one at "
                                "their next log-in.") % {"username": target.username})
    return redirect("tenancy:user-edit", target.pk)
