"""The access-control matrix (DESIGN.md, rules 1 and 2).

For every registered shareable model (`registry.all_specs()`: a model joins by registering itself), every
role, every handling code, two owners (an agency of a member state, and an international body) and every
viewer position below, the matrix checks every read path against an oracle written here from the rules, not
from `visibility_filter`:

    the chokepoint itself (visible_to), home page counts, web list and its count, web search, web detail and
    the model's own pages (spec.detail_url_names, detail_urls, web_list_paths), CSV export (whole and
    searched), API list (whole and searched), API count (whole and searched), API detail, and the model's own
    API routes (spec.api_list_paths, api_detail_paths). A registered page or route that is not routed yet is
    left out and named by test_every_registered_page_of_the_model_is_routed (skipped, with the list).

An invisible record must behave exactly as a record that does not exist.

One test per (model, viewer position), for every role at that position. For each viewer it fetches each list,
export and count once and compares the set of records in it with the oracle's, record by record, then requests
every record case's pages in a loop. Failure messages name the model, the viewer, the path and each record
concerned (its owner and handling code). The oracle counts every record of the model that the world holds, read
back from the database after building: a builder may create parents (a seizure's incident, an involvement's
person) and those are counted too. No answer may hold the word of a record the viewer may not see.

Every viewer is checked on the chokepoint, the home page counts and the API count for every model. Which viewers
also go through every other HTTP path of a model is set by HAMKARI_MATRIX (see MATRIX_MODE): `all` of them;
`by-access` (the default), at each position one role of each kind of access, the roles of a kind taking turns
from model to model; `by-position`, one role per position, all roles taking turns. The rules decide by position
and kind of access only, so by-access still checks every rule on every path for every model, owner and handling
code, and `all` repeats each of those checks for every role of a kind.

Viewer agencies (the sharing group of every restricted record: country PK, agencies TJ-DCA, UNODC, TR-KOM):

    AF-CNPA     owner of the national-owned records
    AF-CUSTOMS  another agency of the owner's country
    AF-OLD      an inactive agency of the owner's country
    PK-ANF      member state in the sharing group by country
    TJ-DCA      agency in the sharing group by agency
    TJ-CUSTOMS  another agency of TJ, whose country is not in the group
    UZ-NAC      member state not in the group
    CARICC      international body (owner of the international-owned records)
    UNODC       international body in the group by agency
    ECO-DU      international body not in the group
    RU-MVD      agency of a non-member country
    TR-KOM      agency of a non-member country, in the group by agency

plus an inactive user, a user without an agency (each with every role) and an anonymous visitor.
"""

import logging
import os
import re
from dataclasses import dataclass
from datetime import timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import transaction
from django.test import Client
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from hamkari.core.selectors import home_sections
from hamkari.sharing.models import SharingGroup
from hamkari.sharing.registry import all_specs
from hamkari.sharing.selectors import record_counts
from hamkari.tenancy.roles import ROLE_PERMISSIONS, Perm, Role
from tests.factories import make_agency, make_user
from tests.sharing.world import (REMEMBERING_BACKEND, ApiListing, LinkedPages, Listing, build_record, csv_pks,
                                 detail_link_pattern, logged_in_client, many_requests, routed, text_fields)

SPEC_SLUGS = [spec.slug for spec in all_specs()]

# The oracle's own copy of the rules' facts, deliberately not imported from the code under test.
MEMBER_STATES = {"AF", "IR", "KZ", "KG", "PK", "TJ", "TM", "UZ"}
HANDLINGS = ["national", "restricted", "regional", "public"]
# Every matrix record's searchable text holds this word and one word of its own (RecordCase.token).
COMMON_WORD = "Matrix"

# code: (country, active)
AGENCIES = {
    "AF-CNPA": ("AF", True),
    "AF-CUSTOMS": ("AF", True),
    "AF-OLD": ("AF", False),
    "PK-ANF": ("PK", True),
    "TJ-DCA": ("TJ", True),
    "TJ-CUSTOMS": ("TJ", True),
    "UZ-NAC": ("UZ", True),
    "CARICC": (None, True),
    "UNODC": (None, True),
    "ECO-DU": (None, True),
    "RU-MVD": ("RU", True),
    "TR-KOM": ("TR", True),
}
OWNERS = ["AF-CNPA", "CARICC"]
GROUP_COUNTRIES = frozenset({"PK"})
GROUP_AGENCIES = frozenset({"TJ-DCA", "UNODC", "TR-KOM"})


