"""The key index and hits: index an entity, find its candidates, score them, store hits.

Two stages, as the engine is built for: the index gives candidates, the engine scores them.

- Candidates of an entity come from ONE indexed query: `MatchKey.key IN (its keys)`, leaving out capped keys
  inside the same statement. The rows of other agencies name the candidate MatchRecords, which are then read
  by primary key: at most MATCH_MAX_CANDIDATES (100) of them, those sharing the most and the rarest keys.
  Counting the rows per key in that same answer tells when a key has grown past the cap (MATCH_KEY_CAP, 500).
- A full rebuild runs the engine's `link` over the index (blocking, cap, top-K and both cores at once).
- Scores at or above `MATCH_HIT_THRESHOLD` (0.5) become hits. Bands (documented thresholds, settings below):
  high >= MATCH_BAND_HIGH (0.90), medium >= MATCH_BAND_MEDIUM (0.75), low below that down to the threshold.
- A pair whose latest judgement is "not same" never becomes an (open) hit again; an existing hit is dismissed.
- A hit that no longer scores after a change is withdrawn, not deleted: its reference may be cited in a
  disclosure request or in correspondence.
"""

from __future__ import annotations

import gc
import json
import logging
from collections import Counter, defaultdict
from contextlib import contextmanager
from dataclasses import dataclass, field

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.db.models import Q
from django.utils import timezone

from hamkari.matching import records as rec
from hamkari.matching.models import (
    MATCHABLE, Band, CappedKey, Hit, HitStatus, Judgement, MatchKey, MatchRecord, OptOut, Verdict,
)

logger = logging.getLogger(__name__)

KEY_MAX_LENGTH = 120


def key_cap() -> int:
    """Keys held by more entities than this stop producing candidates (setting MATCH_KEY_CAP)."""
    return int(getattr(settings, "MATCH_KEY_CAP", 500))


def max_candidates() -> int:
    """Candidates scored per record at most, those sharing the most and rarest keys (MATCH_MAX_CANDIDATES)."""
    return int(getattr(settings, "MATCH_MAX_CANDIDATES", 100))


def hit_threshold() -> float:
    """Pairs scoring at least this are hits (setting MATCH_HIT_THRESHOLD)."""
    return float(getattr(settings, "MATCH_HIT_THRESHOLD", 0.5))


def band_of(score: float) -> str:
    if score >= float(getattr(settings, "MATCH_BAND_HIGH", 0.90)):
        return Band.HIGH
    if score >= float(getattr(settings, "MATCH_BAND_MEDIUM", 0.75)):
        return Band.MEDIUM
    return Band.LOW


# --- engine glue ---------------------------------------------------------------------------------------------

class _Scorer:
    """Prepares each record once (the engine's speed split) and scores pairs of prepared records."""

    def __init__(self):
        from hamkari.matching import engine

        self.engine = engine
        self.prepare = getattr(engine, "prepare", None)
        self.score_prepared = getattr(engine, "score_prepared", None)

    def prepared(self, record):
        return self.prepare(record) if self.prepare and self.score_prepared else record

    def score(self, a, b):
        if self.prepare and self.score_prepared:
            return self.score_prepared(a, b)
        return self.engine.score_pair(a, b)

    def keys(self, record) -> list[str]:
        return sorted({k[:KEY_MAX_LENGTH] for k in self.engine.candidate_keys(record) if k})


def features_json(scored) -> list[dict]:
    rows = [{"code": f.code, "field": f.field, "weight": round(float(f.weight), 3), "params": f.params,
             "detail": f.detail} for f in scored.features]
    # Params come from the engine as plain values; anything else is kept as text rather than failing the hit.
    return json.loads(json.dumps(rows, ensure_ascii=False, default=str))


def explanation_of(scored) -> str:
    try:
        return scored.explanation()
    except TypeError:  # an attribute rather than a method
        return str(scored.explanation)


# --- loading entities ----------------------------------------------------------------------------------------

