"""Handling codes, grading, sharing groups, the shareable base and the audit trail."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from hamkari.sharing.visibility import ShareableQuerySet


class Handling(models.TextChoices):
    NATIONAL = "national", _("National: owning country only")
    RESTRICTED = "restricted", _("Restricted: owner and a sharing group")
    REGIONAL = "regional", _("Regional: every member agency")
    PUBLIC = "public", _("Public: may appear in published aggregates")


class Reliability(models.TextChoices):
    A = "A", _("A: reliable")
    B = "B", _("B: usually reliable")
    C = "C", _("C: fairly reliable")
    X = "X", _("X: unknown reliability")


class Accuracy(models.TextChoices):
    ONE = "1", _("1: known to be true")
    TWO = "2", _("2: known personally to the source")
    THREE = "3", _("3: not known personally, corroborated")
    FOUR = "4", _("4: cannot be judged")


class SharingGroup(models.Model):
    """A named set of countries and agencies that restricted records are shared with."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    owner_agency = models.ForeignKey(
        "tenancy.Agency", verbose_name=_("managed by"), on_delete=models.PROTECT, related_name="managed_groups"
    )
    countries = models.ManyToManyField("tenancy.Country", verbose_name=_("member countries"), blank=True)
    agencies = models.ManyToManyField(
        "tenancy.Agency", verbose_name=_("member agencies"), blank=True, related_name="sharing_groups"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("sharing group")
        verbose_name_plural = _("sharing groups")

    def __str__(self):
        return self.name


class Shareable(models.Model):
    """Base of every record that countries share. Read it only through `Model.objects.visible_to(user)`.

    Subclasses set `PERSONAL_DATA = False` when they hold no personal data (coordination records), which
    lets roles without personal-data access (programme officers, trainers) read them under the same rules.
    """

    PERSONAL_DATA = True

    owner_agency = models.ForeignKey(
        "tenancy.Agency", verbose_name=_("owning agency"), on_delete=models.PROTECT, related_name="+"
    )
    # Copied from the owning agency so that the visibility filter needs no join; null = international body.
    owner_country = models.ForeignKey(
        "tenancy.Country", verbose_name=_("owning country"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="+", editable=False,
    )
    handling = models.CharField(
        _("handling code"), max_length=16, choices=Handling.choices, default=Handling.NATIONAL
    )
    sharing_group = models.ForeignKey(
        SharingGroup, verbose_name=_("sharing group"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )
    reliability = models.CharField(_("source reliability"), max_length=1, choices=Reliability.choices, default="X")
    accuracy = models.CharField(_("information accuracy"), max_length=1, choices=Accuracy.choices, default="4")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        editable=False,
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        editable=False,
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("changed"), auto_now=True)

    objects = ShareableQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        self.owner_country_id = self.owner_agency.country_id if self.owner_agency_id else None
        if self.handling != Handling.RESTRICTED:
            self.sharing_group = None
        super().save(*args, **kwargs)


class AuditAction(models.TextChoices):
    LOGIN = "login", _("Logged in")
    LOGIN_FAILED = "login_failed", _("Failed log-in")
    LOGOUT = "logout", _("Logged out")
    VIEW = "view", _("Viewed a record")
    CREATE = "create", _("Created")
    UPDATE = "update", _("Changed")
    DELETE = "delete", _("Deleted")
    EXPORT = "export", _("Exported")
    SHARING = "sharing", _("Changed sharing")
    SEARCH = "search", _("Searched")
    ACCOUNT = "account", _("Changed an account")


class AuditEntry(models.Model):
    """One line of the append-only, hash-chained audit trail. Written only by `sharing.audit.record`."""

    seq = models.PositiveBigIntegerField(unique=True)
    at = models.DateTimeField(db_index=True)
    action = models.CharField(max_length=16, choices=AuditAction.choices, db_index=True)
    # The actor's id is part of the hash, so deleting a user must leave it alone: no cascade, no SET_NULL,
    # no database constraint (the username, agency and country below keep the entry readable).
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.DO_NOTHING,
                              db_constraint=False, related_name="+")
    # Who and from where, copied so the entry stays readable when accounts change.
    actor_username = models.CharField(max_length=150, blank=True)
    actor_agency = models.CharField(max_length=32, blank=True)
    actor_country = models.CharField(max_length=2, blank=True, db_index=True)
    ip = models.GenericIPAddressField(null=True, blank=True)
    object_type = models.CharField(max_length=64, blank=True)
    object_id = models.CharField(max_length=64, blank=True)
    object_country = models.CharField(max_length=2, blank=True, db_index=True)
    object_agency = models.CharField(max_length=32, blank=True)
    detail = models.JSONField(default=dict, blank=True)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)

    class Meta:
        ordering = ["seq"]
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")
        indexes = [models.Index(fields=["object_country", "action", "at"])]

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise PermissionError("audit entries are append-only")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("audit entries are append-only")


class AuditHead(models.Model):
    """The last sequence number and hash, updated with each entry: catches a removed tail of the chain."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    seq = models.PositiveBigIntegerField(default=0)
    hash = models.CharField(max_length=64, default="0" * 64)
