"""`hamkari demo`: upgrade the database, load the demo data, print the log-ins and serve."""

import os

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Migrate, load demo data (idempotent), print the demo log-ins and serve."

    def add_arguments(self, parser):
        parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", 8000)))
        parser.add_argument("--no-serve", action="store_true", help="prepare everything but do not serve")

    def handle(self, *args, port, no_serve, **options):
        settings.VAR_DIR.mkdir(parents=True, exist_ok=True)
        call_command("migrate", interactive=False, verbosity=0)
        call_command("seed", demo=True)
        if not no_serve:
            self.stdout.write(f"Serving on http://127.0.0.1:{port}/ (Ctrl-C stops)")
            call_command("serve", port=port)
