"""Incidents, their seizure lines and route, their edit history, drafts and file imports.

An incident is reported once (form, file or API) and reused: for the region, for national statistics and for
the UNODC individual drug seizure (IDS) submission. Vocabularies that are not database choices (substances,
units, conversions, UNODC country names) live in `incidents/vocab/`, plain Python.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from hamkari.sharing.models import Shareable


class DatePrecision(models.TextChoices):
    DAY = "day", _("Day")
    MONTH = "month", _("Month")
    YEAR = "year", _("Year")


class GeoPrecision(models.TextChoices):
    EXACT = "exact", _("Exact")
    SETTLEMENT = "settlement", _("Settlement")
    DISTRICT = "district", _("District")
    PROVINCE = "province", _("Province")
    COUNTRY = "country", _("Country")


class LocationType(models.TextChoices):
    BORDER_CROSSING = "border_crossing", _("Border crossing point")
    AIRPORT = "airport", _("Airport")
    SEAPORT = "seaport", _("Seaport")
    POSTAL = "postal", _("Postal or courier hub")
    ROAD = "road", _("Road")
    RAIL = "rail", _("Rail")
    INLAND = "inland", _("Inland premises")
    MARITIME = "maritime", _("Maritime")
    UNKNOWN = "unknown", _("Unknown")


class CrimeArea(models.TextChoices):
    DRUGS = "drugs", _("Drug trafficking")
    PRECURSORS = "precursors", _("Precursors")
    FIREARMS = "firearms", _("Firearms")
    TRAFFICKING_IN_PERSONS = "tip", _("Trafficking in persons")
    SMUGGLING_OF_MIGRANTS = "som", _("Smuggling of migrants")
    CYBERCRIME = "cyber", _("Cybercrime")
    MONEY_LAUNDERING = "aml", _("Money laundering and illicit financial flows")
    OTHER = "other", _("Other")


class TransportMode(models.TextChoices):
    ROAD = "road", _("Road")
    RAIL = "rail", _("Rail")
    AIR = "air", _("Air")
    SEA = "sea", _("Sea or river")
    POST = "post", _("Post or courier")
    PEDESTRIAN = "pedestrian", _("On foot")
    ANIMAL = "animal", _("Pack animal")
    OTHER = "other", _("Other")
    UNKNOWN = "unknown", _("Unknown")


class Concealment(models.TextChoices):
    BODY = "body", _("On or in the body")
    LUGGAGE = "luggage", _("Luggage")
    VEHICLE = "vehicle", _("Vehicle compartment")
    CARGO = "cargo", _("Cargo or freight")
    PARCEL = "parcel", _("Parcel or mail item")
    PREMISES = "premises", _("Premises or storage")
    NONE = "none", _("Not concealed")
    OTHER = "other", _("Other")
    UNKNOWN = "unknown", _("Unknown")


class SourceType(models.TextChoices):
    SEIZURE_REPORT = "seizure_report", _("Seizure report")
    INVESTIGATION = "investigation", _("Investigation")
    INTELLIGENCE = "intelligence", _("Intelligence")
    FORENSIC = "forensic", _("Forensic analysis")
    OPEN_SOURCE = "open_source", _("Open source")
    FILE_IMPORT = "file_import", _("File import")
    OTHER = "other", _("Other")


class Verification(models.TextChoices):
    UNVERIFIED = "unverified", _("Not verified")
    VERIFIED = "verified", _("Verified")
    DISPUTED = "disputed", _("Disputed")


class Incident(Shareable):
    # Indexes: every one slows imports, so each is chosen in Meta.indexes rather than by db_index. On PostgreSQL
    # db_index on a CharField (or a foreign key to the ISO-code country) adds a second, LIKE-pattern index that
    # no query here uses; the owner's agency and country, and the country, lead composite indexes instead.
    owner_agency = models.ForeignKey(
        "tenancy.Agency", verbose_name=_("owning agency"), on_delete=models.PROTECT, related_name="+", db_index=False
    )
    owner_country = models.ForeignKey(
        "tenancy.Country", verbose_name=_("owning country"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="+", editable=False, db_index=False,
    )
    national_reference = models.CharField(_("national reference"), max_length=100, blank=True)
    occurred_on = models.DateField(_("date"), null=True, blank=True, db_index=True,
                                   help_text=_("With month or year precision, the first day of the period."))
    date_precision = models.CharField(_("date precision"), max_length=8, choices=DatePrecision.choices,
                                      default=DatePrecision.DAY)
    # Where: the country of the incident (the seizing country) may differ from the owner's for liaison officers.
    country = models.ForeignKey("tenancy.Country", verbose_name=_("country"), null=True, blank=True,
                                on_delete=models.PROTECT, related_name="+", db_index=False)
    admin1 = models.CharField(_("province or region"), max_length=200, blank=True)
    admin2 = models.CharField(_("district"), max_length=200, blank=True)
    place_name = models.CharField(_("place, as written"), max_length=200, blank=True)
    place = models.ForeignKey("places.Place", verbose_name=_("gazetteer place"), null=True, blank=True,
                              on_delete=models.SET_NULL, related_name="+")
    latitude = models.FloatField(_("latitude"), null=True, blank=True)
    longitude = models.FloatField(_("longitude"), null=True, blank=True)
    geo_precision = models.CharField(_("location precision"), max_length=12, choices=GeoPrecision.choices,
                                     default=GeoPrecision.COUNTRY)
    location_type = models.CharField(_("location type"), max_length=20, choices=LocationType.choices,
                                     default=LocationType.UNKNOWN)
    border_crossing = models.ForeignKey("places.Place", verbose_name=_("border crossing point"), null=True,
                                        blank=True, on_delete=models.SET_NULL, related_name="+",
                                        limit_choices_to={"kind": "crossing"})
    crime_area = models.CharField(_("crime area"), max_length=12, choices=CrimeArea.choices,
                                  default=CrimeArea.DRUGS)
    narrative = models.TextField(_("narrative"), blank=True)
    # Route; transit countries are ordered rows of RouteTransit.
    producing_country = models.ForeignKey("tenancy.Country", verbose_name=_("producing country"), null=True,
                                          blank=True, on_delete=models.PROTECT, related_name="+", db_index=False)
    departure_country = models.ForeignKey("tenancy.Country", verbose_name=_("departure country"), null=True,
                                          blank=True, on_delete=models.PROTECT, related_name="+", db_index=False)
    destination_country = models.ForeignKey("tenancy.Country", verbose_name=_("destination country"), null=True,
                                            blank=True, on_delete=models.PROTECT, related_name="+",
                                            db_index=False)
    transport_mode = models.CharField(_("transport"), max_length=12, choices=TransportMode.choices,
                                      default=TransportMode.UNKNOWN)
    conveyance = models.CharField(_("conveyance"), max_length=200, blank=True,
                                  help_text=_("For example: truck, bus, flight number, vessel name."))
    concealment = models.CharField(_("concealment"), max_length=12, choices=Concealment.choices,
                                   default=Concealment.UNKNOWN)
    concealment_detail = models.CharField(_("concealment method"), max_length=300, blank=True)
    persons_arrested = models.PositiveIntegerField(_("persons arrested"), null=True, blank=True)
    source_type = models.CharField(_("source"), max_length=16, choices=SourceType.choices,
                                   default=SourceType.SEIZURE_REPORT)
    verification = models.CharField(_("verification"), max_length=12, choices=Verification.choices,
                                    default=Verification.UNVERIFIED)
    # Values as they came from an imported file (column -> text), so an IDS export gives them back unchanged.
    source_values = models.JSONField(default=dict, blank=True, editable=False)
    import_batch = models.ForeignKey("incidents.ImportBatch", null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="incidents", editable=False)
    # Idempotent imports: hash of (agency, format, normalised row, n-th identical row in its file).
    import_key = models.CharField(max_length=64, null=True, blank=True, editable=False)
    possible_duplicate = models.BooleanField(_("possible duplicate"), default=False)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        ordering = ["-occurred_on", "-id"]
        verbose_name = _("incident")
        verbose_name_plural = _("incidents")
        constraints = [
            models.UniqueConstraint(fields=["owner_agency", "import_key"], name="incident_import_key_unique"),
        ]
        indexes = [
            models.Index(fields=["country", "occurred_on"]),
            models.Index(fields=["owner_country", "handling", "occurred_on"]),
            models.Index(fields=["national_reference"]),
            models.Index(fields=["crime_area"]),
            models.Index(fields=["producing_country"]),
            models.Index(fields=["departure_country"]),
            models.Index(fields=["destination_country"]),
        ]

    def __str__(self):
        return self.national_reference or f"#{self.pk}"

    @property
    def title(self):
        return str(self)

    def transit_countries(self):
        return [t.country for t in self.transits.all()]


class RouteTransit(models.Model):
    """One transit country of an incident's route, in order. Read only through a visible incident."""

    # The unique (incident, position) constraint is the incident's index; the country gets a plain one.
    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="transits", db_index=False)
    position = models.PositiveSmallIntegerField()
    country = models.ForeignKey("tenancy.Country", on_delete=models.PROTECT, related_name="+", db_index=False)

    class Meta:
        ordering = ["incident_id", "position"]
        constraints = [models.UniqueConstraint(fields=["incident", "position"], name="transit_position_unique")]
        indexes = [models.Index(fields=["country"])]


