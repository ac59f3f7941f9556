"""`hamkari link` of N persons against N persons: wall time, peak memory, candidates, precision and recall.

    .venv/bin/python bench/link_scale.py [--rows 1000000] [--top 10] [--keep DIR]

Two lists of people of the region are generated (seeded), as the agencies of different countries write them:
- names as each country writes them: Arabic script (Dari, Farsi, Urdu) in Afghanistan, Iran and Pakistan,
  Cyrillic in Tajikistan, Kazakhstan and Kyrgyzstan (with -ов/-ова/-зода), Latin in Uzbekistan and Turkmenistan
  and in lists kept in English; the demo data's regional names (`hamkari.incidents.demo_data`) for the common
  names, and, when ../shared/data/names is there, the public name lists for the long tail (Persian given names
  with their Latin spellings, Wikidata family names in Cyrillic and in Arabic script), drawn with Zipf-like
  frequencies, so that common names are very common, as in real lists;
- birth dates with day, month or year precision, some missing or a year off; nationality as an ISO code or a
  country name, sometimes missing or wrong; gender sometimes missing; typos, swapped name order, aliases.
Half of the left persons are also in the right list (written by another country, independently noised); those
are the true pairs. The command runs in a subprocess, the way an operator runs it.

Memory: the peak resident size of the largest process (getrusage of the children), and the peak of the sum
over all the command's processes of their proportional set size (PSS: shared pages counted once), sampled
from /proc every 0.2 s. Targets for 1,000,000 x 1,000,000: under 90 s and under 4 GB.
"""

import argparse
import csv
import os
import random
import resource
import subprocess
import sys
import tempfile
import threading
import time
from datetime import date, timedelta
from itertools import accumulate
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
NAMES = ROOT.parent / "shared" / "data" / "names"
TARGET_S, TARGET_MB = 90, 4096
COUNTRY_NAMES = {"AF": "Afghanistan", "IR": "Iran (Islamic Republic of)", "PK": "Pakistan", "TJ": "Tajikistan",
                 "UZ": "Uzbekistan", "KZ": "Kazakhstan", "KG": "Kyrgyzstan", "TM": "Turkmenistan"}
COUNTRY_NATIVE = {"AF": "افغانستان", "IR": "ایران", "TJ": "Тоҷикистон", "KZ": "Казахстан", "KG": "Кыргызстан",
                  "UZ": "O'zbekiston", "TM": "Türkmenistan", "PK": "پاکستان"}
# Share of each nationality among the persons (Iran and Pakistan are the largest countries).
NATIONALITY_WEIGHTS = {"IR": 25, "PK": 25, "AF": 18, "UZ": 10, "KZ": 7, "TJ": 6, "KG": 5, "TM": 4}
ARABIC_SCRIPT = ("AF", "IR", "PK")
CYRILLIC = ("TJ", "KZ", "KG")
LATIN_TO_CYRILLIC = [("shch", "щ"), ("kh", "х"), ("sh", "ш"), ("ch", "ч"), ("zh", "ж"), ("ya", "я"), ("yu", "ю"),
                     ("yo", "ё"), ("ts", "ц"), ("gh", "ғ"), ("j", "ж"), ("a", "а"), ("b", "б"), ("v", "в"),
                     ("w", "в"), ("g", "г"), ("d", "д"), ("e", "е"), ("z", "з"), ("i", "и"), ("y", "й"),
                     ("k", "к"), ("q", "қ"), ("l", "л"), ("m", "м"), ("n", "н"), ("o", "о"), ("p", "п"),
                     ("r", "р"), ("s", "с"), ("t", "т"), ("u", "у"), ("f", "ф"), ("h", "ҳ"), ("c", "к"),
                     ("x", "кс")]


# ---------------------------------------------------------------------------------------------------------------
# Name material: (Latin, Arabic script, Cyrillic) triples; a script may be missing ("") for a name


class Pool:
    """Names with cumulative weights, drawn with bisect (random.choices) so that drawing millions is fast."""

    def __init__(self, items, weights):
        self.items = items
        self.cum = list(accumulate(weights))

    def draw(self, rng):
        return rng.choices(self.items, cum_weights=self.cum)[0]


def to_cyrillic(latin: str) -> str:
    out, i, text = [], 0, latin.lower()
    while i < len(text):
        for lat, cyr in LATIN_TO_CYRILLIC:
            if text.startswith(lat, i):
                out.append(cyr)
                i += len(lat)
                break
        else:
            out.append(text[i])
            i += 1
    return "".join(out).capitalize()