@dataclass(frozen=True)
class Viewer:
    key: str
    agency: str | None = None  # agency code
    role: Role | None = None
    active: bool = True
    anonymous: bool = False


def _viewers():
    viewers = [Viewer(f"{code}-{role.value}", code, role) for code in AGENCIES for role in Role]
    viewers += [Viewer(f"inactive-user-{role.value}", "AF-CNPA", role, active=False) for role in Role]
    viewers += [Viewer(f"no-agency-{role.value}", None, role) for role in Role]
    viewers.append(Viewer("anonymous", anonymous=True))
    return viewers


VIEWERS = _viewers()


def position(viewer: Viewer) -> str:
    if viewer.anonymous:
        return "anonymous"
    if not viewer.active:
        return "inactive-user"
    return viewer.agency or "no-agency"


def read_kind(viewer: Viewer):
    """What a viewer's role says about reading records: (personal data, shared records); None without a role."""
    if viewer.role is None:
        return None
    perms = ROLE_PERMISSIONS[viewer.role]
    return Perm.RECORD_READ_PERSONAL in perms, Perm.RECORD_READ_SHARED in perms


def may_export_by_role(viewer: Viewer) -> bool:
    return viewer.role is not None and Perm.RECORD_EXPORT in ROLE_PERMISSIONS[viewer.role]


# Which paths of a model each viewer goes through, besides the chokepoint, the home page counts and the API count
# that every viewer is checked on. HAMKARI_MATRIX=
#   all          every viewer, every path: some 65,000 requests, about 8 minutes on SQLite and 10 on PostgreSQL
#                on a 2-core machine;
#   by-access    (the default) at every viewer position, one role of each kind of reading access (personal data /
#                shared records only / none) goes through every path, and one role of the other export permission
#                through the export paths; the roles of a kind take turns from model to model. About 3 minutes.
#   by-position  at every viewer position one role goes through every path, all the roles taking turns from model
#                to model. About 1.5 minutes.
# The rules decide by position, reading access and (for exports) the export permission, so by-access checks every
# rule on every path for every model, owner and handling code. In every mode every role goes through every path at
# every position for some model, and for every model at some position (see test_what_each_matrix_mode_checks).
MATRIX_MODES = ("all", "by-access", "by-position")
MATRIX_MODE = os.environ.get("HAMKARI_MATRIX", "by-access")
if MATRIX_MODE not in MATRIX_MODES:
    raise ValueError(f"HAMKARI_MATRIX={MATRIX_MODE!r}: use one of {', '.join(MATRIX_MODES)}")
EVERY, EXPORTS, SOME = "every path", "the export paths", "the chokepoint, home page and API count"


def paths_of_viewers(spec_slug: str, mode: str = MATRIX_MODE) -> dict[str, str]:
    """For one model: viewer key -> EVERY, EXPORTS or SOME."""
    paths = {v.key: EVERY if mode == "all" else SOME for v in VIEWERS}
    if mode == "all":
        return paths
    turn = SPEC_SLUGS.index(spec_slug)
    for p, where in enumerate(dict.fromkeys(position(v) for v in VIEWERS)):
        here = [v for v in VIEWERS if position(v) == where]
        kinds = [here] if mode == "by-position" else [
            [v for v in here if read_kind(v) == kind] for kind in dict.fromkeys(read_kind(v) for v in here)]
        for same in kinds:
            chosen = same[(turn + p) % len(same)]
            paths[chosen.key] = EVERY
            if mode == "by-access":
                others = [v for v in same if may_export_by_role(v) != may_export_by_role(chosen)]
                if others:
                    paths[others[(turn + p) % len(others)].key] = EXPORTS
    return paths


# ---------------------------------------------------------------------------------------------- the oracle

def perms_of(viewer: Viewer) -> frozenset:
    if viewer.anonymous or not viewer.active or viewer.agency is None or viewer.role is None:
        return frozenset()
    return ROLE_PERMISSIONS[viewer.role]


