"""The screenshots in README, made again: `make screenshots`.

A temporary demo platform (its own SQLite database and var folder, the demo agencies, users, incidents and
entities, `hamkari seed --demo`), the development server on a free port, and Debian's Chromium driven by
Playwright, logged in as a demo analyst. Each shot is a PNG in docs/screenshots/, at a desktop and, for some,
a phone's width and in a right-to-left language, so that a change that breaks a page's layout shows in review.

    .venv/bin/python docs/screenshots.py [--only NAME ...] [--keep]
"""

from __future__ import annotations

import argparse
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "docs" / "screenshots"
CHROMIUM = os.environ.get("HAMKARI_CHROMIUM", "/usr/bin/chromium")
USER = "af.analyst"  # a demo analyst: sees the regional picture and the hits of Afghanistan
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}


@dataclass(frozen=True)
class Shot:
    name: str
    path: str  # may hold {person} / {incident}: a record the demo user can see
    ready: str  # a CSS selector that is there once the page has drawn what it shows
    language: str = "en"
    viewport: dict | None = None
    full_page: bool = True


SHOTS = [
    Shot("dashboard", "/insights/", "canvas"),
    Shot("dashboard-fa-af-phone", "/insights/", "canvas", language="fa-af", viewport=PHONE),
    Shot("map", "/insights/map/", "canvas"),
    Shot("link-chart", "/insights/network/?start=incident:{incident}", "#network canvas, [data-network] canvas"),
    Shot("hits", "/matching/hits/", "main"),
    Shot("public-statistics", "/statistics/", "main"),
]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def hamkari(env, *args, **kwargs):
    return subprocess.run([str(ROOT / ".venv" / "bin" / "hamkari"), *args], env=env, check=True, **kwargs)


def demo_password(var_dir: Path, username: str) -> str:
    for line in (var_dir / "demo-logins.txt").read_text(encoding="utf-8").splitlines():
        cells = line.split("\t")
        if cells and cells[0] == username:
            return cells[1]
    raise SystemExit(f"no demo log-in {username} in {var_dir / 'demo-logins.txt'}")


def a_record(env, kind: str) -> int:
    """A record of the demo user's country with the most links (incidents), for the link chart."""
    code = ("from django.db.models import Count\nfrom hamkari.tenancy.models import User\n"
            "from hamkari.entities.models import Person\nfrom hamkari.incidents.models import Incident\n"
            f"u = User.objects.get(username={USER!r})\n"
            "model = Person if %r == 'person' else Incident\n"
            "qs = model.objects.visible_to(u).filter(owner_country_id=u.agency.country_id)\n"
            "qs = qs.annotate(n=Count('involvements')).order_by('-n', 'pk')\n"
            "print(qs.values_list('pk', flat=True).first())\n" % kind)
    out = hamkari(env, "shell", "-c", code, capture_output=True, text=True).stdout.strip().splitlines()
    return int(out[-1])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--only", nargs="*", help="names of the shots to make (default all)")
    parser.add_argument("--keep", action="store_true", help="keep the temporary var folder")
    args = parser.parse_args()
    shots = [s for s in SHOTS if not args.only or s.name in args.only]
    from playwright.sync_api import sync_playwright

    var_dir = Path(tempfile.mkdtemp(prefix="hamkari-shots-"))
    env = {**os.environ, "HAMKARI_VAR_DIR": str(var_dir), "DATABASE_URL": "", "DEBUG": "1"}
    hamkari(env, "migrate", "--verbosity", "0")
    hamkari(env, "seed", "--demo", stdout=subprocess.DEVNULL)
    ids = {"person": a_record(env, "person"), "incident": a_record(env, "incident")}
    port = free_port()
    server = subprocess.Popen([str(ROOT / ".venv" / "bin" / "hamkari"), "serve", "--port", str(port)], env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(base + "/accounts/login/", timeout=2)
                break
            except OSError:
                time.sleep(0.2)
        OUT.mkdir(parents=True, exist_ok=True)
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
            for shot in shots:
                context = browser.new_context(viewport=shot.viewport or DESKTOP, locale=shot.language,
                                              extra_http_headers={"Accept-Language": shot.language})
                page = context.new_page()
                page.goto(base + "/accounts/login/")
                page.fill("input[name=username]", USER)
                page.fill("input[name=password]", demo_password(var_dir, USER))
                page.locator("form:has(input[name=password]) button[type=submit]").first.click()
                page.wait_for_load_state("load")
                page.goto(base + shot.path.format(**ids))
                page.wait_for_selector(shot.ready, timeout=30_000)
                page.wait_for_timeout(1500)  # charts animate in
                target = OUT / f"{shot.name}.png"
                page.screenshot(path=str(target), full_page=shot.full_page)
                print(f"{target.relative_to(ROOT)}  {target.stat().st_size // 1024} KB")
                context.close()
            browser.close()
    finally:
        server.terminate()
        server.wait(timeout=10)
        if not args.keep:
            subprocess.run(["rm", "-rf", str(var_dir)], check=False)
        else:
            print(f"kept {var_dir}", file=sys.stderr)


if __name__ == "__main__":
    main()
