"""`hamkari user add USERNAME --agency CODE --role ROLE [--role ROLE ...] [--email E] [--name "Full Name"]`
and `hamkari user list [--agency CODE]`. Runs as the system and is audited."""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from hamkari.tenancy import services
from hamkari.tenancy.management.commands.agency import _print_table
from hamkari.tenancy.models import Agency, User
from hamkari.tenancy.roles import Role

ROLES = ", ".join(r.value for r in Role)


class Command(BaseCommand):
    help = "Add or list user accounts."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True, metavar="{add,list}")
        add = sub.add_parser("add", help="add a user; prints a one-time password once")
        add.add_argument("username")
        add.add_argument("--agency", required=True, help="agency code, e.g. PK-ANF")
        add.add_argument("--role", action="append", required=True, dest="roles", help=f"one of: {ROLES}")
        add.add_argument("--email", default="")
        add.add_argument("--name", default="", help="full name")
        lst = sub.add_parser("list", help="list users")
        lst.add_argument("--agency", help="only this agency's users")

    def handle(self, *args, action, **options):
        if action == "add":
            self.add(**options)
        else:
            self.list(options.get("agency"))

    def _agency(self, code):
        agency = Agency.objects.filter(code__iexact=code.strip()).first()
        if agency is None:
            raise CommandError(f"unknown agency {code!r}; `hamkari agency list` shows the codes")
        return agency

    def add(self, *, username, agency, roles, email, name, **_):
        agency_obj = self._agency(agency)
        bad = [r for r in roles if r not in {x.value for x in Role}]
        if bad:
            raise CommandError(f"unknown role {bad[0]!r}; choose from: {ROLES}")
        try:
            user, password = services.user_create(username=username, agency=agency_obj, roles=roles,
                                                  email=email, full_name=name, by=None)
        except ValidationError as exc:
            raise CommandError("; ".join(exc.messages)) from None
        self.stdout.write(self.style.SUCCESS(
            f"Added {user.username} to {agency_obj.code} as {', '.join(sorted(set(roles)))}."))
        self.stdout.write(f"One-time password (shown only now): {password}")
        self.stdout.write("The user must set up a second factor at their first log-in.")

    def list(self, agency):
        qs = User.objects.prefetch_related("role_grants").order_by("agency__code", "username")
        if agency:
            qs = qs.filter(agency=self._agency(agency))
        rows = [(u.username, u.agency.code if u.agency_id else "—",
                 ",".join(sorted(g.role for g in u.role_grants.all())),
                 "yes" if u.is_active else "no", "demo" if u.is_demo else "") for u in qs]
        _print_table(self.stdout, ("username", "agency", "roles", "active", ""), rows)
