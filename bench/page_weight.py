"""Weight of the first page after log-in, compressed, with every asset it loads.

    .venv/bin/python bench/page_weight.py            # SQLite in a temporary folder
    DATABASE_URL=postgres://... .venv/bin/python bench/page_weight.py

Logs in as each demo role in turn, fetches the home page and every stylesheet, script and icon it links,
and prints their sizes raw and gzip-compressed (level 6, as a proxy would send them). Target: under 150 KB.
"""

import gzip
import os
import re
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
os.environ.setdefault("HAMKARI_VAR_DIR", tempfile.mkdtemp(prefix="hamkari-bench-"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hamkari.settings")
os.environ.setdefault("ALLOWED_HOSTS", "testserver,127.0.0.1,localhost")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402

TARGET_KB = 150


def main():
    setup_test_environment()
    from django.test.utils import get_runner  # noqa: F401
    from django.db import connection

    test_db = connection.creation.create_test_db(verbosity=0, keepdb=False)
    try:
        call_command("seed", demo=True, stdout=open(os.devnull, "w"))
        from hamkari.tenancy.models import User

        rows = []
        for username in ["af.reporter", "pk.focal_point", "ir.analyst", "uz.programme_officer", "admin"]:
            user = User.objects.filter(username=username).first()
            if user is None:
                continue
            client = Client()
            client.force_login(user)
            page = client.get("/", HTTP_ACCEPT_LANGUAGE="en")
            html = page.content
            assets = sorted(set(re.findall(rb'(?:href|src)="(/static/[^"]+)"', html)))
            total_raw, total_gz = len(html), len(gzip.compress(html, 6))
            parts = [("page /", len(html), len(gzip.compress(html, 6)))]
            for url in assets:
                r = client.get(url.decode())
                body = b"".join(r.streaming_content) if r.streaming else r.content
                parts.append((url.decode(), len(body), len(gzip.compress(body, 6))))
                total_raw += len(body)
                total_gz += len(gzip.compress(body, 6))
            rows.append((username, parts, total_raw, total_gz))
        engine = connection.vendor
        print(f"First page after log-in ({engine}); target {TARGET_KB} KB compressed")
        print(f"{'user':<22} {'resource':<36} {'raw KB':>8} {'gzip KB':>8}")
        for username, parts, total_raw, total_gz in rows:
            for name, raw, gz in parts:
                print(f"{username:<22} {name:<36} {raw / 1024:8.1f} {gz / 1024:8.1f}")
            verdict = "ok" if total_gz / 1024 < TARGET_KB else "OVER"
            print(f"{username:<22} {'TOTAL':<36} {total_raw / 1024:8.1f} {total_gz / 1024:8.1f}  {verdict}")
    finally:
        connection.creation.destroy_test_db(test_db, verbosity=0)


if __name__ == "__main__":
    main()
