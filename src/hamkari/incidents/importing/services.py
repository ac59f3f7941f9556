"""File imports: what the web page, the `hamkari import` command and the API call.

    batch = create_batch(user=..., agency=..., source=upload_or_path, filename=..., fmt="ids", handling=...)
    enqueue(batch)            # the web and the API: a background task runs run_batch
    run_batch(batch)          # the command line: here and now, with a progress bar

What a batch promises (docs/import.md):
- every row is either imported or listed in the report (`batch.problems`, `problems_csv`) with its row number,
  column and reason; a row with any problem is not imported, the others are;
- all rows are read and checked first (outside any transaction, so the web page can follow the progress),
  then the valid ones are written in ONE transaction: if anything fails while writing (a database error, a
  crash), nothing of the batch is left behind and the batch is marked failed;
- importing the same file again writes nothing and counts its rows as unchanged (Incident.import_key);
  identical rows in one file are all imported and flagged as possible duplicates;
- one audit entry for the whole batch.
"""

from __future__ import annotations

import csv
import hashlib
import io
import logging
import os
import re
import uuid
from pathlib import Path

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from hamkari.incidents.importing.formats import get_format
from hamkari.incidents.importing.formats.base import Context, Problem
from hamkari.incidents.importing.readers import ReadError, open_table
from hamkari.incidents.importing.writer import Spool, Writer
from hamkari.incidents.models import ImportBatch, ImportFormat, ImportStatus
from hamkari.sharing import audit
from hamkari.sharing.models import AuditAction, Handling
from hamkari.core.cells import csv_safe

logger = logging.getLogger(__name__)

ALLOWED_SUFFIXES = (".csv", ".tsv", ".txt", ".xlsx", ".xlsm")
PROGRESS_EVERY = 500  # rows between progress updates of the batch row
COPY_CHUNK = 1 << 20


def imports_dir() -> Path:
    """Where uploaded files are kept: under VAR_DIR, outside the web root, readable by the platform only."""
    path = Path(settings.VAR_DIR) / "imports"
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    return path


def max_bytes() -> int:
    return int(getattr(settings, "IMPORT_MAX_BYTES", 50 * 1024 * 1024))


def size_refusal(size: int) -> str:
    return _("The file is %(size)s MB, more than the limit of %(limit)s MB. Split it into smaller files and import "
             "them one after the other.") % {"size": _mb(size), "limit": _mb(max_bytes())}


def _mb(size: int) -> str:
    value = size / (1024 * 1024)
    return f"{value:,.0f}" if value >= 10 else f"{value:,.1f}"


# ---------------------------------------------------------------------------------------------------------------
# Create


def create_batch(*, user, agency, source, filename: str, fmt: str, handling: str, sharing_group=None,
                 dry_run=False) -> ImportBatch:
    """Check and store an uploaded file (a Django UploadedFile or a filesystem path); return a queued batch.

    `user` None is the server operator at the command line, who may import for any agency. Raises
    PermissionDenied when the user may not report for `agency`, ValidationError for a bad format, handling
    code, sharing group, file type or size. The size is checked before the file is read.
    """
    from hamkari.incidents.services import _check_create, _check_sharing

    if fmt not in ImportFormat.values:
        raise ValidationError({"format": _("Choose the file's format: %(formats)s.")
                               % {"formats": ", ".join(ImportFormat.values)}})
    if not agency.is_active:
        raise PermissionDenied(_("This agency is not active."))
    _check_create(user, agency)
    _check_sharing(agency=agency, handling=handling, sharing_group=sharing_group)
    if handling != Handling.RESTRICTED:
        sharing_group = None

    name = safe_filename(filename or _source_name(source))
    suffix = Path(name).suffix.lower()
    if suffix == ".xls":
        raise ValidationError({"file": _("This is the old Excel format (.xls). Open it in a spreadsheet program and "
                                         "save it as .xlsx or as CSV, then upload it again.")})
    if suffix not in ALLOWED_SUFFIXES:
        raise ValidationError({"file": _("Upload a CSV file (.csv) or an Excel workbook (.xlsx).")})
    size = _source_size(source)
    if size > max_bytes():
        raise ValidationError({"file": size_refusal(size)})
    if size == 0:
        raise ValidationError({"file": _("The file is empty.")})

    dest = imports_dir() / f"{uuid.uuid4().hex}{suffix}"
    digest, written = _store(source, dest)
    return ImportBatch.objects.create(
        agency=agency, created_by=user, format=fmt, handling=handling, sharing_group=sharing_group,
        dry_run=bool(dry_run), filename=name, stored_path=str(dest), size=written, sha256=digest,
        status=ImportStatus.QUEUED)


