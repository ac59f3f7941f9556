"""`hamkari match rebuild` and `hamkari match status`.

rebuild: recompute the key index, the capped keys and every hit, with a progress bar on stderr; judgements are
respected (a pair judged "not same" stays dismissed). Prints the counts and the capped keys.
status: the index's counts by kind, the hits by status, and the capped keys (keys held by more entities than
MATCH_KEY_CAP, which give no candidates).
"""

from django.core.management.base import BaseCommand


PHASES = {"index": "Indexing", "prepare": "Preparing", "hits": "Matching"}


class Command(BaseCommand):
    help = "Rebuild the matching index and hits, or show its status and capped keys."

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["rebuild", "status"])
        parser.add_argument("--no-progress", action="store_true", help="no progress bar")
        parser.add_argument("--no-notify", action="store_true",
                            help="do not tell focal points about hits the rebuild finds")
        parser.add_argument("--capped", type=int, default=50, help="capped keys to list (default 50)")

    def handle(self, *args, action, no_progress, no_notify, capped, **options):
        if action == "rebuild":
            self.rebuild(no_progress=no_progress, notify=not no_notify)
        self.status(limit=capped)

    def rebuild(self, *, no_progress, notify):
        from hamkari.matching import index, services

        bars = {}

        def progress(done, total, phase):
            if no_progress:
                return
            bar = bars.get(phase)
            if bar is None:
                from tqdm import tqdm

                bar = bars[phase] = tqdm(total=max(total, 1), file=getattr(self.stderr, "_out", self.stderr),
                                         desc=PHASES.get(phase, phase), unit=" records",
                                         dynamic_ncols=True, mininterval=0.5)
            bar.n = min(done, bar.total)
            bar.refresh()

        try:
            stats = index.rebuild(progress)
        finally:
            for bar in bars.values():
                bar.close()
        if notify and stats.new_hits:
            services.notify_new_hits(stats.new_hits)
        self.stdout.write(
            f"Rebuilt: {stats.records} records, {stats.keys} keys, {stats.capped} capped keys; "
            f"{len(stats.new_hits)} new hits, {stats.hits_open} open, {stats.dismissed} judged not the same, "
            f"{stats.withdrawn} withdrawn" + (f"; {stats.failed} records failed (see the log)" if stats.failed
                                               else ""))

    def status(self, *, limit):
        from hamkari.matching.index import hit_threshold, key_cap
        from hamkari.matching.selectors import index_status

        s = index_status()
        records = ", ".join(f"{k} {n}" for k, n in sorted(s["records"].items())) or "none"
        hits = ", ".join(f"{k} {n}" for k, n in sorted(s["hits"].items())) or "none"
        lines = [
            f"Index: {sum(s['records'].values())} records ({records}), {s['keys']} keys",
            f"Hits: {hits} (threshold {hit_threshold():g})",
            f"Judgements: {s['judgements']}; disclosure requests: "
            + (", ".join(f"{k} {n}" for k, n in sorted(s["disclosures"].items())) or "none"),
            f"Capped keys (held by more than {key_cap()} entities, they give no candidates): {len(s['capped'])}",
        ]
        lines += [f"  {key}  {count}" for key, count in s["capped"][:limit]]
        if len(s["capped"]) > limit:
            lines.append(f"  ... and {len(s['capped']) - limit} more")
        self.stdout.write("\n".join(lines))