def load_entities(kind: str, ids) -> dict[int, object]:
    """The entities of one kind by primary key. Persons get their other names attached (`_match_names`), read
    in one query for all of them (prefetch_related would build a queryset per person)."""
    model = rec.entity_model(kind)
    found = {obj.pk: obj for obj in model.objects.filter(pk__in=list(ids))}
    if kind == "person" and found:
        from hamkari.entities.models import PersonName

        names: dict[int, list[str]] = {pk: [] for pk in found}
        for person_id, name in PersonName.objects.filter(person_id__in=list(found)).order_by("id").values_list(
                "person_id", "name"):
            names[person_id].append(name)
        for pk, obj in found.items():
            obj._match_names = names[pk]
    return found


def fields_of(kind, obj) -> dict:
    return rec.record_fields(kind, obj, names=getattr(obj, "_match_names", None))


def access_of(obj) -> dict:
    return {"owner_agency_id": obj.owner_agency_id, "owner_country_id": obj.owner_country_id,
            "handling": obj.handling, "sharing_group_id": obj.sharing_group_id}


def sync_access(kind: str, obj) -> None:
    """Copy an entity's (possibly changed) owner, handling and sharing group to its index rows and hits."""
    access = access_of(obj)
    MatchRecord.objects.filter(kind=kind, entity_id=obj.pk).update(**access)
    MatchKey.objects.filter(record__kind=kind, record__entity_id=obj.pk).update(
        owner_agency_id=access["owner_agency_id"], owner_country_id=access["owner_country_id"],
        handling=access["handling"])
    for side in ("a", "b"):
        Hit.objects.filter(**{f"{side}_kind": kind, f"{side}_id": obj.pk}).update(**{
            f"{side}_agency_id": access["owner_agency_id"], f"{side}_country_id": access["owner_country_id"],
            f"{side}_handling": access["handling"], f"{side}_sharing_group_id": access["sharing_group_id"]})


# --- the index -----------------------------------------------------------------------------------------------

def index_entity(scorer: _Scorer, kind: str, obj, version: str) -> tuple[MatchRecord, list[str] | None]:
    """Store the entity's record and keys. Returns (record, its keys), keys None when nothing matching reads
    changed (the record keeps its keys and hits)."""
    fields = fields_of(kind, obj)
    fp = rec.fingerprint(fields, version)
    access = access_of(obj)
    existing = MatchRecord.objects.filter(kind=kind, entity_id=obj.pk).first()
    if existing is not None and existing.fingerprint == fp:
        if any(getattr(existing, k) != v for k, v in access.items()):
            sync_access(kind, obj)
            for k, v in access.items():
                setattr(existing, k, v)
        return existing, None
    keys = scorer.keys(rec.to_record(fields))
    if existing is None:
        existing = MatchRecord.objects.create(kind=kind, entity_id=obj.pk, record=fields, fingerprint=fp, **access)
    else:
        existing.record, existing.fingerprint = fields, fp
        for k, v in access.items():
            setattr(existing, k, v)
        existing.save()
        MatchKey.objects.filter(record=existing).delete()
    MatchKey.objects.bulk_create([
        MatchKey(key=k, record=existing, kind=kind, entity_id=obj.pk, owner_agency_id=access["owner_agency_id"],
                 owner_country_id=access["owner_country_id"], handling=access["handling"]) for k in keys])
    return existing, keys


def unindex(kind: str, entity_id: int) -> int:
    """Forget a deleted entity: its index rows go, its open hits are withdrawn. Returns hits withdrawn."""
    MatchRecord.objects.filter(kind=kind, entity_id=entity_id).delete()
    q = Q(a_kind=kind, a_id=entity_id) | Q(b_kind=kind, b_id=entity_id)
    return Hit.objects.filter(q, status=HitStatus.OPEN).update(status=HitStatus.WITHDRAWN, updated_at=timezone.now())


def candidates(record: MatchRecord, *, learn_caps: bool = True, keys=None) -> list[MatchRecord]:
    """Other agencies' records sharing an uncapped key with `record` (see candidates_for_keys). `keys`: the
    record's keys when the caller has them (saves reading them back)."""
    if keys is None:
        keys = list(MatchKey.objects.filter(record=record).values_list("key", flat=True))
    return candidates_for_keys(keys, exclude_agency=record.owner_agency_id, exclude_record=record.pk,
                               learn_caps=learn_caps)