def load_pools(rng) -> dict[str, Pool]:
    from hamkari.incidents.demo_data import FAMILY, GIVEN

    # Demo names: the regional heads of the distribution (Muhammad, Ahmad, Rahimov...), weighted heavily.
    given = [(g[1], g[0], g[3], g[2], g[4]) for g in GIVEN]  # (Latin AF, Arabic, Tajik Cyrillic, PK, UZ Latin)
    given_items = [(lat, ar, cyr) for lat, ar, cyr, _pk, _uz in given]
    given_weights = [3000.0 / (rank + 1) for rank in range(len(given_items))]
    # The Afghan surname as the demo spells it (رحیمی, but علیزاده for the root علی): the word after the given name.
    from hamkari.incidents.demo_data import spell_person

    family_items = [(f[4], spell_person("AF", 0, i)[0].split(" ", 1)[1], f[2] + "ов") for i, f in enumerate(FAMILY)]
    family_weights = [2000.0 / (rank + 1) for rank in range(len(family_items))]
    if NAMES.is_dir():
        with open(NAMES / "persian_names_fa_en.csv", newline="", encoding="utf-8") as f:
            seen = set()
            for rank, row in enumerate(csv.DictReader(f)):
                latin = row["english_name"].strip().title()
                if not latin or latin in seen or " " in latin or len(latin) < 3:
                    continue
                seen.add(latin)
                given_items.append((latin, row["name"].strip(), to_cyrillic(latin)))
                given_weights.append(40.0 / (len(seen) ** 0.6))
        for filename, script in (("wikidata_arabic_train.tsv", "ar"), ("wikidata_russian_train.tsv", "cyr")):
            with open(NAMES / filename, encoding="utf-8") as f:
                for line in f:
                    latin, letters, count = line.rstrip("\n").split("\t")
                    if len(latin) < 3 or not latin.isalpha():
                        continue
                    native = letters.replace(" ", "").capitalize()
                    latin = latin.title()
                    if script == "ar":
                        family_items.append((latin + "i", native + "ی", to_cyrillic(latin) + "ов"))
                    else:
                        family_items.append((latin, "", native + "ов" if not native.endswith(("ов", "ев")) else native))
                    family_weights.append(min(int(count), 300) ** 0.8)
    else:
        print(f"note: {NAMES} not found; only the demo names are used (far fewer distinct names)",
              file=sys.stderr)
    return {"given": Pool(given_items, given_weights), "family": Pool(family_items, family_weights)}


# ---------------------------------------------------------------------------------------------------------------
# Persons and how a country writes them


def make_person(rng, pools):
    nationality = rng.choices(list(NATIONALITY_WEIGHTS), weights=list(NATIONALITY_WEIGHTS.values()))[0]
    female = rng.random() < 0.3
    born = date(1950, 1, 1) + timedelta(days=rng.randrange(365 * 55))
    return (pools["given"].draw(rng), pools["family"].draw(rng), pools["given"].draw(rng), born, nationality,
            "f" if female else "m")


def typo(rng, text):
    if len(text) < 4:
        return text
    i = rng.randrange(1, len(text) - 1)
    kind = rng.randrange(4)
    if kind == 0:
        return text[:i] + text[i + 1:]
    if kind == 1:
        return text[:i] + text[i] + text[i:]
    if kind == 2:
        return text[:i] + text[i + 1] + text[i] + text[i + 2:]
    return text[:i] + rng.choice("aeiourn") + text[i + 1:]


