"""The incident list over 1,000,000 incidents, filtered by country and drug: server time of the first page.

    .venv/bin/python bench/incident_list.py [--incidents 1000000]      # SQLite in a temporary folder
    DATABASE_URL=postgres://... .venv/bin/python bench/incident_list.py

Fills a fresh database with incidents of every member state (one seizure line each, a mix of handling codes
and owners), then asks for the first page of /incidents/ as users of different countries, with and without
filters, 30 times each, and prints the median and 95th percentile. Target: first page under 300 ms.
"""

import argparse
import random
import time
from datetime import date, timedelta
from decimal import Decimal

from _setup import fresh_database, peak_rss_mb, percentile

TARGET_MS = 300
COUNTRIES = ["AF", "IR", "KZ", "KG", "PK", "TJ", "TM", "UZ"]
SUBSTANCES = [("heroin", "opiates"), ("opium", "opiates"), ("cannabis_resin", "cannabis"),
              ("methamphetamine", "ats"), ("acetic_anhydride", "precursors"), ("tramadol", "pharmaceuticals")]


def _inserter(model, fixed: dict, varying: list[str]):
    """A fast INSERT for `model`: every concrete column, with `fixed` values and the `varying` ones per row.

    Django's bulk_create builds one model instance per row, which costs more than the database itself at a
    million rows; this prepares one row of defaults and swaps the varying columns in.
    """
    from django.db import connection

    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    template = model(**fixed)
    base = [f.get_db_prep_save(f.pre_save(template, add=True), connection) for f in fields]
    index = {f.attname: i for i, f in enumerate(fields)}
    positions = [index[name] for name in varying]
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    sql = (f"INSERT INTO {connection.ops.quote_name(model._meta.db_table)} ({columns}) "
           f"VALUES ({', '.join(['%s'] * len(fields))})")

    def insert(rows):
        out = []
        for values in rows:
            row = list(base)
            for pos, value in zip(positions, values, strict=True):
                row[pos] = value
            out.append(row)
        with connection.cursor() as cursor:
            cursor.executemany(sql, out)

    return insert


def fill(n: int) -> float:
    from django.db import connection, transaction

    from hamkari.incidents.models import Incident, Seizure
    from hamkari.tenancy.models import Agency

    rng = random.Random(7)
    agencies = list(Agency.objects.filter(country__in=COUNTRIES, kind__in=["police", "drug_control", "customs"]))
    start = date(2020, 1, 1)
    t = time.perf_counter()
    add_incidents = _inserter(Incident, {"owner_agency": agencies[0], "place_name": "bench", "crime_area": "drugs"},
                              ["owner_agency_id", "owner_country_id", "handling", "national_reference",
                               "occurred_on", "country_id"])
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {Incident._meta.db_table}")
        first_id = cursor.fetchone()[0] + 1
    chunk = 20_000
    for offset in range(0, n, chunk):
        rows, meta = [], []
        for i in range(offset, min(n, offset + chunk)):
            agency = rng.choice(agencies)
            handling = rng.choices(["regional", "national", "public"], [60, 30, 10])[0]
            country = agency.country_id if rng.random() < 0.95 else rng.choice(COUNTRIES)
            rows.append((agency.pk, agency.country_id, handling, f"B-{i}",
                         start + timedelta(days=rng.randrange(2500)), country))
            meta.append((agency.pk, agency.country_id, handling))
        with transaction.atomic():
            add_incidents(rows)
    # Ids were given in insertion order on both databases (a fresh table, one writer).
    add_seizures = None
    for offset in range(0, n, chunk):
        if add_seizures is None:
            incident = Incident.objects.order_by("id").first()
            add_seizures = _inserter(Seizure, {"incident": incident, "owner_agency": agencies[0], "amount": Decimal("1.5"),
                                               "unit": "kg", "amount_kg": Decimal("1.5")},
                                     ["incident_id", "owner_agency_id", "owner_country_id", "handling", "substance",
                                      "substance_group"])
        ids = list(Incident.objects.filter(id__gte=first_id + offset, id__lt=first_id + offset + chunk)
                   .order_by("id").values_list("id", "owner_agency_id", "owner_country_id", "handling"))
        rows = []
        for incident_id, agency_id, country_id, handling in ids:
            code, group = rng.choice(SUBSTANCES)
            rows.append((incident_id, agency_id, country_id, handling, code, group))
        with transaction.atomic():
            add_seizures(rows)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return time.perf_counter() - t


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--incidents", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=30)
    args = parser.parse_args()
    with fresh_database() as connection:
        from django.test import Client
        from django.urls import reverse

        from hamkari.tenancy.models import User

        fill_s = fill(args.incidents)
        url = reverse("incidents:list")
        cases = [
            ("af.analyst", "country=AF&substance=heroin"),
            ("af.analyst", "country=IR&substance=methamphetamine"),
            ("kz.analyst", "country=KZ&substance=heroin"),
            ("af.analyst", "substance=acetic_anhydride"),
            ("af.analyst", ""),
            ("caricc.regional_analyst", "country=TJ&substance=heroin"),
        ]
        print(f"Incident list, first page, {args.incidents:,} incidents ({connection.vendor}); "
              f"target {TARGET_MS} ms; filled in {fill_s:.0f} s")
        print(f"{'user':<26} {'filters':<38} {'median ms':>10} {'p95 ms':>8} {'rows':>5}")
        worst = 0.0
        for username, query in cases:
            user = User.objects.filter(username=username).first()
            if user is None:
                print(f"{username:<26} (no such demo user)")
                continue
            client = Client()
            client.force_login(user)
            client.get(f"{url}?{query}")  # warm caches, as a real server would be
            times = []
            for _ in range(args.repeat):
                t = time.perf_counter()
                response = client.get(f"{url}?{query}")
                times.append((time.perf_counter() - t) * 1000)
                assert response.status_code == 200, response.status_code
            rows = response.content.count(b'class="incident-row"')
            p95 = percentile(times, 95)
            worst = max(worst, p95)
            print(f"{username:<26} {query or '(none)':<38} {percentile(times, 50):10.1f} {p95:8.1f} {rows:5}")
        print(f"worst p95: {worst:.1f} ms  {'ok' if worst < TARGET_MS else 'OVER'}; peak memory {peak_rss_mb():.0f} MB")


if __name__ == "__main__":
    main()
