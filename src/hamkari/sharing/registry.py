"""Shareable models declare themselves here; generic views, the API and the access-control matrix read it.

A model joins everything (list, detail, count, search, export, API and the test matrix) with one call:

    register(Specimen, slug="specimens", search_fields=["title"], export_fields=["title", "body"])

No test code is copied: `tests/sharing/test_access_matrix.py` walks `all_specs()`.
"""

from dataclasses import dataclass, field

from django.urls import reverse


@dataclass(frozen=True)
class ShareableSpec:
    model: type
    slug: str
    search_fields: list[str]
    export_fields: list[str]
    title_field: str = "pk"
    # Extra pages of one record (besides the generic ones) that must 404 when invisible, as a missing record does:
    # URL names that take the record's pk as their only argument ("incidents:detail"), and path templates with
    # "{pk}" for pages whose URL needs more ("/entities/person/{pk}/"). The access-control matrix requests each.
    detail_url_names: list[str] = field(default_factory=list)
    # Extra API routes of the model's own router, checked by the matrix like the generic ones:
    # detail paths with "{pk}" (must 404 when invisible), list paths answering {"count": n, "results": [{"id"}]}.
    api_detail_paths: list[str] = field(default_factory=list)
    api_list_paths: list[str] = field(default_factory=list)
    detail_urls: list[str] = field(default_factory=list)  # see detail_url_names
    # The model's own web list pages (besides the generic one), e.g. "/incidents/": the matrix checks that they
    # link (through the generic detail page or a detail_url_names page) exactly the records the viewer may see,
    # following rel="next" links from page to page.
    web_list_paths: list[str] = field(default_factory=list)

    @property
    def label(self):
        return self.model._meta.verbose_name_plural

    def list_url(self):
        return reverse("sharing:record-list", args=[self.slug])

    def detail_url(self, pk):
        return reverse("sharing:record-detail", args=[self.slug, pk])

    def export_url(self):
        return reverse("sharing:record-export", args=[self.slug])

    def api_list_url(self):
        return f"/api/v1/records/{self.slug}"

    def api_detail_url(self, pk):
        return f"/api/v1/records/{self.slug}/{pk}"

    def api_count_url(self):
        return f"/api/v1/records/{self.slug}/count"

    def title_of(self, obj) -> str:
        return str(getattr(obj, self.title_field))


_REGISTRY: dict[str, ShareableSpec] = {}


def register(model, *, slug, search_fields, export_fields, title_field="pk", detail_url_names=(),
             api_detail_paths=(), api_list_paths=(), detail_urls=(), web_list_paths=()):
    spec = ShareableSpec(model, slug, list(search_fields), list(export_fields), title_field, list(detail_url_names),
                         list(api_detail_paths), list(api_list_paths), list(detail_urls), list(web_list_paths))
    _REGISTRY[slug] = spec
    return spec


def get_spec(slug: str) -> ShareableSpec | None:
    return _REGISTRY.get(slug)


def all_specs() -> list[ShareableSpec]:
    return list(_REGISTRY.values())