def candidates_for_keys(keys, *, exclude_agency=None, exclude_record=None, learn_caps=False) -> list[MatchRecord]:
    """Records holding one of `keys` (capped keys give none), except those of `exclude_agency`.

    One indexed query over MatchKey (capped keys are left out by a sub-select in the same statement); then the
    candidates' MatchRecords by primary key. Counting the answer's rows per key shows keys that have grown past
    the cap since they were last counted: they give no candidates, and with `learn_caps` they are added to
    CappedKey so that later queries leave them out at once.
    """
    keys = sorted({k[:KEY_MAX_LENGTH] for k in keys if k})
    if not keys:
        return []
    rows = list(
        MatchKey.objects.filter(key__in=keys)
        .exclude(key__in=CappedKey.objects.filter(key__in=keys).values("key"))
        .values_list("key", "record_id", "owner_agency_id"))
    cap = key_cap()
    counts = Counter(key for key, _, _ in rows)
    over = {key for key, n in counts.items() if n > cap}
    if over and learn_caps:
        for key in over:
            CappedKey.objects.update_or_create(key=key, defaults={"count": counts[key]})
    # Rank the candidates as the engine's link does: by the keys they share, rarer keys weighing more; only the
    # best `max_candidates()` are read and scored, so a new record costs the same however large the index grows.
    rank: Counter = Counter()
    for key, rid, agency in rows:
        if key not in over and agency != exclude_agency and rid != exclude_record:
            rank[rid] += 1.0 / counts[key]
    ids = [rid for rid, _ in sorted(rank.items(), key=lambda kv: (-kv[1], kv[0]))[:max_candidates()]]
    return list(MatchRecord.objects.filter(pk__in=ids)) if ids else []


def recount_capped_keys() -> int:
    """Recompute CappedKey from the whole index (rebuild). Returns the number of capped keys."""
    from django.db.models import Count

    cap = key_cap()
    over = (MatchKey.objects.values("key").annotate(n=Count("id")).filter(n__gt=cap).order_by())
    rows = [CappedKey(key=r["key"], count=r["n"]) for r in over]
    with transaction.atomic():
        CappedKey.objects.all().delete()
        CappedKey.objects.bulk_create(rows, batch_size=1000)
    return len(rows)


# --- judgements as the matcher reads them --------------------------------------------------------------------

def ordered(left: tuple[str, int], right: tuple[str, int]) -> tuple[tuple[str, int], tuple[str, int]]:
    return (left, right) if left <= right else (right, left)


def latest_verdicts(kind: str | None = None, entity_id: int | None = None) -> dict:
    """{((a_kind, a_id), (b_kind, b_id)): verdict} of the latest judgement per pair (of one entity, or all)."""
    qs = Judgement.objects.all()
    if kind is not None:
        qs = qs.filter(Q(a_kind=kind, a_id=entity_id) | Q(b_kind=kind, b_id=entity_id))
    out = {}
    for a_kind, a_id, b_kind, b_id, verdict in qs.order_by("created_at", "id").values_list(
            "a_kind", "a_id", "b_kind", "b_id", "verdict").iterator(chunk_size=5000):
        out[((a_kind, a_id), (b_kind, b_id))] = verdict
    return out


# --- hits ----------------------------------------------------------------------------------------------------

def _side_values(side: str, mr: MatchRecord) -> dict:
    return {f"{side}_kind": mr.kind, f"{side}_id": mr.entity_id, f"{side}_agency_id": mr.owner_agency_id,
            f"{side}_country_id": mr.owner_country_id, f"{side}_handling": mr.handling,
            f"{side}_sharing_group_id": mr.sharing_group_id}


def make_reference(hit: Hit) -> str:
    return f"HIT-{hit.created_at.year}-{hit.pk:06d}"


_UNKNOWN = object()


