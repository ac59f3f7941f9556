"""The map's and the route flows' endpoints over 1,000,000 incidents (one seizure line each): server time.

    .venv/bin/python bench/map_data.py [--incidents 1000000]      # SQLite in a temporary folder
    DATABASE_URL=postgres://... .venv/bin/python bench/map_data.py

Fills a fresh database as bench/incident_list.py does, then gives 70% of the incidents coordinates around
their country's centre, 10% a border crossing point, 80% a route (producing, departure, destination) and 20% a
transit country, all in SQL. Then asks for each endpoint (map data at two zooms, flows, the table fragments, a
CSV, the full map page) as users of different countries, with and without filters, and prints the median and
95th percentile. Targets: the dashboard under 500 ms on PostgreSQL and under 2 s on SQLite (the map's and the
flows' parts are loaded by the dashboard as separate requests, each measured here).
"""

import argparse
import time

from _setup import fresh_database, peak_rss_mb, percentile
from incident_list import fill

TARGET_MS = {"sqlite": 2000, "postgresql": 500}
CENTRES = {"AF": (34.0, 66.0), "IR": (32.0, 53.0), "KZ": (48.0, 67.0), "KG": (41.5, 74.5), "PK": (30.0, 70.0),
           "TJ": (38.7, 71.0), "TM": (39.0, 59.0), "UZ": (41.0, 64.0)}
DESTINATIONS = ["TR", "RU", "CN", "AE", "IR"]
TRANSITS = ["IR", "TJ", "UZ", "TM", "KZ"]


def add_geography():
    """Coordinates, crossings, routes and transits for the filled incidents, deterministic from the id."""
    from django.db import connection, transaction

    from hamkari.incidents.models import Incident, RouteTransit
    from hamkari.places.models import Place

    t = time.perf_counter()
    table = connection.ops.quote_name(Incident._meta.db_table)
    transit_table = connection.ops.quote_name(RouteTransit._meta.db_table)
    destinations = " ".join(f"WHEN {i} THEN '{c}'" for i, c in enumerate(DESTINATIONS))
    transits = " ".join(f"WHEN {i} THEN '{c}'" for i, c in enumerate(TRANSITS))
    # "%%" is a literal % in a statement with parameters (both drivers); the INSERT has none, so "%" there.
    with transaction.atomic(), connection.cursor() as cursor:
        for country, (lat, lon) in CENTRES.items():
            crossing = Place.objects.filter(kind="crossing", country_id=country).order_by("id").first()
            cursor.execute(
                f"UPDATE {table} SET latitude = CASE WHEN id %% 10 < 7 THEN %s + ((id * 37) %% 600) / 100.0 - 3 END, "
                f"longitude = CASE WHEN id %% 10 < 7 THEN %s + ((id * 91) %% 800) / 100.0 - 4 END, "
                f"geo_precision = CASE WHEN id %% 10 < 7 THEN 'exact' ELSE 'country' END, "
                f"border_crossing_id = CASE WHEN id %% 10 = 9 THEN %s END, "
                f"producing_country_id = CASE WHEN id %% 5 < 3 THEN 'AF' END, "
                f"departure_country_id = CASE WHEN id %% 5 < 4 THEN country_id END, "
                f"destination_country_id = CASE WHEN id %% 5 < 4 THEN CASE (id / 5) %% 5 {destinations} END END "
                f"WHERE country_id = %s", [lat, lon, crossing.pk if crossing else None, country])
        cursor.execute(
            f"INSERT INTO {transit_table} (incident_id, position, country_id) "
            f"SELECT id, 1, CASE (id / 7) % 5 {transits} END FROM {table} WHERE id % 5 = 1")
        cursor.execute("ANALYZE")
    return time.perf_counter() - t


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--incidents", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=10)
    args = parser.parse_args()
    with fresh_database() as connection:
        from django.test import Client

        from hamkari.tenancy.models import User

        fill_s = fill(args.incidents) + add_geography()
        zoomed = "zoom=3&bbox=60.00,29.00,73.50,38.50"
        cases = [
            ("af.analyst", "map data, region", "/insights/map/data/", ""),
            ("af.analyst", "map data, zoom 3", "/insights/map/data/", zoomed),
            ("af.analyst", "map data, heroin", "/insights/map/data/", "substance=heroin"),
            ("af.analyst", "map data, AF, 2023", "/insights/map/data/",
             "country=AF&date_from=2023-01-01&date_to=2023-12-31"),
            ("caricc.regional_analyst", "map data, region", "/insights/map/data/", ""),
            ("af.analyst", "flows", "/insights/map/flows/", ""),
            ("af.analyst", "flows, heroin", "/insights/map/flows/", "substance=heroin"),
            ("af.analyst", "tables, map", "/insights/map/tables/map/", ""),
            ("af.analyst", "tables, flows", "/insights/map/tables/flows/", ""),
            ("af.analyst", "CSV clusters", "/insights/map/csv/clusters/", ""),
            ("af.analyst", "map page (full)", "/insights/map/", ""),
            ("af.analyst", "regions.geojson", "/insights/map/regions.geojson", ""),
        ]
        vendor = connection.vendor
        target = TARGET_MS.get(vendor, 2000)
        print(f"Map and route flows, {args.incidents:,} incidents ({vendor}); target per request {target} ms; "
              f"filled in {fill_s:.0f} s")
        print(f"{'user':<24} {'request':<20} {'query':<40} {'median ms':>10} {'p95 ms':>8} {'KB':>7}")
        worst = 0.0
        for username, label, url, query in cases:
            user = User.objects.filter(username=username).first()
            if user is None:
                print(f"{username:<24} (no such demo user)")
                continue
            client = Client()
            client.force_login(user)
            full = f"{url}?{query}" if query else url
            client.get(full)  # warm caches, as a real server would be
            times = []
            for _ in range(args.repeat):
                t = time.perf_counter()
                response = client.get(full)
                times.append((time.perf_counter() - t) * 1000)
                assert response.status_code == 200, (full, response.status_code)
            p95 = percentile(times, 95)
            worst = max(worst, p95)
            size = len(response.content) / 1024
            print(f"{username:<24} {label:<20} {query or '(none)':<40} {percentile(times, 50):10.1f} {p95:8.1f} "
                  f"{size:7.1f}")
        print(f"worst p95: {worst:.1f} ms  {'ok' if worst < target else 'OVER'}; peak memory {peak_rss_mb():.0f} MB")


if __name__ == "__main__":
    main()
