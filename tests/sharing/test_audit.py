"""The append-only, hash-chained audit trail (DESIGN.md rule 6) and what writes to it."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from hamkari.sharing import audit
from hamkari.sharing.forms import SharingGroupForm
from hamkari.sharing.models import AuditAction, AuditEntry, AuditHead, Handling
from hamkari.sharing.services import set_handling, sharing_group_save
from tests.factories import make_agency, make_user
from tests.specimens.models import Specimen

TABLE = AuditEntry._meta.db_table


def _raw(sql, params=()):
    with connection.cursor() as cursor:
        cursor.execute(sql.replace("{table}", connection.ops.quote_name(TABLE)), params)


def _verify_fails():
    with pytest.raises(CommandError) as excinfo:
        call_command("audit", "verify")
    assert "NOT intact" in str(excinfo.value)
    return str(excinfo.value)


@pytest.fixture
def chain(af_analyst):
    """Five entries in a row."""
    return [audit.record(AuditAction.SEARCH, actor=af_analyst, detail={"n": i, "query": f"q{i}"})
            for i in range(5)]


def test_verify_passes_on_an_empty_chain(db, capsys):
    call_command("audit", "verify")
    assert "intact: 0 entries" in capsys.readouterr().out


def test_verify_passes_on_an_intact_chain(chain, capsys):
    call_command("audit", "verify")
    assert f"intact: {len(chain)} entries" in capsys.readouterr().out
    head = AuditHead.objects.get(id=1)
    assert (head.seq, head.hash) == (chain[-1].seq, chain[-1].hash)
    assert [e.prev_hash for e in chain[1:]] == [e.hash for e in chain[:-1]]


def test_verify_fails_when_content_changed_through_the_queryset(chain, capsys):
    AuditEntry.objects.filter(seq=chain[2].seq).update(actor_username="someone_else")
    _verify_fails()
    assert f"entry {chain[2].seq}: content does not match its hash" in capsys.readouterr().err


def test_verify_fails_when_content_changed_by_raw_sql(chain, capsys):
    _raw("UPDATE {table} SET object_country = %s WHERE seq = %s", ["RU", chain[1].seq])
    _verify_fails()
    assert "entry changed" in capsys.readouterr().err


def test_verify_fails_when_detail_changed(chain):
    AuditEntry.objects.filter(seq=chain[3].seq).update(detail={"n": 3, "query": "innocent"})
    _verify_fails()


def test_verify_fails_when_a_middle_entry_is_removed(chain, capsys):
    _raw("DELETE FROM {table} WHERE seq = %s", [chain[2].seq])
    _verify_fails()
    assert "entries removed" in capsys.readouterr().err


def test_verify_fails_when_two_entries_are_swapped(chain, capsys):
    a, b = chain[1].seq, chain[2].seq
    # seq is unique (and positive): move one out of the way first.
    _raw("UPDATE {table} SET seq = %s WHERE seq = %s", [10**12, a])
    _raw("UPDATE {table} SET seq = %s WHERE seq = %s", [a, b])
    _raw("UPDATE {table} SET seq = %s WHERE seq = %s", [b, 10**12])
    assert list(AuditEntry.objects.order_by("seq").values_list("pk", flat=True)) == [
        chain[0].pk, chain[2].pk, chain[1].pk, chain[3].pk, chain[4].pk]
    _verify_fails()
    err = capsys.readouterr().err
    assert "reordered" in err or "changed" in err


def test_verify_fails_when_the_last_entry_is_removed(chain, capsys):
    _raw("DELETE FROM {table} WHERE seq = %s", [chain[-1].seq])
    _verify_fails()
    assert "removed from the end" in capsys.readouterr().err


def test_verify_fails_when_the_whole_chain_is_removed(chain):
    _raw("DELETE FROM {table}")
    _verify_fails()


def test_deleting_a_user_keeps_the_chain_intact(chain, af_analyst, capsys):
    # The actor's id is inside the hash, so deleting an account must not rewrite old entries.
    af_analyst.delete()
    assert AuditEntry.objects.filter(actor_username="af_analyst").count() == len(chain)
    call_command("audit", "verify")
    assert "intact" in capsys.readouterr().out


def test_entries_cannot_be_changed_or_deleted_through_the_model(chain):
    entry = AuditEntry.objects.get(seq=chain[0].seq)
    entry.actor_username = "changed"
    with pytest.raises(PermissionError):
        entry.save()
    with pytest.raises(PermissionError):
        entry.delete()
    assert AuditEntry.objects.get(seq=chain[0].seq).actor_username == "af_analyst"
    call_command("audit", "verify")


# ------------------------------------------------------------------------------------------ what is audited

@pytest.fixture
def af_record(af_agency):
    return Specimen.objects.create(owner_agency=af_agency, handling=Handling.REGIONAL, title="Audited seizure")


def _last(action):
    return AuditEntry.objects.filter(action=action).order_by("-seq").first()


def test_viewing_a_record_writes_a_view_entry(client, af_record, pk_analyst):
    client.force_login(pk_analyst)
    response = client.get(f"/sharing/records/specimens/{af_record.pk}/")
    assert response.status_code == 200
    entry = _last(AuditAction.VIEW)
    assert entry.actor_id == pk_analyst.pk
    assert (entry.actor_username, entry.actor_agency, entry.actor_country) == ("pk_analyst", "PK-ANF", "PK")
    assert (entry.object_type, entry.object_id) == ("specimens.specimen", str(af_record.pk))
    assert (entry.object_country, entry.object_agency) == ("AF", "AF-CNPA")
    assert entry.ip == "127.0.0.1"
    call_command("audit", "verify")


def test_viewing_through_the_api_writes_a_view_entry(client, af_record, pk_analyst):
    client.force_login(pk_analyst)
    assert client.get(f"/api/v1/records/specimens/{af_record.pk}").status_code == 200
    entry = _last(AuditAction.VIEW)
    assert (entry.actor_country, entry.object_country, entry.detail) == ("PK", "AF", {"via": "api"})


def test_a_record_one_may_not_see_writes_no_view_entry(client, af_agency, pk_analyst):
    hidden = Specimen.objects.create(owner_agency=af_agency, handling=Handling.NATIONAL, title="Hidden")
    client.force_login(pk_analyst)
    assert client.get(f"/sharing/records/specimens/{hidden.pk}/").status_code == 404
    assert _last(AuditAction.VIEW) is None


def test_an_export_writes_an_export_entry(client, af_record, af_analyst):
    client.force_login(af_analyst)
    response = client.get("/sharing/records/specimens/export.csv", {"q": "Audited"})
    assert response.status_code == 200
    entry = _last(AuditAction.EXPORT)
    assert (entry.actor_username, entry.actor_agency, entry.actor_country) == ("af_analyst", "AF-CNPA", "AF")
    assert entry.object_type == "specimens.specimen"
    assert entry.detail == {"query": "Audited", "rows": 1}
    call_command("audit", "verify")


def test_saving_a_sharing_group_writes_sharing_entries(af_agency, pk_agency):
    focal = make_user("af_focal", af_agency, ["focal_point"])
    tj = make_agency("TJ-DCA", "TJ")
    form = SharingGroupForm(data={"name": "Balkh corridor", "countries": ["PK"], "agencies": [tj.pk]})
    assert form.is_valid(), form.errors
    group = sharing_group_save(form=form, user=focal)
    assert group.owner_agency == af_agency
    created = _last(AuditAction.SHARING)
    assert created.object_type == "sharing.sharinggroup" and created.object_id == str(group.uuid)
    assert (created.actor_agency, created.object_agency, created.object_country) == ("AF-CNPA", "AF-CNPA", "AF")
    assert created.detail["created"] is True
    assert created.detail["after"] == {"countries": ["PK"], "agencies": ["TJ-DCA"]}

    form = SharingGroupForm(data={"name": "Balkh corridor", "countries": ["PK", "UZ"], "agencies": []},
                            instance=group)
    assert form.is_valid(), form.errors
    sharing_group_save(form=form, user=focal)
    changed = _last(AuditAction.SHARING)
    assert changed.seq == created.seq + 1
    assert changed.detail["created"] is False
    assert changed.detail["before"] == {"countries": ["PK"], "agencies": ["TJ-DCA"]}
    assert changed.detail["after"] == {"countries": ["PK", "UZ"], "agencies": []}
    call_command("audit", "verify")


def test_changing_a_handling_code_writes_a_sharing_entry(af_record, af_agency):
    focal = make_user("af_focal", af_agency, ["focal_point"])
    set_handling(obj=af_record, user=focal, handling=Handling.NATIONAL, reliability="B")
    entry = _last(AuditAction.SHARING)
    assert (entry.object_type, entry.object_id) == ("specimens.specimen", str(af_record.pk))
    assert (entry.object_country, entry.object_agency, entry.actor_username) == ("AF", "AF-CNPA", "af_focal")
    assert entry.detail["before"]["handling"] == "regional"
    assert entry.detail["after"] == {"handling": "national", "sharing_group": None, "reliability": "B",
                                     "accuracy": "4"}
    af_record.refresh_from_db()
    assert af_record.handling == Handling.NATIONAL
    call_command("audit", "verify")


def test_only_the_owning_agencys_focal_points_may_change_handling(af_record, pk_agency, af_analyst):
    from django.core.exceptions import PermissionDenied

    before = AuditEntry.objects.count()
    for user in (af_analyst, make_user("pk_focal", pk_agency, ["focal_point"])):
        with pytest.raises(PermissionDenied):
            set_handling(obj=af_record, user=user, handling=Handling.PUBLIC)
    af_record.refresh_from_db()
    assert af_record.handling == Handling.REGIONAL
    assert AuditEntry.objects.count() == before


def test_a_record_may_only_use_a_sharing_group_of_its_own_country(af_record, af_agency, pk_agency):
    from django.core.exceptions import ValidationError

    from hamkari.sharing.models import SharingGroup

    focal = make_user("af_focal", af_agency, ["focal_point"])
    foreign = SharingGroup.objects.create(name="Managed in Pakistan", owner_agency=pk_agency)
    with pytest.raises(ValidationError):
        set_handling(obj=af_record, user=focal, handling=Handling.RESTRICTED, sharing_group=foreign)
    af_record.refresh_from_db()
    assert (af_record.handling, af_record.sharing_group) == (Handling.REGIONAL, None)

    national = SharingGroup.objects.create(name="Managed by AF customs",
                                           owner_agency=make_agency("AF-CUSTOMS", "AF"))
    set_handling(obj=af_record, user=focal, handling=Handling.RESTRICTED, sharing_group=national)
    af_record.refresh_from_db()
    assert (af_record.handling, af_record.sharing_group) == (Handling.RESTRICTED, national)
    assert _last(AuditAction.SHARING).detail["after"]["sharing_group"] == str(national.uuid)
