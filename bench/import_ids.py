"""Importing a 100,000-row UNODC individual drug seizure (IDS) file: time and peak memory.

    .venv/bin/python bench/import_ids.py [--rows 100000]           # SQLite in a temporary folder
    DATABASE_URL=postgres://... .venv/bin/python bench/import_ids.py

Writes a realistic IDS CSV (the eight countries and seizures elsewhere on routes that touch the region, UNODC
country names, month- and day-precision dates, several units), imports it as the server operator would
(`hamkari import`), then imports it again (which must change nothing). Targets: under 60 s, under 1 GB.
"""

import argparse
import csv
import random
import time
from datetime import date, timedelta

from _setup import fresh_database, peak_rss_mb

TARGET_S, TARGET_MB = 60, 1024
HEADER = ["REGION", "SUBREGION", "COUNTRY", "ADMINISTRATIVE_DIVISION", "PLACE", "SEIZURE_DATE", "DRUG_NAME",
          "AMOUNT", "DRUG_UNIT", "HIDING_PLACE", "INSTALLATION", "TRANSPORT", "PRODUCING_COUNTRY",
          "DEPARTURE_COUNTRY", "DESTINATION_COUNTRY", "ROUTING"]
PLACES = {
    "AF": [("Herat", "Islam Qala"), ("Balkh", "Hairatan"), ("Nangarhar", "Torkham"), ("Kandahar", "Spin Boldak"),
           ("Kabul", "Kabul")],
    "IR": [("Khorasan Razavi", "Mashhad"), ("Sistan and Baluchestan", "Zahedan"), ("Kerman", "Kerman"),
           ("Tehran", "Tehran")],
    "PK": [("Khyber Pakhtunkhwa", "Peshawar"), ("Balochistan", "Quetta"), ("Sindh", "Karachi"),
           ("Punjab", "Lahore")],
    "TJ": [("Khatlon", "Panji Poyon"), ("Dushanbe", "Душанбе"), ("Sughd", "Khujand"), ("GBAO", "Khorog")],
    "UZ": [("Surxondaryo", "Termez"), ("Toshkent", "Ташкент"), ("Samarqand", "Samarkand")],
    "KZ": [("Almaty", "Алматы"), ("Turkistan", "Shymkent"), ("Zhambyl", "Kordai")],
    "KG": [("Osh", "Ош"), ("Chuy", "Bishkek"), ("Batken", "Batken")],
    "TM": [("Mary", "Serhetabat"), ("Ahal", "Ashgabat"), ("Lebap", "Turkmenabat")],
    "RU": [("Moscow", "Moscow"), ("Orenburg Oblast", "Orenburg")],
    "TR": [("Van", "Van"), ("Istanbul", "Istanbul")],
    "DE": [("Bayern", "München")],
}
DRUGS = [("heroin", "kg", 1.5), ("opium", "kg", 12), ("cannabis_resin", "kg", 15), ("methamphetamine", "kg", 2),
         ("acetic_anhydride", "l", 400), ("tramadol", "tablet", 20000), ("morphine", "kg", 4),
         ("cannabis_herb", "g", 800)]
ROUTES = [["AF", "TJ", "KG", "KZ", "RU"], ["AF", "UZ", "KZ", "RU"], ["AF", "IR", "TR"], ["AF", "PK", "IR"],
          ["AF", "TM", "UZ", "KZ"], ["AF", "IR", "TR", "DE"], ["CN", "KZ", "UZ", "AF"]]
TRANSPORT = ["Private vehicle", "Commercial vehicle", "Truck", "Train", "Air", "Mail", "Pedestrian"]
HIDING = ["Vehicle", "Luggage", "Body", "Cargo", "Parcel", ""]
INSTALLATION = ["Border crossing", "Airport", "Seaport", "Road", "Residence", ""]


def write_ids_file(path, rows: int, seed: int = 3) -> None:
    from hamkari.incidents.vocab.countries import format_routing, region_of, unodc_name
    from hamkari.incidents.vocab.substances import SUBSTANCES

    rng = random.Random(seed)
    start = date(2020, 1, 1)
    with open(path, "w", newline="", encoding="utf-8") as f:
        out = csv.writer(f)
        out.writerow(HEADER)
        for i in range(rows):
            route = rng.choice(ROUTES)
            country = rng.choice([c for c in route if c in PLACES])
            admin, place = rng.choice(PLACES[country])
            code, unit, median = rng.choice(DRUGS)
            amount = round(median * rng.lognormvariate(0, 1.2), 3)
            day = start + timedelta(days=rng.randrange(2500))
            when = day.isoformat() if rng.random() < 0.85 else day.strftime("%Y-%m")
            region, subregion = region_of(country)
            out.writerow([region, subregion, unodc_name(country), admin, place, when,
                          SUBSTANCES[code].unodc_names[0], f"{amount:g}", unit, rng.choice(HIDING),
                          rng.choice(INSTALLATION), rng.choice(TRANSPORT), unodc_name(route[0]),
                          unodc_name(route[1] if len(route) > 1 else route[0]), unodc_name(route[-1]),
                          format_routing(route)])


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=100_000)
    args = parser.parse_args()
    import tempfile
    from pathlib import Path

    with fresh_database() as connection:
        from hamkari.incidents.importing.services import create_batch, run_batch
        from hamkari.incidents.models import Incident, Seizure
        from hamkari.tenancy.models import Agency

        path = Path(tempfile.mkdtemp(prefix="hamkari-ids-")) / "ids-100k.csv"
        t = time.perf_counter()
        write_ids_file(path, args.rows)
        made = time.perf_counter() - t
        agency = Agency.objects.get(code="UNODC")
        before_mb = peak_rss_mb()
        results = []
        for attempt in ("first import", "same file again"):
            t = time.perf_counter()
            batch = create_batch(user=None, agency=agency, source=path, filename=path.name, fmt="ids",
                                 handling="regional")
            batch = run_batch(batch)
            seconds = time.perf_counter() - t
            results.append((attempt, seconds, batch))
        peak = peak_rss_mb()
        print(f"Import of a {args.rows:,}-row IDS file ({connection.vendor}); targets {TARGET_S} s, "
              f"{TARGET_MB} MB peak")
        print(f"file: {path.stat().st_size / 1e6:.1f} MB written in {made:.1f} s")
        print(f"{'run':<18} {'seconds':>8} {'imported':>9} {'unchanged':>10} {'rejected':>9} {'rows/s':>9}")
        for attempt, seconds, batch in results:
            print(f"{attempt:<18} {seconds:8.1f} {batch.rows_imported:9,} {batch.rows_unchanged:10,} "
                  f"{batch.rows_rejected:9,} {args.rows / seconds:9,.0f}")
        print(f"incidents in database: {Incident.objects.count():,}; seizure lines: {Seizure.objects.count():,}")
        print(f"peak memory: {peak:.0f} MB (before importing: {before_mb:.0f} MB)  "
              f"{'ok' if results[0][1] < TARGET_S and peak < TARGET_MB else 'OVER'}")


if __name__ == "__main__":
    main()
