"""The access-control matrix (DESIGN.md, rules 1 and 2).

For every registered shareable model (`registry.all_specs()`: a model joins by registering itself), every
role, every handling code, two owners (an agency of a member state, and an international body) and every
viewer position below, one test checks every read path against an oracle written here from the rules, not
from `visibility_filter`:

    web list, web search, web detail, CSV export, API list, API count, API detail, home page counts.

An invisible record must behave exactly as a record that does not exist.

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

import re
from dataclasses import dataclass
from datetime import timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from hamkari.core.selectors import home_sections
from hamkari.sharing.models import SharingGroup
from hamkari.sharing.registry import all_specs
from hamkari.sharing.selectors import record_counts
from hamkari.tenancy.roles import ROLE_PERMISSIONS, Perm, Role
from tests.factories import make_agency, make_user
from tests.sharing.world import build_record, count_text, csv_rows, logged_in_client, text_fields

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
GROUP_COUNTRIES = {"PK"}
GROUP_AGENCIES = {"TJ-DCA", "UNODC", "TR-KOM"}


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


# ---------------------------------------------------------------------------------------------- the oracle

def perms_of(viewer: Viewer) -> frozenset:
    if viewer.anonymous or not viewer.active or viewer.agency is None or viewer.role is None:
        return frozenset()
    return ROLE_PERMISSIONS[viewer.role]


def oracle_visible(*, personal: bool, owner: str, handling: str, viewer: Viewer) -> bool:
    """May `viewer` read a record of `owner` with `handling`? Written from DESIGN.md rule 2 and the brief."""
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
    return own or (country is not None and country in GROUP_COUNTRIES) or viewer.agency in GROUP_AGENCIES


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
        # One word unique to the record, no prefix of another: fixed width.
        spec_index = [spec.slug for spec in all_specs()].index(self.spec_slug)
        return f"qz{spec_index:03d}{OWNERS.index(self.owner)}{HANDLINGS.index(self.handling)}w"


RECORD_CASES = [RecordCase(spec.slug, owner, handling)
                for spec in all_specs() for owner in OWNERS for handling in HANDLINGS]


class World:
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
        self.records = {}
        for case in RECORD_CASES:
            self.records[case] = build_record(
                self.specs[case.spec_slug], owner_agency=self.agencies[case.owner], handling=case.handling,
                sharing_group=self.groups[case.owner] if case.handling == "restricted" else None, token=case.token,
                title_prefix=COMMON_WORD)
        self.missing_pk = max([r.pk for r in self.records.values()] + [0]) + 100_000
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
            self.clients[viewer.key] = logged_in_client(user)
        self._cache = {}

    def cached(self, key, compute):
        if key not in self._cache:
            self._cache[key] = compute()
        return self._cache[key]

    def expected_total(self, spec, viewer):
        return sum(oracle_visible(personal=spec.model.PERSONAL_DATA, owner=c.owner, handling=c.handling,
                                  viewer=viewer)
                   for c in RECORD_CASES if c.spec_slug == spec.slug)


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """Agencies, groups, records, users and logged-in clients, built once and rolled back at the end.

    What the cases' requests write (audit entries, sessions) is rolled back after each case as usual.
    """
    with django_db_blocker.unblock(), transaction.atomic():
        try:
            yield World()
        finally:
            transaction.set_rollback(True)


# ---------------------------------------------------------------------------------------------- the checks

def _same_as_missing(response, missing, pk, missing_pk):
    """The response for an invisible record must equal the one for a record that does not exist."""
    assert response.status_code == missing.status_code
    if response.status_code in (301, 302):
        assert response["Location"].replace(str(pk), "PK") == missing["Location"].replace(str(missing_pk), "PK")
    else:
        assert response.content == missing.content


CASES = [(rc, viewer) for rc in RECORD_CASES for viewer in VIEWERS]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("rc", "viewer"), CASES,
    ids=[f"{rc.spec_slug}-{rc.handling}-owner={rc.owner}-viewer={v.key}" for rc, v in CASES])
def test_access(rc, viewer, world):
    spec = world.specs[rc.spec_slug]
    obj = world.records[rc]
    user = world.users[viewer.key]
    client = world.clients[viewer.key]
    visible = oracle_visible(personal=spec.model.PERSONAL_DATA, owner=rc.owner, handling=rc.handling,
                             viewer=viewer)
    total = world.expected_total(spec, viewer)
    detail_url = spec.detail_url(obj.pk)
    key = (viewer.key, spec.slug)
    # The builder writes the record's own word into its title and first searchable text field.
    titled_by_token = spec.title_field in text_fields(spec.model)
    searchable = any(f in text_fields(spec.model) for f in spec.search_fields)
    common = COMMON_WORD if searchable else ""  # a search that finds every matrix record

    # The chokepoint itself and the home page counts (core.selectors.home_sections -> record_counts).
    assert spec.model.objects.visible_to(user).filter(pk=obj.pk).exists() == visible
    counts = world.cached(("counts", viewer.key), lambda: {
        s.slug: (t, r) for s, t, r in record_counts(user, since=timezone.now() - timedelta(days=30))})
    assert counts[spec.slug] == (total, total)
    if not viewer.anonymous:
        sections = world.cached(("home", viewer.key), lambda: home_sections(user))
        texts = [item.text for section in sections for item in section.items if item.url == spec.list_url()]
        if perms_of(viewer) & {Perm.RECORD_READ_PERSONAL, Perm.RECORD_READ_SHARED}:
            # "<label>: <total> ..., <new> new in the last 30 days", whatever the wording around the numbers.
            assert len(texts) == 1
            assert [int(n) for n in re.findall(r"\d+", texts[0].removeprefix(f"{spec.label}:"))[:1]] == [total]
        else:
            assert texts == []

    # Web list: the record appears or not, and the count says how many the viewer may see.
    listing = world.cached(("list", key), lambda: client.get(spec.list_url()))
    if logged_out(viewer):
        assert listing.status_code == 302
    else:
        html = listing.content.decode()
        assert listing.status_code == 200
        assert (detail_url in html) == visible
        if titled_by_token:
            assert (rc.token in html) == visible
        assert count_text(html) == total

    # Web search by a word only this record holds.
    found = client.get(spec.list_url(), {"q": rc.token if searchable else common})
    if logged_out(viewer):
        assert found.status_code == 302
    else:
        html = found.content.decode()
        assert found.status_code == 200
        assert (detail_url in html) == visible
        assert count_text(html) == (int(visible) if searchable else total)

    # Web detail: 200 with the record, or exactly what a record that does not exist gives.
    detail = client.get(detail_url)
    if visible:
        assert detail.status_code == 200
        assert not titled_by_token or rc.token in detail.content.decode()
    else:
        missing = world.cached(("missing-web", key), lambda: client.get(spec.detail_url(world.missing_pk)))
        _same_as_missing(detail, missing, obj.pk, world.missing_pk)
        assert rc.token.encode() not in detail.content

    # Extra pages of the record that a model registers (detail_url_names): the same rule as the detail page.
    for name in spec.detail_url_names:
        extra = client.get(reverse(name, args=[obj.pk]))
        if visible:
            assert extra.status_code < 400, name
        else:
            missing = world.cached(("missing", name, viewer.key),
                                   lambda: client.get(reverse(name, args=[world.missing_pk])))
            _same_as_missing(extra, missing, obj.pk, world.missing_pk)

    # CSV export: only with record.export; the row is there or not (whole export, and a search export).
    export = world.cached(("export", key), lambda: client.get(spec.export_url()))
    export_found = world.cached(("export-q", key), lambda: client.get(spec.export_url(), {"q": common}))
    if logged_out(viewer):
        assert export.status_code == export_found.status_code == 302
    elif not oracle_may_export(viewer):
        assert export.status_code == export_found.status_code == 403
    else:
        for response in (export, export_found):
            assert response.status_code == 200
            _, rows = csv_rows(response)
            assert (str(obj.pk) in {row[0] for row in rows}) == visible
            assert len(rows) == total

    # API list (whole, and searched), count (whole, and searched) and detail.
    api_list = world.cached(("api-list", key), lambda: client.get(spec.api_list_url(), {"limit": 500}))
    api_found = world.cached(("api-list-q", key),
                             lambda: client.get(spec.api_list_url(), {"limit": 500, "q": common}))
    api_count = world.cached(("api-count", key), lambda: client.get(spec.api_count_url()))
    api_found_count = world.cached(("api-count-q", key),
                                   lambda: client.get(spec.api_count_url(), {"q": common}))
    api_detail = client.get(spec.api_detail_url(obj.pk))
    if logged_out(viewer):
        for response in (api_list, api_found, api_count, api_found_count, api_detail):
            assert response.status_code == 401
    else:
        for response in (api_list, api_found):
            assert response.status_code == 200
            assert response.json()["count"] == total
            assert (obj.pk in {r["id"] for r in response.json()["results"]}) == visible
        assert api_count.json() == api_found_count.json() == {"count": total}
        if visible:
            assert api_detail.status_code == 200
            assert api_detail.json()["id"] == obj.pk
    if not visible:
        missing = world.cached(("missing-api", key), lambda: client.get(spec.api_detail_url(world.missing_pk)))
        _same_as_missing(api_detail, missing, obj.pk, world.missing_pk)


def test_matrix_covers_every_registered_model_and_role(world, db):
    for rc, obj in world.records.items():
        assert obj.handling == rc.handling and obj.owner_agency.code == rc.owner
    assert {rc.spec_slug for rc in RECORD_CASES} == {spec.slug for spec in all_specs()}
    assert {v.role for v in VIEWERS if v.role} == set(Role)
    assert len(CASES) >= len(all_specs()) * len(Role) * len(HANDLINGS) * len(AGENCIES)


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