def oracle_visible(*, personal: bool, owner: str, handling: str, viewer: Viewer,
                   group_countries=GROUP_COUNTRIES, group_agencies=GROUP_AGENCIES) -> bool:
    """May `viewer` read a record of `owner` with `handling` (and, when restricted, a sharing group of these
    countries and agency codes)? Written from DESIGN.md rule 2 and the brief."""
    if viewer.anonymous or not viewer.active or viewer.agency is None:
        return False
    country, agency_active = AGENCIES[viewer.agency]
    if not agency_active:
        return False
    perms = perms_of(viewer)
    if Perm.RECORD_READ_PERSONAL not in perms and Perm.RECORD_READ_SHARED not in perms:
        return False
    if handling == "public":
        return True
    if handling == "regional":
        return country is None or country in MEMBER_STATES
    # national and restricted
    if personal and Perm.RECORD_READ_PERSONAL not in perms:
        return False
    owner_country = AGENCIES[owner][0]
    own = viewer.agency == owner if owner_country is None else country == owner_country
    if handling == "national":
        return own
    return own or (country is not None and country in group_countries) or viewer.agency in group_agencies


def oracle_may_export(viewer: Viewer) -> bool:
    return Perm.RECORD_EXPORT in perms_of(viewer)


def logged_out(viewer: Viewer) -> bool:
    """Anonymous visitors and inactive users are not logged in at all."""
    return viewer.anonymous or not viewer.active


# ---------------------------------------------------------------------------------------------- the world


@dataclass(frozen=True)
class RecordCase:
    spec_slug: str
    owner: str
    handling: str

    @property
    def token(self):
        # One word unique to the record, no prefix of another: fixed width, and it starts with its model's
        # search term (search_term), so one search finds exactly the matrix records of one model.
        return f"{search_term(self.spec_slug)}{OWNERS.index(self.owner)}{HANDLINGS.index(self.handling)}w"

    def __str__(self):
        return f"{self.spec_slug} owned by {self.owner}, {self.handling}"


def search_term(spec_slug):
    return f"qz{SPEC_SLUGS.index(spec_slug):03d}"


RECORD_CASES = [RecordCase(slug, owner, handling) for slug in SPEC_SLUGS for owner in OWNERS for handling in HANDLINGS]


@dataclass(frozen=True)
class Row:
    """One record of the world as the database holds it after building: what the oracle decides on."""

    spec_slug: str
    pk: int
    owner: str  # owning agency code
    handling: str
    group: int | None  # sharing group id
    search_text: tuple[str, ...]  # values of the spec's search fields, lower case
    made_for: RecordCase | None  # the case whose building created it (None: there before the world)
    is_case: bool  # the case's own record, not one its builder made alongside (a parent incident, a person)

    def matches(self, term: str) -> bool:
        return not term or any(term.lower() in text for text in self.search_text)

    def __str__(self):
        where = (f"the record of case [{self.made_for}]" if self.is_case
                 else f"made alongside case [{self.made_for}]" if self.made_for else "made before the world")
        return f"#{self.pk} (owner {self.owner}, {self.handling}; {where})"