def upsert_hit(left: MatchRecord, right: MatchRecord, scored, verdict: str | None,
               version: str, existing=_UNKNOWN) -> tuple[Hit | None, bool]:
    """Store the scored pair. Returns (hit or None, newly open). Idempotent: the same pair is one row.
    `existing`: the pair's Hit (or None) when the caller read it already."""
    (a, b) = (left, right) if (left.kind, left.entity_id) <= (right.kind, right.entity_id) else (right, left)
    pair = {"a_kind": a.kind, "a_id": a.entity_id, "b_kind": b.kind, "b_id": b.entity_id}
    status = HitStatus.DISMISSED if verdict == Verdict.NOT_SAME else HitStatus.OPEN
    values = {**_side_values("a", a), **_side_values("b", b), "score": round(float(scored.score), 6),
              "band": band_of(scored.score), "features": features_json(scored),
              "explanation": explanation_of(scored)[:4000], "engine_version": version, "status": status}
    hit = Hit.objects.filter(**pair).order_by().first() if existing is _UNKNOWN else existing
    if hit is None:
        if status == HitStatus.DISMISSED:
            return None, False  # "not same": the pair does not come back
        try:
            with transaction.atomic():
                hit = Hit.objects.create(**values)
                hit.reference = make_reference(hit)
                hit.save(update_fields=["reference"])
            return hit, True
        except IntegrityError:  # another worker stored the pair first
            hit = Hit.objects.filter(**pair).first()
            if hit is None:
                raise
    reopened = hit.status != HitStatus.OPEN and status == HitStatus.OPEN
    changed = {k: v for k, v in values.items() if getattr(hit, k) != v}
    if changed:
        for k, v in changed.items():
            setattr(hit, k, v)
        hit.save(update_fields=[*changed, "updated_at"])
    return hit, reopened


def withdraw(hit_ids) -> int:
    if not hit_ids:
        return 0
    return Hit.objects.filter(pk__in=list(hit_ids), status=HitStatus.OPEN).update(
        status=HitStatus.WITHDRAWN, updated_at=timezone.now())


@dataclass
class MatchStats:
    entities: int = 0
    rescored: int = 0
    removed: int = 0
    new_hits: list = field(default_factory=list)  # Hit rows newly open
    withdrawn: int = 0
    failed: int = 0


def score_record(scorer: _Scorer, mr: MatchRecord, version: str, stats: MatchStats, *, keys=None) -> None:
    """Score `mr` against its candidates, store the hits, withdraw the hits its new version no longer gives."""
    threshold = hit_threshold()
    verdicts = latest_verdicts(mr.kind, mr.entity_id)
    me = (mr.kind, mr.entity_id)
    mine = scorer.prepared(rec.to_record(mr.record))
    kept = set()
    for other in candidates(mr, keys=keys):
        them = (other.kind, other.entity_id)
        if other.kind != mr.kind:
            continue
        scored = scorer.score(mine, scorer.prepared(rec.to_record(other.record)))
        if scored.score < threshold:
            continue
        hit, is_new = upsert_hit(mr, other, scored, verdicts.get(ordered(me, them)), version)
        if hit is not None:
            kept.add(hit.pk)
            if is_new:
                stats.new_hits.append(hit)
    q = Q(a_kind=mr.kind, a_id=mr.entity_id) | Q(b_kind=mr.kind, b_id=mr.entity_id)
    stale = Hit.objects.filter(q, status=HitStatus.OPEN).exclude(pk__in=kept).values_list("pk", flat=True)
    stats.withdrawn += withdraw(list(stale))


def match_record(record, *, kind: str | None = None, exclude_agency=None, top: int = 10,
                 threshold: float | None = None, scorer: _Scorer | None = None) -> list[tuple]:
    """Score an engine Record (not stored) against the index: [(score, MatchRecord, Scored)], best first, at
    most `top`, scores >= threshold (default: the hit threshold). What `hamkari screen` runs for each row."""
    scorer = scorer or _Scorer()
    threshold = hit_threshold() if threshold is None else threshold
    kind = kind or record.kind
    mine = scorer.prepared(record)
    found = []
    for mr in candidates_for_keys(scorer.keys(record), exclude_agency=exclude_agency):
        if mr.kind != kind:
            continue
        scored = scorer.score(mine, scorer.prepared(rec.to_record(mr.record)))
        if scored.score >= threshold:
            found.append((scored.score, mr, scored))
    found.sort(key=lambda t: (-t[0], t[1].pk))
    return found[:top]


