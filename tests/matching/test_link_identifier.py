"""`hamkari link --identifier COLUMN`: a column outside the six of the format, read only when named, as an
identifier. Without it the column is ignored, as the format says."""

import pytest
from django.core.management import CommandError

from tests.matching.test_link_command import files, pairs_of, run

HEADER = "id,name,birth_date,national_id,notes\n"
# Two different spellings, no birth date in common: only the national ID number ties them.
LEFT = HEADER + "l1,Gulnora Yusupova,1971,AB 123-456,first note\nl2,Ali Karimov,1980,ZZ999,\n"
RIGHT = HEADER + "r1,Гульнара Юсуфи,1975,ab123456,other\nr2,Alisher Nazarov,1980,QQ1,\n"


def best(path):
    rows = {}
    for row in pairs_of(path):
        rows.setdefault(row["left_id"], row)
    return rows


def test_the_identifier_column_is_ignored_unless_named(tmp_path):
    a, b, out = files(tmp_path, LEFT, RIGHT)
    run(a, b, "--out", out, "--top", "1")
    without = best(out)
    run(a, b, "--out", out, "--top", "1", "--identifier", "national_id")
    with_id = best(out)
    assert float(with_id["l1"]["score"]) > 0.99 and with_id["l1"]["right_id"] == "r1"
    assert "national_id:ab123456" in with_id["l1"]["explanation"]
    assert "l1" not in without or float(without["l1"]["score"]) < float(with_id["l1"]["score"])


def test_a_named_column_that_is_missing_or_one_of_the_format_is_a_clear_error(tmp_path):
    a, b, out = files(tmp_path, LEFT, RIGHT)
    with pytest.raises(CommandError, match="missing passport"):
        run(a, b, "--out", out, "--identifier", "passport")
    with pytest.raises(CommandError, match="is a column of the format"):
        run(a, b, "--out", out, "--identifier", "name")
    assert not out.exists()
