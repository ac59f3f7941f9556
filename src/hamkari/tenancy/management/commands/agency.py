"""`hamkari agency add CODE --name NAME (--country ISO2 | --international) [--kind KIND] [--acronym X]`
and `hamkari agency list`. Runs as the system and is audited."""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from hamkari.tenancy import selectors, services
from hamkari.tenancy.models import AgencyKind, Country


class Command(BaseCommand):
    help = "Add or list agencies."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True, metavar="{add,list}")
        add = sub.add_parser("add", help="add an agency")
        add.add_argument("code", help="short stable code, e.g. PK-ANF")
        add.add_argument("--name", required=True)
        where = add.add_mutually_exclusive_group(required=True)
        where.add_argument("--country", help="ISO 3166 two-letter code, e.g. PK")
        where.add_argument("--international", action="store_true", help="an international or regional body")
        add.add_argument("--kind", help="one of: " + ", ".join(AgencyKind.values))
        add.add_argument("--acronym", default="")
        add.add_argument("--local-name", default="", help="name in the national language and script")
        lst = sub.add_parser("list", help="list agencies")
        lst.add_argument("--country", help="only this country's agencies (ISO2)")

    def handle(self, *args, action, **options):
        if action == "add":
            self.add(**options)
        else:
            self.list(options.get("country"))

    def add(self, *, code, name, country, international, kind, acronym, local_name, **_):
        kind = kind or (AgencyKind.INTERNATIONAL if international else AgencyKind.OTHER)
        if kind not in AgencyKind.values:
            raise CommandError(f"unknown kind {kind!r}; choose one of: {', '.join(AgencyKind.values)}")
        country_obj = None
        if not international:
            country_obj = Country.objects.filter(iso2=country.strip().upper()).first()
            if country_obj is None:
                raise CommandError(f"unknown country {country!r}: give an ISO 3166 two-letter code such as PK")
        try:
            agency = services.agency_create(code=code, name=name, country=country_obj, kind=kind,
                                            acronym=acronym, local_name=local_name, by=None)
        except ValidationError as exc:
            raise CommandError("; ".join(exc.messages)) from None
        where = agency.country_id or "international"
        self.stdout.write(self.style.SUCCESS(f"Added agency {agency.code}: {agency.name} ({where}, {agency.kind})"))

    def list(self, country):
        if country and not Country.objects.filter(iso2=country.strip().upper()).exists():
            raise CommandError(f"unknown country {country!r}: give an ISO 3166 two-letter code such as PK")
        agencies = selectors.agency_directory(_System(), country and country.strip())
        rows = [(a.code, a.country_id or "—", a.kind, a.acronym, a.name, str(a.users_n),
                 a.focal_point.username if a.focal_point_id else "") for a in agencies]
        _print_table(self.stdout, ("code", "country", "kind", "acronym", "name", "users", "focal point"), rows)


class _System:
    """Stands in for a user where selectors want one: the operator at the console sees the directory."""

    agency_id = None

    def can(self, perm):
        return True


def _print_table(out, header, rows):
    if not rows:
        out.write("(none)")
        return
    widths = [max(len(str(x)) for x in col) for col in zip(header, *rows, strict=False)]
    for line in (header, tuple("-" * w for w in widths), *rows):
        out.write("  ".join(str(x).ljust(w) for x, w in zip(line, widths, strict=False)).rstrip())
