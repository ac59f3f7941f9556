"""`hamkari link LEFT.csv RIGHT.csv --out PAIRS.csv [--top K] [--threshold T]`: link two lists of persons.

Each input is a CSV with a header and the columns id, name, aliases (separated by |), birth_date, nationality,
gender (only id and name are required; other columns are ignored). PAIRS.csv gets up to K best right records for
each left record, best first: left_id, right_id, score (0 to 1), explanation. The same engine as the platform,
and no database: the command runs where only the files are (no system checks, no query).

Rows that cannot be used (an empty or repeated id, a birth date that is not a date, ...) are left out, each one
reported on stderr and in PAIRS.csv.problems.csv (or --problems). The exit code is 0 when pairs were written,
1 when an input file cannot be read (nothing is written then) or every row of a file was rejected.
"""

import sys
import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

# Problems printed on stderr before "... and N more" (they are all in the problems file).
SHOWN_PROBLEMS = 20


class Command(BaseCommand):
    help = _("Link two CSV lists of persons (id, name, aliases, birth_date, nationality, gender): up to K best "
             "matches in RIGHT for each record of LEFT, with scores and explanations. Needs no database.")
    requires_system_checks: list = []  # the checks would read the database settings; this command has none
    requires_migrations_checks = False

    def add_arguments(self, parser):
        from hamkari.matching.engine.link import DEFAULT_KEY_CAP, DEFAULT_MAX_CANDIDATES

        parser.add_argument("left", help=_("CSV of the persons to look up"))
        parser.add_argument("right", help=_("CSV of the persons to look them up in"))
        parser.add_argument("--out", required=True, help=_("where to write the pairs (CSV)"))
        parser.add_argument("--top", type=int, default=10, help=_("best matches kept per left record (default 10)"))
        parser.add_argument("--threshold", type=float, default=0.0,
                            help=_("lowest score written, 0 to 1 (default 0: the top K whatever their score)"))
        parser.add_argument("--key-cap", type=int, default=DEFAULT_KEY_CAP,
                            help=_("a blocking key shared by more right records than this gives no candidates "
                                   "(default %(default)s)"))
        parser.add_argument("--max-candidates", type=int, default=DEFAULT_MAX_CANDIDATES,
                            help=_("candidates scored per left record (default %(default)s)"))
        parser.add_argument("--workers", type=int, default=None,
                            help=_("processes to use (default: up to 2, one for small files)"))
        parser.add_argument("--problems", help=_("where to write the rows left out (default: OUT.problems.csv)"))
        parser.add_argument("--no-progress", action="store_true", help=_("no progress bar"))
        parser.add_argument("--identifier", action="append", default=[], metavar="COLUMN",
                            help=_("also read this column as an identifier (a national ID number, for example): "
                                   "two records with the same value are very likely the same person; repeatable"))

    def handle(self, *args, left, right, out, top, threshold, key_cap, max_candidates, workers, problems,
               no_progress, identifier, **options):
        from hamkari.matching.engine.csvio import CsvError, PairWriter, open_person_file, write_problems
        from hamkari.matching.engine.link import LinkStats, link

        if top < 1:
            raise CommandError(_("--top must be at least 1"))
        if not 0.0 <= threshold <= 1.0:
            raise CommandError(_("--threshold must be between 0 and 1"))
        if key_cap < 1 or max_candidates < 1 or (workers is not None and workers < 1):
            raise CommandError(_("--key-cap, --max-candidates and --workers must be at least 1"))
        out_path = Path(out)
        if not out_path.parent.is_dir():
            raise CommandError(_("the folder of --out does not exist: %(path)s") % {"path": out_path.parent})
        problems_path = Path(problems) if problems else Path(f"{out_path}.problems.csv")

        shown = [0]

        def report(problem):
            shown[0] += 1
            if shown[0] <= SHOWN_PROBLEMS:
                self.stderr.write(_("row left out: %(problem)s") % {"problem": problem})

        started = time.monotonic()
        stats = LinkStats()
        try:
            left_file = open_person_file(left, label="left", on_problem=report, identifier_columns=identifier)
            right_file = open_person_file(right, label="right", on_problem=report, identifier_columns=identifier)
            bars = _Progress(self.stderr, right_file.estimated_rows, left_file.estimated_rows, off=no_progress)
            try:
                with PairWriter(out_path) as writer:
                    for pair in link(left_file, right_file, top=top, threshold=threshold, key_cap=key_cap,
                                     max_candidates=max_candidates, workers=workers, stats=stats,
                                     progress=bars.update):
                        writer.write(pair.left_id, pair.right_id, pair.score, pair.explanation)
                    _check_some_rows(left_file, right_file)
            finally:
                bars.close()
        except CsvError as exc:
            raise CommandError(str(exc), returncode=1) from None
        except _AllRejected as exc:
            self._write_problems(write_problems, problems_path, left_file, right_file)
            raise CommandError(str(exc), returncode=1) from None

        all_problems = self._write_problems(write_problems, problems_path, left_file, right_file)
        if shown[0] > SHOWN_PROBLEMS:
            self.stderr.write(_("... and %(n)d more rows left out") % {"n": shown[0] - SHOWN_PROBLEMS})
        self.stdout.write(_summary(left_file, right_file, stats, writer.rows, out_path, all_problems,
                                   problems_path, time.monotonic() - started))

    def _write_problems(self, write_problems, path, left_file, right_file):
        problems = left_file.problems + right_file.problems
        if problems:
            write_problems(path, problems)
        else:
            path.unlink(missing_ok=True)  # a report from an earlier run would now be wrong
        return problems


