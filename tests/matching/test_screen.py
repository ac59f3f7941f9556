"""`hamkari screen LIST.csv --as USERNAME --out RESULT.csv`: matches through the user's visibility; records
the user may not see come out as hit/no-hit lines only; every row is accounted for; the run is audited."""

import csv

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from hamkari.sharing.models import AuditEntry, Handling
from tests.factories import make_user
from tests.matching.test_platform_hits import _no_pending_matches, make, world  # noqa: F401


def write(path, text, encoding="utf-8"):
    path.write_text(text, encoding=encoding)
    return path


def read(path):
    with open(path, encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f))


def screen(tmp_path, text, username, *extra):
    source = write(tmp_path / "list.csv", text)
    out = tmp_path / "result.csv"
    call_command("screen", str(source), "--as", username, "--out", str(out), *extra, stdout=_Sink())
    return read(out)


@pytest.fixture
def people(world, make):
    """A regional person in Uzbekistan (anyone may see) and a national one in Kazakhstan (only Kazakhs)."""
    regional = make("person", {"name": "Мухаммаджон Рахимов", "birth_date": "1985-04-12", "nationality_id": "TJ",
                               "father_name": "Абдулло"}, world.uz, Handling.REGIONAL)
    national = make("person", {"name": "Gulnora Karimova", "birth_date": "1992-11-30", "gender": "f"},
                    world.kz, Handling.NATIONAL)
    return regional, national


LIST = ("id,name,aliases,birth_date,nationality,gender\n"
        "1,Muhammadjon Rahimov,,1985-04-12,Tajikistan,m\n"
        "2,Гульнора Каримова,,1992-11-30,,f\n"
        "3,Somebody Unknown,,1970,,\n")


@pytest.mark.django_db
def test_visible_records_in_full_hidden_ones_as_hit_no_hit(world, people, tmp_path):
    regional, national = people
    rows = screen(tmp_path, LIST, "tj_fp")
    by_id = {}
    for row in rows:
        by_id.setdefault(row["id"], []).append(row)
    (match,) = by_id["1"]
    assert match["result"] == "match" and match["record"] == f"person:{regional.pk}"
    assert match["name"] == "Мухаммаджон Рахимов" and float(match["score"]) > 0.9 and match["band"] == "high"
    assert (match["country"], match["agency"]) == ("UZ", "UZ-NIC") and match["explanation"]
    (hit,) = by_id["2"]
    assert hit["result"] == "hit" and (hit["country"], hit["agency"]) == ("KZ", "KZ-MVD")
    assert hit["band"] in ("high", "medium", "low") and hit["reference"].startswith("SCR-")
    assert hit["score"] == hit["record"] == hit["name"] == hit["explanation"] == ""
    text = (tmp_path / "result.csv").read_text(encoding="utf-8-sig")
    assert "Karimova" not in text and "1992" not in text  # nothing of the hidden record, not even its birth date
    assert [r["result"] for r in by_id["3"]] == ["none"]
    # The run is audited, and the owner's auditors can resolve the reference to the record it names.
    entry = AuditEntry.objects.get(object_type="matching.screen")
    assert entry.actor_username == "tj_fp" and entry.detail["rows"] == 3
    assert entry.detail["match"] == 1 and entry.detail["hit"] == 1 and entry.detail["none"] == 1
    assert entry.detail["references"] == {hit["reference"]: f"person:{national.pk}"}


@pytest.mark.django_db
def test_the_owner_sees_its_own_record_in_full(world, people, tmp_path):
    regional, national = people
    rows = screen(tmp_path, LIST, "kz_fp")
    assert [(r["id"], r["result"]) for r in rows if r["result"] != "none"] == [("1", "match"), ("2", "match")]
    assert rows[1]["name"] == "Gulnora Karimova"


@pytest.mark.django_db
def test_bad_rows_are_reported_in_the_result_never_dropped(world, people, tmp_path):
    text = ("id,name,birth_date\n"
            "1,Muhammadjon Rahimov,1985-04-12\n"
            ",No Id,1980\n"
            "3,Bad Date,1985-13-45\n"
            "4," + "x" * 10_000 + ",\n"
            "1,Duplicate Id,\n"
            "6,Haji Mullah,\n")
    rows = screen(tmp_path, text, "tj_fp")
    errors = [r for r in rows if r["result"] == "error"]
    assert len(errors) == 4
    assert any("row 3, column id" in e["explanation"] for e in errors)
    assert any("row 4, column birth_date" in e["explanation"] for e in errors)
    assert any("row 5, column name" in e["explanation"] for e in errors)
    assert any("row 6, column id" in e["explanation"] for e in errors)
    assert {r["id"] for r in rows if r["result"] != "error"} == {"1", "6"}


@pytest.mark.django_db
def test_bad_input_gives_a_clear_error(world, people, tmp_path):
    good = write(tmp_path / "good.csv", LIST)
    out = tmp_path / "out.csv"
    cases = [
        (["--as", "nobody"], "unknown or inactive user"),
        (["--as", make_user("po", world.tj, ["programme_officer"]).username], "may not see hits"),
        (["--as", "tj_fp", "--top", "0"], "--top"),
        (["--as", "tj_fp", "--threshold", "1.5"], "--threshold"),
    ]
    for extra, message in cases:
        with pytest.raises(CommandError, match=message):
            call_command("screen", str(good), "--out", str(out), *extra, stdout=_Sink())
    assert not out.exists()
    with pytest.raises(CommandError, match="no such file"):
        call_command("screen", str(tmp_path / "missing.csv"), "--as", "tj_fp", "--out", str(out), stdout=_Sink())
    no_name = write(tmp_path / "no_name.csv", "id,nom\n1,x\n")
    with pytest.raises(CommandError, match="missing name"):
        call_command("screen", str(no_name), "--as", "tj_fp", "--out", str(out), stdout=_Sink())
    broken = write(tmp_path / "broken.csv", 'id,name\n1,"Never closed\n2,b\n')
    with pytest.raises(CommandError, match="line 2"):
        call_command("screen", str(broken), "--as", "tj_fp", "--out", str(out), stdout=_Sink())
    assert not out.exists()  # no half-written result
    with pytest.raises(CommandError, match="must not be the input"):
        call_command("screen", str(good), "--as", "tj_fp", "--out", str(good), stdout=_Sink())
    assert not AuditEntry.objects.filter(object_type="matching.screen").exists()


class _Sink:
    def write(self, *args, **kwargs):
        pass

    def flush(self):
        pass
