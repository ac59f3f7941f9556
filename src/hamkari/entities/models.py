"""Persons, organizations, vehicles, phones, identity documents, bank accounts and addresses, and their roles
in incidents.

Each is a shareable record of one agency. Identifier records (vehicle, phone, document, account) carry a
deterministic `key` from `entities/keys.py`, unique per agency: the same phone typed three ways is one record.
Persons and organizations are never merged (DESIGN rule 4); matching links them across agencies.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from hamkari.incidents.models import DatePrecision
from hamkari.sharing.models import Shareable


class Gender(models.TextChoices):
    MALE = "m", _("Male")
    FEMALE = "f", _("Female")
    UNKNOWN = "u", _("Unknown")


class Person(Shareable):
    name = models.CharField(_("name, as written"), max_length=300)
    script = models.CharField(_("script"), max_length=10, blank=True, editable=False)
    father_name = models.CharField(_("father's name"), max_length=200, blank=True)
    birth_date = models.DateField(_("birth date"), null=True, blank=True)
    birth_date_precision = models.CharField(_("birth date precision"), max_length=8,
                                            choices=DatePrecision.choices, default=DatePrecision.DAY)
    birth_place = models.CharField(_("place of birth"), max_length=200, blank=True)
    nationality = models.ForeignKey("tenancy.Country", verbose_name=_("nationality"), null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="+")
    gender = models.CharField(_("gender"), max_length=1, choices=Gender.choices, default=Gender.UNKNOWN)

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("person")
        verbose_name_plural = _("persons")

    def __str__(self):
        return self.name


class NameKind(models.TextChoices):
    ALIAS = "alias", _("Alias")
    TRANSLITERATION = "translit", _("Transliteration")


class PersonName(models.Model):
    """Another name of a person: an alias as reported, or a transliteration (given or generated)."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="other_names")
    name = models.CharField(_("name"), max_length=300)
    kind = models.CharField(_("kind"), max_length=10, choices=NameKind.choices, default=NameKind.ALIAS)
    script = models.CharField(max_length=10, blank=True)
    generated = models.BooleanField(default=False)

    class Meta:
        ordering = ["person_id", "kind", "id"]


class Organization(Shareable):
    name = models.CharField(_("name, as written"), max_length=300)
    aliases = models.JSONField(_("other names"), default=list, blank=True)
    country = models.ForeignKey("tenancy.Country", verbose_name=_("country"), null=True, blank=True,
                                on_delete=models.PROTECT, related_name="+")
    registration_number = models.CharField(_("registration number"), max_length=100, blank=True)

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("organization")
        verbose_name_plural = _("organizations")

    def __str__(self):
        return self.name


class IdentifierRecord(Shareable):
    """An entity identified by a canonical key (unique per owning agency)."""

    key = models.CharField(max_length=120, editable=False, db_index=True)

    class Meta:
        abstract = True


