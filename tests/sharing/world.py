"""Building blocks shared by the sharing tests: a generic record builder for any registered shareable model,
login helpers, small parsers and readers that fetch every page of a list. Not a test module (no `test_` prefix)."""

import csv
import decimal
import io
import re
import uuid
from contextlib import contextmanager
from datetime import date
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth.backends import ModelBackend
from django.db import models
from django.test import Client, override_settings
from django.urls import Resolver404, resolve
from django.utils import timezone

from hamkari.sharing.models import Shareable
from hamkari.tenancy.models import Agency, Country

MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"

_SHAREABLE_FIELDS = {f.name for f in Shareable._meta.get_fields()}


def logged_in_client(user, backend=MODEL_BACKEND) -> Client:
    """A test client with `user` in its session (demo users need no second factor)."""
    client = Client()
    client.force_login(user, backend=backend)
    return client


class RememberingBackend(ModelBackend):
    """ModelBackend that loads a user (and, with it, the user's roles) once rather than on every request.

    For test modules that make tens of thousands of requests as a fixed set of users who never change, inside
    `many_requests()`. It answers exactly what ModelBackend answers (None for an inactive user)."""

    users: dict = {}

    def get_user(self, user_id):
        key = str(user_id)
        if key not in self.users:
            self.users[key] = super().get_user(user_id)
        return self.users[key]


REMEMBERING_BACKEND = f"{__name__}.RememberingBackend"


@contextmanager
def many_requests():
    """Settings under which a test client's request costs about half as much, with nothing left out: the session
    lives in a signed cookie instead of a database row read and rewritten on every request, and each user is
    loaded once (log in with `logged_in_client(user, REMEMBERING_BACKEND)`). Every request still goes through
    every middleware, the URL resolver, the view and the chokepoint; where the session is kept and how often the
    same user row is read play no part in who may see what."""
    RememberingBackend.users.clear()
    try:
        with override_settings(SESSION_ENGINE="django.contrib.sessions.backends.signed_cookies",
                               AUTHENTICATION_BACKENDS=[*settings.AUTHENTICATION_BACKENDS, REMEMBERING_BACKEND]):
            yield
    finally:
        RememberingBackend.users.clear()


def text_fields(model):
    return [f.name for f in model._meta.concrete_fields
            if isinstance(f, (models.CharField, models.TextField)) and not f.choices]


def build_record(spec, *, owner_agency, handling, sharing_group, token, title_prefix="Matrix"):
    """Create one record of `spec.model` owned by `owner_agency`, whose searchable text holds `token`.

    A model whose required fields this cannot fill may define a classmethod
    `matrix_example(*, owner_agency, handling, sharing_group, token)` returning an unsaved instance.
    """
    model = spec.model
    if hasattr(model, "matrix_example"):
        obj = model.matrix_example(owner_agency=owner_agency, handling=handling, sharing_group=sharing_group,
                                   token=token)
        obj.save()
        return obj
    values = {"owner_agency": owner_agency, "handling": handling, "sharing_group": sharing_group}
    searchable = [f for f in spec.search_fields if f in text_fields(model)]
    for f in model._meta.concrete_fields:
        if f.name in _SHAREABLE_FIELDS or f.primary_key or f.name in values:
            continue
        if f.name == spec.title_field or f.name in searchable[:1]:
            values[f.name] = f"{title_prefix} {token}"[: getattr(f, "max_length", None) or 200]
            continue
        if f.null or f.has_default() or getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
            continue
        if isinstance(f, (models.CharField, models.TextField)) and f.blank:
            continue
        values[f.name] = _example_value(f, owner_agency, token)
    return model.objects.create(**values)


def _example_value(f, owner_agency, token):
    if f.choices:
        return f.choices[0][0]
    if isinstance(f, models.ForeignKey):
        target = f.related_model
        if target is Agency:
            return owner_agency
        if target is Country:
            return owner_agency.country or Country.objects.get(iso2="AF")
        existing = target._default_manager.first()
        if existing is not None:
            return existing
        raise NotImplementedError(f"define {f.model.__name__}.matrix_example: cannot fill {f.name}")
    if isinstance(f, models.UUIDField):
        return uuid.uuid4()
    if isinstance(f, (models.CharField, models.TextField)):
        return f"x{token}"[: f.max_length or 200]
    if isinstance(f, models.BooleanField):
        return False
    if isinstance(f, models.DecimalField):
        return decimal.Decimal("1")
    if isinstance(f, models.FloatField):
        return 1.0
    if isinstance(f, models.IntegerField):
        return 1
    if isinstance(f, models.DateTimeField):
        return timezone.now()
    if isinstance(f, models.DateField):
        return date.today()
    raise NotImplementedError(f"define {f.model.__name__}.matrix_example: cannot fill {f.name}")


