"""The platform side of matching: the key index, hits, disclosure requests and judgements.

- `MatchRecord`: one per matchable entity, its engine Record as JSON and a fingerprint, so an entity saved
  again without a change to what matching reads is not scored again.
- `MatchKey`: the blocking keys, one row per (key, entity), indexed on `key`: the candidates of a new entity
  are one indexed query `key IN (...)` joined to their MatchRecord. The owner's agency, country and handling
  are copied onto each row so that candidates of the same agency are left out inside that query.
- `CappedKey`: keys found on more than `MATCH_KEY_CAP` entities. They stop producing candidates (a name key
  such as "mohammad" would otherwise bring half the index); administrators see them in `hamkari match status`.
- `Hit`: a pair of entities of two agencies that scored above the threshold, with the access data of both
  sides (DESIGN rule 3: listing hits needs no joins), the score, its band and the engine's explanation.
- `DisclosureRequest`: a request to see the other side of a hit, and the owner's decision.
- `Judgement`: an analyst's verdict on a pair; never deleted, the latest one per pair counts (rule 4).
- `OptOut`: records whose owner took them out of matching (DESIGN rule 2: a national record takes part in
  hit/no-hit matching "unless the owner opts out"). They are not indexed and give no hits.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

# The entity kinds that take part in matching (addresses do not) and their model, "app_label.Model".
MATCHABLE = {
    "person": "entities.Person",
    "organization": "entities.Organization",
    "phone": "entities.Phone",
    "vehicle": "entities.Vehicle",
    "document": "entities.IdentityDocument",
    "account": "entities.BankAccount",
}
KIND_CHOICES = [(k, k) for k in MATCHABLE]


class AccessData(models.Model):
    """The owner's agency, country, handling code and sharing group of an entity, copied from it."""

    owner_agency = models.ForeignKey("tenancy.Agency", on_delete=models.CASCADE, related_name="+")
    owner_country = models.ForeignKey("tenancy.Country", null=True, blank=True, on_delete=models.PROTECT,
                                      related_name="+")
    handling = models.CharField(max_length=16)
    sharing_group = models.ForeignKey("sharing.SharingGroup", null=True, blank=True, on_delete=models.SET_NULL,
                                      related_name="+")

    class Meta:
        abstract = True


class MatchRecord(AccessData):
    kind = models.CharField(max_length=16, choices=KIND_CHOICES)
    entity_id = models.BigIntegerField()
    record = models.JSONField(default=dict)  # the engine Record's fields
    fingerprint = models.CharField(max_length=64)  # sha256 of `record` and the engine version
    indexed_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["kind", "entity_id"], name="matchrecord_entity_unique")]

    def __str__(self):
        return f"{self.kind}:{self.entity_id}"


class MatchKey(models.Model):
    key = models.CharField(max_length=120)
    record = models.ForeignKey(MatchRecord, on_delete=models.CASCADE, related_name="keys")
    kind = models.CharField(max_length=16, choices=KIND_CHOICES)
    entity_id = models.BigIntegerField()
    owner_agency = models.ForeignKey("tenancy.Agency", on_delete=models.CASCADE, related_name="+",
                                     db_constraint=False, db_index=False)
    owner_country = models.ForeignKey("tenancy.Country", null=True, blank=True, on_delete=models.DO_NOTHING,
                                      related_name="+", db_constraint=False, db_index=False)
    handling = models.CharField(max_length=16)

    class Meta:
        # Two indexes only, on a table of tens of millions of rows (every index slows indexing a million entities):
        # - the candidate query reads (key, record, owner agency) and nothing else, so one index on the three
        #   columns answers it alone (an index-only scan on PostgreSQL once the table is vacuumed; a covering
        #   index on SQLite), without a random read of the table per row;
        # - the record's foreign key index (Django's), for replacing or deleting one record's keys.
        # No LIKE-pattern twin of `key` (PostgreSQL's default for an indexed CharField): keys are never searched
        # by prefix.
        indexes = [models.Index(fields=["key", "record", "owner_agency"], name="matchkey_candidates")]

    def __str__(self):
        return self.key