def safe_filename(name: str) -> str:
    """The base name only, without control characters, at most 255 characters: it is shown, never opened."""
    name = re.split(r"[\\/]", str(name or ""))[-1]
    name = re.sub(r"[\x00-\x1f\x7f\u202a-\u202e]", "", name).strip() or "upload"
    if len(name) > 255:
        stem, suffix = os.path.splitext(name)
        name = stem[: 255 - len(suffix)] + suffix
    return name


def _source_name(source) -> str:
    if isinstance(source, (str, os.PathLike)):
        return Path(source).name
    return getattr(source, "name", "") or ""


def _source_size(source) -> int:
    if isinstance(source, (str, os.PathLike)):
        try:
            return os.stat(source).st_size
        except OSError:
            raise ValidationError({"file": _("The file cannot be read.")}) from None
    size = getattr(source, "size", None)
    if size is None:
        raise ValidationError({"file": _("The file cannot be read.")})
    return int(size)


def _store(source, dest: Path) -> tuple[str, int]:
    """Copy in chunks, hashing as we go, and never past the limit (a file may grow while we copy it)."""
    digest = hashlib.sha256()
    written = 0
    limit = max_bytes()
    fd = os.open(dest, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(fd, "wb") as out:
            for chunk in _chunks(source):
                written += len(chunk)
                if written > limit:
                    raise ValidationError({"file": size_refusal(written)})
                digest.update(chunk)
                out.write(chunk)
    except BaseException:
        dest.unlink(missing_ok=True)
        raise
    return digest.hexdigest(), written


def _chunks(source):
    if isinstance(source, (str, os.PathLike)):
        with open(source, "rb") as f:
            while chunk := f.read(COPY_CHUNK):
                yield chunk
        return
    if hasattr(source, "seek"):
        source.seek(0)
    if hasattr(source, "chunks"):
        yield from source.chunks(COPY_CHUNK)
    else:
        while chunk := source.read(COPY_CHUNK):
            yield chunk


# ---------------------------------------------------------------------------------------------------------------
# Run


def enqueue(batch) -> None:
    """Run the batch in the background (django-tasks), in the language of the person who uploaded it."""
    from hamkari.incidents.tasks import run_import

    run_import.enqueue(batch.pk, get_language() or settings.LANGUAGE_CODE)


def import_key(agency_code: str, fmt: str, fingerprint: str, occurrence: int) -> str:
    """What makes a row (or a group of rows) the same on a second import: the agency, the format, the
    normalised values and which occurrence of identical rows in the file it is."""
    text = "\x1f".join((agency_code, fmt, fingerprint, str(occurrence)))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def run_batch(batch, progress=None) -> ImportBatch:
    """Import a queued batch: read and check every row, then write the valid ones in one transaction.

    `progress(done, total)` is called as work advances (reading counts for the first half of `total`,
    writing for the second); the batch's rows_done follows the reading, for the web page.
    A batch that is not queued is returned as it is: a task that runs twice imports once.
    """
    claimed = ImportBatch.objects.filter(pk=batch.pk, status=ImportStatus.QUEUED).update(
        status=ImportStatus.RUNNING, started_at=timezone.now(), finished_at=None, message="", rows_total=0,
        rows_done=0, rows_imported=0, rows_unchanged=0, rows_rejected=0, rows_duplicate=0, problems=[])
    batch.refresh_from_db()
    if not claimed:
        return batch
    spool = None
    try:
        spool = Spool(imports_dir())
        _run(batch, spool, progress)
    except ReadError as exc:
        _fail(batch, exc.message, line=exc.line)
    except (PermissionDenied, ValidationError) as exc:
        _fail(batch, " ".join(getattr(exc, "messages", [str(exc)])) or _("You may not import for this agency."))
    except Exception as exc:  # noqa: BLE001 (any failure must leave a failed batch, never a running one)
        logger.exception("import batch %s failed", batch.pk)
        _fail(batch, _("The import failed because of an error on the server (%(error)s). Nothing was imported. "
                       "Try again later, or tell your administrator.") % {"error": type(exc).__name__})
    finally:
        if spool is not None:
            spool.close()
    return batch


def _run(batch, spool, progress):
    from hamkari.incidents.services import _check_create

    agency = batch.agency
    user = batch.created_by
    if user is not None:
        _check_create(user, agency)  # rights may have changed since the upload
    with open_table(batch.stored_path, batch.filename,
                    max_unzipped_bytes=getattr(settings, "IMPORT_MAX_UNZIPPED_BYTES", None)) as table:
        fmt = get_format(batch.format)
        ignored = fmt.prepare(table.header)
        problems = [Problem(1, name, _("This column is not part of the format: it was ignored.")).as_dict()
                    for name in ignored]
        estimate = table.estimated_rows or 0
        ctx = Context(agency)
        seen = {"rows": 0}

        def on_row():
            seen["rows"] += 1
            if seen["rows"] % PROGRESS_EVERY == 0:
                total = max(estimate, seen["rows"])
                ImportBatch.objects.filter(pk=batch.pk).update(rows_done=seen["rows"], rows_total=total)
                if progress:
                    progress(seen["rows"], 2 * total)

        occurrences: dict[bytes, int] = {}
        duplicates: set[bytes] = set()
        rejected = 0
        for outcome in fmt.outcomes(table.rows, ctx, on_row=on_row):
            if outcome.record is None:
                rejected += len(outcome.rows)
                problems.extend(p.as_dict() for p in outcome.problems)
                continue
            record = outcome.record
            base = hashlib.sha256(record.fingerprint.encode("utf-8")).digest()
            occurrence = occurrences.get(base, 0)
            occurrences[base] = occurrence + 1
            if occurrence:
                duplicates.add(base)
            record.base = base
            record.key = import_key(agency.code, batch.format, record.fingerprint, occurrence)
            spool.add(record)
        del occurrences
        batch.encoding = table.encoding

    total = seen["rows"]
    batch.rows_total = batch.rows_done = total
    batch.rows_rejected = rejected
    batch.problems = problems
    ImportBatch.objects.filter(pk=batch.pk).update(rows_done=total, rows_total=total, encoding=batch.encoding)
    if progress:
        progress(total, 2 * total)
    if total == 0:
        raise ReadError(_("The file has a header but no rows to import."))

    written = {"rows": 0}

    def on_write(rows):
        written["rows"] += rows
        if progress:
            progress(total + written["rows"], 2 * total)

    writer = Writer(batch=batch, user=user, dry_run=batch.dry_run, duplicates=duplicates, progress=on_write)
    if batch.dry_run:
        counts = writer.write(spool)
        _finish(batch, counts, ImportStatus.CHECKED)
        return
    with transaction.atomic():
        counts = writer.write(spool)
        _finish(batch, counts, ImportStatus.DONE)
        if counts.imported:
            audit.record(AuditAction.CREATE, actor=user, object_type="incidents.importbatch",
                         object_id=str(batch.pk), object_country=agency.country_id or "",
                         object_agency=agency.code,
                         detail={"import": batch.pk, "rows": counts.imported, "incidents": counts.incidents,
                                 "seizures": counts.seizures, "entities": counts.entities,
                                 "unchanged": counts.unchanged, "rejected": batch.rows_rejected,
                                 "duplicates": counts.duplicate, "format": batch.format, "file": batch.filename,
                                 "sha256": batch.sha256, "handling": batch.handling})


def _finish(batch, counts, status):
    batch.rows_imported = counts.imported
    batch.rows_unchanged = counts.unchanged
    batch.rows_duplicate = counts.duplicate
    batch.status = status
    batch.finished_at = timezone.now()
    batch.problems = sorted(batch.problems, key=lambda p: (p["row"], p["column"]))
    batch.save()


def _fail(batch, message, *, line=None):
    """Mark the batch failed (outside the rolled-back transaction) and keep the row report, if any."""
    batch.refresh_from_db(fields=["rows_total", "rows_done"])
    problems = list(batch.problems or []) if isinstance(batch.problems, list) else []
    if line is not None:
        problems.append({"row": line, "column": "", "reason": message, "value": ""})
    ImportBatch.objects.filter(pk=batch.pk).update(
        status=ImportStatus.FAILED, message=message, finished_at=timezone.now(), rows_imported=0,
        rows_unchanged=0, rows_duplicate=0, rows_rejected=batch.rows_rejected, problems=problems)
    batch.refresh_from_db()


# ---------------------------------------------------------------------------------------------------------------
# Report


def problems_csv(batch) -> bytes:
    """The downloadable report: one line per problem (row, column, reason, value), UTF-8 with a BOM so that
    spreadsheet programs show Cyrillic and Arabic script; cells that would run as formulas are neutralised."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["row", "column", "reason", "value"])
    for problem in batch.problems or []:
        writer.writerow([problem.get("row", ""), csv_safe(problem.get("column", "")),
                         csv_safe(problem.get("reason", "")), csv_safe(problem.get("value", ""))])
    return ("\ufeff" + out.getvalue()).encode("utf-8")

