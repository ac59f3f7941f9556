"""`hamkari import PATH --format hamkari|ids --agency CODE [--handling CODE] [--group UUID] [--dry-run]`.

The server operator imports a file for an agency, here and now (no background task), with a progress bar on
stderr and a summary at the end. Rows with problems are written to PATH.problems.csv. The exit code is 0
when every row was imported, was already there, or only some rows were rejected; 1 when nothing could be
imported (the file could not be read, or every row was rejected).
"""

from pathlib import Path

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError

from hamkari.incidents.importing import services
from hamkari.incidents.models import ImportFormat, ImportStatus
from hamkari.sharing.models import Handling


class Command(BaseCommand):
    help = "Import incidents and seizures from a CSV or XLSX file (Hamkari template or UNODC IDS format)."

    def add_arguments(self, parser):
        parser.add_argument("path", help="the CSV or XLSX file")
        parser.add_argument("--format", required=True, choices=ImportFormat.values, dest="format")
        parser.add_argument("--agency", required=True, help="code of the agency that owns the records, e.g. AF-CNPA")
        parser.add_argument("--handling", default=Handling.NATIONAL, choices=Handling.values,
                            help="handling code of the imported records (default: national)")
        parser.add_argument("--group", help="sharing group (its UUID) for --handling restricted")
        parser.add_argument("--dry-run", action="store_true", help="check and report, import nothing")
        parser.add_argument("--no-progress", action="store_true", help="no progress bar")

    def handle(self, *args, path, format, agency, handling, group, dry_run, no_progress, **options):
        from hamkari.sharing.models import SharingGroup
        from hamkari.tenancy.models import Agency

        source = Path(path)
        if not source.is_file():
            raise CommandError(f"no such file: {path}")
        owner = Agency.objects.filter(code=agency).first()
        if owner is None:
            raise CommandError(f"unknown agency {agency!r} (see `hamkari agency list`)")
        sharing_group = None
        if group:
            sharing_group = SharingGroup.objects.filter(uuid=group).first() if _is_uuid(group) else None
            if sharing_group is None:
                raise CommandError(f"unknown sharing group {group!r}")
        try:
            batch = services.create_batch(user=None, agency=owner, source=source, filename=source.name, fmt=format,
                                          handling=handling, sharing_group=sharing_group, dry_run=dry_run)
        except (ValidationError, PermissionDenied) as exc:
            raise CommandError(" ".join(getattr(exc, "messages", [str(exc)]))) from None

        bar = None if no_progress else _progress_bar(self.stderr)

        def progress(done, total):
            if bar is not None:
                bar.total = max(total, 1)
                bar.n = min(done, bar.total)
                bar.refresh()

        try:
            batch = services.run_batch(batch, progress=progress)
        finally:
            if bar is not None:
                if batch.status != ImportStatus.FAILED:
                    progress(bar.total, bar.total)
                bar.close()

        report = None
        if batch.problems:
            report = Path(f"{source}.problems.csv")
            report.write_bytes(services.problems_csv(batch))
        self.stdout.write(_summary(batch, report))
        nothing = batch.rows_imported == 0 and batch.rows_unchanged == 0
        if batch.status == ImportStatus.FAILED or nothing:
            raise CommandError(batch.message or "nothing could be imported: every row was rejected", returncode=1)


def _is_uuid(text):
    import uuid

    try:
        uuid.UUID(str(text))
    except ValueError:
        return False
    return True


def _summary(batch, report) -> str:
    verb = "would be imported" if batch.status == ImportStatus.CHECKED else "imported"
    encoding = batch.encoding or Path(batch.filename).suffix.lstrip(".")
    lines = [
        f"Import #{batch.pk} of {batch.filename} ({batch.format}, {encoding}): {batch.status}",
        f"  rows read:   {batch.rows_total}",
        f"  {verb + ':':<12} {batch.rows_imported}",
        f"  unchanged:   {batch.rows_unchanged} (imported before)",
        f"  rejected:    {batch.rows_rejected}",
        f"  duplicates:  {batch.rows_duplicate} (imported, flagged as possible duplicates)",
    ]
    if batch.message:
        lines.append(f"  {batch.message}")
    if report is not None:
        lines.append(f"  problems:    {len(batch.problems)}, written to {report}")
    return "\n".join(lines)


def _progress_bar(stderr):
    from tqdm import tqdm

    return tqdm(total=1, file=getattr(stderr, "_out", stderr), leave=True, dynamic_ncols=True, mininterval=0.5,
                desc="Importing", bar_format="{desc}: {percentage:3.0f}%|{bar}| {elapsed}<{remaining}")
