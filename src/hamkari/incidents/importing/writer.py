"""Write validated records in bulk: incidents, seizure lines, route transits and involved entities.

The caller holds the transaction: everything a batch writes commits together or not at all. Records arrive
in chunks from a `Spool` (a temporary file), so a 100,000-row file never sits in memory as model instances.
Rows are inserted with plain multi-row INSERTs (see `_Table`), which skip `save()` as bulk_create would, so
what `Shareable.save` would do is done here: the owner's country is copied, and children (seizure lines)
take their incident's owner, handling, sharing group and grading.
"""

from __future__ import annotations

import pickle
import tempfile
from contextlib import contextmanager
from dataclasses import dataclass

from django.db import connection, models
from django.utils import timezone

from hamkari.incidents.importing.formats.base import Record
from hamkari.incidents.models import Incident, RouteTransit, Seizure
from hamkari.sharing.models import Handling

CHUNK = 1000
MAX_PARAMS = 60_000  # PostgreSQL takes at most 65,535 parameters in one statement
_SEIZURE_FIELDS = ("substance", "substance_group", "drug_name_as_reported", "amount", "unit", "purity", "price",
                   "currency", "amount_kg", "conversion_rule")


class Spool:
    """Records pickled to a temporary file in chunks, read back chunk by chunk."""

    def __init__(self, directory=None, chunk: int | None = None):
        self.file = tempfile.TemporaryFile(dir=directory)  # noqa: SIM115 (closed by close())
        self.chunk = chunk or CHUNK
        self.buffer: list = []
        self.count = 0

    def add(self, record):
        self.buffer.append(record.pack())
        self.count += 1
        if len(self.buffer) >= self.chunk:
            self._flush()

    def _flush(self):
        if self.buffer:
            pickle.dump(self.buffer, self.file, protocol=pickle.HIGHEST_PROTOCOL)
            self.buffer = []

    def chunks(self):
        self._flush()
        self.file.seek(0)
        while True:
            try:
                packed = pickle.load(self.file)  # noqa: S301 (our own temporary file, written just before)
            except EOFError:
                return
            yield [Record(*values) for values in packed]

    def close(self):
        self.file.close()


@dataclass
class Counts:
    imported: int = 0  # rows
    unchanged: int = 0
    duplicate: int = 0
    incidents: int = 0
    seizures: int = 0
    entities: int = 0


class Writer:
    def __init__(self, *, batch, user, dry_run: bool, duplicates: set[bytes], progress=None):
        self.batch = batch
        self.agency = batch.agency
        self.user = user
        self.dry_run = dry_run
        self.duplicates = duplicates
        self.progress = progress
        self.handling = batch.handling
        self.sharing_group_id = batch.sharing_group_id if batch.handling == Handling.RESTRICTED else None
        self.counts = Counts()

    def write(self, spool: Spool) -> Counts:
        with _sqlite_cache():
            for chunk in spool.chunks():
                self._chunk(chunk)
        return self.counts

    def _chunk(self, records):
        agency = self.agency
        keys = [r.key for r in records]
        existing = set(Incident.objects.filter(owner_agency=agency, import_key__in=keys)
                       .values_list("import_key", flat=True))
        references = {r.incident.get("national_reference") for r in records if r.check_reference} - {"", None}
        known_references = set(
            Incident.objects.filter(owner_agency=agency, national_reference__in=references)
            .values_list("national_reference", flat=True)) if references else set()
        fresh = []
        for record in records:
            if record.key in existing:
                self.counts.unchanged += len(record.rows)
                continue
            duplicate = record.base in self.duplicates or (
                record.check_reference and record.incident.get("national_reference") in known_references)
            if duplicate:
                self.counts.duplicate += len(record.rows)
            self.counts.imported += len(record.rows)
            self.counts.incidents += 1
            self.counts.seizures += len(record.seizures)
            fresh.append((record, duplicate))
        if fresh and not self.dry_run:
            self._insert(fresh)
        if self.progress:
            self.progress(sum(len(r.rows) for r in records))

    def _insert(self, fresh):
        agency, user = self.agency, self.user
        user_id = user.pk if user is not None else None
        now = timezone.now()
        shared = {"owner_agency_id": agency.pk, "owner_country_id": agency.country_id, "handling": self.handling,
                  "sharing_group_id": self.sharing_group_id, "created_by_id": user_id, "updated_by_id": user_id,
                  "created_at": now, "updated_at": now}
        rows = []
        for record, duplicate in fresh:
            rows.append({**record.incident, "reliability": record.reliability or "X",
                         "accuracy": record.accuracy or "4", "import_key": record.key,
                         "possible_duplicate": duplicate, "source_values": record.source_values})
        _INCIDENTS.insert(rows, {**shared, "import_batch_id": self.batch.pk, "version": 1})
        ids = dict(Incident.objects.filter(owner_agency=agency, import_key__in=[r.key for r, _d in fresh])
                   .values_list("import_key", "pk"))

        seizures, transits = [], []
        for record, _dup in fresh:
            incident_id = ids[record.key]
            grading = {"reliability": record.reliability or "X", "accuracy": record.accuracy or "4"}
            for position, line in enumerate(record.seizures, start=1):
                seizures.append({**grading, "incident_id": incident_id,
                                 "position": line.get("position", position),
                                 **{name: line.get(name) if line.get(name) is not None else _blank(name)
                                    for name in _SEIZURE_FIELDS}})
            for position, code in enumerate(record.transits, start=1):
                transits.append({"incident_id": incident_id, "position": position, "country_id": code})
        _SEIZURES.insert(seizures, shared)
        _TRANSITS.insert(transits)

        involved = [(record, ids[record.key]) for record, _dup in fresh if record.involvements]
        if involved:
            incidents = Incident.objects.select_related("owner_agency").in_bulk([pk for _r, pk in involved])
            for record, pk in involved:
                self._involve(incidents[pk], record.involvements)

    def _involve(self, incident, involvements):
        from hamkari.entities.services import entity_for, involvement_add

        for kind, data, role, default_country in involvements:
            entity = entity_for(kind, data, owner_agency=self.agency, handling=self.handling,
                                sharing_group=self.batch.sharing_group if self.sharing_group_id else None,
                                by=self.user, default_country=default_country)
            involvement_add(incident, kind, entity, role, by=self.user)
            self.counts.entities += 1


