"""`hamkari places load` (reload the gazetteer from its sources, idempotently) and
`hamkari places find TEXT [--country XX]` (what a name geocodes to, and why)."""

from django.core.management.base import BaseCommand, CommandError

from hamkari.places import selectors
from hamkari.places.loader import load
from hamkari.places.models import Place, PlaceName
from hamkari.tenancy.models import Country


class Command(BaseCommand):
    help = "Load the gazetteer, or look a place name up in it."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True, metavar="{load,find}")
        sub.add_parser("load", help="load or update provinces, crossing points and GeoNames settlements "
                                    "(idempotent; never deletes)")
        find = sub.add_parser("find", help="geocode a place name written in any script, and say why")
        find.add_argument("text", help="a place name, e.g. Душанбе or مزار شریف")
        find.add_argument("--country", help="only places of this country (ISO2, e.g. TJ)")
        find.add_argument("--limit", type=int, default=5, help="how many candidates to list (default 5)")

    def handle(self, *args, action, **options):
        if action == "load":
            report = load(Place, PlaceName, progress=lambda message: self.stdout.write(message))
            self.stdout.write(self.style.SUCCESS(f"Gazetteer loaded: {report}"))
        else:
            self.find(options["text"], options.get("country"), options["limit"])

    def find(self, text, country, limit):
        if country and not Country.objects.filter(iso2=country.strip().upper()).exists():
            raise CommandError(f"unknown country {country!r}: give an ISO 3166 two-letter code such as TJ")
        candidates = selectors.explain(text, country, limit=max(1, min(limit, 50)))
        if not candidates:
            raise CommandError(f"no place matches {text!r}" + (f" in {country.upper()}" if country else ""))
        for i, result in enumerate(candidates):
            place = result.place
            where = ", ".join(x for x in (place.admin1_name, place.country_id) if x)
            ident = place.code or f"geonames:{place.geonameid}"
            marker = "=>" if i == 0 else "  "
            self.stdout.write(
                f"{marker} {place.name} ({where}) [{place.kind}, {ident}, population {place.population}] "
                f"{place.latitude:.4f},{place.longitude:.4f}\n"
                f"     matched {result.matched_name!r} by {result.method} (score {result.score:.2f}; "
                f"precision {result.precision})")
