"""Incidents and seizures join the shareable registry: generic list, detail, export, API and the test matrix."""

from hamkari.incidents.models import Incident, Seizure
from hamkari.sharing.registry import register

register(Incident, slug="incidents", title_field="title",
         search_fields=["national_reference", "place_name", "admin1", "narrative", "conveyance"],
         export_fields=["national_reference", "occurred_on", "date_precision", "country_id", "admin1", "place_name",
                        "location_type", "crime_area", "transport_mode", "concealment", "persons_arrested"],
         detail_url_names=["incidents:detail", "incidents:history"],
         api_detail_paths=["/api/v1/incidents/{pk}", "/api/v1/incidents/{pk}/seizures",
                           "/api/v1/incidents/{pk}/history"],
         api_list_paths=["/api/v1/incidents"])
register(Seizure, slug="seizures", title_field="title",
         search_fields=["drug_name_as_reported", "substance"],
         export_fields=["incident_id", "substance", "substance_group", "amount", "unit", "amount_kg", "purity"],
         api_detail_paths=["/api/v1/seizures/{pk}"],
         api_list_paths=["/api/v1/seizures"])