class _Table:
    """A plain multi-row INSERT for one model: every concrete column but the primary key, values converted
    once per field type as Django would. Much faster than bulk_create for 100,000 rows (no model instances,
    no per-object SQL compilation), and the same on SQLite and PostgreSQL."""

    # Field types whose Python values need Django's conversion for the database (dates, decimals, JSON).
    CONVERT = (models.DateField, models.DecimalField, models.JSONField, models.FloatField)

    def __init__(self, model):
        self.model = model
        self.fields = [f for f in model._meta.concrete_fields if not f.primary_key]
        self.defaults = {f.attname: f.get_default() for f in self.fields}  # "" for text, None where null

    def insert(self, rows: list[dict], constants: dict | None = None):
        """INSERT `rows` (attname -> value); `constants` are the same for every row and converted once."""
        if not rows:
            return
        constants = constants or {}
        # One template row with the constants in place (converted once); each row fills in its own columns.
        template, own = [], []
        for position, field in enumerate(self.fields):
            name = field.attname
            convert = field if isinstance(field, self.CONVERT) else None
            if name in constants:
                value = constants[name]
                template.append(_prep(field, value) if convert is not None and value is not None else value)
            else:
                template.append(None)
                own.append((position, name, self.defaults[name], convert))
        params = []
        for row in rows:
            values = template.copy()
            for position, name, default, convert in own:
                value = row.get(name, default)
                values[position] = _prep(convert, value) if convert is not None and value is not None else value
            params.append(values)
        quote = connection.ops.quote_name
        columns = ", ".join(quote(f.column) for f in self.fields)
        one = "(" + ", ".join(["%s"] * len(self.fields)) + ")"
        head = f"INSERT INTO {quote(self.model._meta.db_table)} ({columns}) VALUES "
        with connection.cursor() as cursor:
            if connection.vendor == "sqlite":
                # SQLite prepares the statement once and steps it per row: nothing is faster in-process.
                cursor.executemany(head + one, params)
                return
            raw = getattr(cursor, "cursor", None)
            if hasattr(raw, "copy"):
                # PostgreSQL with psycopg 3: COPY streams the rows with no SQL to build or parse per row.
                names = ", ".join(quote(f.column) for f in self.fields)
                with raw.copy(f"COPY {quote(self.model._meta.db_table)} ({names}) FROM STDIN") as copy:
                    for values in params:
                        copy.write_row(values)
                return
            per_statement = max(1, MAX_PARAMS // len(self.fields))
            for start in range(0, len(params), per_statement):
                part = params[start:start + per_statement]
                cursor.execute(head + ", ".join([one] * len(part)), [v for values in part for v in values])


def _prep(field, value):
    """A value as the database column takes it. Dates and decimals arrive as text from the spool (see
    Record.pack), which both SQLite and PostgreSQL read into date and numeric columns as Django's own
    conversion would; anything else goes through Django's conversion."""
    if isinstance(value, str) and isinstance(field, (models.DecimalField, models.DateField)) \
            and not isinstance(field, models.DateTimeField):
        return value
    return field.get_db_prep_save(value, connection)


_INCIDENTS = _Table(Incident)
_SEIZURES = _Table(Seizure)
_TRANSITS = _Table(RouteTransit)


@contextmanager
def _sqlite_cache(kib: int = 256 * 1024):
    """A larger page cache while a batch writes on SQLite: 100,000 rows with a dozen indexes each overflow the
    default 2 MB and every index insert would go back to the file. Restored afterwards."""
    if connection.vendor != "sqlite":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA cache_size")
        before = cursor.fetchone()[0]
        cursor.execute(f"PRAGMA cache_size = -{int(kib)}")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA cache_size = {int(before)}")


def _blank(name):
    return "" if name in ("currency", "conversion_rule", "drug_name_as_reported", "substance_group") else None
