"""The `hamkari` command: Django's management commands plus Hamkari's own (serve, demo, seed, agency, user,
audit, ...). `hamkari help` lists them all."""

import os
import sys


def main(argv: list[str] | None = None) -> None:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:1] == ["serve"] and "--production" in argv:
        # Production settings must be chosen before Django reads them.
        os.environ["HAMKARI_PRODUCTION"] = "1"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hamkari.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["hamkari", *argv])


if __name__ == "__main__":
    main()
