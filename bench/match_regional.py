"""Regional people across borders: precision, recall and F1 of the engine's links.

    .venv/bin/python bench/match_regional.py [--people 2000] [--seed 20261128]

People are generated as the demo data does (hamkari.incidents.demo_data: its given and family names and
`spell_person`, which spells a name the way each country writes it: Arabic script in Afghanistan, Iran and
Pakistan, Tajik Cyrillic, Uzbek and Turkmen Latin, Russian-style Cyrillic in Kazakhstan and Kyrgyzstan). Each
person is reported by two countries: the left list is one country's records, the right list another's, plus
as many people that only the right list knows (distractors, often namesakes: the demo has 18 given and 15
family names). Noise, as real records show it:

* birth date: one side knows only the year (30 %), no date at all (10 %), day and month swapped (3 %), one
  year off (5 %);
* nationality: the reporting country instead of the nationality (20 %), missing (15 %);
* a title in front (Haji, Mullah, حاجی, Хаджи: 10 %), family name first (15 %), the Latin form as an alias
  (50 %, as the demo data stores it);
* the father's name, as each country writes it (about half the records): a father's name column in
  Afghanistan, Iran, Pakistan and Tajikistan, "o'g'li" in Uzbekistan, "ogly" in Turkmenistan, a Russian
  patronymic (-ovich) in Kazakhstan and Kyrgyzstan.

Wrong links between two namesakes (same given and family name) are counted apart: with 18 x 15 names some are
unavoidable when birth dates are missing or only years.

The links are `link(left, right, top=1)`; a link is right when it joins the two records of one person.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from dataclasses import dataclass
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from hamkari.incidents.demo_data import GIVEN, pick_family, pick_given, spell_person  # noqa: E402
from hamkari.matching.engine import Record, link  # noqa: E402

SEED = 20261128
COUNTRIES = ("AF", "IR", "PK", "TJ", "UZ", "TM", "KZ", "KG")
TITLES = {"AF": "حاجی", "IR": "حاجی", "PK": "Haji", "TJ": "Ҳоҷӣ", "UZ": "Hoji", "TM": "Haji", "KZ": "Хаджи",
          "KG": "Молдо"}
THRESHOLDS = (0.5, 0.7, 0.8, 0.9, 0.95)


@dataclass
class Person:
    number: int
    given: int
    family: int
    female: bool
    birth: date
    nationality: str
    father: int


def make_people(rng: random.Random, n: int) -> list[Person]:
    people = []
    for i in range(n):
        nationality = rng.choice(COUNTRIES)
        birth = date(rng.randint(1960, 2004), rng.randint(1, 12), rng.randint(1, 28))
        female = rng.random() < 0.08
        # Names drawn as the demo draws them: common names much more common (Zipf-like), so namesakes are real.
        people.append(Person(i, pick_given(rng, female), pick_family(rng), female, birth, nationality,
                             pick_given(rng)))
    return people


def write(rng: random.Random, person: Person, country: str, record_id: str) -> Record:
    """One country's record of a person, with the noise described in the module docstring."""
    written, latin = spell_person(country, person.given, person.family, person.female)
    if rng.random() < 0.15:
        written = " ".join(reversed(written.split(" ", 1)))
    if rng.random() < 0.10:
        written = f"{TITLES[country]} {written}"
    father_name = ""
    if rng.random() < 0.5:
        f = GIVEN[person.father]
        if country in ("AF", "IR", "PK"):
            father_name = f[0]
        elif country == "TJ":
            father_name = f[3]
        elif country == "UZ":
            written += f" {f[4]} {'qizi' if person.female else 'o‘g‘li'}"
        elif country == "TM":
            written += f" {f[6]} {'gyzy' if person.female else 'ogly'}"
        else:
            written += f" {f[5]}{'овна' if person.female else 'ович'}"
    names = (written, latin) if latin != written and rng.random() < 0.5 else (written,)
    roll = rng.random()
    b = person.birth
    if roll < 0.30:
        birth = f"{b.year:04d}"
    elif roll < 0.40:
        birth = ""
    elif roll < 0.43 and b.day <= 12 and b.day != b.month:
        birth = f"{b.year:04d}-{b.day:02d}-{b.month:02d}"
    elif roll < 0.48:
        birth = f"{b.year + rng.choice((-1, 1)):04d}-{b.month:02d}-{b.day:02d}"
    else:
        birth = b.isoformat()
    roll = rng.random()
    nationality = country if roll < 0.20 else ("" if roll < 0.35 else person.nationality)
    return Record(id=record_id, names=names, father_name=father_name, birth_date=birth, nationality=nationality,
                  gender="f" if person.female else "m")


def build(people_count: int, seed: int):
    """(left records, right records, true (left id, right id) pairs, people by record number)."""
    rng = random.Random(seed)
    people = make_people(rng, people_count * 2)
    known, distractors = people[:people_count], people[people_count:]
    left, right, truth = [], [], set()
    for person in known:
        a, b = rng.sample(COUNTRIES, 2)
        left.append(write(rng, person, a, f"L{person.number}"))
        right.append(write(rng, person, b, f"R{person.number}"))
        truth.add((f"L{person.number}", f"R{person.number}"))
    for person in distractors:
        right.append(write(rng, person, rng.choice(COUNTRIES), f"R{person.number}"))
    rng.shuffle(right)
    return left, right, truth, people


def _same_name(a: Person, b: Person) -> bool:
    return (a.given, a.family) == (b.given, b.family)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--people", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=SEED)
    args = parser.parse_args()
    left, right, truth, people = build(args.people, args.seed)
    started = time.perf_counter()
    pairs = list(link(left, right, top=1, threshold=0.0))
    seconds = time.perf_counter() - started
    print(f"Regional people: {len(left)} left records, {len(right)} right records ({args.people} true links, "
          f"{len(right) - args.people} right-only people), seed {args.seed}; link top-1 in {seconds:.1f} s.")
    header = (f"| {'threshold':>9} | {'links':>6} | {'precision':>9} | {'recall':>6} | {'F1':>6} |"
              f" {'wrong: namesakes':>16} | {'wrong: others':>13} |")
    print(header)
    print("|" + "|".join("-" * len(c) for c in header.split("|")[1:-1]) + "|")
    best = (0.0, 0.0)
    for threshold in THRESHOLDS:
        found = {(p.left_id, p.right_id) for p in pairs if p.score >= threshold}
        right_links = len(found & truth)
        precision = right_links / len(found) if found else 0.0
        recall = right_links / len(truth)
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        best = max(best, (f1, threshold))
        wrong = found - truth
        namesakes = sum(1 for a, b in wrong if _same_name(people[int(a[1:])], people[int(b[1:])]))
        print(f"| {threshold:>9.2f} | {len(found):>6} | {precision:>9.3f} | {recall:>6.3f} | {f1:>6.3f} |"
              f" {namesakes:>16} | {len(wrong) - namesakes:>13} |")
    print(f"best F1 {best[0]:.3f} at threshold {best[1]:.2f}")
    wrong = [p for p in pairs if p.score >= 0.9 and (p.left_id, p.right_id) not in truth
             and not _same_name(people[int(p.left_id[1:])], people[int(p.right_id[1:])])][:5]
    if wrong:
        print("examples of wrong links between people of different names at 0.9:")
        by_id = {r.id: r for r in (*left, *right)}
        for p in wrong:
            a, b = by_id[p.left_id], by_id[p.right_id]
            print(f"  {a.names[0]} {a.birth_date} | {b.names[0]} {b.birth_date} -> {p.score:.3f}")


if __name__ == "__main__":
    main()
