"""The README's promises that code can check: the matching example runs as written and says what it says."""

import re
from pathlib import Path

README = Path(__file__).resolve().parents[1] / "README.md"


def test_the_matching_example_in_the_readme_runs():
    text = README.read_text(encoding="utf-8")
    section = text[text.index("## Cross-border matching"):]
    code = re.search(r"```python\n(.*?)```", section, re.S).group(1)
    printed = []
    namespace = {"print": lambda *args: printed.append(" ".join(str(a) for a in args))}
    exec(compile(code, "README.md", "exec"), namespace)  # noqa: S102 (our own README)
    assert namespace["scored"].score > 0.9
    assert printed[0].startswith("0.9") and "name +" in printed[0] and "birth date" in printed[0]
    assert printed[1].startswith("tj-17 af-03 0.9")


def test_the_readme_starts_with_the_two_commands():
    lines = README.read_text(encoding="utf-8").splitlines()
    assert lines[2:6] == ["```sh", lines[3], lines[4], "```"]
    assert lines[3].startswith("make demo") and lines[4].startswith("make test")
