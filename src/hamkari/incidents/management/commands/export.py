"""`hamkari export --format csv|xlsx|ids|geojson|ftm --out PATH [--agency CODE] [--as USERNAME] [filters]`.

With --as, the file holds exactly what that user may see (the user needs the export permission). Without it,
this is the server operator's full export (or one agency's with --agency), recorded in the audit trail as an
operator export. A progress bar goes to stderr.
"""

import os
import sys
import tempfile
from pathlib import Path

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError

from hamkari.incidents import exports
from hamkari.incidents.exports.query import incident_queryset


class Command(BaseCommand):
    help = "Export incidents and seizures as CSV, XLSX, UNODC IDS, GeoJSON or FollowTheMoney JSON lines."

    def add_arguments(self, parser):
        parser.add_argument("--format", required=True, choices=exports.FORMATS, dest="format")
        parser.add_argument("--out", required=True, help="file to write; '-' writes to standard output. "
                            "With --format ids, a path ending in .xlsx gives an XLSX workbook")
        parser.add_argument("--agency", help="only this agency's incidents (its code, e.g. PK-ANF)")
        parser.add_argument("--as", dest="as_user", metavar="USERNAME",
                            help="export exactly what this user may see, in their name")
        parser.add_argument("--country", help="incidents in this country (ISO 3166 two-letter code)")
        parser.add_argument("--from", dest="date_from", metavar="DATE", help="from this date (YYYY-MM-DD)")
        parser.add_argument("--to", dest="date_to", metavar="DATE", help="up to this date (YYYY-MM-DD)")
        parser.add_argument("--substance", help="substance code, e.g. heroin")
        parser.add_argument("--substance-group", help="substance group, e.g. opiates")
        parser.add_argument("--crime-area", help="crime area, e.g. drugs")
        parser.add_argument("--handling", help="handling code: national, restricted, regional or public")
        parser.add_argument("--no-progress", action="store_true", help="no progress bar")

    def handle(self, *args, **options):
        fmt = options["format"]
        user = self._user(options["as_user"])
        filters = {"country": options["country"], "date_from": options["date_from"],
                   "date_to": options["date_to"], "substance": options["substance"],
                   "substance_group": options["substance_group"], "crime_area": options["crime_area"],
                   "handling": options["handling"]}
        agency = options["agency"]
        try:
            total = incident_queryset(user=user, agency_code=agency, filters=filters).count()
        except PermissionDenied:
            raise CommandError(f"user {user.username!r} may not export records (no export permission)") from None
        except ValidationError as exc:
            raise CommandError("; ".join(exc.messages)) from None
        out_path = options["out"]
        as_xlsx = fmt == "ids" and out_path.lower().endswith(".xlsx")
        bar = None if options["no_progress"] else _progress_bar(total, self.stderr)
        try:
            if out_path == "-":
                written = self._export(fmt, sys.stdout.buffer, user, agency, filters, bar, as_xlsx)
            else:
                written = self._export_to_file(Path(out_path), fmt, user, agency, filters, bar, as_xlsx)
        finally:
            if bar is not None:
                bar.close()
        who = f"as {user.username}" if user else "operator export"
        self.stderr.write(f"{written} incident(s) exported to {out_path} ({fmt}, {who}); recorded in the audit trail")

    def _user(self, username):
        if not username:
            return None
        from hamkari.tenancy.models import User

        user = User.objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"unknown user {username!r}")
        if not user.is_active:
            raise CommandError(f"user {username!r} is not active")
        return user

    def _export(self, fmt, stream, user, agency, filters, bar, as_xlsx):
        return exports.export_incidents(fmt, stream, user=user, agency_code=agency, filters=filters,
                                        progress=bar.update if bar is not None else None, ids_as_xlsx=as_xlsx)

    def _export_to_file(self, path, fmt, user, agency, filters, bar, as_xlsx):
        """Write beside the target and rename at the end: a failed export never leaves half a file at PATH."""
        directory = path.parent if str(path.parent) else Path(".")
        if not directory.is_dir():
            raise CommandError(f"directory {directory} does not exist")
        fd, tmp_name = tempfile.mkstemp(dir=directory, prefix=".hamkari-export-", suffix=".part")
        try:
            with os.fdopen(fd, "wb") as stream:
                written = self._export(fmt, stream, user, agency, filters, bar, as_xlsx)
            # Only the operator (and the service account) may read an export of personal data.
            os.chmod(tmp_name, 0o600)
            os.replace(tmp_name, path)
        except BaseException:
            Path(tmp_name).unlink(missing_ok=True)
            raise
        return written


def _progress_bar(total, stderr):
    from tqdm import tqdm

    return tqdm(total=total, unit=" incidents", file=getattr(stderr, "_out", stderr), leave=True,
                dynamic_ncols=True, mininterval=0.5)
