"""Reads for countries, agencies and users."""

from django.db.models import Count, Exists, OuterRef, Q
from django.urls import reverse
from django.utils.translation import gettext as _

from hamkari.tenancy.models import Agency, Country, User
from hamkari.tenancy.roles import Perm


def users_without_second_factor(agency):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    confirmed = TOTPDevice.objects.filter(user=OuterRef("pk"), confirmed=True)
    return User.objects.filter(agency=agency, is_active=True, is_demo=False).exclude(Exists(confirmed))


def agency_todo(agency):
    """(text, url) lines for a focal point: what needs doing in their agency."""
    url = reverse("tenancy:agency-detail", args=[agency.code])
    todo = []
    for u in users_without_second_factor(agency)[:10]:
        todo.append((_("%(user)s has not set up a second factor yet") % {"user": u.username}, url))
    if agency.focal_point_id is None:
        todo.append((_("Your agency has no focal point on record"), url))
    return todo


def platform_todo():
    """(text, url) lines for administrators."""
    todo = []
    for a in Agency.objects.filter(is_active=True, focal_point__isnull=True).select_related("country")[:15]:
        todo.append((_("%(agency)s has no focal point") % {"agency": a.name},
                     reverse("tenancy:agency-detail", args=[a.code])))
    without = Country.objects.filter(is_member=True).annotate(
        n=Count("agencies", filter=Q(agencies__is_active=True))).filter(n=0)
    for c in without:
        todo.append((_("%(country)s has no agency yet") % {"country": c}, reverse("tenancy:agency-list")))
    return todo


def participation_summary():
    """One line per member state: agencies and active users. Aggregates only, no personal data."""
    lines = []
    for c in Country.objects.filter(is_member=True).annotate(
        agencies_n=Count("agencies", filter=Q(agencies__is_active=True), distinct=True),
        users_n=Count("agencies__users", filter=Q(agencies__users__is_active=True), distinct=True),
    ):
        lines.append(_("%(country)s: agencies %(agencies)s, active users %(users)s")
                     % {"country": c, "agencies": c.agencies_n, "users": c.users_n})
    return lines


def agencies_visible_to(user):
    """Every user may see the directory of agencies (names and kinds are not sensitive)."""
    return Agency.objects.select_related("country", "focal_point")


def users_manageable_by(user):
    if user.can(Perm.AGENCIES_MANAGE):
        return User.objects.all()
    if user.can(Perm.USERS_MANAGE_AGENCY) and user.agency_id:
        return User.objects.filter(agency_id=user.agency_id)
    return User.objects.none()


def can_manage_users_of(user, agency) -> bool:
    """Administrators manage every agency's users; focal points only their own agency's."""
    if user.can(Perm.AGENCIES_MANAGE):
        return True
    return agency is not None and user.can(Perm.USERS_MANAGE_AGENCY) and user.agency_id == agency.pk


def agency_directory(user, country: str | None = None):
    """The agency list: member states' agencies first, then international bodies, then everyone else; with the
    number of active users."""
    from django.db.models import Case, IntegerField, Value, When

    qs = agencies_visible_to(user).annotate(
        users_n=Count("users", filter=Q(users__is_active=True)),
        group=Case(
            When(country__is_member=True, then=Value(0)),
            When(country__isnull=True, then=Value(1)),
            default=Value(2), output_field=IntegerField(),
        ),
    ).order_by("group", "country__name", "name")
    if country:
        qs = qs.filter(country_id=country.upper())
    return qs


def users_of_agency(agency):
    return User.objects.filter(agency=agency).prefetch_related("role_grants").order_by("username")


def countries_with_agency_counts():
    """Every ISO 3166 country, member states first, with the number of active agencies."""
    return Country.objects.annotate(
        agencies_n=Count("agencies", filter=Q(agencies__is_active=True))).order_by("-is_member", "name")