class Unit(models.TextChoices):
    KG = "kg", _("kg")
    G = "g", _("g")
    L = "l", _("litre")
    ML = "ml", _("ml")
    TABLET = "tablet", _("tablet")
    PLANT = "plant", _("plant")
    UNIT = "unit", _("unit")


class Seizure(Shareable):
    """One substance seized in an incident. Its owner and handling always follow the incident's."""

    # Plain indexes only (see Incident): (substance, incident) serves substance filters.
    owner_country = models.ForeignKey(
        "tenancy.Country", verbose_name=_("owning country"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="+", editable=False, db_index=False,
    )
    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="seizures")
    position = models.PositiveSmallIntegerField(default=0)
    substance = models.CharField(_("substance"), max_length=40)  # code in incidents/vocab
    substance_group = models.CharField(_("substance group"), max_length=20)
    drug_name_as_reported = models.CharField(_("drug name as reported"), max_length=200, blank=True)
    amount = models.DecimalField(_("amount"), max_digits=18, decimal_places=4)
    unit = models.CharField(_("unit"), max_length=8, choices=Unit.choices)
    purity = models.DecimalField(_("purity (%)"), max_digits=5, decimal_places=2, null=True, blank=True)
    price = models.DecimalField(_("price"), max_digits=18, decimal_places=2, null=True, blank=True)
    currency = models.CharField(_("currency"), max_length=3, blank=True)
    amount_kg = models.DecimalField(_("kilogram equivalent"), max_digits=18, decimal_places=4, null=True,
                                    blank=True, editable=False)
    conversion_rule = models.CharField(max_length=40, blank=True, editable=False)

    class Meta:
        ordering = ["incident_id", "position", "id"]
        verbose_name = _("seizure")
        verbose_name_plural = _("seizures")
        indexes = [models.Index(fields=["substance", "incident"]), models.Index(fields=["substance_group"]),
                   models.Index(fields=["owner_country", "handling"])]

    def __str__(self):
        return f"{self.amount} {self.unit} {self.substance}"

    @property
    def title(self):
        return str(self)

    @classmethod
    def matrix_example(cls, *, owner_agency, handling, sharing_group, token):
        incident = Incident.objects.create(owner_agency=owner_agency, handling=handling,
                                           sharing_group=sharing_group, national_reference=f"Matrix {token}")
        return cls(incident=incident, owner_agency=owner_agency, handling=handling, sharing_group=sharing_group,
                   substance="heroin", substance_group="opiates", drug_name_as_reported=f"Matrix {token}",
                   amount=1, unit="kg", amount_kg=1)