def match_entities(refs, *, version: str | None = None) -> MatchStats:
    """Index and match the given entities [(kind, pk), ...]: created, changed or deleted ones."""
    scorer = _Scorer()
    version = rec.engine_version() if version is None else version
    stats = MatchStats()
    by_kind: dict[str, set[int]] = defaultdict(set)
    for kind, pk in refs:
        if kind in MATCHABLE:
            by_kind[kind].add(int(pk))
    for kind, ids in by_kind.items():
        found = load_entities(kind, ids)
        opted_out = set(OptOut.objects.filter(kind=kind, entity_id__in=list(ids)).values_list("entity_id", flat=True))
        for pk in sorted(ids):
            obj = found.get(pk) if pk not in opted_out else None  # an opted-out entity is handled as gone
            stats.entities += 1
            before = len(stats.new_hits)
            try:
                with transaction.atomic():
                    if obj is None:
                        stats.removed += 1
                        stats.withdrawn += unindex(kind, pk)
                        continue
                    mr, keys = index_entity(scorer, kind, obj, version)
                    if keys is not None:
                        stats.rescored += 1
                        score_record(scorer, mr, version, stats, keys=keys)
            except Exception:  # noqa: BLE001 (one entity the engine chokes on must not stop the others)
                stats.failed += 1
                del stats.new_hits[before:]  # rolled back with the entity's savepoint
                logger.exception("matching %s:%s failed", kind, pk)
    return stats


# --- rebuild -------------------------------------------------------------------------------------------------

@dataclass
class RebuildStats(MatchStats):
    records: int = 0
    keys: int = 0
    capped: int = 0
    hits_open: int = 0
    dismissed: int = 0


def _entity_count() -> int:
    return sum(rec.entity_model(kind).objects.count() for kind in MATCHABLE)


def rebuild(progress=None, *, chunk: int = 1000) -> RebuildStats:
    """Recompute the whole index, the capped keys and every hit. Judgements are respected: a pair judged
    "not same" stays dismissed. Hits that the new computation does not produce are withdrawn.

    `progress(done, total, phase)` is called as work advances ("index", then "hits").
    """
    scorer = _Scorer()
    version = rec.engine_version()
    stats = RebuildStats()
    reindex(progress, chunk=chunk, scorer=scorer, version=version, stats=stats)
    stats.capped = recount_capped_keys()
    touched = _rebuild_hits(scorer, version, stats, progress)
    # Open hits that the new computation did not produce: withdrawn (walked, not one huge NOT IN).
    stale_ids = [pk for pk in Hit.objects.filter(status=HitStatus.OPEN).values_list("pk", flat=True)
                 .iterator(chunk_size=5000) if pk not in touched]
    for i in range(0, len(stale_ids), 5000):
        stats.withdrawn += withdraw(stale_ids[i:i + 5000])
    stats.hits_open = Hit.objects.filter(status=HitStatus.OPEN).count()
    stats.dismissed = Hit.objects.filter(status=HitStatus.DISMISSED).count()
    return stats


def reindex(progress=None, *, chunk: int = 1000, scorer=None, version=None, stats=None) -> RebuildStats:
    """The index phase of a rebuild alone: every matchable entity's record and keys, written afresh."""
    scorer = scorer or _Scorer()
    version = version or rec.engine_version()
    stats = stats if stats is not None else RebuildStats()
    total = _entity_count()
    truncate = connection.vendor == "postgresql" and not connection.in_atomic_block
    with transaction.atomic():
        if truncate:
            # Emptied at once, leaving no dead rows behind for the new ones to be written among (a DELETE of
            # tens of millions of rows would double the table until a vacuum). Not inside a caller's transaction:
            # its deferred foreign-key checks on these tables would forbid it.
            with connection.cursor() as cursor:
                cursor.execute(f"TRUNCATE {MatchKey._meta.db_table}, {MatchRecord._meta.db_table}")
        else:
            MatchKey.objects.all().delete()
            MatchRecord.objects.all().delete()
    with _long_lived_caches():
        _index_all(progress, chunk, scorer, version, stats, total)
    _refresh_statistics()
    return stats