class Vehicle(IdentifierRecord):
    plate = models.CharField(_("plate, as written"), max_length=40, blank=True)
    registration_country = models.ForeignKey("tenancy.Country", verbose_name=_("registration country"),
                                             null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    vin = models.CharField(_("VIN"), max_length=17, blank=True)
    make = models.CharField(_("make"), max_length=60, blank=True)
    model = models.CharField(_("model"), max_length=60, blank=True)

    class Meta:
        ordering = ["key"]
        verbose_name = _("vehicle")
        verbose_name_plural = _("vehicles")
        constraints = [models.UniqueConstraint(fields=["owner_agency", "key"], name="vehicle_key_unique")]

    def __str__(self):
        return self.plate or self.vin


class Phone(IdentifierRecord):
    number = models.CharField(_("number, as written"), max_length=40, blank=True)
    e164 = models.CharField(_("number (E.164)"), max_length=20, blank=True, db_index=True)
    imei = models.CharField(_("IMEI"), max_length=16, blank=True)

    class Meta:
        ordering = ["key"]
        verbose_name = _("phone")
        verbose_name_plural = _("phones")
        constraints = [models.UniqueConstraint(fields=["owner_agency", "key"], name="phone_key_unique")]

    def __str__(self):
        return self.e164 or self.number or self.imei


class DocumentKind(models.TextChoices):
    PASSPORT = "passport", _("Passport")
    NATIONAL_ID = "national_id", _("National identity card")
    DRIVING_LICENCE = "driving_licence", _("Driving licence")
    RESIDENCE_PERMIT = "residence_permit", _("Residence permit")
    TAZKIRA = "tazkira", _("Tazkira")
    OTHER = "other", _("Other")


class IdentityDocument(IdentifierRecord):
    kind = models.CharField(_("kind"), max_length=20, choices=DocumentKind.choices, default=DocumentKind.PASSPORT)
    number = models.CharField(_("number, as written"), max_length=60)
    issuing_country = models.ForeignKey("tenancy.Country", verbose_name=_("issuing country"), null=True,
                                        blank=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["key"]
        verbose_name = _("identity document")
        verbose_name_plural = _("identity documents")
        constraints = [models.UniqueConstraint(fields=["owner_agency", "key"], name="document_key_unique")]

    def __str__(self):
        return self.number


class BankAccount(IdentifierRecord):
    iban = models.CharField(_("IBAN"), max_length=42, blank=True)
    account_number = models.CharField(_("account number"), max_length=60, blank=True)
    bank_name = models.CharField(_("bank"), max_length=200, blank=True)
    country = models.ForeignKey("tenancy.Country", verbose_name=_("country"), null=True, blank=True,
                                on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["key"]
        verbose_name = _("bank account")
        verbose_name_plural = _("bank accounts")
        constraints = [models.UniqueConstraint(fields=["owner_agency", "key"], name="account_key_unique")]

    def __str__(self):
        return self.iban or self.account_number


class Address(Shareable):
    text = models.CharField(_("address, as written"), max_length=500)
    country = models.ForeignKey("tenancy.Country", verbose_name=_("country"), null=True, blank=True,
                                on_delete=models.PROTECT, related_name="+")
    place = models.ForeignKey("places.Place", verbose_name=_("gazetteer place"), null=True, blank=True,
                              on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["text", "id"]
        verbose_name = _("address")
        verbose_name_plural = _("addresses")

    def __str__(self):
        return self.text


class InvolvementRole(models.TextChoices):
    SUSPECT = "suspect", _("Suspect")
    COURIER = "courier", _("Courier")
    OWNER = "owner", _("Owner")
    DRIVER = "driver", _("Driver")
    SENDER = "sender", _("Sender")
    RECIPIENT = "recipient", _("Recipient")
    VEHICLE_USED = "vehicle_used", _("Vehicle used")
    PHONE_USED = "phone_used", _("Phone used")
    ACCOUNT_USED = "account_used", _("Account used")
    DOCUMENT_USED = "document_used", _("Document used")
    LOCATION = "location", _("Location")
    OTHER = "other", _("Other")


# Involvement has one foreign key per entity kind; exactly one is set.
ENTITY_FIELDS = {
    "person": Person, "organization": Organization, "vehicle": Vehicle, "phone": Phone,
    "document": IdentityDocument, "account": BankAccount, "address": Address,
}


def _exactly_one_entity():
    q = models.Q()
    for field in ENTITY_FIELDS:
        q |= models.Q(**{f"{field}__isnull": False}) & models.Q(
            **{f"{other}__isnull": True for other in ENTITY_FIELDS if other != field})
    return q


class Involvement(Shareable):
    """An entity's role in an incident. Its owner and handling follow the incident's."""

    incident = models.ForeignKey("incidents.Incident", on_delete=models.CASCADE, related_name="involvements")
    role = models.CharField(_("role"), max_length=16, choices=InvolvementRole.choices)
    person = models.ForeignKey(Person, null=True, blank=True, on_delete=models.CASCADE, related_name="involvements")
    organization = models.ForeignKey(Organization, null=True, blank=True, on_delete=models.CASCADE,
                                     related_name="involvements")
    vehicle = models.ForeignKey(Vehicle, null=True, blank=True, on_delete=models.CASCADE,
                                related_name="involvements")
    phone = models.ForeignKey(Phone, null=True, blank=True, on_delete=models.CASCADE, related_name="involvements")
    document = models.ForeignKey(IdentityDocument, null=True, blank=True, on_delete=models.CASCADE,
                                 related_name="involvements")
    account = models.ForeignKey(BankAccount, null=True, blank=True, on_delete=models.CASCADE,
                                related_name="involvements")
    address = models.ForeignKey(Address, null=True, blank=True, on_delete=models.CASCADE,
                                related_name="involvements")
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        ordering = ["incident_id", "id"]
        verbose_name = _("involvement")
        verbose_name_plural = _("involvements")
        constraints = [
            models.CheckConstraint(condition=_exactly_one_entity(), name="involvement_exactly_one_entity"),
        ]

    def __str__(self):
        return f"{self.get_role_display()}: {self.entity}"

    @property
    def title(self):
        return str(self)

    @property
    def entity_field(self):
        return next(f for f in ENTITY_FIELDS if getattr(self, f"{f}_id"))

    @property
    def entity(self):
        return getattr(self, self.entity_field)

    @classmethod
    def matrix_example(cls, *, owner_agency, handling, sharing_group, token):
        from hamkari.incidents.models import Incident

        incident = Incident.objects.create(owner_agency=owner_agency, handling=handling,
                                           sharing_group=sharing_group, national_reference=f"Matrix {token}")
        person = Person.objects.create(owner_agency=owner_agency, handling=handling, sharing_group=sharing_group,
                                       name=f"Matrix {token}")
        return cls(incident=incident, owner_agency=owner_agency, handling=handling, sharing_group=sharing_group,
                   role=InvolvementRole.SUSPECT, person=person, note=f"Matrix {token}")