class World:
    """Agencies, sharing groups, one record per record case (and whatever its builder makes alongside), users."""

    def __init__(self):
        self.specs = {spec.slug: spec for spec in all_specs()}
        self.agencies = {code: make_agency(code, country, kind="international" if country is None else "police")
                         for code, (country, _) in AGENCIES.items()}
        for code, (_, active) in AGENCIES.items():
            if not active:
                self.agencies[code].is_active = False
                self.agencies[code].save()
        self.groups = {}
        for owner in OWNERS:
            group = SharingGroup.objects.create(name=f"Matrix group of {owner}", owner_agency=self.agencies[owner])
            group.countries.set(GROUP_COUNTRIES)
            group.agencies.set([self.agencies[c] for c in GROUP_AGENCIES])
            self.groups[owner] = group
        self._build_records()
        self._read_back()
        self.users = {}
        self.clients = {}
        for viewer in VIEWERS:
            if viewer.anonymous:
                self.users[viewer.key] = AnonymousUser()
                self.clients[viewer.key] = Client()
                continue
            user = make_user(f"m-{viewer.key}".lower()[:150], self.agencies.get(viewer.agency),
                             [viewer.role.value])
            if not viewer.active:
                user.is_active = False
                user.save()
            self.users[viewer.key] = user
            self.clients[viewer.key] = logged_in_client(user, REMEMBERING_BACKEND)
        self._cache = {}

    def _models(self):
        return {spec.model for spec in self.specs.values()}

    def _build_records(self):
        """Build every case's record and note which case created each row of every registered model."""
        models = self._models()
        made_by = {model: {} for model in models}  # model -> pk -> (case, is the case's own record)
        high = {model: max(model._base_manager.values_list("pk", flat=True), default=0) for model in models}
        self.records = {}
        for case in RECORD_CASES:
            spec = self.specs[case.spec_slug]
            obj = build_record(spec, owner_agency=self.agencies[case.owner], handling=case.handling,
                               sharing_group=self.groups[case.owner] if case.handling == "restricted" else None,
                               token=case.token, title_prefix=COMMON_WORD)
            self.records[case] = obj
            for model in models:
                new = list(model._base_manager.filter(pk__gt=high[model]).values_list("pk", flat=True))
                for pk in new:
                    made_by[model][pk] = (case, model is spec.model and pk == obj.pk)
                high[model] = max([high[model], *new])
        self.made_by = made_by
        self.missing_pk = max([max(high.values(), default=0)] + [r.pk for r in self.records.values()]) + 100_000

    def _read_back(self):
        """Every row of every registered model, its owner, handling and group read from the database."""
        self.group_members = {
            group.pk: (frozenset(group.countries.values_list("iso2", flat=True)),
                       frozenset(group.agencies.values_list("code", flat=True)))
            for group in SharingGroup.objects.all()}
        self.rows = {}
        for slug, spec in self.specs.items():
            text = {}
            for pk, *values in spec.model._base_manager.values_list("pk", *spec.search_fields):
                text.setdefault(pk, set()).update(str(v).lower() for v in values if v is not None)
            rows = []
            for pk, owner, handling, group in spec.model._base_manager.values_list(
                    "pk", "owner_agency__code", "handling", "sharing_group_id").order_by("pk"):
                assert owner in AGENCIES, (f"{slug} #{pk} is owned by {owner}, an agency the oracle does not know: "
                                           f"a matrix_example may only use the owner it is given")
                case, is_case = self.made_by[spec.model].get(pk, (None, False))
                rows.append(Row(slug, pk, owner, handling, group, tuple(sorted(text.get(pk, ()))), case, is_case))
            self.rows[slug] = rows
        self.row_of = {(row.spec_slug, row.pk): row for rows in self.rows.values() for row in rows}
        for case, obj in self.records.items():
            row = self.row_of[(case.spec_slug, obj.pk)]
            assert (row.owner, row.handling) == (case.owner, case.handling), f"[{case}] was built as {row}"
            if self.searchable(self.specs[case.spec_slug]):
                assert row.matches(case.token), (
                    f"[{case}]: none of the search fields {self.specs[case.spec_slug].search_fields} holds the "
                    f"record's word {case.token} (a matrix_example must write its `token` into one of them)")

    # -- what the oracle expects ------------------------------------------------------------------------------

    def visible(self, row: Row, viewer: Viewer) -> bool:
        countries, agencies = self.group_members.get(row.group, (frozenset(), frozenset()))
        return oracle_visible(personal=self.specs[row.spec_slug].model.PERSONAL_DATA, owner=row.owner,
                              handling=row.handling, viewer=viewer, group_countries=countries,
                              group_agencies=agencies)

    def secret_tokens(self, viewer: Viewer) -> set[str]:
        """The words of the cases none of whose records (the case's own and those made alongside) the viewer may
        see: no answer to this viewer may hold one, whatever page it is (a visible record's page must not show an
        invisible related record either)."""
        def compute():
            seen = {row.made_for for rows in self.rows.values() for row in rows
                    if row.made_for and self.visible(row, viewer)}
            return {case.token for case in RECORD_CASES if case not in seen}
        return self.cached(("secret", viewer.key), compute)

    def expected(self, spec, viewer: Viewer, term: str = "") -> set[int]:
        """The pks of every record of `spec` in the world that `viewer` may see (and that `term` finds)."""
        return {row.pk for row in self.rows[spec.slug] if self.visible(row, viewer) and row.matches(term)}

    @staticmethod
    def searchable(spec) -> bool:
        return any(f in text_fields(spec.model) for f in spec.search_fields)

    def cases(self, spec):
        return [(case, obj) for case, obj in self.records.items() if case.spec_slug == spec.slug]

    def cached(self, key, compute):
        if key not in self._cache:
            self._cache[key] = compute()
        return self._cache[key]


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """Agencies, groups, records, users and logged-in clients, built once and rolled back at the end.

    What the cases' requests write (audit entries) is rolled back after each case as usual. The matrix makes
    some 65,000 requests: under `many_requests()` sessions live in signed cookies and each user is loaded once,
    which halves the cost of a request without leaving out any part of its path.
    """
    # Thousands of expected 403 and 404 answers would each be logged (403s with a formatted traceback) and
    # captured: a tenth of the matrix's time for nothing. Errors (5xx) are still logged.
    request_log = logging.getLogger("django.request")
    level = request_log.level
    request_log.setLevel(logging.ERROR)
    with django_db_blocker.unblock(), transaction.atomic(), many_requests():
        try:
            yield World()
        finally:
            transaction.set_rollback(True)
            request_log.setLevel(level)