def _index_all(progress, chunk, scorer, version, stats, total):
    done = 0
    for kind in MATCHABLE:
        model = rec.entity_model(kind)
        last = 0
        while True:
            ids = list(model.objects.filter(pk__gt=last).order_by("pk").values_list("pk", flat=True)[:chunk])
            if not ids:
                break
            last = ids[-1]
            objs = load_entities(kind, ids)
            # Records whose owner took them out of matching are not indexed (nor, so, matched).
            opted_out = set(OptOut.objects.filter(kind=kind, entity_id__gte=ids[0], entity_id__lte=last)
                            .values_list("entity_id", flat=True))
            with transaction.atomic():
                _bulk_index(scorer, kind, [objs[pk] for pk in ids if pk in objs and pk not in opted_out], version,
                            stats)
            done += len(ids)
            if progress:
                progress(done, total, "index")


def _refresh_statistics():
    """After a bulk load on PostgreSQL: fresh statistics, so that the candidate query uses the key index at once,
    and (outside a transaction) a VACUUM, which marks the new pages all-visible, so that the candidate query is
    answered from the index alone (an index-only scan) instead of one random read of the table per key row."""
    if connection.vendor != "postgresql":
        return
    tables = f"{MatchKey._meta.db_table}, {MatchRecord._meta.db_table}"
    with connection.cursor() as cursor:
        cursor.execute(f"VACUUM (ANALYZE) {tables}" if not connection.in_atomic_block else f"ANALYZE {tables}")


@contextmanager
def _long_lived_caches():
    """The engine's garbage-collector pace while many records are prepared (see engine/link.py GC_THRESHOLDS:
    its per-word caches live long and would be walked again and again at Python's default pace)."""
    from hamkari.matching.engine.link import GC_THRESHOLDS

    before = gc.get_threshold()
    gc.set_threshold(*GC_THRESHOLDS)
    try:
        yield
    finally:
        gc.set_threshold(*before)


REBUILD_TOP = 50  # best candidates kept per record in a rebuild (its own agency's records and itself included)


def _rebuild_hits(scorer, version, stats, progress, *, chunk: int = 2000) -> set[int]:
    """All hits at once through the engine's `link` (the index against itself: blocking, key cap, top-K and
    the two cores), instead of one candidate query per record. Pairs within one agency are dropped; the others
    are scored again one by one for their features (link returns scores and one-line explanations only).
    Returns the ids of the hits stored (open or dismissed)."""
    from hamkari.matching.engine import link

    total = MatchRecord.objects.count()
    agency_of: dict[str, int] = {}

    def records(remember: bool):
        for kind, entity_id, fields, agency_id in MatchRecord.objects.order_by("pk").values_list(
                "kind", "entity_id", "record", "owner_agency_id").iterator(chunk_size=chunk):
            if remember:
                agency_of[f"{kind}:{entity_id}"] = agency_id
            yield rec.to_record(fields)

    done = {"right": 0, "left": 0}

    def on_progress(phase, n):
        done[phase] += n
        if progress:
            progress(done[phase], total, "prepare" if phase == "right" else "hits")

    threshold = hit_threshold()
    pairs: set[tuple[str, str]] = set()
    for pair in link(records(False), records(True), top=REBUILD_TOP, threshold=threshold, key_cap=key_cap(),
                     progress=on_progress):
        left, right = pair.left_id, pair.right_id
        if left == right or agency_of.get(left) == agency_of.get(right):
            continue
        if left.partition(":")[0] != right.partition(":")[0]:
            continue
        pairs.add((left, right) if rec.parse_ref(left) < rec.parse_ref(right) else (right, left))
    verdicts = latest_verdicts()
    touched: set[int] = set()
    ordered_pairs = sorted(pairs, key=lambda p: (rec.parse_ref(p[0]), rec.parse_ref(p[1])))
    for i in range(0, len(ordered_pairs), chunk):
        batch = ordered_pairs[i:i + chunk]
        refs = {rec.parse_ref(ref) for pair in batch for ref in pair}
        by_ref = {}
        for kind in {k for k, _ in refs}:
            for mr in MatchRecord.objects.filter(kind=kind, entity_id__in=[pk for k, pk in refs if k == kind]):
                by_ref[(mr.kind, mr.entity_id)] = mr
        prepared = {}
        hits = {}
        for kind in {k for k, _ in refs}:
            a_ids = [rec.parse_ref(left)[1] for left, _ in batch if left.startswith(kind + ":")]
            for hit in Hit.objects.filter(a_kind=kind, a_id__in=a_ids).order_by():
                hits[((hit.a_kind, hit.a_id), (hit.b_kind, hit.b_id))] = hit
        with transaction.atomic():
            for left, right in batch:
                a, b = by_ref.get(rec.parse_ref(left)), by_ref.get(rec.parse_ref(right))
                if a is None or b is None:
                    continue
                for mr in (a, b):
                    if mr.pk not in prepared:
                        prepared[mr.pk] = scorer.prepared(rec.to_record(mr.record))
                scored = scorer.score(prepared[a.pk], prepared[b.pk])
                if scored.score < threshold:
                    continue
                pair_key = ((a.kind, a.entity_id), (b.kind, b.entity_id))
                hit, is_new = upsert_hit(a, b, scored, verdicts.get(pair_key), version, hits.get(pair_key))
                if hit is not None:
                    touched.add(hit.pk)
                    if is_new:
                        stats.new_hits.append(hit)
    return touched


