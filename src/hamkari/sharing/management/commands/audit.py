"""`hamkari audit verify`: walk the hash chain and report any changed, removed or reordered entry."""

from django.core.management.base import BaseCommand, CommandError

from hamkari.sharing import audit


class Command(BaseCommand):
    help = "Audit trail tools. `audit verify` checks the hash chain."

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["verify"])

    def handle(self, *args, action, **options):
        count, problems = audit.verify()
        for problem in problems:
            self.stderr.write(f"entry {problem.seq}: {problem.message}")
        if problems:
            raise CommandError(f"audit trail is NOT intact: {len(problems)} problem(s) in {count} entries")
        self.stdout.write(self.style.SUCCESS(f"audit trail intact: {count} entries verified"))