# ---------------------------------------------------------------------------------------------- the checks

class MatrixCase:
    """The checks of one (model, viewer). Each check notes what is wrong and goes on, so that one failing test
    lists every path and every record that misbehaves for this viewer."""

    def __init__(self, world: World, slug: str, viewer: Viewer):
        self.world = world
        self.spec = world.specs[slug]
        self.viewer = viewer
        self.user = world.users[viewer.key]
        self.client = world.clients[viewer.key]
        self.problems: list[str] = []
        self.term = search_term(slug) if world.searchable(self.spec) else ""
        self.expected = world.expected(self.spec, viewer)
        self.expected_found = world.expected(self.spec, viewer, self.term)
        self.logged_out = logged_out(viewer)
        self.secrets = world.secret_tokens(viewer)

    # -- reporting --------------------------------------------------------------------------------------------

    def problem(self, path, message):
        self.problems.append(f"{path}: {message}")

    def check(self, path, condition, message):
        if not condition:
            self.problem(path, message)
        return condition

    def check_status(self, path, response, expected):
        return self.check(path, response.status_code == expected,
                          f"answers {response.status_code}, expected {expected}")

    def describe(self, pks) -> str:
        return "; ".join(str(self.world.row_of.get((self.spec.slug, pk), f"#{pk} (not in the world)"))
                         for pk in sorted(pks))

    def check_set(self, path, got, expected, *, count=None):
        """The records a path shows are exactly those the oracle expects, and its count says so."""
        got_set = set(got)
        leaked, missing = got_set - expected, expected - got_set
        if leaked:
            self.problem(path, f"shows records the viewer may not see: {self.describe(leaked)}")
        if missing:
            self.problem(path, f"hides records the viewer may see: {self.describe(missing)}")
        if len(got) != len(got_set):
            self.problem(path, f"lists a record twice: {sorted(pk for pk in got_set if list(got).count(pk) > 1)}")
        if count is not None and count != len(expected):
            self.problem(path, f"says {count} records, the viewer may see {len(expected)}")

    def no_secrets(self, path, *responses):
        """No answer holds the word of a record the viewer may not see (in whatever field or related list)."""
        for response in responses:
            body = b"".join(response.streaming_content) if response.streaming else response.content
            if response.streaming:  # read once here; keep it readable for the caller
                response.streaming_content = [body]
            leaked = {w.decode() for w in _TOKEN.findall(body)} & self.secrets
            if leaked:
                cases = "; ".join(str(c) for c in RECORD_CASES if c.token in leaked)
                self.problem(path, f"shows the words of records the viewer may not see: {cases}")

    def same_as_missing(self, path, response, missing, pk):
        """The answer for an invisible record must equal the one for a record that does not exist."""
        if response.status_code != missing.status_code:
            return self.problem(path, f"answers {response.status_code} for an invisible record, "
                                      f"{missing.status_code} for a missing one")
        if response.status_code in (301, 302):
            same = (response["Location"].replace(str(pk), "PK")
                    == missing["Location"].replace(str(self.world.missing_pk), "PK"))
        else:
            same = response.content == missing.content
        self.check(path, same, "answers an invisible record differently from a missing one")

    # -- the paths --------------------------------------------------------------------------------------------

    def chokepoint(self):
        got = list(self.spec.model.objects.visible_to(self.user).values_list("pk", flat=True))
        self.check_set("visible_to()", got, self.expected)

    def home_counts(self):
        viewer, user, total = self.viewer, self.user, len(self.expected)
        counts = self.world.cached(("counts", viewer.key), lambda: {
            s.slug: (t, r) for s, t, r in record_counts(user, since=timezone.now() - timedelta(days=30))})
        self.check("record_counts()", counts[self.spec.slug] == (total, total),
                   f"counts (total, new) {counts[self.spec.slug]}, the viewer may see {total} (all new)")
        if viewer.anonymous:
            return
        sections = self.world.cached(("home", viewer.key), lambda: home_sections(user))
        texts = [item.text for section in sections for item in section.items if item.url == self.spec.list_url()]
        if perms_of(viewer) & {Perm.RECORD_READ_PERSONAL, Perm.RECORD_READ_SHARED}:
            # "<label>: <total> ..., <new> new in the last 30 days", whatever the wording around the numbers.
            numbers = [int(n) for t in texts for n in re.findall(r"\d+", t.removeprefix(f"{self.spec.label}:"))[:1]]
            self.check("home page", numbers == [total], f"shows {texts}, the viewer may see {total}")
        else:
            self.check("home page", texts == [], f"shows {texts} to a viewer who may read no records")

    def web_lists(self):
        links = detail_link_pattern(self.spec.detail_url)
        for params, expected in (({}, self.expected), ({"q": self.term}, self.expected_found)):
            path = f"GET {self.spec.list_url()}" + (f"?q={params['q']}" if params else "")
            listing = Listing(self.client, self.spec.list_url(), params, links)
            self.no_secrets(path, *listing.responses)
            if self.logged_out:
                self.check_status(path, listing, 302)
                continue
            if not self.check_status(path, listing, 200):
                continue
            self.check_set(path, listing.pks, expected, count=listing.count)
            if self.spec.title_field in text_fields(self.spec.model):
                for case, obj in self.world.cases(self.spec):
                    self.check(path, (case.token in listing.html) == (obj.pk in expected),
                               f"shows the title of [{case}]" if obj.pk not in expected
                               else f"does not show the title of [{case}]")

    def own_web_lists(self):
        """The model's own list pages (spec.web_list_paths) link exactly the records the viewer may see. A viewer
        who may see nothing may also be refused the page."""
        spec = self.spec
        patterns = [detail_link_pattern(spec.detail_url)]
        patterns += [detail_link_pattern(_reverser(name)) for name in spec.detail_url_names if _reverses(name)]
        patterns += [detail_link_pattern(_formatter(template)) for template in spec.detail_urls]
        for url in spec.web_list_paths:
            if not routed(url):
                continue
            path = f"GET {url}"
            pages = LinkedPages(self.client, url, patterns)
            self.no_secrets(path, *pages.responses)
            if self.logged_out:
                self.check_status(path, pages, 302)
            elif pages.status_code == 403 and not self.expected:
                continue
            elif self.check_status(path, pages, 200) and self.check(path, not pages.problem, pages.problem):
                self.check_set(path, sorted(set(pages.pks)), self.expected)

    def exports(self):
        for params, expected in (({}, self.expected), ({"q": self.term}, self.expected_found)):
            path = f"GET {self.spec.export_url()}" + (f"?q={params['q']}" if params else "")
            response = self.client.get(self.spec.export_url(), params)
            self.no_secrets(path, response)
            if self.logged_out:
                self.check_status(path, response, 302)
            elif not oracle_may_export(self.viewer):
                self.check_status(path, response, 403)
            elif self.check_status(path, response, 200):
                pks = csv_pks(response)
                self.check_set(path, pks, expected, count=len(pks))

    def api_lists(self, count_only=False):
        urls = [] if count_only else [
            (self.spec.api_list_url(), {}, self.expected),
            (self.spec.api_list_url(), {"q": self.term}, self.expected_found),
            *[(path, {}, self.expected) for path in self.spec.api_list_paths if routed(path)]]
        for url, params, expected in urls:
            path = f"GET {url}" + (f"?q={params['q']}" if params else "")
            listing = ApiListing(self.client, url, params)
            self.no_secrets(path, *listing.responses)
            if self.logged_out:
                self.check_status(path, listing, 401)
            elif self.check_status(path, listing, 200) and self.check(path, not listing.problem, listing.problem):
                self.check_set(path, listing.ids, expected, count=listing.count)
        counts = [({}, self.expected), ({"q": self.term}, self.expected_found)]
        for params, expected in counts[:1] if count_only else counts:
            path = f"GET {self.spec.api_count_url()}" + (f"?q={params['q']}" if params else "")
            response = self.client.get(self.spec.api_count_url(), params)
            if self.logged_out:
                self.check_status(path, response, 401)
            elif self.check_status(path, response, 200):
                self.check(path, response.json() == {"count": len(expected)},
                           f"answers {response.json()}, the viewer may see {len(expected)}")

    def detail_pages(self):
        """Every page of one record, checked for each record case of the model: when visible, 200 (any answer
        below 400 for the model's own web pages, which may redirect), and the API answers the record's id; when
        not, exactly what a record that does not exist gives."""
        spec = self.spec
        pages = [("web", "generic", spec.detail_url)]
        pages += [("web", name, _reverser(name)) for name in spec.detail_url_names if _reverses(name)]
        pages += [("web", template, _formatter(template)) for template in spec.detail_urls]
        pages += [("api", "generic", spec.api_detail_url)]
        pages += [("api", template, _formatter(template)) for template in spec.api_detail_paths]
        pages = [page for page in pages if routed(page[2](self.world.missing_pk))]
        missing = {}
        for case, obj in self.world.cases(spec):
            visible = obj.pk in self.expected
            for kind, name, url_of in pages:
                url = url_of(obj.pk)
                path = f"GET {url} [{case}]"
                response = self.client.get(url)
                self.no_secrets(path, response)
                if not visible:
                    if (kind, name) not in missing:
                        missing[kind, name] = self.client.get(url_of(self.world.missing_pk))
                    self.same_as_missing(path, response, missing[kind, name], obj.pk)
                elif kind == "web" and name != "generic":
                    self.check(path, response.status_code < 400,
                               f"answers {response.status_code} to a viewer who may see the record")
                elif not self.check_status(path, response, 200):
                    continue
                elif kind == "api":
                    got = response.json().get("id")
                    self.check(path, got == obj.pk, f"answers the record {got}")
                elif spec.title_field in text_fields(spec.model):
                    self.check(path, case.token in response.content.decode(), "does not show the record's title")

    def run(self, paths=EVERY):
        self.chokepoint()
        self.home_counts()
        if paths != EVERY:
            self.api_lists(count_only=True)
            if paths == EXPORTS:
                self.exports()
            return self.problems
        self.web_lists()
        self.own_web_lists()
        self.exports()
        self.api_lists()
        self.detail_pages()
        return self.problems