_COUNT = re.compile(r'id="record-count">\s*(\d+) records?')


def count_text(html: str) -> int:
    match = _COUNT.search(html)
    assert match, "the list page shows no record count"
    return int(match.group(1))


def csv_rows(response):
    body = b"".join(response.streaming_content) if response.streaming else response.content
    rows = list(csv.reader(io.StringIO(body.decode("utf-8"))))
    return rows[0], rows[1:]


def csv_pks(response) -> list[int]:
    """The ids (first column) of a CSV export, in order, duplicates kept."""
    _, rows = csv_rows(response)
    return [int(row[0]) for row in rows]


def routed(path: str) -> bool:
    """Does any URL pattern take this path? (A path a model registers before its view exists does not.)"""
    try:
        resolve(urlsplit(path).path)
    except Resolver404:
        return False
    return True


_SENTINEL_PK = 918273645


def detail_link_pattern(detail_url):
    """A regex that finds the pks of links to `detail_url(pk)` pages in HTML."""
    prefix, suffix = detail_url(_SENTINEL_PK).split(str(_SENTINEL_PK))
    return re.compile(r'href="' + re.escape(prefix) + r"(\d+)" + re.escape(suffix) + '"')


class Listing:
    """Every page of a web list: the responses, their HTML joined, the count shown and the linked records."""

    MAX_PAGES = 100

    def __init__(self, client, url, params, link_pattern):
        self.responses = [client.get(url, params)]
        first = self.responses[0]
        self.status_code = first.status_code
        self.pks: list[int] = []
        self.html = ""
        self.count = None
        if first.status_code != 200:
            return
        self.count = count_text(first.content.decode())
        page = 1
        while True:
            html = self.responses[-1].content.decode()
            found = [int(pk) for pk in link_pattern.findall(html)]
            self.html += html
            self.pks += found
            if len(set(self.pks)) >= self.count or not found or page >= self.MAX_PAGES:
                break
            page += 1
            self.responses.append(client.get(url, {**params, "page": page}))
            if self.responses[-1].status_code != 200:
                break


class ApiListing:
    """Every page of an API list answering {"count": n, "results": [{"id": ...}, ...]}: offset paging, or keyset
    paging when the answer carries a "next_cursor"."""

    MAX_PAGES = 50
    LIMIT = 500

    def __init__(self, client, url, params=None):
        params = {"limit": self.LIMIT, **(params or {})}
        self.responses = [client.get(url, params)]
        first = self.responses[0]
        self.status_code = first.status_code
        self.ids: list = []
        self.count = None
        self.problem = ""
        if first.status_code != 200:
            return
        body = first.json()
        if not isinstance(body, dict) or "count" not in body or not isinstance(body.get("results"), list):
            self.problem = f"answers {str(body)[:200]!r}, not {{\"count\": n, \"results\": [...]}}"
            return
        self.count = body["count"]
        while True:
            results = body["results"]
            self.ids += [r.get("id") for r in results]
            if len(set(self.ids)) >= self.count or not results or len(self.responses) >= self.MAX_PAGES:
                break
            cursor = body.get("next_cursor")
            if "next_cursor" in body and not cursor:
                break
            more = {**params, "cursor": cursor} if cursor else {**params, "offset": len(self.ids)}
            self.responses.append(client.get(url, more))
            if self.responses[-1].status_code != 200:
                self.problem = f"page {len(self.responses)} answers {self.responses[-1].status_code}"
                break
            body = self.responses[-1].json()


_NEXT_LINK = re.compile(r'<a\b[^>]*\brel="next"[^>]*>')
_HREF = re.compile(r'\bhref="([^"]*)"')


class LinkedPages:
    """Every page of a model's own web list, following its rel="next" links: the records it links to."""

    MAX_PAGES = 50

    def __init__(self, client, url, link_patterns):
        self.responses = [client.get(url)]
        self.status_code = self.responses[0].status_code
        self.pks: list[int] = []
        while self.responses[-1].status_code == 200:
            html = self.responses[-1].content.decode()
            self.pks += [int(pk) for pattern in link_patterns for pk in pattern.findall(html)]
            link = _NEXT_LINK.search(html)
            href = _HREF.search(link.group(0)) if link else None
            if href is None or len(self.responses) >= self.MAX_PAGES:
                break
            next_url = href.group(1).replace("&amp;", "&")
            if next_url.startswith("?"):
                next_url = urlsplit(url).path + next_url
            self.responses.append(client.get(next_url))
        self.problem = "" if self.responses[-1].status_code == 200 else (
            f"page {len(self.responses)} answers {self.responses[-1].status_code}")
