"""Shared start of the benchmarks: Django on a fresh test database (SQLite in a temporary folder, or the
PostgreSQL server named by DATABASE_URL), destroyed at the end."""

import os
import resource
import sys
import tempfile
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
os.environ.setdefault("HAMKARI_VAR_DIR", tempfile.mkdtemp(prefix="hamkari-bench-"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hamkari.settings")
os.environ.setdefault("ALLOWED_HOSTS", "testserver,127.0.0.1,localhost")
os.environ.setdefault("HAMKARI_TASKS_IMMEDIATE", "1")

import django  # noqa: E402

django.setup()


@contextmanager
def fresh_database(*, demo_incidents: int = 0):
    """A new database with the countries, gazetteer, demo agencies and users (and `demo_incidents`). It is dropped
    at the end, unless HAMKARI_BENCH_KEEP_DB=1 (to look at query plans afterwards; the next run clobbers it)."""
    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import setup_test_environment

    setup_test_environment()
    name = connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
    try:
        with open(os.devnull, "w") as devnull:
            call_command("seed", demo=True, incidents=demo_incidents, stdout=devnull, stderr=devnull)
        yield connection
    finally:
        connection.close()
        if os.environ.get("HAMKARI_BENCH_KEEP_DB") != "1":
            connection.creation.destroy_test_db(name, verbosity=0)
        else:
            print(f"database kept: {name}")


def peak_rss_mb() -> float:
    """Peak resident memory of this process so far, in MB (Linux reports KB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    k = max(0, min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1))))
    return ordered[k]
