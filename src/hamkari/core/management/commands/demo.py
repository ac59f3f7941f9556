"""`hamkari demo`: upgrade the database, load the demo data, print the log-ins and serve."""

import os
from itertools import groupby

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

# Countries in the order the programme lists them; international bodies last.
_ORDER = ("AF", "IR", "KZ", "KG", "PK", "TJ", "TM", "UZ")


class Command(BaseCommand):
    help = "Migrate, load demo data (idempotent), print the demo log-ins and serve."

    def add_arguments(self, parser):
        parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", 8000)))
        parser.add_argument("--no-serve", action="store_true", help="prepare everything but do not serve")

    def handle(self, *args, port, no_serve, **options):
        settings.VAR_DIR.mkdir(parents=True, exist_ok=True)
        call_command("migrate", interactive=False, verbosity=0)
        call_command("seed", demo=True)
        self.print_logins()
        if not no_serve:
            self.stdout.write(f"Serving on http://127.0.0.1:{port}/ (Ctrl-C stops)")
            call_command("serve", port=port)

    def print_logins(self):
        from hamkari.tenancy.management.commands.seed import demo_logins_path, read_demo_logins
        from hamkari.tenancy.roles import Role

        rows = read_demo_logins()
        if not rows:
            self.stdout.write("No demo log-ins on record (%s)." % demo_logins_path())
            return

        def country_key(row):
            c = row.get("country") or "—"
            return (_ORDER.index(c) if c in _ORDER else len(_ORDER), c)

        self.stdout.write("")
        self.stdout.write("Demo log-ins (demo accounts need no second factor):")
        role_order = {r.value: i for i, r in enumerate(Role)}
        width = max(len(r["username"]) for r in rows)
        for (_i, country), group in groupby(sorted(
                rows, key=lambda r: (country_key(r), role_order.get(r["role"], 99), r["username"])),
                                            key=country_key):
            self.stdout.write(f"  {'international' if country == '—' else country}")
            for r in group:
                self.stdout.write(f"    {r['username']:<{width}}  {r['password']}  {r['role']:<18} {r['agency']}")
        self.stdout.write("")
