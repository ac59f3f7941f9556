"""Browser fixtures: one headless Chromium for all the browser tests, a fresh context (cookies, storage) per test.

Playwright's own browser download is not used: the tests drive the system Chromium (Debian's package;
CI installs it). Browser tests are skipped, with the reason, only when that binary is missing.
"""

import os
import shutil
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.db import connections

CHROMIUM = Path(os.environ.get("HAMKARI_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
# Generous: two cores, shared with other work; expect() retries until these run out.
DEFAULT_TIMEOUT_MS = 15_000
NAVIGATION_TIMEOUT_MS = 30_000


@dataclass
class PageLog:
    """What went wrong on a page while a test drove it: console errors, script errors, failed responses."""

    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    bad_responses: list[tuple[int, str]] = field(default_factory=list)

    def asset_failures(self):
        """Failed responses for assets; pages a test opens may fail on purpose (a 404 for a hidden record)."""
        return [(status, url) for status, url in self.bad_responses if "/static/" in url or url.endswith(".ico")]


@contextmanager
def _django_beside_a_running_event_loop():
    """Let the test thread keep using Django's ORM while Playwright's sync API has an asyncio loop running in it.

    Two things change once that loop runs. Django refuses ORM calls from a thread with a running loop unless
    DJANGO_ALLOW_ASYNC_UNSAFE is set; it is safe here because the loop and the ORM never run at the same time.
    And Django keeps a second, per-context set of connections for such a thread: the test would get fresh
    connection objects that lack the test database's state (the serialized rows `serialized_rollback`
    restores, the shared in-memory SQLite). Handing the thread's existing connection objects to that second
    set keeps one connection per database. Both last only as long as the browser: the variable would
    otherwise leak into every later test and every subprocess they start (`check --deploy` rejects it).
    """
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    thread_connections = {alias: connections[alias] for alias in connections}
    try:
        yield lambda: [connections.__setitem__(alias, conn) for alias, conn in thread_connections.items()]
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


# Package scope, not session: one browser for all the browser tests (pytest-django runs them together, with
# the other transactional tests), stopped before unrelated tests run so that no event loop is left running.
@pytest.fixture(scope="package")
def browser():
    if not CHROMIUM.exists() and not shutil.which(str(CHROMIUM)):
        pytest.skip(f"browser tests need Chromium at {CHROMIUM} (apt-get install chromium); it is missing")
    from playwright.sync_api import sync_playwright

    with _django_beside_a_running_event_loop() as share_connections:
        playwright = sync_playwright().start()
        share_connections()
        try:
            chromium = playwright.chromium.launch(
                executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        except Exception:
            playwright.stop()
            raise
        yield chromium
        chromium.close()
        playwright.stop()


@pytest.fixture
def new_context(browser, live_server):
    """Factory of fresh browser contexts against the live server; every context is closed after the test."""
    contexts = []

    def make(**kwargs):
        kwargs.setdefault("base_url", live_server.url)
        kwargs.setdefault("locale", "en-US")  # a fixed Accept-Language: LocaleMiddleware reads it
        kwargs.setdefault("viewport", {"width": 1280, "height": 800})
        context = browser.new_context(**kwargs)
        context.set_default_timeout(DEFAULT_TIMEOUT_MS)
        context.set_default_navigation_timeout(NAVIGATION_TIMEOUT_MS)
        contexts.append(context)
        return context

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def new_page(new_context):
    """Factory of pages, each in its own fresh context, with a PageLog at `page.log`."""

    def make(**context_kwargs):
        page = new_context(**context_kwargs).new_page()
        log = PageLog()
        page.on("console", lambda msg: msg.type == "error" and log.console_errors.append(msg.text))
        page.on("pageerror", lambda exc: log.page_errors.append(str(exc)))
        page.on("response", lambda resp: resp.status >= 400 and log.bad_responses.append((resp.status, resp.url)))
        page.log = log
        return page

    return make


@pytest.fixture
def page(new_page):
    return new_page()


def _is_browser_test(item) -> bool:
    return item.get_closest_marker("browser") is not None


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_teardown(item, nextitem):
    """After the last browser test, put back the rows the migrations wrote (the countries).

    Transactional tests end by emptying every table; `serialized_rollback` restores the migrations' rows only
    at the start of the next test that asks for it. A later test that reaches the database without a
    django_db mark (a fixture fetched with request.getfixturevalue) would otherwise find no countries.
    """
    yield
    if _is_browser_test(item) and nextitem is not None and not _is_browser_test(nextitem):
        from pytest_django.plugin import blocking_manager_key

        with item.config.stash[blocking_manager_key].unblock():
            for alias in connections:
                connection = connections[alias]
                contents = getattr(connection, "_test_serialized_contents", None)
                if contents:
                    connection.creation.deserialize_db_from_string(contents)
