"""Cross-script name matching: top-1 accuracy of the engine beside a plain anyascii + rapidfuzz baseline.

    .venv/bin/python bench/match_names.py [--queries 500] [--pool 2000] [--part test|dev] [--list cyrillic]

Reads the public name lists in ../shared/data/names (or HAMKARI_NAMES_DIR) at run time; nothing of them is
copied into the project. Three lists:

* Arabic script -> Latin: wikidata_arabic_train.tsv (person-name tokens, Wikidata labels)
* Cyrillic -> Latin: wikidata_russian_train.tsv
* Persian given names -> Latin: persian_names_fa_en.csv

Each list is split in two by a fixed hash of the Latin spelling: the "dev" part was used to develop and tune
the engine, the "test" part (the default) never was. A top-1 search: for each sampled non-Latin name, a pool
of `--pool` Latin names drawn from the same part (never another valid spelling of the same name) plus the
true one are ranked by score; a hit is the true one ranked first (ties share the credit). Target: at least a
third fewer misses than the baseline on each list.
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import sys
import time
import zlib
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from anyascii import anyascii  # noqa: E402
from rapidfuzz import fuzz  # noqa: E402

from hamkari.matching.engine import Record, prepare, score_prepared  # noqa: E402

SEED = 20261128


def data_dir() -> Path:
    return Path(os.environ.get("HAMKARI_NAMES_DIR") or ROOT.parent / "shared" / "data" / "names")


def part_of(latin: str) -> str:
    # A fixed split by the Latin spelling, so that one name never sits in both parts.
    return "dev" if zlib.crc32(latin.encode()) % 2 == 0 else "test"


def load_wikidata(filename: str) -> list[tuple[str, str]]:
    pairs = []
    with open(data_dir() / filename, encoding="utf-8") as f:
        for line in f:
            cols = line.rstrip("\n").split("\t")
            if len(cols) >= 2 and cols[0] and cols[1]:
                pairs.append((cols[1].replace(" ", ""), cols[0]))
    return pairs


def load_persian() -> list[tuple[str, str]]:
    with open(data_dir() / "persian_names_fa_en.csv", encoding="utf-8") as f:
        return [(row["name"].strip(), row["english_name"].strip()) for row in csv.DictReader(f)
                if row["name"].strip() and row["english_name"].strip()]


LISTS = {
    "Arabic script -> Latin": lambda: load_wikidata("wikidata_arabic_train.tsv"),
    "Cyrillic -> Latin": lambda: load_wikidata("wikidata_russian_train.tsv"),
    "Persian given names -> Latin": load_persian,
}


def build_tasks(pairs, part: str, queries: int, pool: int, rng: random.Random):
    """(query, true Latin, candidates) for `queries` sampled names of `part`; the candidates are one shared
    pool of Latin names of the same part, without any valid spelling of the query, plus the true one."""
    pairs = [(src, lat) for src, lat in pairs if part_of(lat) == part]
    valid = defaultdict(set)
    for src, lat in pairs:
        valid[src].add(lat)
    latins = sorted({lat for _, lat in pairs})
    rng.shuffle(latins)
    shared_pool = latins[: pool + 50]
    sources = sorted(valid)
    rng.shuffle(sources)
    tasks = []
    for src in sources[:queries]:
        truth = rng.choice(sorted(valid[src]))
        others = [lat for lat in shared_pool if lat not in valid[src]][:pool]
        tasks.append((src, truth, [truth, *others]))
    return tasks


def top1(scores: list[float]) -> float:
    """Credit for the true candidate (index 0): 1 if strictly best, 1/k if tied with k-1 others, else 0."""
    best = max(scores)
    if scores[0] < best:
        return 0.0
    return 1.0 / sum(1 for s in scores if s == best)


def run_engine(tasks) -> tuple[float, float]:
    prepared: dict[str, object] = {}

    def prep(name):
        p = prepared.get(name)
        if p is None:
            p = prepared[name] = prepare(Record(id=name, names=(name,)))
        return p

    credit, started = 0.0, time.perf_counter()
    for query, _truth, candidates in tasks:
        q = prep(query)
        credit += top1([score_prepared(q, prep(c)).score for c in candidates])
    return credit / len(tasks), time.perf_counter() - started


def run_baseline(tasks) -> tuple[float, float]:
    credit, started = 0.0, time.perf_counter()
    for query, _truth, candidates in tasks:
        q = anyascii(query).lower()
        credit += top1([fuzz.token_sort_ratio(q, c.lower()) for c in candidates])
    return credit / len(tasks), time.perf_counter() - started


def misses_report(tasks, limit: int = 15) -> None:
    """The engine's misses on the dev part, for development (never run on the test part)."""
    for query, truth, candidates in tasks:
        q = prepare(Record(id="q", names=(query,)))
        scored = sorted(((score_prepared(q, prepare(Record(id=c, names=(c,)))).score, c) for c in candidates),
                        reverse=True)
        if scored[0][1] != truth:
            rank = next(i for i, (_, c) in enumerate(scored) if c == truth)
            print(f"  {query} -> {truth} ranked {rank + 1}; top: {scored[0][1]} {scored[0][0]:.4f}"
                  f" vs {dict((c, s) for s, c in scored)[truth]:.4f}")
            limit -= 1
            if limit == 0:
                return


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--queries", type=int, default=500)
    parser.add_argument("--pool", type=int, default=2000)
    parser.add_argument("--part", choices=("test", "dev"), default="test")
    parser.add_argument("--misses", action="store_true", help="print the engine's misses (dev part only)")
    parser.add_argument("--list", choices=("arabic", "cyrillic", "persian"), help="run one list only")
    args = parser.parse_args()
    if args.misses and args.part != "dev":
        parser.error("--misses is for development: use it with --part dev")
    print(f"Top-1 cross-script name search: {args.queries} queries a list, {args.pool} distractors each, "
          f"part '{args.part}' ({'never used for tuning' if args.part == 'test' else 'used for tuning'}), "
          f"seed {SEED}. Data: {data_dir()}")
    header = f"| {'list':<30} | {'baseline top-1':>14} | {'engine top-1':>12} | {'misses cut':>10} | {'target':>6} |" \
             f" {'engine s':>8} |"
    print(header)
    print("|" + "|".join("-" * (len(c)) for c in header.split("|")[1:-1]) + "|")
    all_ok = True
    for name, loader in LISTS.items():
        if args.list and not name.lower().startswith(args.list):
            continue
        rng = random.Random(f"{SEED}:{name}")
        tasks = build_tasks(loader(), args.part, args.queries, args.pool, rng)
        base, _ = run_baseline(tasks)
        eng, seconds = run_engine(tasks)
        base_miss, eng_miss = 1 - base, 1 - eng
        cut = (base_miss - eng_miss) / base_miss if base_miss else 0.0
        ok = cut >= 1 / 3
        all_ok &= ok
        print(f"| {name:<30} | {base:>14.3f} | {eng:>12.3f} | {cut:>9.0%} | {'met' if ok else 'MISSED':>6} |"
              f" {seconds:>8.1f} |")
        if args.misses:
            misses_report(tasks)
    print("misses cut = (baseline misses - engine misses) / baseline misses; target: at least 33 %.")
    print("baseline: anyascii(query) vs candidate, rapidfuzz fuzz.token_sort_ratio.")
    sys.exit(0 if all_ok else 1)


if __name__ == "__main__":
    main()
