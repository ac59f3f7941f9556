"""docs/matching.md: its Python example runs, and its tables agree with the engine."""

import contextlib
import io
import re
from pathlib import Path

from hamkari.matching.engine import WEIGHTS
from hamkari.matching.engine.compare import LEVEL_NAMES

DOC = Path(__file__).resolve().parents[2] / "docs" / "matching.md"


def test_the_python_example_runs_and_prints_what_it_says():
    text = DOC.read_text(encoding="utf-8")
    (example,) = re.findall(r"```python\n(.*?)```", text, re.DOTALL)
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(example, str(DOC), "exec"), {})
    lines = out.getvalue().splitlines()
    assert lines[0].startswith("name +10.0 (stem: мухаммаджон = muhammadjan (phonetic), рахимов = rahimi (stem))")
    assert "nationality -1.3 (TJ vs AF)" in lines[0]
    assert lines[1].startswith("tj-17 af-03 0.9")


def test_every_weight_and_level_is_documented():
    text = DOC.read_text(encoding="utf-8")
    for code in WEIGHTS:
        feature, _, level = code.partition(".")
        assert level in text or code in text, code
    for level in LEVEL_NAMES:
        assert f"| {level} |" in text, level