def write_person(rng, person, country):
    """A row as `country`'s agency writes this person."""
    given, family, father, born, nationality, gender = person
    if country in ARABIC_SCRIPT and given[1] and family[1]:
        script = 1
    elif country in CYRILLIC and given[2] and family[2]:
        script = 2
    else:
        script = 0
    g, f = given[script], family[script]
    if script == 2 and gender == "f" and f.endswith("ов"):
        f += "а"
    if script == 0 and rng.random() < 0.15:
        g, f = (typo(rng, g), f) if rng.random() < 0.5 else (g, typo(rng, f))
    if script == 0 and country in ("UZ", "TM") and f.lower().endswith("i"):
        f = f[:-1] + ("ova" if gender == "f" else "ov")
    name = f"{f} {g}" if rng.random() < 0.1 else f"{g} {f}"
    if rng.random() < 0.05:  # the father's name in the middle, as some countries write it
        name = f"{g} {father[script] or father[0]} {f}"
    aliases = f"{given[0]} {family[0]}" if script and rng.random() < 0.2 else ""
    r = rng.random()
    if r < 0.6:
        birth = born.isoformat()
    elif r < 0.8:
        birth = str(born.year)
    elif r < 0.85:
        birth = born.isoformat()[:7]
    elif r < 0.95:
        birth = ""
    else:
        birth = str(born.year + rng.choice((-1, 1)))
    r = rng.random()
    if r < 0.5:
        nat = nationality
    elif r < 0.7:
        nat = COUNTRY_NAMES[nationality]
    elif r < 0.8:
        nat = COUNTRY_NATIVE[nationality]
    elif r < 0.97:
        nat = ""
    else:
        nat = rng.choice(list(NATIONALITY_WEIGHTS))
    sex = gender if rng.random() < 0.7 else ""
    return [name, aliases, birth, nat, sex]


def generate(folder: Path, rows: int, seed: int = 4) -> tuple[Path, Path, dict[str, str]]:
    """left.csv, right.csv and the true pairs (left id -> right id)."""
    rng = random.Random(seed)
    pools = load_pools(rng)
    shared = rows // 2
    countries = list(NATIONALITY_WEIGHTS)
    right_rows, truth = [], {}
    left_path, right_path = folder / "left.csv", folder / "right.csv"
    with open(left_path, "w", newline="", encoding="utf-8") as f:
        out = csv.writer(f)
        out.writerow(["id", "name", "aliases", "birth_date", "nationality", "gender"])
        for i in range(rows):
            person = make_person(rng, pools)
            # The agency writing the left row is often in the person's country; the right list is another's.
            home = person[4] if rng.random() < 0.6 else rng.choice(countries)
            out.writerow([f"L{i}", *write_person(rng, person, home)])
            if i < shared:
                other = rng.choice([c for c in countries if c != home])
                right_rows.append((f"R{i}", write_person(rng, person, other)))
                truth[f"L{i}"] = f"R{i}"
    for i in range(shared, rows):
        person = make_person(rng, pools)
        right_rows.append((f"R{i}", write_person(rng, person, rng.choice(countries))))
    rng.shuffle(right_rows)
    with open(right_path, "w", newline="", encoding="utf-8") as f:
        out = csv.writer(f)
        out.writerow(["id", "name", "aliases", "birth_date", "nationality", "gender"])
        for rid, values in right_rows:
            out.writerow([rid, *values])
    return left_path, right_path, truth


# ---------------------------------------------------------------------------------------------------------------
# Measuring


class PssSampler(threading.Thread):
    """Peak of the summed PSS (and RSS) over a process and its descendants, read from /proc."""

    def __init__(self, pid):
        super().__init__(daemon=True)
        self.pid, self.peak_pss, self.peak_rss_sum, self.stop = pid, 0, 0, threading.Event()

    def run(self):
        while not self.stop.wait(0.2):
            pss = rss = 0
            for pid in self._tree():
                fields = _smaps_rollup(pid)
                pss += fields.get("Pss", 0)
                rss += fields.get("Rss", 0)
            self.peak_pss, self.peak_rss_sum = max(self.peak_pss, pss), max(self.peak_rss_sum, rss)

    def _tree(self):
        children, todo, seen = {}, [self.pid], []
        for entry in os.listdir("/proc"):
            if entry.isdigit():
                try:
                    with open(f"/proc/{entry}/stat") as f:
                        ppid = int(f.read().rsplit(")", 1)[1].split()[1])
                except (OSError, ValueError, IndexError):
                    continue
                children.setdefault(ppid, []).append(int(entry))
        while todo:
            pid = todo.pop()
            seen.append(pid)
            todo.extend(children.get(pid, []))
        return seen


def _smaps_rollup(pid) -> dict[str, int]:
    fields = {}
    try:
        with open(f"/proc/{pid}/smaps_rollup") as f:
            for line in f:
                parts = line.split()
                if len(parts) == 3 and parts[2] == "kB":
                    fields[parts[0].rstrip(":")] = int(parts[1])
    except OSError:
        pass
    return fields


