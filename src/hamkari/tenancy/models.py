"""Countries, agencies, users and their roles."""

from functools import cached_property

from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.utils.translation import gettext_lazy as _

from hamkari.tenancy.roles import Perm, Role, permissions_for

# The eight states of the Regional Programme for Afghanistan and Neighbouring Countries.
MEMBER_STATES = ("AF", "IR", "KZ", "KG", "PK", "TJ", "TM", "UZ")


class Country(models.Model):
    """An ISO 3166-1 country. Names in other languages come from pycountry's catalogues at display time."""

    iso2 = models.CharField(_("ISO code"), max_length=2, primary_key=True)
    iso3 = models.CharField(max_length=3, unique=True)
    numeric = models.CharField(max_length=3, blank=True)
    name = models.CharField(_("name"), max_length=100)
    is_member = models.BooleanField(_("member state"), default=False, db_index=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("country")
        verbose_name_plural = _("countries")

    def __str__(self):
        from hamkari.tenancy.countries import country_name

        return country_name(self.iso2, self.name)


class AgencyKind(models.TextChoices):
    POLICE = "police", _("Police")
    DRUG_CONTROL = "drug_control", _("Drug control agency")
    CUSTOMS = "customs", _("Customs")
    BORDER_GUARD = "border_guard", _("Border guard")
    SECURITY_SERVICE = "security_service", _("Security service")
    FIU = "fiu", _("Financial intelligence unit")
    PROSECUTION = "prosecution", _("Prosecution")
    CENTRAL_AUTHORITY = "central_authority", _("Central authority for legal cooperation")
    HEALTH_MINISTRY = "health_ministry", _("Ministry of health")
    INTERNATIONAL = "international", _("International or regional body")
    OTHER = "other", _("Other")


class Agency(models.Model):
    """A party on the platform: an agency of a country, or an international body (no country)."""

    code = models.SlugField(_("code"), max_length=32, unique=True, help_text=_("Short stable code, e.g. PK-ANF."))
    name = models.CharField(_("name"), max_length=200)
    local_name = models.CharField(_("name in the national language"), max_length=200, blank=True)
    acronym = models.CharField(_("acronym"), max_length=20, blank=True)
    kind = models.CharField(_("kind"), max_length=32, choices=AgencyKind.choices, default=AgencyKind.OTHER)
    country = models.ForeignKey(
        Country, verbose_name=_("country"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="agencies", help_text=_("Empty for an international body."),
    )
    focal_point = models.ForeignKey(
        "tenancy.User", verbose_name=_("focal point"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["country__name", "name"]
        verbose_name = _("agency")
        verbose_name_plural = _("agencies")

    def __str__(self):
        return f"{self.acronym or self.name} ({self.country_id or _('international')})"

    @property
    def is_international(self) -> bool:
        return self.country_id is None

    @property
    def is_member(self) -> bool:
        """Member agencies see regional records: those of the eight states and the international bodies."""
        return self.is_international or self.country_id in MEMBER_STATES


class HamkariUserManager(UserManager):
    def get_queryset(self):
        return super().get_queryset().select_related("agency")


class User(AbstractUser):
    agency = models.ForeignKey(
        Agency, verbose_name=_("agency"), null=True, blank=True, on_delete=models.PROTECT, related_name="users"
    )
    # Demo accounts skip the second factor; `serve --production` refuses to start while any exist.
    is_demo = models.BooleanField(_("demo account"), default=False, db_index=True)
    language = models.CharField(_("language"), max_length=8, blank=True)

    objects = HamkariUserManager()

    class Meta:
        ordering = ["username"]
        verbose_name = _("user")
        verbose_name_plural = _("users")

    @cached_property
    def roles(self) -> frozenset[Role]:
        if not self.pk:
            return frozenset()
        return frozenset(Role(r) for r in self.role_grants.values_list("role", flat=True))

    @cached_property
    def permissions(self) -> frozenset[Perm]:
        if not self.is_active or self.agency_id is None:
            return frozenset()
        return permissions_for(self.roles)

    def can(self, perm: Perm) -> bool:
        return perm in self.permissions

    def has_role(self, role: Role) -> bool:
        return role in self.roles

    @property
    def role_labels(self) -> list[str]:
        """The user's roles in the interface language, in the order of the role table."""
        return [ROLE_LABELS[r] for r in Role if r in self.roles]

    @property
    def country_id(self) -> str | None:
        return self.agency.country_id if self.agency_id else None

    def forget_roles(self):
        """Drop cached roles after they changed."""
        self.__dict__.pop("roles", None)
        self.__dict__.pop("permissions", None)


class RoleGrant(models.Model):
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="role_grants")
    role = models.CharField(_("role"), max_length=32, choices=[(r.value, r.value) for r in Role])
    granted_at = models.DateTimeField(auto_now_add=True)
    granted_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "role"], name="unique_role_per_user")]

    def __str__(self):
        return f"{self.user} {self.role}"


ROLE_LABELS = {
    Role.REPORTER: _("Reporting officer"),
    Role.ANALYST: _("Analyst"),
    Role.FOCAL_POINT: _("National focal point"),
    Role.LEGAL_OFFICER: _("Legal officer"),
    Role.HEALTH_OFFICER: _("Health officer"),
    Role.TRAINER: _("Trainer"),
    Role.REGIONAL_ANALYST: _("Regional analyst"),
    Role.PROGRAMME_OFFICER: _("Programme officer"),
    Role.ADMINISTRATOR: _("Administrator"),
}

