"""`hamkari seed`: add ISO 3166 countries missing from the table.
`hamkari seed --demo`: also the demo agencies and one demo user per role per member country (idempotent).
`hamkari seed --remove-demo`: deactivate, then delete, the demo users (agencies stay)."""

import os
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import models, transaction
from django.db.models import ProtectedError, RestrictedError

from hamkari.tenancy import services
from hamkari.tenancy.countries import all_countries
from hamkari.tenancy.demo_data import AGENCIES, demo_users
from hamkari.tenancy.models import MEMBER_STATES, ROLE_LABELS, Agency, Country, User
from hamkari.tenancy.roles import Role

HEADER = ("username", "password", "role", "agency", "country")


def demo_logins_path() -> Path:
    return Path(settings.VAR_DIR) / "demo-logins.txt"


def read_demo_logins(path: Path | None = None) -> list[dict]:
    """Rows of the demo log-ins file (tab-separated, one account a line), or [] if there is none."""
    path = path or demo_logins_path()
    if not path.exists():
        return []
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        parts = line.split("\t")
        rows.append(dict(zip(HEADER, parts + [""] * (len(HEADER) - len(parts)), strict=False)))
    return rows


def write_demo_logins(rows: list[dict], path: Path | None = None) -> None:
    """Write the file readable by its owner only (0600), replacing it atomically."""
    path = path or demo_logins_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    if tmp.exists():
        tmp.unlink()
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        f.write("# Hamkari demo log-ins. Demo accounts only; remove them with `hamkari seed --remove-demo`.\n")
        f.write("# " + "\t".join(HEADER) + "\n")
        for row in rows:
            f.write("\t".join(row.get(h, "") for h in HEADER) + "\n")
    os.chmod(tmp, 0o600)
    os.replace(tmp, path)


def add_missing_countries() -> int:
    existing = set(Country.objects.values_list("iso2", flat=True))
    new = [Country(iso2=iso2, iso3=iso3, numeric=numeric, name=name, is_member=iso2 in MEMBER_STATES)
           for iso2, iso3, numeric, name in all_countries() if iso2 not in existing]
    Country.objects.bulk_create(new)
    # The member flag is part of the platform's definition, not of pycountry: keep it right.
    Country.objects.filter(iso2__in=MEMBER_STATES, is_member=False).update(is_member=True)
    return len(new)


class Command(BaseCommand):
    help = "Add missing countries; with --demo the demo agencies and users; with --remove-demo remove demo users."

    def add_arguments(self, parser):
        group = parser.add_mutually_exclusive_group()
        group.add_argument("--demo", action="store_true", help="add demo agencies and users (idempotent)")
        group.add_argument("--remove-demo", action="store_true", help="deactivate and delete demo users")
        parser.add_argument("--incidents", type=int, default=None,
                            help="how many demo incidents to generate with --demo (default: settings.DEMO_INCIDENTS)")

    def handle(self, *args, demo=False, remove_demo=False, incidents=None, **options):
        if remove_demo:
            self.remove_demo()
            return
        added = add_missing_countries()
        if added:
            self.stdout.write(f"Added {added} countries.")
        if demo:
            agencies_added, created = self.seed_demo()
            # Printed after the commit: a closed terminal must not roll back accounts whose passwords are saved.
            self.stdout.write(f"Demo data: {agencies_added} agencies and {len(created)} users added.")
            if created:
                self.stdout.write(f"Demo log-ins (shown once; also in {demo_logins_path()}, readable by you only):")
                for row in created:
                    self.stdout.write(f"  {row['username']:<28} {row['password']}  {row['role']} at {row['agency']}")
            self.seed_incidents(settings.DEMO_INCIDENTS if incidents is None else incidents)

    def seed_incidents(self, count: int):
        from tqdm import tqdm

        from hamkari.incidents.demo_data import demo_incidents_exist, load_demo_incidents

        if count <= 0 or demo_incidents_exist():
            return
        with tqdm(total=count, desc="demo incidents", unit=" incidents", file=self.stderr._out,
                  disable=count < 1000) as bar:
            def progress(done, total):
                bar.update(done - bar.n)

            created = load_demo_incidents(count, progress=progress)
        self.stdout.write(f"Demo incidents: {created} added.")
        # The demo writes its entities in bulk (no signals), so their hits are computed here in one pass: the
        # cross-border people of the demo meet as they would have one report at a time.
        from django.core.management import call_command

        call_command("match", "rebuild", "--no-notify", no_progress=count < 1000, stdout=self.stdout,
                     stderr=self.stderr)

    @transaction.atomic
    def seed_demo(self) -> tuple[int, list[dict]]:
        agencies_added = 0
        for a in AGENCIES:
            if not Agency.objects.filter(code=a.code).exists():
                services.agency_create(code=a.code, name=a.name, country=a.country, kind=a.kind,
                                       acronym=a.acronym, local_name=a.local_name, by=None)
                agencies_added += 1
        agencies = {a.code: a for a in Agency.objects.filter(code__in=[a.code for a in AGENCIES])}

        rows = read_demo_logins()
        known = {r["username"] for r in rows}
        created = []
        for username, code, role in demo_users():
            if User.objects.filter(username=username).exists():
                continue
            agency = agencies[code]
            country_label = agency.country.name if agency.country_id else agency.code
            user, password = services.user_create(
                username=username, agency=agency, roles=[role], by=None, is_demo=True,
                full_name=f"{country_label} {ROLE_LABELS[role]} (demo)")
            row = {"username": username, "password": password, "role": role.value, "agency": code,
                   "country": agency.country_id or "—"}
            created.append(row)
            if username in known:
                rows = [r for r in rows if r["username"] != username]
            rows.append(row)

        for a in AGENCIES:
            agency = agencies[a.code]
            if not a.main or agency.focal_point_id:
                continue
            fp = User.objects.filter(username=f"{a.country.lower()}.{Role.FOCAL_POINT.value}", agency=agency,
                                     is_active=True).first()
            if fp is not None:
                services.agency_set_focal_point(agency=agency, user=fp, by=None)

        if created:
            write_demo_logins(rows)  # inside the transaction: if the file cannot be written, nothing is created
        return agencies_added, created

    def remove_demo(self):
        from hamkari.sharing.models import AuditEntry

        # The audit hash covers the actor's id: if deleting a user would blank it (SET_NULL), the chain would
        # no longer verify. Such users are kept, deactivated, until the audit model keeps ids on deletion.
        actor_field = AuditEntry._meta.get_field("actor")
        blanks_ids = actor_field.remote_field.on_delete is models.SET_NULL
        deleted, kept = 0, []
        for user in list(User.objects.filter(is_demo=True)):
            services.user_deactivate(user=user, by=None)
            if blanks_ids and AuditEntry.objects.filter(actor=user).exists():
                kept.append((user.username, "named in the audit trail"))
                continue
            try:
                with transaction.atomic():
                    services.user_delete_demo(user=user, by=None)
                deleted += 1
            except (ProtectedError, RestrictedError):
                kept.append((user.username, "owns records"))
        path = demo_logins_path()
        if path.exists():
            path.unlink()
        self.stdout.write(f"Deleted {deleted} demo users; agencies kept.")
        if kept:
            for username, why in kept:
                self.stdout.write(f"  kept (deactivated): {username}: {why}")
            raise CommandError(f"{len(kept)} demo accounts could not be deleted and stay deactivated; "
                               "`serve --production` refuses to start while they exist")
