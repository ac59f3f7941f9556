"""`hamkari screen LIST.csv --as USERNAME --out RESULT.csv [--top K] [--threshold T]`.

Screens a person list (the same CSV as `hamkari link`: id, name, aliases, birth_date, nationality, gender)
against the platform's index, through USERNAME's visibility. RESULT.csv has one line per candidate (best first,
up to K per person), one "none" line for a person without candidates and one "error" line per row that could
not be read, so that no row is silently dropped. Columns:

    id, result, score, band, country, agency, reference, record, name, explanation

- result "match": a record the user may see: every column is filled.
- result "hit": a record the user may NOT see (hit/no-hit, DESIGN rule 3): only band, country, agency and a
  reference (SCR-...) that the owner can resolve from the audit trail; never the record's fields or score.
- result "none": no candidate scored at least the threshold.
- result "error": the row was left out; `explanation` says which column and why.

The run is audited (who, which file, how many rows, matches and hits, and which record each reference names).
"""

import secrets
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from hamkari.core.cells import csv_safe

HEADER = ("id", "result", "score", "band", "country", "agency", "reference", "record", "name", "explanation")
MAX_AUDITED_REFERENCES = 10_000


class Command(BaseCommand):
    help = "Screen a person list (CSV) against the platform's records, as a user sees them."

    def add_arguments(self, parser):
        parser.add_argument("path", help="the person list: a CSV with the columns id, name (and optionally "
                                         "aliases, birth_date, nationality, gender)")
        parser.add_argument("--as", dest="username", required=True, help="the user whose visibility applies")
        parser.add_argument("--out", required=True, help="where to write the result CSV")
        parser.add_argument("--top", type=int, default=10, help="best candidates per person (default 10)")
        parser.add_argument("--threshold", type=float, default=None,
                            help="lowest score reported (default: the platform's hit threshold)")

    def handle(self, *args, path, username, out, top, threshold, **options):
        from hamkari.matching.engine.csvio import CsvError, open_person_file
        from hamkari.matching.index import hit_threshold
        from hamkari.tenancy.models import User
        from hamkari.tenancy.roles import Perm

        user = User.objects.filter(username=username).first()
        if user is None or not user.is_active:
            raise CommandError(f"unknown or inactive user {username!r}")
        if not user.can(Perm.HIT_VIEW):
            raise CommandError(f"{username} may not see hits (the role needs {Perm.HIT_VIEW.value})")
        if top < 1:
            raise CommandError("--top must be at least 1")
        threshold = hit_threshold() if threshold is None else threshold
        if not 0.0 <= threshold <= 1.0:
            raise CommandError("--threshold must be between 0 and 1")
        source, target = Path(path), Path(out)
        if target.resolve() == source.resolve():
            raise CommandError("--out must not be the input file")
        screen = Screen(user, top=top, threshold=threshold)
        try:
            people = open_person_file(source, on_problem=screen.problem)
            with open(target, "w", encoding="utf-8-sig", newline="") as f:
                screen.start(f)
                for record in people:
                    screen.person(record)
        except CsvError as exc:
            target.unlink(missing_ok=True)  # a half-written result would look like a complete one
            raise CommandError(str(exc)) from None
        except OSError as exc:
            raise CommandError(f"cannot write {out}: {exc.strerror or exc}") from None
        screen.audit(source.name, people.rows_read)
        self.stdout.write(f"Screened {people.rows_read} rows of {source.name} as {username}: "
                          f"{screen.counts['match']} matches on records you may see, {screen.counts['hit']} "
                          f"possible matches held elsewhere (hit/no-hit), {screen.counts['none']} without a "
                          f"candidate, {screen.counts['error']} rows with problems. Written to {out}.")


class Screen:
    def __init__(self, user, *, top, threshold):
        from hamkari.matching.index import _Scorer

        self.user = user
        self.top = top
        self.threshold = threshold
        self.scorer = _Scorer()
        self.writer = None
        self.counts = {"match": 0, "hit": 0, "none": 0, "error": 0}
        self.references: dict[tuple[str, int], str] = {}
        self.year = timezone.now().year
        self.pending_problems = []

    def start(self, f):
        import csv

        self.writer = csv.writer(f)
        self.writer.writerow(HEADER)
        for problem in self.pending_problems:
            self.problem(problem)
        self.pending_problems = []

    def _row(self, *cells):
        self.writer.writerow([csv_safe(c) if isinstance(c, str) else c for c in cells])

    def problem(self, problem):
        if self.writer is None:
            self.pending_problems.append(problem)
            return
        self.counts["error"] += 1
        self._row("", "error", "", "", "", "", "", "", "",
                  f"row {problem.row}, column {problem.column}: {problem.reason}")

    def _reference(self, key) -> str:
        if key not in self.references:
            self.references[key] = f"SCR-{self.year}-{secrets.token_hex(4).upper()}"
        return self.references[key]

    def person(self, record):
        from hamkari.matching.index import band_of, explanation_of, match_record
        from hamkari.matching.records import entity_model

        found = match_record(record, top=self.top, threshold=self.threshold, scorer=self.scorer)
        if not found:
            self.counts["none"] += 1
            self._row(record.id, "none", "", "", "", "", "", "", "", "")
            return
        visible = {}
        by_kind: dict[str, list[int]] = {}
        for _, mr, _ in found:
            by_kind.setdefault(mr.kind, []).append(mr.entity_id)
        for kind, ids in by_kind.items():
            for obj in entity_model(kind).objects.visible_to(self.user).filter(pk__in=ids).select_related(
                    "owner_agency"):
                visible[(kind, obj.pk)] = obj
        agencies = _agencies({mr.owner_agency_id for _, mr, _ in found})
        for score, mr, scored in found:
            agency = agencies.get(mr.owner_agency_id)
            code, country = (agency.code, agency.country_id or "") if agency else ("", "")
            obj = visible.get((mr.kind, mr.entity_id))
            if obj is not None:
                self.counts["match"] += 1
                self._row(record.id, "match", f"{score:.4f}", band_of(score), country, code, "",
                          f"{mr.kind}:{mr.entity_id}", str(obj), explanation_of(scored))
            else:
                self.counts["hit"] += 1
                self._row(record.id, "hit", "", band_of(score), country, code,
                          self._reference((mr.kind, mr.entity_id)), "", "", "")

    def audit(self, filename, rows):
        from hamkari.sharing import audit
        from hamkari.sharing.models import AuditAction

        refs = {ref: f"{kind}:{pk}" for (kind, pk), ref in list(self.references.items())[:MAX_AUDITED_REFERENCES]}
        audit.record(AuditAction.SEARCH, actor=self.user, object_type="matching.screen",
                     detail={"file": filename[:200], "rows": rows, **self.counts, "references": refs,
                             "references_total": len(self.references)})


def _agencies(ids):
    from hamkari.tenancy.models import Agency

    return {a.pk: a for a in Agency.objects.filter(pk__in=ids)}
