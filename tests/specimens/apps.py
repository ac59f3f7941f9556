from django.apps import AppConfig


class SpecimensConfig(AppConfig):
    name = "tests.specimens"
    label = "specimens"

    def ready(self):
        from hamkari.sharing.registry import register
        from tests.specimens.models import Coordination, Specimen

        register(Specimen, slug="specimens", search_fields=["title", "body"], export_fields=["title", "body"],
                 title_field="title")
        register(Coordination, slug="coordination-notes", search_fields=["title"], export_fields=["title"],
                 title_field="title")
