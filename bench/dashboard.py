"""The dashboard over 1,000,000 seizure lines: server time of the page and of a CSV download, and the page's weight.

    .venv/bin/python bench/dashboard.py [--seizures 1000000] [--repeat 10]     # SQLite (in memory, as the tests)
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/dash_1 .venv/bin/python bench/dashboard.py
    DATABASE_URL=... .venv/bin/python bench/dashboard.py --reuse   # time again a database filled before
                                                                     # (kept with HAMKARI_BENCH_KEEP_DB=1)

Fills a fresh database with incidents of every member state over seven years (about 1.25 seizure lines each: a
mix of substances, sizes spread over five orders of magnitude, transport, concealment, routes with transit
countries, handling codes and owners, and one planted rise for the emerging-trend test), then asks for the
dashboard as users of different countries with several filter sets and prints the median and 95th percentile.
Targets: PostgreSQL under 500 ms, SQLite under 2 s; the page (HTML, plus Chart.js and the dashboard's own
script and style) under 300 KB gzip-compressed.
"""

import argparse
import gzip
import random
import time
from contextlib import contextmanager
from datetime import date, timedelta
from decimal import Decimal

from _setup import fresh_database, peak_rss_mb, percentile
from incident_list import _inserter

TARGET_MS = {"postgresql": 500, "sqlite": 2000}
TARGET_PAGE_KB = 300
COUNTRIES = ["AF", "IR", "KZ", "KG", "PK", "TJ", "TM", "UZ"]
ELSEWHERE = ["RU", "TR", "CN", "IN", "AE"]
# (code, group, weight)
SUBSTANCES = [("heroin", "opiates", 20), ("opium", "opiates", 25), ("morphine", "opiates", 2),
              ("cannabis_resin", "cannabis", 25), ("cannabis_herb", "cannabis", 8),
              ("methamphetamine", "ats", 8), ("methamphetamine_crystal", "ats", 3),
              ("acetic_anhydride", "precursors", 2), ("tramadol", "pharmaceuticals", 5),
              ("synthetic_cathinones", "nps", 2)]
TRANSPORT = [("road", 50), ("rail", 5), ("air", 5), ("post", 5), ("pedestrian", 10), ("animal", 3),
             ("sea", 2), ("unknown", 20)]
CONCEALMENT = [("vehicle", 30), ("luggage", 15), ("body", 8), ("cargo", 12), ("parcel", 5), ("premises", 10),
               ("none", 5), ("unknown", 15)]
START = date(2019, 12, 1)
DAYS = 2550  # to the end of 2026


def _pick(rng, table):
    return rng.choices([row[0] for row in table], [row[-1] for row in table])[0]


def fill(n_seizures: int, seed: int = 7) -> tuple[float, int]:
    """Fill the database; (seconds, number of incidents)."""
    from django.db import connection, transaction

    from hamkari.incidents.models import Incident, RouteTransit, Seizure
    from hamkari.tenancy.models import Agency

    rng = random.Random(seed)
    agencies = list(Agency.objects.filter(country__in=COUNTRIES, kind__in=["police", "drug_control", "customs"]))
    n_incidents = max(1, round(n_seizures / 1.25))
    t = time.perf_counter()
    add_incidents = _inserter(
        Incident, {"owner_agency": agencies[0], "place_name": "bench", "crime_area": "drugs"},
        ["owner_agency_id", "owner_country_id", "handling", "national_reference", "occurred_on", "country_id",
         "transport_mode", "concealment", "producing_country_id", "departure_country_id", "destination_country_id"])
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {Incident._meta.db_table}")
        first_id = cursor.fetchone()[0] + 1
    chunk = 20_000
    planted_from = START + timedelta(days=DAYS - 92)
    for offset in range(0, n_incidents, chunk):
        rows = []
        for i in range(offset, min(n_incidents, offset + chunk)):
            agency = rng.choice(agencies)
            handling = rng.choices(["regional", "national", "restricted", "public"], [55, 30, 5, 10])[0]
            country = agency.country_id if rng.random() < 0.95 else rng.choice(COUNTRIES)
            day = START + timedelta(days=rng.randrange(DAYS))
            concealment = _pick(rng, CONCEALMENT)
            # The planted rise: parcels seized in Kyrgyzstan triple over the last three months.
            if country == "KG" and day >= planted_from and rng.random() < 0.25:
                concealment = "parcel"
            producing = rng.choice(["AF", "AF", "AF", "PK", "IR", None])
            departure = rng.choice([country, producing, None])
            destination = rng.choice([*ELSEWHERE, *COUNTRIES, None])
            rows.append((agency.pk, agency.country_id, handling, f"D-{i}", day, country, _pick(rng, TRANSPORT),
                         concealment, producing, departure, destination))
        with transaction.atomic():
            add_incidents(rows)
    # Ids were given in insertion order on both databases (a fresh table, one writer).
    first = Incident.objects.order_by("id").first()
    add_seizures = _inserter(
        Seizure, {"incident": first, "owner_agency": first.owner_agency, "amount": Decimal("1"), "unit": "kg",
                  "amount_kg": Decimal("1")},
        ["incident_id", "owner_agency_id", "owner_country_id", "handling", "substance", "substance_group",
         "position", "amount", "amount_kg"])
    add_transits = _inserter(RouteTransit, {"incident": first, "position": 0, "country_id": "TJ"},
                             ["incident_id", "position", "country_id"])
    made = 0
    for offset in range(0, n_incidents, chunk):
        ids = list(Incident.objects.filter(id__gte=first_id + offset, id__lt=first_id + offset + chunk)
                   .order_by("id").values_list("id", "owner_agency_id", "owner_country_id", "handling"))
        rows, transits = [], []
        for incident_id, agency_id, country_id, handling in ids:
            lines = 1 if rng.random() < 0.8 else 2
            if made + lines > n_seizures:
                lines = max(0, n_seizures - made)
            for position in range(lines):
                code, group, _weight = rng.choices(SUBSTANCES, [s[2] for s in SUBSTANCES])[0]
                kg = Decimal(str(round(10 ** rng.uniform(-2.5, 3.2), 3) or 0.001))
                rows.append((incident_id, agency_id, country_id, handling, code, group, position, kg, kg))
            made += lines
            if rng.random() < 0.15:
                transits.append((incident_id, 0, rng.choice(COUNTRIES)))
        with transaction.atomic():
            if rows:
                add_seizures(rows)
            if transits:
                add_transits(transits)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return time.perf_counter() - t, n_incidents


