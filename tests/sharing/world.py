"""Building blocks shared by the sharing tests: a generic record builder for any registered shareable model,
login helpers and small parsers. Not a test module (no `test_` prefix)."""

import csv
import decimal
import io
import re
import uuid
from datetime import date

from django.db import models
from django.test import Client
from django.utils import timezone

from hamkari.sharing.models import Shareable
from hamkari.tenancy.models import Agency, Country

MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"

_SHAREABLE_FIELDS = {f.name for f in Shareable._meta.get_fields()}


def logged_in_client(user) -> Client:
    """A test client with `user` in its session (demo users need no second factor)."""
    client = Client()
    client.force_login(user, backend=MODEL_BACKEND)
    return client


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
