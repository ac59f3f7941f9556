"""The key index: candidates in one indexed query, the key cap, `hamkari match rebuild` and `match status`."""

import io

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from hamkari.matching import index
from hamkari.matching.models import CappedKey, Hit, HitStatus, MatchKey, MatchRecord
from hamkari.sharing.models import Handling
from tests.factories import make_agency
from tests.matching.test_platform_hits import _no_pending_matches, make, world  # noqa: F401

NUMBER = "+992 93 555 1234"


@pytest.mark.django_db
def test_candidates_come_from_one_key_query(world, make):
    make("phone", {"number": NUMBER}, world.tj)
    make("phone", {"number": NUMBER}, world.uz)
    make("phone", {"number": NUMBER}, world.tj)  # the same phone again: reused, not a third record
    record = MatchRecord.objects.get(kind="phone", owner_agency=world.tj)
    with CaptureQueriesContext(connection) as queries:
        found = index.candidates(record)
    key_queries = [q["sql"] for q in queries if "matching_matchkey" in q["sql"] and " IN " in q["sql"]]
    assert [c.owner_agency_id for c in found] == [world.uz.pk]
    # The record's own keys, then ONE query for every key's rows (capped keys left out in the same statement),
    # then the candidate records by primary key.
    assert len(queries) == 3 and len(key_queries) == 1 and "matching_cappedkey" in key_queries[0]


@pytest.mark.django_db
def test_keys_over_the_cap_stop_producing_candidates(world, make, settings):
    settings.MATCH_KEY_CAP = 3
    agencies = [make_agency(f"TJ-X{i}", "TJ") for i in range(4)]
    for agency in agencies[:3]:
        make("phone", {"number": NUMBER}, agency)
    assert Hit.objects.count() == 3 and not CappedKey.objects.exists()  # 3 holders: at the cap, still a key
    make("phone", {"number": NUMBER}, agencies[3])  # the fourth holder: over the cap
    assert CappedKey.objects.get().key == "phone:+992935551234"
    assert Hit.objects.count() == 3  # the fourth gave no candidates
    out = io.StringIO()
    call_command("match", "status", stdout=out)
    assert "phone:+992935551234  4" in out.getvalue() and "more than 3" in out.getvalue()
    # A rebuild counts again from scratch and respects the cap: no candidates from the capped key at all.
    out = io.StringIO()
    call_command("match", "rebuild", "--no-progress", stdout=out)
    assert "1 capped keys" in out.getvalue()
    assert Hit.objects.filter(status=HitStatus.OPEN).count() == 0
    assert Hit.objects.filter(status=HitStatus.WITHDRAWN).count() == 3
    settings.MATCH_KEY_CAP = 10
    call_command("match", "rebuild", "--no-progress", stdout=io.StringIO())
    assert not CappedKey.objects.exists() and Hit.objects.filter(status=HitStatus.OPEN).count() == 6


@pytest.mark.django_db
def test_rebuild_recomputes_index_and_hits(world, make, capsys):
    from hamkari.entities.models import Phone

    make("phone", {"number": NUMBER}, world.tj)
    make("phone", {"number": NUMBER}, world.uz)
    make("person", {"name": "Rustam Nazarov"}, world.kz)
    hit = Hit.objects.get()
    # Rows written behind the matcher's back (a raw import, a restored backup) are picked up by a rebuild.
    Phone.objects.bulk_create([Phone(owner_agency=world.kz, owner_country_id="KZ", handling=Handling.NATIONAL,
                                     key="phone:+992935551234", e164="+992935551234")])
    MatchKey.objects.all().delete()
    out = io.StringIO()
    call_command("match", "rebuild", stdout=out)  # with the progress bar
    err = capsys.readouterr().err
    assert "Indexing" in err and "Matching" in err and "100%" in err
    assert MatchRecord.objects.count() == 4 and MatchKey.objects.filter(key="phone:+992935551234").count() == 3
    assert Hit.objects.filter(status=HitStatus.OPEN).count() == 3
    assert Hit.objects.filter(reference=hit.reference, status=HitStatus.OPEN).exists()  # same pair, same reference
    text = out.getvalue()
    assert "Rebuilt: 4 records" in text and "2 new hits, 3 open" in text and "Index: 4 records" in text
    # Twice in a row changes nothing.
    out = io.StringIO()
    call_command("match", "rebuild", "--no-progress", stdout=out)
    assert "0 new hits, 3 open" in out.getvalue() and Hit.objects.count() == 3


@pytest.mark.django_db
def test_bad_command_use(db):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("match", "rebild")
    out = io.StringIO()
    call_command("match", "status", stdout=out)
    assert "Index: 0 records" in out.getvalue() and "Capped keys" in out.getvalue()


def test_bands():
    assert index.band_of(0.99) == "high" and index.band_of(0.8) == "medium" and index.band_of(0.55) == "low"


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_rebuild_outside_a_transaction(world, make):
    """The way the command runs in production: not inside a transaction, so that on PostgreSQL the index is
    emptied with TRUNCATE and vacuumed afterwards (inside a transaction it is emptied with DELETE)."""
    make("phone", {"number": NUMBER}, world.tj)
    make("phone", {"number": NUMBER}, world.uz)
    hit = Hit.objects.get()
    assert not connection.in_atomic_block
    for _ in range(2):
        out = io.StringIO()
        call_command("match", "rebuild", "--no-progress", stdout=out)
        assert "Rebuilt: 2 records" in out.getvalue()
        assert MatchRecord.objects.count() == 2 and MatchKey.objects.filter(key="phone:+992935551234").count() == 2
        assert Hit.objects.get().reference == hit.reference and Hit.objects.get().status == HitStatus.OPEN
