"""Linking two lists of records: up to `top` best right records for each left record. Pure Python, no Django.

Two stages, as everywhere in matching:
1. Blocking. Every right record is prepared once (`prepare`: folding, transliteration, keys) and its keys go
   into an inverted index, key -> right record numbers, built in one pass. A key carried by more than
   `key_cap` right records says little about identity ("Muhammad" in a list of Afghans) and would make every
   left record a candidate for thousands of right ones: it produces no candidates and is reported (LinkStats),
   so that an administrator sees which values were too common.
2. Scoring. For each left record, the right records sharing a key with it are ranked by how many (and how
   rare) keys they share; the best `max_candidates` of them are scored with `score_prepared`, and the `top`
   best scores at or above `threshold` are kept (a heap, so the cost does not grow with the candidates).

Parallelism and memory: with large inputs (PARALLEL_FROM records) the right records are dealt out, chunk by
chunk, to `workers` processes (fork), the shards. Each shard prepares and indexes its part and keeps it: the
prepared records (the bulk of the memory, a few KB each) exist once, in one process, and are never pickled
(pickling them back costs as much as preparing them, and copy-on-write sharing of a parent's objects does
not survive CPython's reference counting). Each chunk of left records goes to every shard, which prepares
it and returns its strongest candidates; the parent chooses the `max_candidates` strongest over all shards,
the shards holding them score them, the parent merges their best pairs, and only the `top` that remain are
explained (by the shard that scored them). The key cap is decided over all shards together. The result is
the one process's result, except that a key's rarity (the candidates' order) is judged within each shard.
Left records are streamed, one chunk at a time; a shard is sent the next chunk with the request for this one's
explanations, so that it finds the next candidates while the parent merges and writes. Every shard prepares
every left record: that is the price of never copying the right side.
"""

from __future__ import annotations

import gc
import heapq
import multiprocessing
import os
import time
from array import array
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from itertools import compress as _compress
from itertools import islice
from itertools import repeat as _repeat
from operator import ge as _ge

# A key carried by more right records than this produces no candidates (and is reported). 1,000 right records
# a key is what a common name with a birth year gives in a list of millions; above it, a key is a common name.
DEFAULT_KEY_CAP = 1_000
# At most this many candidates per left record are scored (the ones sharing the most, and the rarest, keys).
# Scoring is the costly step (tens of microseconds a pair): this bounds the time per left record. Measured on
# bench/link_scale.py data, the true pair is among the 20 strongest candidates 91% of the time (60: 94%).
DEFAULT_MAX_CANDIDATES = 20
# From this many right (or left) records on, the work is shared by processes: a left record costs about a
# millisecond (preparing it, scoring its candidates), so two processes pay off from a few thousand records.
PARALLEL_FROM = 4_000
CHUNK = 2_000
_LOCAL_MASK = (1 << 31) - 1
# The cyclic garbage collector's thresholds while linking. Nearly every object a run makes either dies young,
# freed by its reference count (a Scored, its features), or lives to the end (prepared records, the index, the
# comparison caches); at Python's default pace (a young collection every 700 allocations, older ones as the heap
# grows) the collector spent about half the CPU walking the long-lived ones again and again. Measured on
# bench/link_scale.py data: score_prepared about 60 -> 30 us a pair; link_scale --rows 100000, CPU 301 -> 194 s.
# Results do not change: reference counting frees what it freed before; only cycles wait a little longer.
GC_THRESHOLDS = (100_000, 50, 1_000)


@dataclass
class LinkStats:
    """What a link run did, for the summary and for administrators (capped keys)."""

    left_records: int = 0
    right_records: int = 0
    # Distinct keys of the right records; on several processes, each one's distinct keys summed (a key in two
    # shards counts twice: an exact count would mean sending every key to one process).
    keys: int = 0
    postings: int = 0  # (key, right record) entries in the index, capped keys excluded
    capped_keys: dict[str, int] = field(default_factory=dict)  # key -> how many right records carry it
    candidate_pairs: int = 0  # (left, right) pairs sharing at least one key that is not capped
    scored_pairs: int = 0  # candidate pairs actually scored (at most max_candidates per left record)
    pairs: int = 0  # pairs returned (at most `top` per left record, at or above the threshold)
    left_without_candidates: int = 0
    workers: int = 1
    right_seconds: float = 0.0  # reading, preparing and indexing the right records
    left_seconds: float = 0.0  # reading the left records, finding candidates, scoring (and the caller's writing)

    def top_capped(self, n: int = 20) -> list[tuple[str, int]]:
        return sorted(self.capped_keys.items(), key=lambda kv: (-kv[1], kv[0]))[:n]


