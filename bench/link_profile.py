"""CPU per left record of `link` in one process, and a fingerprint of its result (to check that a speed-up
changes nothing). Data: the files of bench/link_scale.py --keep DIR --generate-only.

    .venv/bin/python bench/link_profile.py DIR [--rows N] [--profile] [--gc 700,10,10]
"""

import argparse
import cProfile
import hashlib
import importlib
import pstats
import sys
import time
from itertools import islice
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from hamkari.matching.engine.csvio import open_person_file  # noqa: E402
from hamkari.matching.engine.link import link  # noqa: E402

link_module = importlib.import_module("hamkari.matching.engine.link")  # the module, not the function


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("folder")
    parser.add_argument("--rows", type=int, default=0, help="use the first N records of each side (default all)")
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--gc", help="collector thresholds while linking, as 700,10,10 (default link.GC_THRESHOLDS)")
    args = parser.parse_args()
    if args.gc:
        link_module.GC_THRESHOLDS = tuple(int(x) for x in args.gc.split(","))
    folder = Path(args.folder)
    # Only the first N records are read (reading a million-row file costs half a minute of its own).
    left = list(islice(open_person_file(folder / "left.csv"), args.rows or None))
    right = list(islice(open_person_file(folder / "right.csv"), args.rows or None))
    profiler = cProfile.Profile() if args.profile else None
    digest = hashlib.sha256()
    started = time.process_time()
    if profiler:
        profiler.enable()
    pairs = 0
    for pair in link(left, right, workers=1):
        digest.update(f"{pair.left_id}\t{pair.right_id}\t{pair.score!r}\t{pair.explanation}\n".encode())
        pairs += 1
    if profiler:
        profiler.disable()
    cpu = time.process_time() - started
    print(f"{len(left):,} x {len(right):,}: {pairs:,} pairs, CPU {cpu:.2f} s, "
          f"{cpu / len(left) * 1e6:.0f} us per left record (right side included), sha256 {digest.hexdigest()[:16]}")
    if profiler:
        pstats.Stats(profiler).sort_stats("tottime").print_stats(25)


if __name__ == "__main__":
    main()
