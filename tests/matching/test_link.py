"""link(): blocking index, key cap (reported), top K, threshold, order, and the same result on one process and
on two. With a tiny stand-in scorer, so that these tests check the linking and not the engine's weights; the
engine itself is used in test_link_command.py and test_link_real_engine below."""

import importlib
from dataclasses import dataclass

import pytest

from hamkari.matching.engine.link import LinkStats, _Engine, link

# The package exports the function `link`, which hides the module of the same name: take the module itself.
link_module = importlib.import_module("hamkari.matching.engine.link")


@dataclass(frozen=True)
class Rec:
    id: str
    name: str


@dataclass(frozen=True)
class Prep:
    id: str
    keys: frozenset
    words: frozenset


@dataclass(frozen=True)
class Scored:
    score: float

    def explanation(self):
        return f"words {self.score:.2f}"


@dataclass(frozen=True)
class Pair:
    left_id: str
    right_id: str
    score: float
    explanation: str


def prepare(record):
    words = frozenset(record.name.lower().split())
    return Prep(record.id, words, words)


def score(a, b):
    union = a.words | b.words
    return Scored(len(a.words & b.words) / len(union) if union else 0.0)


ENGINE = _Engine(prepare, score, Pair)


def run(left, right, **kwargs):
    stats = LinkStats()
    pairs = list(link(left, right, engine=ENGINE, stats=stats, **kwargs))
    return pairs, stats


RIGHT = [Rec("r1", "ali karimi"), Rec("r2", "ali rahimi"), Rec("r3", "omar rahimi"), Rec("r4", "zarina safarova")]


def test_best_first_top_k_and_threshold():
    pairs, stats = run([Rec("l1", "ali rahimi"), Rec("l2", "nobody known")], RIGHT, top=2)
    assert [(p.left_id, p.right_id, round(p.score, 3)) for p in pairs] == [
        ("l1", "r2", 1.0), ("l1", "r1", 0.333)]  # r3 ties with r1 at 1/3; the earlier right record wins
    assert pairs[0].explanation == "words 1.00"
    assert stats.left_records == 2 and stats.right_records == 4
    assert stats.left_without_candidates == 1
    assert stats.candidate_pairs == 3 and stats.pairs == 2
    pairs, _ = run([Rec("l1", "ali rahimi")], RIGHT, top=10, threshold=0.5)
    assert [p.right_id for p in pairs] == ["r2"]


def test_common_keys_are_capped_and_reported():
    right = [Rec(f"r{i}", f"muhammad person{i}") for i in range(30)] + [Rec("x", "muhammad rare")]
    pairs, stats = run([Rec("l1", "muhammad rare"), Rec("l2", "muhammad")], right, key_cap=10, top=5)
    assert stats.capped_keys == {"muhammad": 31}
    assert stats.top_capped() == [("muhammad", 31)]
    # "muhammad" gives no candidates: l1 is found through "rare" only, l2 through nothing.
    assert [(p.left_id, p.right_id) for p in pairs] == [("l1", "x")]
    assert stats.left_without_candidates == 1


def test_at_the_cap_a_key_still_gives_candidates():
    right = [Rec(f"r{i}", "same") for i in range(10)]
    pairs, stats = run([Rec("l", "same")], right, key_cap=10, top=20)
    assert len(pairs) == 10 and stats.capped_keys == {}


def test_max_candidates_keeps_those_sharing_the_most_keys():
    right = [Rec(f"r{i}", f"a b{i}") for i in range(50)] + [Rec("best", "a b c d")]
    pairs, stats = run([Rec("l", "a b c d")], right, top=1, max_candidates=5)
    assert pairs[0].right_id == "best"
    assert stats.candidate_pairs == 51 and stats.scored_pairs == 5


def test_left_order_is_kept_and_iterables_are_streamed():
    left = (Rec(f"l{i}", "ali rahimi" if i % 2 else "omar rahimi") for i in range(7))
    pairs, stats = run(left, iter(RIGHT), top=1)
    assert [p.left_id for p in pairs] == [f"l{i}" for i in range(7)]
    assert stats.left_records == 7


def test_empty_inputs():
    assert run([], RIGHT)[0] == []
    pairs, stats = run([Rec("l", "ali")], [])
    assert pairs == [] and stats.left_without_candidates == 1


def test_bad_arguments():
    with pytest.raises(ValueError):
        list(link([], [], top=0, engine=ENGINE))
    with pytest.raises(ValueError):
        list(link([], [], key_cap=0, engine=ENGINE))


def test_two_processes_give_the_same_pairs_as_one(monkeypatch):
    monkeypatch.setattr(link_module, "PARALLEL_FROM", 300)
    monkeypatch.setattr(link_module, "CHUNK", 50)
    words = ["ali", "omar", "rahimi", "karimi", "safar", "nazari", "yusuf", "aziz", "hakim", "noori"]
    right = [Rec(f"r{i}", f"{words[i % 10]} {words[(i // 10) % 10]} n{i % 37}") for i in range(900)]
    left = [Rec(f"l{i}", f"{words[(i * 7) % 10]} {words[(i // 3) % 10]} n{i % 41}") for i in range(700)]
    # Each shard applies max_candidates to its own part: with every candidate scored, the results are the same.
    one, stats_one = run(left, right, top=3, workers=1, key_cap=120, max_candidates=10_000)
    two, stats_two = run(left, right, top=3, workers=2, key_cap=120, max_candidates=10_000)
    assert stats_one.workers == 1 and stats_two.workers == 2
    assert one == two
    assert stats_one.capped_keys == stats_two.capped_keys and len(stats_one.capped_keys) == 10  # the ten words
    assert stats_one.postings == stats_two.postings
    assert stats_one.candidate_pairs == stats_two.candidate_pairs > 0
    assert stats_one.left_records == stats_two.left_records == 700


def test_link_with_the_engine():
    from hamkari.matching.engine import Record

    right = [Record(id="r1", names=("Мухаммаджон Рахимов",), birth_date="1985-03-02", nationality="TJ"),
             Record(id="r2", names=("Zarina Safarova",), birth_date="1990", nationality="UZ")]
    left = [Record(id="l1", names=("Muhammadjon Rahimov",), birth_date="1985-03-02", nationality="TJ")]
    pairs = list(link(left, right, top=5))
    assert pairs[0].left_id == "l1" and pairs[0].right_id == "r1"
    assert pairs[0].score > 0.5
    assert pairs[0].explanation
    assert all(p.right_id != "r2" or p.score < pairs[0].score for p in pairs)


def test_progress_counts_every_record_of_each_side():
    seen = {"right": 0, "left": 0}

    def progress(phase, n):
        seen[phase] += n

    list(link([Rec(f"l{i}", "ali") for i in range(5)], RIGHT, engine=ENGINE, progress=progress))
    assert seen == {"right": 4, "left": 5}