# "(none)" is the page as it opens: the whole history, as "date_from=" (an empty filter).
CASES = [
    ("af.analyst", ""),
    ("af.analyst", "date_from="),
    ("af.analyst", "country=AF&substance_group=opiates"),
    ("af.analyst", "date_from=2025-01-01&date_to=2025-12-31&transport=road"),
    ("af.analyst", "route=TJ"),
    ("kz.analyst", "substance=heroin"),
    ("caricc.regional_analyst", "country=TJ"),
    ("af.analyst", "agency=AF-CNPA&handling=national"),
]


def page_weight(html: bytes) -> dict:
    """Gzip sizes (KB) of the page and of the static files it loads from the platform."""
    import re

    from django.contrib.staticfiles import finders

    sizes = {"html": len(gzip.compress(html, 6)) / 1024}
    for src in re.findall(rb'(?:src|href)="/static/([^"?]+)', html):
        path = finders.find(src.decode())
        if path and src.endswith((b".js", b".css")):
            with open(path, "rb") as f:
                sizes[src.decode()] = len(gzip.compress(f.read(), 6)) / 1024
    return sizes


@contextmanager
def _existing():
    from django.db import connection
    from django.test.utils import setup_test_environment

    setup_test_environment()
    yield connection


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--seizures", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=10)
    parser.add_argument("--reuse", action="store_true",
                        help="time the database DATABASE_URL names as it is: no new database, no filling")
    args = parser.parse_args()
    with (_existing() if args.reuse else fresh_database()) as connection:
        from django.test import Client
        from django.urls import reverse

        from hamkari.incidents.models import Incident, Seizure
        from hamkari.tenancy.models import User

        if args.reuse:
            fill_s, n_incidents = 0.0, Incident.objects.count()
            args.seizures = Seizure.objects.count()
        else:
            fill_s, n_incidents = fill(args.seizures)
        url = reverse("insights:dashboard")
        target = TARGET_MS.get(connection.vendor, 2000)
        print(f"Dashboard, {args.seizures:,} seizure lines in {n_incidents:,} incidents ({connection.vendor}); "
              f"target {target} ms; filled in {fill_s:.0f} s")
        print(f"{'user':<24} {'filters':<56} {'median ms':>9} {'p95 ms':>7}")
        worst, html = 0.0, b""
        for username, query in [*CASES, ("af.analyst", "csv:over_time"), ("af.analyst", "csv:trends")]:
            user = User.objects.filter(username=username).first()
            if user is None:
                print(f"{username:<24} (no such demo user)")
                continue
            client = Client()
            client.force_login(user)
            address = (reverse("insights:csv", args=[query[4:]]) if query.startswith("csv:")
                       else f"{url}?{query}")
            client.get(address)  # warm caches, as a real server would be
            times = []
            for _ in range(args.repeat):
                t = time.perf_counter()
                response = client.get(address)
                body = b"".join(response.streaming_content) if response.streaming else response.content
                times.append((time.perf_counter() - t) * 1000)
                assert response.status_code == 200, (response.status_code, body[:500])
            if not query:
                html = body
            p95 = percentile(times, 95)
            worst = max(worst, p95)
            print(f"{username:<24} {query or '(none)':<56} {percentile(times, 50):9.1f} {p95:7.1f}")
        print(f"worst p95: {worst:.1f} ms  {'ok' if worst < target else 'OVER'}; peak memory {peak_rss_mb():.0f} MB")
        sizes = page_weight(html)
        total = sum(sizes.values())
        print("page weight, gzip: " + ", ".join(f"{k} {v:.1f} KB" for k, v in sizes.items())
              + f"; total {total:.1f} KB  {'ok' if total < TARGET_PAGE_KB else 'OVER'}")


if __name__ == "__main__":
    main()