def evaluate(pairs_path: Path, truth: dict[str, str], left_rows: int) -> dict:
    firsts, in_top = [], 0
    seen = set()
    with open(pairs_path, newline="", encoding="utf-8-sig") as f:
        for row in csv.DictReader(f):
            a, b, s = row["left_id"], row["right_id"], float(row["score"])
            right = truth.get(a) == b
            in_top += right
            if a not in seen:
                seen.add(a)
                firsts.append((s, right))
    firsts.sort(reverse=True)
    best = {"f1": 0.0, "precision": 0.0, "recall": 0.0, "threshold": None}
    tp = 0
    for i, (s, right) in enumerate(firsts):
        tp += right
        if i + 1 < len(firsts) and firsts[i + 1][0] == s:
            continue
        p, r = tp / (i + 1), tp / len(truth)
        f1 = 2 * p * r / (p + r) if tp else 0.0
        if f1 > best["f1"]:
            best = {"f1": f1, "precision": p, "recall": r, "threshold": s}
    best["recall_top"] = in_top / len(truth)
    return best


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=1_000_000, help="persons in each list (default 1,000,000)")
    parser.add_argument("--top", type=int, default=10)
    parser.add_argument("--keep", help="folder for the files (reused when they are already there)")
    parser.add_argument("--generate-only", action="store_true", help="write the files and stop")
    parser.add_argument("--extra", nargs=argparse.REMAINDER, default=[], help="more options for hamkari link")
    args = parser.parse_args()

    folder = Path(args.keep or tempfile.mkdtemp(prefix="hamkari-link-scale-"))
    folder.mkdir(parents=True, exist_ok=True)
    truth_path = folder / f"truth-{args.rows}.csv"
    t0 = time.perf_counter()
    if truth_path.exists():
        left, right = folder / "left.csv", folder / "right.csv"
        with open(truth_path, newline="") as f:
            truth = dict(csv.reader(f))
    else:
        left, right, truth = generate(folder, args.rows)
        with open(truth_path, "w", newline="") as f:
            csv.writer(f).writerows(truth.items())
    print(f"data: {args.rows:,} x {args.rows:,} persons, {len(truth):,} true pairs, in {folder} "
          f"({time.perf_counter() - t0:.0f} s)", file=sys.stderr)

    if args.generate_only:
        return
    out = folder / "pairs.csv"
    hamkari = Path(sys.executable).parent / "hamkari"
    command = [str(hamkari), "link", str(left), str(right), "--out", str(out), "--top", str(args.top),
               "--no-progress", *args.extra]
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    sampler = PssSampler(process.pid)
    sampler.start()
    stdout, stderr = process.communicate()
    seconds = time.perf_counter() - started
    sampler.stop.set()
    sampler.join()
    if process.returncode:
        sys.exit(f"hamkari link failed ({process.returncode}):\n{stderr}\n{stdout}")
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    largest_mb, cpu = usage.ru_maxrss / 1024, usage.ru_utime + usage.ru_stime
    m = evaluate(out, truth, args.rows)

    print(stdout)
    print(f"{'N x N':>21} {'time s':>7} {'CPU s':>7} {'largest RSS MB':>14} {'sum PSS MB':>10} {'sum RSS MB':>10} "
          f"{'precision':>9} {'recall':>6} {'F1':>6} {'thr':>6} {'recall@top':>10}")
    print(f"{args.rows:>9,} x {args.rows:<9,} {seconds:7.1f} {cpu:7.1f} {largest_mb:14.0f} "
          f"{sampler.peak_pss / 1024:10.0f} "
          f"{sampler.peak_rss_sum / 1024:10.0f} {m['precision']:9.4f} {m['recall']:6.4f} {m['f1']:6.4f} "
          f"{(m['threshold'] or 0):6.3f} {m['recall_top']:10.4f}")
    print(f"CPU s: user + system time of the command and its workers; load average when it ended: "
          f"{os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs (a shared machine makes wall times longer).")
    print("precision/recall: each left record's best pair, at the threshold with the best F1; recall@top: true "
          f"pairs anywhere in the top {args.top}.")
    verdict = "met" if seconds < TARGET_S and sampler.peak_pss / 1024 < TARGET_MB else "NOT met"
    print(f"targets (1,000,000 x 1,000,000): < {TARGET_S} s and < {TARGET_MB} MB: {verdict} at this size")


if __name__ == "__main__":
    main()