_TOKEN = re.compile(rb"qz\d{5}w")  # RecordCase.token


def _reverser(name):
    return lambda pk: reverse(name, args=[pk])


def _reverses(name) -> bool:
    try:
        reverse(name, args=[1])
    except NoReverseMatch:
        return False
    return True


def _formatter(template):
    return lambda pk: template.format(pk=pk)


POSITIONS = list(dict.fromkeys(position(v) for v in VIEWERS))
CASES = [(slug, where) for slug in SPEC_SLUGS for where in POSITIONS]
PATHS = {slug: paths_of_viewers(slug) for slug in SPEC_SLUGS}


@pytest.mark.django_db
@pytest.mark.parametrize(("slug", "where"), CASES, ids=[f"{slug}-at={where}" for slug, where in CASES])
def test_access(slug, where, world):
    """Every viewer at one position (every role), for one model. One test per position rather than per viewer:
    the same checks, without a test's own set-up and tear-down 1,500 times."""
    problems = []
    for viewer in (v for v in VIEWERS if position(v) == where):
        found = MatrixCase(world, slug, viewer).run(PATHS[slug][viewer.key])
        problems += [f"viewer {viewer.key}, {problem}" for problem in found]
    assert not problems, f"{slug}:\n  " + "\n  ".join(problems)