class IncidentVersion(models.Model):
    """Edit history: the incident as it was after each change, and what changed. Read through the incident."""

    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="versions")
    version = models.PositiveIntegerField()
    changed_at = models.DateTimeField(auto_now_add=True)
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    snapshot = models.JSONField(default=dict)
    changes = models.JSONField(default=dict)  # field -> [before, after]

    class Meta:
        ordering = ["incident_id", "-version"]
        constraints = [models.UniqueConstraint(fields=["incident", "version"], name="incident_version_unique")]


class IncidentDraft(models.Model):
    """A report form saved before submission. Not a record: only its author sees it, nothing is shared."""

    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="incident_drafts")
    agency = models.ForeignKey("tenancy.Agency", on_delete=models.CASCADE, related_name="+")
    incident = models.ForeignKey(Incident, null=True, blank=True, on_delete=models.CASCADE, related_name="+",
                                 help_text="Set when the draft edits an existing incident.")
    data = models.JSONField(default=dict)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-updated_at"]


class ImportFormat(models.TextChoices):
    HAMKARI = "hamkari", _("Hamkari template")
    IDS = "ids", _("UNODC individual drug seizures")


class ImportStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    DONE = "done", _("Imported")
    CHECKED = "checked", _("Checked (dry run)")
    FAILED = "failed", _("Failed")


class ImportBatch(models.Model):
    """One uploaded file and what became of each row. Seen by the importing agency's users only."""

    agency = models.ForeignKey("tenancy.Agency", on_delete=models.PROTECT, related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    format = models.CharField(_("format"), max_length=10, choices=ImportFormat.choices)
    handling = models.CharField(_("handling code"), max_length=16)
    sharing_group = models.ForeignKey("sharing.SharingGroup", null=True, blank=True, on_delete=models.PROTECT,
                                      related_name="+")
    dry_run = models.BooleanField(_("dry run"), default=False)
    filename = models.CharField(_("file"), max_length=255)
    stored_path = models.CharField(max_length=500, blank=True)  # under VAR_DIR/imports, outside the web root
    size = models.PositiveBigIntegerField(default=0)
    sha256 = models.CharField(max_length=64, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=ImportStatus.choices,
                              default=ImportStatus.QUEUED, db_index=True)
    message = models.TextField(blank=True)
    encoding = models.CharField(max_length=32, blank=True)
    rows_total = models.PositiveIntegerField(default=0)
    rows_done = models.PositiveIntegerField(default=0)
    rows_imported = models.PositiveIntegerField(default=0)
    rows_unchanged = models.PositiveIntegerField(default=0)
    rows_rejected = models.PositiveIntegerField(default=0)
    rows_duplicate = models.PositiveIntegerField(default=0)
    # [{"row": n, "column": name, "reason": text, "value": text}], also downloadable as CSV.
    problems = models.JSONField(default=list, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("import")
        verbose_name_plural = _("imports")

    def __str__(self):
        return self.filename