class CappedKey(models.Model):
    key = models.CharField(max_length=120, unique=True)
    count = models.PositiveIntegerField()  # entities holding the key when it was last counted
    capped_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-count", "key"]
        verbose_name = _("capped key")
        verbose_name_plural = _("capped keys")

    def __str__(self):
        return f"{self.key} ({self.count})"


class Band(models.TextChoices):
    HIGH = "high", _("High")
    MEDIUM = "medium", _("Medium")
    LOW = "low", _("Low")


class HitStatus(models.TextChoices):
    OPEN = "open", _("Open")
    DISMISSED = "dismissed", _("Judged not the same")  # the latest judgement on the pair is "not same"
    WITHDRAWN = "withdrawn", _("No longer matching")  # a record changed or was deleted; the reference stays


class Hit(models.Model):
    """A possible match between entity A and entity B of two agencies; (A, B) is ordered, A < B.

    Each side's access data is stored here (MISP's correlation rows do the same), so hit lists filter on
    columns of this table alone. Whether a user may see a side's record is still decided by the chokepoint
    (`Model.objects.visible_to`) when the hit is shown.
    """

    reference = models.CharField(_("reference"), max_length=32, unique=True, null=True, blank=True)
    a_kind = models.CharField(max_length=16, choices=KIND_CHOICES)
    a_id = models.BigIntegerField()
    a_agency = models.ForeignKey("tenancy.Agency", on_delete=models.CASCADE, related_name="+")
    a_country = models.ForeignKey("tenancy.Country", null=True, blank=True, on_delete=models.PROTECT,
                                  related_name="+")
    a_handling = models.CharField(max_length=16)
    a_sharing_group = models.ForeignKey("sharing.SharingGroup", null=True, blank=True, on_delete=models.SET_NULL,
                                        related_name="+")
    b_kind = models.CharField(max_length=16, choices=KIND_CHOICES)
    b_id = models.BigIntegerField()
    b_agency = models.ForeignKey("tenancy.Agency", on_delete=models.CASCADE, related_name="+")
    b_country = models.ForeignKey("tenancy.Country", null=True, blank=True, on_delete=models.PROTECT,
                                  related_name="+")
    b_handling = models.CharField(max_length=16)
    b_sharing_group = models.ForeignKey("sharing.SharingGroup", null=True, blank=True, on_delete=models.SET_NULL,
                                        related_name="+")
    score = models.FloatField(_("score"))
    band = models.CharField(_("score band"), max_length=8, choices=Band.choices, db_index=True)
    # [{"code", "field", "weight", "params", "detail"}, ...]: the engine's features, translated by code.
    features = models.JSONField(default=list)
    explanation = models.TextField(blank=True)  # the engine's one-line English explanation, for logs and the CLI
    engine_version = models.CharField(max_length=40, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=HitStatus.choices, default=HitStatus.OPEN,
                              db_index=True)
    created_at = models.DateTimeField(_("found"), auto_now_add=True)
    updated_at = models.DateTimeField(_("changed"), auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("hit")
        verbose_name_plural = _("hits")
        constraints = [models.UniqueConstraint(fields=["a_kind", "a_id", "b_kind", "b_id"], name="hit_pair_unique")]
        indexes = [
            models.Index(fields=["a_agency", "status"], name="hit_a_agency"),
            models.Index(fields=["b_agency", "status"], name="hit_b_agency"),
            models.Index(fields=["a_country", "status"], name="hit_a_country"),
            models.Index(fields=["b_country", "status"], name="hit_b_country"),
            models.Index(fields=["b_kind", "b_id"], name="hit_b_entity"),
        ]

    def __str__(self):
        return self.reference or f"hit {self.pk}"

    def save(self, *args, **kwargs):
        if getattr(self, "_redacted", False):
            raise PermissionError("a hit redacted for display cannot be saved")
        super().save(*args, **kwargs)

    def refresh_from_db(self, *args, **kwargs):
        super().refresh_from_db(*args, **kwargs)
        if getattr(self, "_redacted", False):  # stays redacted (see selectors._redact)
            self.features, self.explanation, self.score = [], "", None

    def side(self, which: str) -> dict:
        """One side's entity and access data as a dict: which is "a" or "b"."""
        return {name: getattr(self, f"{which}_{name}") for name in
                ("kind", "id", "agency_id", "country_id", "handling", "sharing_group_id")}


class DisclosureStatus(models.TextChoices):
    REQUESTED = "requested", _("Requested")
    APPROVED = "approved", _("Approved")
    DECLINED = "declined", _("Declined")


class DisclosureRequest(models.Model):
    """A request by `requester_agency` to see the record on the other side of a hit (the "target")."""

    hit = models.ForeignKey(Hit, on_delete=models.PROTECT, related_name="disclosure_requests")
    requester = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    requester_agency = models.ForeignKey("tenancy.Agency", on_delete=models.PROTECT, related_name="+")
    target_kind = models.CharField(max_length=16, choices=KIND_CHOICES)
    target_id = models.BigIntegerField()
    target_agency = models.ForeignKey("tenancy.Agency", on_delete=models.PROTECT, related_name="+")
    reason = models.TextField(_("reason"))
    status = models.CharField(_("status"), max_length=10, choices=DisclosureStatus.choices,
                              default=DisclosureStatus.REQUESTED, db_index=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)
    decline_reason = models.TextField(_("reason for declining"), blank=True)
    shared_fields = models.JSONField(_("shared fields"), default=list, blank=True)
    # What the owner chose to disclose: {field name: value as text}. Shown to the requester's agency on the hit.
    disclosed = models.JSONField(default=dict, blank=True)
    handling = models.CharField(_("handling code"), max_length=16, blank=True)  # chosen on approval, "" = unchanged
    sharing_group = models.ForeignKey("sharing.SharingGroup", null=True, blank=True, on_delete=models.SET_NULL,
                                      related_name="+")
    created_at = models.DateTimeField(_("requested"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("disclosure request")
        verbose_name_plural = _("disclosure requests")
        constraints = [
            # One open request per hit and requesting agency: asking twice is the same request.
            models.UniqueConstraint(fields=["hit", "requester_agency"], condition=models.Q(status="requested"),
                                    name="disclosure_one_open_per_agency"),
        ]

    def __str__(self):
        return f"{self.hit} → {self.requester_agency_id} ({self.status})"


class Verdict(models.TextChoices):
    SAME = "same", _("Same")
    NOT_SAME = "not_same", _("Not the same")
    UNSURE = "unsure", _("Unsure")


class Judgement(models.Model):
    """An analyst's verdict on the pair (A, B), ordered A < B. Append-only: a later judgement supersedes."""

    a_kind = models.CharField(max_length=16, choices=KIND_CHOICES)
    a_id = models.BigIntegerField()
    b_kind = models.CharField(max_length=16, choices=KIND_CHOICES)
    b_id = models.BigIntegerField()
    verdict = models.CharField(_("verdict"), max_length=10, choices=Verdict.choices)
    comment = models.TextField(_("comment"), blank=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    agency = models.ForeignKey("tenancy.Agency", null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(_("judged"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("judgement")
        verbose_name_plural = _("judgements")
        indexes = [
            models.Index(fields=["a_kind", "a_id"], name="judgement_a"),
            models.Index(fields=["b_kind", "b_id"], name="judgement_b"),
        ]

    def __str__(self):
        return f"{self.a_kind}:{self.a_id} {self.verdict} {self.b_kind}:{self.b_id}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise PermissionError("judgements are never changed: record a new one")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("judgements are never deleted: record a new one")


class OptOut(models.Model):
    """The owner took this entity out of matching. Deleting the row (services.set_opt_out) puts it back; both
    are audited."""

    kind = models.CharField(max_length=16, choices=KIND_CHOICES)
    entity_id = models.BigIntegerField()
    agency = models.ForeignKey("tenancy.Agency", on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("opt-out from matching")
        verbose_name_plural = _("opt-outs from matching")
        constraints = [models.UniqueConstraint(fields=["kind", "entity_id"], name="optout_entity_unique")]

    def __str__(self):
        return f"{self.kind}:{self.entity_id}"
