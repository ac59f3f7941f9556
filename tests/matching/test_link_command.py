"""`hamkari link LEFT.csv RIGHT.csv --out PAIRS.csv`: real files, the real engine, no database."""

import csv
import os
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

HEADER = "id,name,aliases,birth_date,nationality,gender\n"
LEFT = HEADER + (
    "l1,Мухаммаджон Рахимов,,1985-03-02,Таджикистан,m\n"
    "l2,Zarina Safarova,Зарина Сафарова,1990,UZ,f\n"
    "l3,Haji Mullah,,,,\n"
)
RIGHT = HEADER + (
    "r1,Muhammadjon Rahimov,,1985-03-02,TJ,m\n"
    "r2,Зарина Сафарова,,1990-05-01,Uzbekistan,f\n"
    "r3,Ahmad Karimi,,1970,AF,m\n"
    "r4,=HYPERLINK(\"http://x\"),,,,\n"
)


def files(tmp_path, left=LEFT, right=RIGHT):
    a, b = tmp_path / "left.csv", tmp_path / "right.csv"
    a.write_text(left, encoding="utf-8")
    b.write_text(right, encoding="utf-8")
    return a, b, tmp_path / "pairs.csv"


def pairs_of(path):
    with open(path, newline="", encoding="utf-8-sig") as f:
        return list(csv.DictReader(f))


def run(*args):
    out, err = StringIO(), StringIO()
    call_command("link", *[str(a) for a in args], "--no-progress", stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_links_across_scripts_and_writes_pairs(tmp_path):
    a, b, out = files(tmp_path)
    summary, _ = run(a, b, "--out", out, "--top", "2")
    rows = pairs_of(out)
    assert list(rows[0]) == ["left_id", "right_id", "score", "explanation"]
    best = {}
    for row in rows:
        best.setdefault(row["left_id"], row)
        assert 0.0 <= float(row["score"]) <= 1.0 and len(row["score"].split(".")[1]) == 4
    assert best["l1"]["right_id"] == "r1" and best["l2"]["right_id"] == "r2"
    assert float(best["l1"]["score"]) > 0.9 and best["l1"]["explanation"]
    for left_id in {r["left_id"] for r in rows}:  # best first, at most --top
        scores = [float(r["score"]) for r in rows if r["left_id"] == left_id]
        assert scores == sorted(scores, reverse=True) and len(scores) <= 2
    assert "pairs written" in summary and "rows left out" not in summary


def test_threshold_and_formula_guard(tmp_path):
    a, b, out = files(tmp_path, left=HEADER + "=1+2,=HYPERLINK(\"http://x\"),,,,\n")
    run(a, b, "--out", out, "--threshold", "0")
    rows = pairs_of(out)
    assert rows and all(r["left_id"] == "'=1+2" for r in rows)
    run(a, b, "--out", out, "--threshold", "1")
    assert all(float(r["score"]) >= 1.0 for r in pairs_of(out))


def test_bad_rows_are_reported_and_the_rest_linked(tmp_path):
    a, b, out = files(tmp_path, left=LEFT + "l1,Duplicate Id,,,,\nl5,Omar,,31.02.1990,,\nl6,Omar,,,Atlantis,\n"
                                        ",No Id,,,,\n")
    summary, err = run(a, b, "--out", out)
    assert "row 5, column id" in err and "already used on row 2" in err
    assert "row 6, column birth_date" in err
    assert "row 7, column nationality" in err
    assert "row 8, column id" in err
    problems = (tmp_path / "pairs.csv.problems.csv").read_text(encoding="utf-8-sig")
    assert problems.count("\n") == 5  # header + four rows
    assert "rows left out: 4" in summary
    assert {r["left_id"] for r in pairs_of(out)} >= {"l1", "l2"}


@pytest.mark.parametrize("left,message", [
    ("name\nAli\n", "missing id"),
    (HEADER + "l1,\"Ali,,,,\n", "never closed"),
    (HEADER + "l1,A\x00li,,,,\n", "NUL"),
    ("", "empty"),
])
def test_broken_files_fail_clearly_and_write_nothing(tmp_path, left, message):
    a, b, out = files(tmp_path, left=left)
    with pytest.raises(CommandError, match=message):
        run(a, b, "--out", out)
    assert not out.exists()


def test_every_row_rejected_is_an_error(tmp_path):
    a, b, out = files(tmp_path, left=HEADER + ",Ali,,,,\n,Omar,,,,\n")
    with pytest.raises(CommandError, match="every row of .*left.csv was rejected"):
        run(a, b, "--out", out)
    assert not out.exists()
    assert (tmp_path / "pairs.csv.problems.csv").exists()


def test_bad_options(tmp_path):
    a, b, out = files(tmp_path)
    with pytest.raises(CommandError, match="--top"):
        run(a, b, "--out", out, "--top", "0")
    with pytest.raises(CommandError, match="--threshold"):
        run(a, b, "--out", out, "--threshold", "2")
    with pytest.raises(CommandError, match="no such file"):
        run(tmp_path / "missing.csv", b, "--out", out)


def hamkari(*args, env=None):
    command = [str(Path(sys.executable).parent / "hamkari"), *[str(a) for a in args]]
    return subprocess.run(command, capture_output=True, text=True, env=env, timeout=120)


def test_works_without_a_database(tmp_path):
    a, b, out = files(tmp_path)
    env = {**os.environ, "DATABASE_URL": "postgres://nobody:wrong@127.0.0.1:9/no_such_database",
           "DJANGO_SETTINGS_MODULE": "hamkari.settings", "HAMKARI_VAR_DIR": str(tmp_path / "var")}
    done = hamkari("link", a, b, "--out", out, env=env)
    assert done.returncode == 0, done.stderr
    assert "Linking left" in done.stderr  # the progress bar
    assert "pairs written" in done.stdout
    assert pairs_of(out)[0]["left_id"] == "l1"


def test_exit_code_on_a_bad_file(tmp_path):
    a, b, out = files(tmp_path, left="who,what\n1,2\n")
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "hamkari.settings", "HAMKARI_VAR_DIR": str(tmp_path / "var")}
    done = hamkari("link", a, b, "--out", out, "--no-progress", env=env)
    assert done.returncode == 1
    assert "left.csv: the header must have the columns id and name" in done.stderr
    assert "Traceback" not in done.stderr