def _raw_insert(model, names, rows) -> None:
    """INSERT many rows with one executemany: the ORM's bulk_create builds a model instance and compiles every
    value of every row, which costs more than the engine's own work when a million entities are indexed.
    Values of JSON and date-time fields are adapted by their field for the database at hand."""
    if not rows:
        return
    fields = [model._meta.get_field(n) for n in names]
    adapt = [i for i, f in enumerate(fields) if f.get_internal_type() in ("JSONField", "DateTimeField")]
    if adapt:
        rows = [list(row) for row in rows]
        for row in rows:
            for i in adapt:
                row[i] = fields[i].get_db_prep_save(row[i], connection)
    quote = connection.ops.quote_name
    columns = ", ".join(quote(f.column) for f in fields)
    with connection.cursor() as cursor:
        raw = getattr(cursor, "cursor", None)
        if connection.vendor == "postgresql" and hasattr(raw, "copy"):
            # psycopg 3: COPY streams the rows, with no statement to parse per row (as the importer's writer).
            with raw.copy(f"COPY {quote(model._meta.db_table)} ({columns}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            return
        cursor.executemany(f"INSERT INTO {quote(model._meta.db_table)} ({columns}) "
                           f"VALUES ({', '.join(['%s'] * len(fields))})", rows)


_RECORD_COLUMNS = ["kind", "entity_id", "record", "fingerprint", "indexed_at", "owner_agency", "owner_country",
                   "handling", "sharing_group"]
_KEY_COLUMNS = ["key", "record", "kind", "entity_id", "owner_agency", "owner_country", "handling"]


def _bulk_index(scorer, kind, objs, version, stats):
    """Index a chunk of entities of one kind that are not in the index yet (rebuild)."""
    now = timezone.now()
    records, keys = [], {}
    for obj in objs:
        try:
            fields = fields_of(kind, obj)
            keys[obj.pk] = scorer.keys(rec.to_record(fields))
        except Exception:  # noqa: BLE001
            stats.failed += 1
            logger.exception("indexing %s:%s failed", kind, obj.pk)
            continue
        records.append((kind, obj.pk, fields, rec.fingerprint(fields, version), now, obj.owner_agency_id,
                        obj.owner_country_id, obj.handling, obj.sharing_group_id))
    _raw_insert(MatchRecord, _RECORD_COLUMNS, records)
    ids = dict(MatchRecord.objects.filter(kind=kind, entity_id__in=list(keys)).values_list("entity_id", "pk"))
    rows = [(k, ids[entity_id], kind, entity_id, agency, country, handling)
            for (_, entity_id, _, _, _, agency, country, handling, _) in records for k in keys[entity_id]]
    _raw_insert(MatchKey, _KEY_COLUMNS, rows)
    stats.records += len(records)
    stats.keys += len(rows)
    stats.entities += len(records)