@pytest.mark.parametrize("mode", MATRIX_MODES)
def test_what_each_matrix_mode_checks(mode):
    """Every mode: for every model, every position goes through every path, and every role goes through every
    path at every position for some model and for every model at some position. by-access: for every model,
    every position and reading access through every path, and with each export permission through the export
    paths."""
    paths = {slug: paths_of_viewers(slug, mode) for slug in SPEC_SLUGS}
    for slug in SPEC_SLUGS:
        every = [v for v in VIEWERS if paths[slug][v.key] == EVERY]
        exports = [v for v in VIEWERS if paths[slug][v.key] in (EVERY, EXPORTS)]
        assert {position(v) for v in every} == {position(v) for v in VIEWERS}, slug
        assert {v.role for v in every if v.role} == set(Role), f"{slug}: a role never goes through every path"
        if mode != "by-position":
            assert {(position(v), read_kind(v)) for v in every} == {(position(v), read_kind(v)) for v in VIEWERS}
            assert {(position(v), read_kind(v), may_export_by_role(v)) for v in exports} == {
                (position(v), read_kind(v), may_export_by_role(v)) for v in VIEWERS}, slug
    for where in {position(v) for v in VIEWERS} - {"anonymous"}:
        roles = {v.role for slug in SPEC_SLUGS for v in VIEWERS if position(v) == where and paths[slug][v.key] == EVERY}
        assert roles == set(Role), f"at {where}, a role never goes through every path of any model"