@dataclass(frozen=True, slots=True)
class _Engine:
    prepare: Callable
    score: Callable  # (a, b) -> an object with .score and .explanation()
    make_pair: Callable
    # Optional shortcuts, the same results without an object per scored pair: value(a, b) is
    # score(a, b).score and explain(a, b) is score(a, b).explanation().
    value: Callable | None = None
    explain: Callable | None = None


def _default_engine() -> _Engine:
    # Imported here, not at the top: the engine package imports this module.
    from hamkari.matching import engine
    from hamkari.matching.engine import score

    return _Engine(engine.prepare, engine.score_prepared, engine.Pair, score.score_value, score._explanation)


def link(left: Iterable, right: Iterable, *, top: int = 10, threshold: float = 0.0,
         key_cap: int = DEFAULT_KEY_CAP, max_candidates: int = DEFAULT_MAX_CANDIDATES, workers: int | None = None,
         stats: LinkStats | None = None, progress: Callable[[str, int], None] | None = None,
         engine: _Engine | None = None) -> Iterator:
    """Up to `top` best right records for each left record, best first, as `Pair`s (left records in input
    order). Only scores at or above `threshold` are returned. `stats` (a LinkStats) is filled in as the run
    goes; `progress(phase, n)` is called with "right" or "left" and the number of records just done.

    `workers`: processes to use (default: the CPUs, at most 2; one for inputs under PARALLEL_FROM records)."""
    if top < 1:
        raise ValueError("top must be at least 1")
    if key_cap < 1:
        raise ValueError("key_cap must be at least 1")
    stats = stats if stats is not None else LinkStats()
    eng = engine or _default_engine()
    wanted = workers if workers is not None else min(2, os.cpu_count() or 1)
    options = _Options(top, threshold, key_cap, max(max_candidates, top))
    return _link(left, right, eng, options, stats, progress, wanted)


@dataclass(frozen=True)
class _Options:
    top: int
    threshold: float
    key_cap: int
    max_candidates: int


