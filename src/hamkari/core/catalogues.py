"""Compile and check the translation catalogues with Babel, so set-up needs no GNU gettext.

    python -m hamkari.core.catalogues compile   # every locale/*/LC_MESSAGES/*.po -> .mo
    python -m hamkari.core.catalogues check     # list untranslated or fuzzy messages; exit 1 if any
"""

import sys
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"

# Plural rules (CLDR / gettext) for each catalogue; makemessages leaves placeholders for some.
PLURAL_FORMS = {
    "ru": "nplurals=4; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && (n%100<12 || n%100>14) ? 1 : "
          "n%10==0 || (n%10>=5 && n%10<=9) || (n%100>=11 && n%100<=14)? 2 : 3);",
    "fa": "nplurals=2; plural=(n > 1);",
    "fa_AF": "nplurals=2; plural=(n > 1);",
    "ps": "nplurals=2; plural=(n != 1);",
    "ur": "nplurals=2; plural=(n != 1);",
}


def po_files():
    return sorted(LOCALE_DIR.glob("*/LC_MESSAGES/*.po"))


def fix_headers() -> None:
    """Give every catalogue its language, UTF-8 and its plural rule (run after makemessages)."""
    import re

    for po_path in po_files():
        locale = po_path.parent.parent.name
        text = po_path.read_text(encoding="utf-8")
        text = re.sub(r'"Plural-Forms: [^"]*\\n"', f'"Plural-Forms: {PLURAL_FORMS[locale]}\\\\n"', text, count=1)
        text = re.sub(r'"Language: [^"]*\\n"', f'"Language: {locale}\\\\n"', text, count=1)
        text = text.replace("charset=CHARSET", "charset=UTF-8")
        po_path.write_text(text, encoding="utf-8")


def compile_all(verbose: bool = False) -> int:
    count = 0
    for po_path in po_files():
        mo_path = po_path.with_suffix(".mo")
        if mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
            continue
        with po_path.open("rb") as f:
            catalog = read_po(f, locale=po_path.parent.parent.name)
        with mo_path.open("wb") as f:
            write_mo(f, catalog, use_fuzzy=False)
        count += 1
        if verbose:
            print(f"compiled {mo_path.relative_to(LOCALE_DIR)}")
    return count


def untranslated() -> dict[str, list[str]]:
    """Per .po file: messages with no translation, or marked fuzzy."""
    missing: dict[str, list[str]] = {}
    for po_path in po_files():
        with po_path.open("rb") as f:
            catalog = read_po(f)
        bad = []
        for message in catalog:
            if not message.id:
                continue
            strings = message.string if isinstance(message.string, tuple) else (message.string,)
            if message.fuzzy or not all(strings):
                bad.append(message.id if isinstance(message.id, str) else message.id[0])
        if bad:
            missing[str(po_path.relative_to(LOCALE_DIR))] = bad
    return missing


def main(argv):
    command = argv[1] if len(argv) > 1 else "compile"
    if command == "compile":
        compile_all(verbose="-v" in argv)
        return 0
    if command == "fix-headers":
        fix_headers()
        return 0
    if command == "check":
        missing = untranslated()
        for name, ids in missing.items():
            print(f"{name}: {len(ids)} untranslated or fuzzy")
            for msgid in ids[:20]:
                print(f"    {msgid!r}")
        return 1 if missing else 0
    print(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