class _AllRejected(Exception):
    pass


def _check_some_rows(*files):
    for f in files:
        if f.rows_read and not f.records:
            raise _AllRejected(_("every row of %(file)s was rejected (%(n)d rows); nothing was linked")
                               % {"file": f.path, "n": f.rows_read})


class _Progress:
    """A bar on stderr for each phase in turn: preparing and indexing the right file, then linking the left one."""

    def __init__(self, stderr, right_total, left_total, *, off):
        self.off = off
        self.stream = getattr(stderr, "_out", sys.stderr)
        self.phases = {"right": (_("Indexing right"), right_total), "left": (_("Linking left"), left_total)}
        self.phase, self.bar = None, None

    def update(self, phase, n):
        if self.off:
            return
        if phase != self.phase:
            self.close()
            from tqdm import tqdm

            desc, total = self.phases[phase]
            self.phase = phase
            self.bar = tqdm(total=total or None, file=self.stream, desc=desc, unit=" rows", mininterval=0.5,
                            dynamic_ncols=True, leave=True)
        self.bar.update(n)

    def close(self):
        if self.bar is not None:
            self.bar.close()
            self.bar = None


def _summary(left_file, right_file, stats, pairs, out_path, problems, problems_path, seconds) -> str:
    def file_line(f):
        ignored = (_("; columns ignored: %(cols)s") % {"cols": ", ".join(f.ignored_columns)}
                   if f.ignored_columns else "")
        return _("  %(label)s: %(path)s (%(encoding)s): %(rows)d rows, %(records)d linked, %(left_out)d left out"
                 "%(ignored)s") % {"label": f.label, "path": f.path, "encoding": f.encoding, "rows": f.rows_read,
                                   "records": f.records, "left_out": len(f.problems), "ignored": ignored}

    lines = [
        _("Linked %(left)d left records against %(right)d right records in %(seconds).1f s (%(workers)d "
          "process(es); right side %(right_s).1f s, left side %(left_s).1f s).")
        % {"left": stats.left_records, "right": stats.right_records, "seconds": seconds, "workers": stats.workers,
           "right_s": stats.right_seconds, "left_s": stats.left_seconds},
        file_line(left_file),
        file_line(right_file),
        _("  blocking keys: %(keys)d, of which %(capped)d capped (too common to give candidates)")
        % {"keys": stats.keys, "capped": len(stats.capped_keys)},
        _("  candidate pairs: %(candidates)d, scored: %(scored)d; left records without candidates: %(none)d")
        % {"candidates": stats.candidate_pairs, "scored": stats.scored_pairs, "none": stats.left_without_candidates},
        _("  pairs written: %(pairs)d to %(out)s") % {"pairs": pairs, "out": out_path},
    ]
    if stats.capped_keys:
        shown = ", ".join(f"{key} ({count})" for key, count in stats.top_capped(10))
        lines.append(_("  most common capped keys: %(keys)s") % {"keys": shown})
    if problems:
        lines.append(_("  rows left out: %(n)d, listed in %(path)s") % {"n": len(problems), "path": problems_path})
    return "\n".join(lines)