def _link(left, right, eng, options, stats, progress, wanted):
    right_chunks = _chunks(iter(right), CHUNK)
    ahead, right_chunks = _lookahead(right_chunks, PARALLEL_FROM)
    left_chunks = _chunks(iter(left), CHUNK)
    # A small right list with a long left one still pays for workers: look at the left too.
    left_ahead, left_chunks = ([], left_chunks) if len(ahead) * CHUNK >= PARALLEL_FROM else \
        _lookahead(left_chunks, PARALLEL_FROM)
    large = len(ahead) * CHUNK >= PARALLEL_FROM or len(left_ahead) * CHUNK >= PARALLEL_FROM
    right_chunks, left_chunks = _prepend(ahead, right_chunks), _prepend(left_ahead, left_chunks)
    if wanted > 1 and large and _can_fork():
        shards = _ProcessShards(wanted, eng, options)
    else:
        shards = _LocalShards(eng, options)
    stats.workers = shards.count
    started = time.monotonic()
    thresholds = gc.get_threshold()
    gc.set_threshold(*GC_THRESHOLDS)  # restored when the run ends (between pairs, the caller runs with them too)
    try:
        # Right side: deal the chunks out, then decide the key cap over all shards together.
        start = 0
        for i, chunk in enumerate(right_chunks):
            shards.add(i % shards.count, start, chunk)
            start += len(chunk)
            if progress:
                progress("right", len(chunk))
        stats.right_records = start
        shards.flush()
        capped = _decide_cap(shards, options.key_cap)
        stats.capped_keys.update(capped)
        keys, postings = shards.finish(set(capped))
        stats.keys = keys + len(capped)
        stats.postings = postings
        stats.right_seconds = time.monotonic() - started
        # Left side, chunk by chunk: every shard finds its candidates; the best max_candidates over all shards
        # are chosen here and scored by the shards holding them; their best pairs are merged, in input order.
        make_pair, top, limit = eng.make_pair, options.top, options.max_candidates
        for records, candidates in shards.candidates(left_chunks):
            stats.left_records += len(records)
            if shards.count == 1:  # the shard's strongest are the strongest (at most `limit`), best first
                counts, strongest = candidates[0]
                stats.candidate_pairs += sum(counts)
                chosen = [[[local for _weight, _number, local in found] for found in strongest]]
                stats.scored_pairs += sum(map(len, strongest))
                stats.left_without_candidates += sum(1 for found in strongest if not found)
            else:
                chosen = [[] for _ in range(shards.count)]  # per shard, per left record: local numbers to score
                for i in range(len(records)):
                    # (-weight, number): the most (and rarest) shared keys first; on a tie, the first right record
                    found = [(-weight, number, n, local) for n, shard in enumerate(candidates)
                             for weight, number, local in shard[1][i]]
                    stats.candidate_pairs += sum(shard[0][i] for shard in candidates)
                    if len(found) > limit:
                        found.sort()  # numbers differ: never compares further
                        del found[limit:]
                    stats.scored_pairs += len(found)
                    if not found:
                        stats.left_without_candidates += 1
                    for picks in chosen:
                        picks.append([])
                    for _weight, _number, n, local in found:
                        chosen[n][-1].append(local)
            scored = shards.score(chosen)
            # The best `top` over all shards; only those are explained (an explanation costs as much as half a
            # score, and with two shards half of each shard's best are beaten by the other's).
            if shards.count == 1:  # the shard's best pairs, best first, at most `top`
                winners = [[(score, number, 0, local) for score, number, local in best] for best in scored[0]]
                wanted = [[[local for _score, _number, local in best] for best in scored[0]]]
            else:
                winners, wanted = [], [[] for _ in range(shards.count)]
                for i in range(len(records)):
                    # (-score, number): higher score first; on a tie, the right record that came first
                    pairs = [(-score, number, n, local) for n, shard in enumerate(scored)
                             for score, number, local in shard[i]]
                    pairs.sort()
                    del pairs[top:]
                    winners.append([(-neg, number, n, local) for neg, number, n, local in pairs])
                    for picks in wanted:
                        picks.append([])
                    for _score, _number, n, local in pairs:
                        wanted[n][-1].append(local)
            explained = shards.explain(wanted)
            for i, record in enumerate(records):
                for score, _number, n, local in winners[i]:
                    right_id, explanation = explained[n][i][local]
                    stats.pairs += 1
                    yield make_pair(record.id, right_id, score, explanation)
            if progress:
                progress("left", len(records))
            stats.left_seconds = time.monotonic() - started - stats.right_seconds
    finally:
        gc.set_threshold(*thresholds)
        shards.close()