# ---------------------------------------------------------------------------------------------- the matrix itself

def _unrouted(spec):
    names = [name for name in spec.detail_url_names if not _reverses(name)]
    paths = [t for t in [*spec.detail_urls, *spec.api_detail_paths] if not routed(t.format(pk=1))]
    paths += [p for p in [*spec.api_list_paths, *spec.web_list_paths] if not routed(p)]
    return names + paths


@pytest.mark.parametrize("slug", SPEC_SLUGS)
def test_every_registered_page_of_the_model_is_routed(slug):
    """The matrix checks a model's own pages and API routes only once they exist: say which do not yet."""
    spec = next(s for s in all_specs() if s.slug == slug)
    for template in [*spec.detail_urls, *spec.api_detail_paths]:
        assert "{pk}" in template and template.format(pk=7) != template.format(pk=8), \
            f"{slug}: {template!r} must hold {{pk}}"
    unrouted = _unrouted(spec)
    if unrouted:
        pytest.skip(f"{slug}: not routed yet, so not checked by the matrix: {', '.join(unrouted)}")


def test_matrix_covers_every_registered_model_and_role(world, db):
    assert set(SPEC_SLUGS) == {spec.slug for spec in all_specs()} == set(world.specs)
    assert {(c.owner, c.handling) for c in RECORD_CASES if c.spec_slug == SPEC_SLUGS[0]} == {
        (o, h) for o in OWNERS for h in HANDLINGS}
    assert {v.role for v in VIEWERS if v.role} == set(Role)
    assert {v.agency for v in VIEWERS if v.agency and v.active} == set(AGENCIES)
    assert len(CASES) == len(all_specs()) * len({position(v) for v in VIEWERS})
    for spec in all_specs():
        # Every row of the model is one the oracle decides on, and every case's own record is one of them.
        assert len(world.rows[spec.slug]) == spec.model._base_manager.count()
        assert {obj.pk for _, obj in world.cases(spec)} <= {row.pk for row in world.rows[spec.slug] if row.is_case}


@pytest.mark.parametrize(("personal", "owner", "handling", "viewer", "expected"), [
    (True, "AF-CNPA", "national", Viewer("x", "AF-CUSTOMS", Role.REPORTER), True),
    (True, "AF-CNPA", "national", Viewer("x", "PK-ANF", Role.ANALYST), False),
    (True, "AF-CNPA", "restricted", Viewer("x", "PK-ANF", Role.ANALYST), True),
    (True, "AF-CNPA", "restricted", Viewer("x", "TJ-CUSTOMS", Role.ANALYST), False),
    (True, "AF-CNPA", "restricted", Viewer("x", "TR-KOM", Role.LEGAL_OFFICER), True),
    (True, "AF-CNPA", "restricted", Viewer("x", "AF-CNPA", Role.PROGRAMME_OFFICER), False),
    (False, "AF-CNPA", "restricted", Viewer("x", "AF-CNPA", Role.PROGRAMME_OFFICER), True),
    (True, "AF-CNPA", "regional", Viewer("x", "RU-MVD", Role.REGIONAL_ANALYST), False),
    (True, "AF-CNPA", "regional", Viewer("x", "ECO-DU", Role.TRAINER), True),
    (True, "AF-CNPA", "public", Viewer("x", "RU-MVD", Role.HEALTH_OFFICER), True),
    (True, "AF-CNPA", "public", Viewer("x", "AF-CNPA", Role.ADMINISTRATOR), False),
    (True, "AF-CNPA", "public", Viewer("x", "AF-OLD", Role.ANALYST), False),
    (True, "AF-CNPA", "public", Viewer("x", "AF-CNPA", Role.ANALYST, active=False), False),
    (True, "AF-CNPA", "public", Viewer("x", None, Role.ANALYST), False),
    (True, "CARICC", "national", Viewer("x", "UNODC", Role.REGIONAL_ANALYST), False),
    (True, "CARICC", "national", Viewer("x", "CARICC", Role.REGIONAL_ANALYST), True),
    (True, "CARICC", "restricted", Viewer("x", "UNODC", Role.REGIONAL_ANALYST), True),
    (True, "CARICC", "restricted", Viewer("x", "ECO-DU", Role.REGIONAL_ANALYST), False),
])
def test_the_oracle_reads_as_the_rules(personal, owner, handling, viewer, expected):
    assert oracle_visible(personal=personal, owner=owner, handling=handling, viewer=viewer) == expected
