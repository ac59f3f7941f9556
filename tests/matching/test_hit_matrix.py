"""The hit matrix: every role at every viewer position, against hits whose hidden side carries each handling
code, on every path that shows hits (the list, the detail page, the entity page, the API list and detail).

Hits are not shareable records (the access-control matrix covers those); their rules are their own:
- a hit is listed to users with the "see hits" permission whose agency holds one side, or, for analysts and
  focal points, whose country holds one side; to nobody else (404 on its reference, as for a missing one);
- the other side's record shows only when the chokepoint lets the viewer see it; otherwise the viewer learns
  who holds it and nothing of it (here: its IMEI, which only the record holds).
"""

from types import SimpleNamespace

import pytest
from django.test import Client
from django.urls import reverse

from hamkari.entities.models import Phone
from hamkari.matching.models import Hit
from hamkari.sharing.models import Handling, SharingGroup
from hamkari.tenancy.roles import ROLE_PERMISSIONS, Perm, Role
from tests.api.conftest import bearer_client, token_for
from tests.factories import make_agency, make_user
from tests.matching.test_platform_hits import _no_pending_matches, make  # noqa: F401  (fixtures)

HANDLINGS = [Handling.NATIONAL, Handling.RESTRICTED, Handling.REGIONAL, Handling.PUBLIC]
POSITIONS = ["TJ-DCA", "TJ-MVD", "UZ-NIC", "KZ-MVD", "UNODC", "no-agency"]


def _luhn(body: str) -> str:
    total = 0
    for i, ch in enumerate(reversed(body)):
        d = int(ch) * (2 if i % 2 == 0 else 1)
        total += d - 9 if d > 9 else d
    return body + str((10 - total % 10) % 10)


IMEI = {h: _luhn(f"4901542032{n:04d}") for n, h in enumerate(HANDLINGS)}  # one distinct IMEI per Tajik record


@pytest.fixture
def hits(db, make):
    """Four Tajik phones (one per handling code; restricted = shared with Uzbekistan), each also reported
    regionally by Uzbekistan under another typing of its number: four hits."""
    w = SimpleNamespace(agencies={code: make_agency(code, code[:2]) for code in ("TJ-DCA", "TJ-MVD", "UZ-NIC",
                                                                                     "KZ-MVD")})
    w.agencies["UNODC"] = make_agency("UNODC", None, kind="international")
    group = SharingGroup.objects.create(name="TJ-UZ", owner_agency=w.agencies["TJ-DCA"])
    group.countries.add("UZ")
    w.refs = {}
    for n, handling in enumerate(HANDLINGS):
        number = f"+992 93 555 {1000 + n}"
        tj = make("phone", {"number": number, "imei": IMEI[handling]}, w.agencies["TJ-DCA"], handling,
                  group if handling == Handling.RESTRICTED else None)
        make("phone", {"number": number.replace("+", "00").replace(" ", "")}, w.agencies["UZ-NIC"],
             Handling.REGIONAL)
        w.refs[handling] = Hit.objects.get(a_id=tj.pk, a_kind="phone").reference
    assert Hit.objects.count() == 4
    return w


def viewers():
    for position in POSITIONS:
        for role in Role:
            yield position, role


def may_list(position, role) -> bool:
    if position == "no-agency" or Perm.HIT_VIEW not in ROLE_PERMISSIONS[role]:
        return False
    if position in ("TJ-DCA", "UZ-NIC"):
        return True
    return position == "TJ-MVD" and role in (Role.ANALYST, Role.FOCAL_POINT)  # country-wide roles


@pytest.mark.django_db
@pytest.mark.parametrize("position", POSITIONS)
def test_hit_matrix(hits, position):
    problems = []
    for role in Role:
        agency = None if position == "no-agency" else hits.agencies[position]
        user = make_user(f"{position}-{role}".lower(), agency, [role])
        web = Client()
        web.force_login(user)
        api = bearer_client(token_for(user, "read"))
        listed = may_list(position, role)
        list_page = web.get(reverse("matching:hit-list"))
        api_list = api.get("/api/v1/hits?status=any")
        for handling, reference in hits.refs.items():
            where = f"{role} at {position}, Tajik side {handling}"
            tj_phone = Phone.objects.get(imei=IMEI[handling])
            # The side that is not the viewer's own: for Uzbek viewers the Tajik record, and the reverse.
            hidden = tj_phone if position != "TJ-DCA" and position != "TJ-MVD" else None
            sees_other = hidden is None or Phone.objects.visible_to(user).filter(pk=hidden.pk).exists()
            detail = web.get(reverse("matching:hit-detail", args=[reference]))
            api_detail = api.get(f"/api/v1/hits/{reference}")
            if not listed:
                if reference.encode() in list_page.content:
                    problems.append(f"{where}: listed on the page")
                if api_list.status_code == 200 and reference in api_list.content.decode():
                    problems.append(f"{where}: listed by the API")
                if detail.status_code not in (403, 404) or api_detail.status_code not in (401, 403, 404):
                    problems.append(f"{where}: detail answered {detail.status_code} / API {api_detail.status_code}")
                continue
            if reference.encode() not in list_page.content:
                problems.append(f"{where}: missing from the page list")
            if reference not in api_list.content.decode():
                problems.append(f"{where}: missing from the API list")
            if detail.status_code != 200 or api_detail.status_code != 200:
                problems.append(f"{where}: detail answered {detail.status_code} / API {api_detail.status_code}")
                continue
            shown = IMEI[handling].encode() in detail.content
            if position in ("UZ-NIC",) and shown != sees_other:
                problems.append(f"{where}: the Tajik record's IMEI {'shown' if shown else 'hidden'}, but the "
                                f"chokepoint says {'visible' if sees_other else 'invisible'}")
            body = api_detail.json()
            if body["other"]["visible"] != sees_other or (body["score"] is not None) != (sees_other and True):
                if position == "UZ-NIC":
                    problems.append(f"{where}: API other.visible={body['other']['visible']}, score={body['score']}")
            if position == "UZ-NIC" and not sees_other and IMEI[handling] in api_detail.content.decode():
                problems.append(f"{where}: the API leaks the hidden record's IMEI")
    assert not problems, "\n  ".join(["hit matrix:", *problems])


def test_matrix_covers_every_role_and_handling():
    assert {r for _p, r in viewers()} == set(Role)
    assert set(IMEI) == set(Handling.values)
    assert any(may_list(p, r) for p, r in viewers()) and not all(may_list(p, r) for p, r in viewers())