def _decide_cap(shards, key_cap) -> dict[str, int]:
    """Keys carried by more than key_cap right records in all shards together, with their counts. A key over
    the cap overall is over key_cap / shards in at least one shard, so only those keys are summed."""
    if shards.count == 1:
        return shards.counts_over(key_cap)[0]
    suspects = set()
    for counts in shards.counts_over(key_cap // shards.count):
        suspects.update(counts)
    totals: dict[str, int] = dict.fromkeys(suspects, 0)
    for counts in shards.count_of(sorted(suspects)):
        for key, n in counts.items():
            totals[key] += n
    return {key: n for key, n in totals.items() if n > key_cap}


# ---------------------------------------------------------------------------------------------------------------
# A shard: its part of the right records, prepared and indexed


class _Shard:
    def __init__(self, eng, options):
        self.eng, self.options = eng, options
        self.prepared: list = []
        self.numbers = array("i")  # each prepared record's number in the whole right list (ties, order)
        self.lists: dict[str, list] = {}  # key -> local numbers, while building
        self.over: dict[str, int] = {}  # key -> count, for keys past the cap here (capped overall, surely)
        self.postings: dict[str, array] = {}
        self.left: list = []  # the prepared left records of the chunk being linked
        self.kept: list = []  # and, once scored, their best pairs' Scored, for the explanations

    def add(self, start, records):
        prepare, lists, over, cap = self.eng.prepare, self.lists, self.over, self.options.key_cap
        for offset, record in enumerate(records):
            p = prepare(record)
            local = len(self.prepared)
            self.prepared.append(p)
            self.numbers.append(start + offset)
            for key in p.keys:
                bucket = lists.get(key)
                if bucket is None:
                    if key in over:
                        over[key] += 1
                    else:
                        lists[key] = [local]
                elif len(bucket) < cap:
                    bucket.append(local)
                else:  # past the cap in this shard alone: capped overall; stop keeping its postings
                    over[key] = len(bucket) + 1
                    del lists[key]

    def count(self, key) -> int:
        bucket = self.lists.get(key)
        return len(bucket) if bucket is not None else self.over.get(key, 0)

    def counts_over(self, n) -> dict[str, int]:
        found = {key: len(bucket) for key, bucket in self.lists.items() if len(bucket) > n}
        found.update((key, count) for key, count in self.over.items() if count > n)
        return found

    def count_of(self, keys) -> dict[str, int]:
        return {key: c for key in keys if (c := self.count(key))}

    def finish(self, capped) -> tuple[int, int]:
        """Drop the capped keys; turn the postings into compact arrays (4 bytes a posting, not 8 plus an int
        object). Returns (keys, postings) kept."""
        lists = self.lists
        for key in list(lists):
            bucket = lists.pop(key)
            if key not in capped:
                self.postings[key] = array("i", bucket)
        self.lists, self.over = {}, {}
        return len(self.postings), sum(len(a) for a in self.postings.values())

    def candidates(self, records, limit) -> tuple[list[int], list[list]]:
        """For each left record: how many right records here share a key with it, and the `limit` strongest as
        (weight, right number, local number). The prepared left records are kept for `score`."""
        prepare, postings, numbers = self.eng.prepare, self.postings, self.numbers
        self.left = []
        counts, strongest = [], []
        for record in records:
            p = prepare(record)
            self.left.append(p)
            shared = None
            for key in p.keys:
                bucket = postings.get(key)
                if bucket is None:
                    continue
                # Rarer keys count more: a key shared by 2 right records says more than one shared by 900.
                weight = 1_000_000 // (len(bucket) + 8)
                if shared is None:
                    shared = dict.fromkeys(bucket, weight)
                    get = shared.get
                else:
                    for local in bucket:
                        shared[local] = get(local, 0) + weight
            if shared is None:
                counts.append(0)
                strongest.append([])
                continue
            counts.append(len(shared))
            if len(shared) > limit:
                # The weight of the limit-th strongest, from the (few) distinct weights and their counts; only
                # candidates at least as strong are ranked, as one int each, weight first and then the earlier
                # record (local numbers follow the input order), so that a C-level sort orders them.
                weights = Counter(shared.values())
                need = limit
                for least in sorted(weights, reverse=True):
                    need -= weights[least]
                    if need <= 0:
                        break
                ranked = sorted([(shared[local] << 31) | (_LOCAL_MASK - local)
                                 for local in _compress(shared, map(_ge, shared.values(), _repeat(least)))],
                                reverse=True)
                best = [(_LOCAL_MASK - (r & _LOCAL_MASK), r >> 31) for r in ranked[:limit]]
            else:
                best = shared.items()
            strongest.append([(weight, numbers[local], local) for local, weight in best])
        return counts, strongest

    def score(self, chosen) -> list[list]:
        """For each left record of the last `candidates` call: its best pairs among the chosen local numbers,
        as (score, right number, local number), best first, at most `top`, at or above the threshold. They are
        kept for `explain`."""
        value, right, numbers = self.eng.value, self.prepared, self.numbers
        if value is None or self.eng.explain is None:
            return self._score_objects(chosen)
        top, threshold = self.options.top, self.options.threshold
        push, replace = heapq.heappush, heapq.heapreplace
        out, self.kept = [], []
        for p, locals_ in zip(self.left, chosen):
            # A min-heap of (score, -number, local): the worst kept pair on top. Numbers are distinct, so two
            # items never compare further than -number.
            best: list = []
            for local in locals_:
                s = value(p, right[local])
                if s < threshold:
                    continue
                if len(best) < top:
                    push(best, (s, -numbers[local], local))
                else:
                    worst = best[0]
                    if s > worst[0] or (s == worst[0] and -numbers[local] > worst[1]):
                        replace(best, (s, -numbers[local], local))
            best.sort(reverse=True)
            out.append([(s, -neg, local) for s, neg, local in best])
            self.kept.append(p)
        self.left = []
        return out

    def _score_objects(self, chosen) -> list[list]:
        """`score` with an engine that has only `score` (objects with .score and .explanation())."""
        score, right, numbers = self.eng.score, self.prepared, self.numbers
        top, threshold = self.options.top, self.options.threshold
        out, self.kept = [], []
        for p, locals_ in zip(self.left, chosen):
            best: list = []  # a min-heap of (score, -number, local, scored): the worst kept pair on top
            for local in locals_:
                scored = score(p, right[local])
                s = scored.score
                if s < threshold:
                    continue
                item = (s, -numbers[local], local, scored)
                if len(best) < top:
                    heapq.heappush(best, item)
                elif item[:2] > best[0][:2]:
                    heapq.heapreplace(best, item)
            best.sort(key=lambda item: item[:2], reverse=True)
            out.append([(s, -neg, local) for s, neg, local, _scored in best])
            self.kept.append({local: scored for _s, _neg, local, scored in best})
        self.left = []
        return out

    def explain(self, wanted) -> list[dict]:
        """For each left record of the last `score` call: {local number: (right id, explanation)} for the local
        numbers asked for."""
        right, explain = self.prepared, self.eng.explain
        if self.eng.value is not None and explain is not None:  # kept: the prepared left records
            out = [{local: (right[local].id, explain(p, right[local])) for local in locals_}
                   for p, locals_ in zip(self.kept, wanted)]
        else:  # kept: the Scored of the best pairs
            out = [{local: (right[local].id, kept[local].explanation()) for local in locals_}
                   for kept, locals_ in zip(self.kept, wanted)]
        self.kept = []
        return out


class _LocalShards:
    """One shard, in this process."""

    count = 1

    def __init__(self, eng, options):
        self.shard = _Shard(eng, options)
        self.max_candidates = options.max_candidates

    def add(self, shard_no, start, records):
        self.shard.add(start, records)

    def flush(self):
        pass

    def counts_over(self, n):
        return [self.shard.counts_over(n)]

    def count_of(self, keys):
        return [self.shard.count_of(keys)]

    def finish(self, capped):
        return self.shard.finish(capped)

    def candidates(self, chunks):
        for records in chunks:
            yield records, [self.shard.candidates(records, self.max_candidates)]

    def score(self, chosen):
        return [self.shard.score(chosen[0])]

    def explain(self, wanted):
        return [self.shard.explain(wanted[0])]

    def close(self):
        pass


class _ProcessShards:
    """`count` shard processes (fork), each fed through its own queue. Queues, not pipes: a queue's feeder
    thread sends in the background, so that the parent sending a chunk and a shard sending its results can
    never wait on each other. At most AHEAD chunks are in flight per shard, so memory stays bounded."""

    AHEAD = 3

    def __init__(self, count, eng, options):
        ctx = multiprocessing.get_context("fork")
        self.count = count
        self.max_candidates = options.max_candidates
        self.inboxes = [ctx.Queue() for _ in range(count)]
        self.outboxes = [ctx.Queue() for _ in range(count)]
        self.in_flight = [0] * count
        self._following, self._following_sent = None, False  # the next left chunk, and whether it was sent
        self.processes = []
        for n in range(count):
            process = ctx.Process(target=_shard_main, name=f"hamkari-link-shard-{n}", daemon=True,
                                  args=(eng, options, self.max_candidates, self.inboxes[n], self.outboxes[n]))
            process.start()
            self.processes.append(process)

    def _receive(self, n):
        while True:
            try:
                message = self.outboxes[n].get(timeout=5)
            except Exception:  # noqa: BLE001 (queue.Empty: check that the shard is still alive)
                if not self.processes[n].is_alive():
                    raise RuntimeError(f"link worker {n} stopped (exit code {self.processes[n].exitcode}); "
                                       "it may have run out of memory") from None
                continue
            if message[0] == "error":
                raise RuntimeError(f"link worker {n} failed: {message[1]}")
            return message

    def add(self, n, start, records):
        while self.in_flight[n] >= self.AHEAD:
            self._receive(n)
            self.in_flight[n] -= 1
        self.inboxes[n].put(("right", start, records))
        self.in_flight[n] += 1

    def flush(self):
        for n in range(self.count):
            while self.in_flight[n]:
                self._receive(n)
                self.in_flight[n] -= 1

    def _ask(self, *message) -> list:
        for inbox in self.inboxes:
            inbox.put(message)
        return [self._receive(n)[1] for n in range(self.count)]

    def counts_over(self, n):
        return self._ask("counts_over", n)

    def count_of(self, keys):
        return self._ask("count_of", keys)

    def finish(self, capped):
        done = self._ask("finish", capped)
        return sum(d[0] for d in done), sum(d[1] for d in done)

    def candidates(self, chunks):
        """Lockstep, chunk by chunk (the parent's part, choosing, is short); the next chunk is read from the
        file while the shards work on this one. The next chunk's candidates are asked for with the explanations
        of this one (`explain`), so that the shards find them while the parent merges and writes this chunk's
        pairs, instead of waiting for it."""
        chunks = iter(chunks)
        records = next(chunks, None)
        sent = False
        while records is not None:
            if not sent:
                for inbox in self.inboxes:
                    inbox.put(("candidates", records))
            following = next(chunks, None)
            self._following, self._following_sent = following, False
            found = [self._receive(n)[1] for n in range(self.count)]
            yield records, found
            sent = self._following_sent
            records = following
        self._following = None

    def score(self, chosen):
        return self._each("score", chosen)

    def explain(self, wanted):
        for inbox, part in zip(self.inboxes, wanted):
            inbox.put(("explain", part))
        following = self._following
        if following is not None and not self._following_sent:
            # A shard works through its messages in order: the explanations (of the pairs scored last), then
            # the next chunk's candidates, which replace the left records it keeps only after that.
            for inbox in self.inboxes:
                inbox.put(("candidates", following))
            self._following_sent = True
        return [self._receive(n)[1] for n in range(self.count)]

    def _each(self, kind, per_shard):
        for inbox, part in zip(self.inboxes, per_shard):
            inbox.put((kind, part))
        return [self._receive(n)[1] for n in range(self.count)]

    def close(self):
        for inbox, process in zip(self.inboxes, self.processes):
            if process.is_alive():
                try:
                    inbox.put(("stop",))
                except (OSError, ValueError):
                    pass
        for process in self.processes:
            process.join(timeout=5)
            if process.is_alive():
                process.terminate()
                process.join()
        for q in (*self.inboxes, *self.outboxes):
            q.close()
            q.join_thread()


def _shard_main(eng, options, max_candidates, inbox, outbox):
    shard = _Shard(eng, options)
    gc.set_threshold(*GC_THRESHOLDS)  # this process only links (see GC_THRESHOLDS)
    try:
        while True:
            message = inbox.get()
            kind = message[0]
            if kind == "stop":
                return
            if kind == "right":
                shard.add(message[1], message[2])
                outbox.put(("ack", None))
            elif kind == "candidates":
                outbox.put(("candidates", shard.candidates(message[1], max_candidates)))
            elif kind == "score":
                outbox.put(("scored", shard.score(message[1])))
            elif kind == "explain":
                outbox.put(("explained", shard.explain(message[1])))
            elif kind == "counts_over":
                outbox.put(("counts", shard.counts_over(message[1])))
            elif kind == "count_of":
                outbox.put(("counts", shard.count_of(message[1])))
            elif kind == "finish":
                result = shard.finish(message[1])
                gc.collect()
                gc.freeze()  # the index never changes now: the collector need not walk it again
                outbox.put(("finished", result))
    except BaseException as exc:  # noqa: BLE001 (reported to the parent, which raises it)
        outbox.put(("error", f"{type(exc).__name__}: {exc}"))
    finally:
        outbox.close()
        outbox.join_thread()


# ---------------------------------------------------------------------------------------------------------------
# Small helpers


def _chunks(it, size) -> Iterator[list]:
    while chunk := list(islice(it, size)):
        yield chunk


def _lookahead(chunks, records: int) -> tuple[list[list], Iterator[list]]:
    """The first chunks, enough for `records` records (fewer if the input ends first), and the rest."""
    ahead: list[list] = []
    for chunk in chunks:
        ahead.append(chunk)
        if len(ahead) * CHUNK >= records:
            break
    return ahead, chunks


def _prepend(first: list, rest):
    yield from first
    yield from rest


def _can_fork() -> bool:
    return "fork" in multiprocessing.get_all_start_methods()
