"""Entities join the shareable registry: generic list, detail, export, API and the test matrix."""

from hamkari.entities import models as m
from hamkari.sharing.registry import register

register(m.Person, slug="persons", title_field="name", search_fields=["name", "father_name", "birth_place"],
         export_fields=["name", "father_name", "birth_date", "birth_date_precision", "birth_place",
                        "nationality_id", "gender"])
register(m.Organization, slug="organizations", title_field="name", search_fields=["name", "registration_number"],
         export_fields=["name", "country_id", "registration_number"])
register(m.Vehicle, slug="vehicles", title_field="plate", search_fields=["plate", "vin", "key"],
         export_fields=["plate", "registration_country_id", "vin", "make", "model", "key"])
register(m.Phone, slug="phones", title_field="number", search_fields=["number", "e164", "imei"],
         export_fields=["number", "e164", "imei", "key"])
register(m.IdentityDocument, slug="documents", title_field="number", search_fields=["number", "key"],
         export_fields=["kind", "number", "issuing_country_id", "key"])
register(m.BankAccount, slug="accounts", title_field="iban", search_fields=["iban", "account_number", "bank_name"],
         export_fields=["iban", "account_number", "bank_name", "country_id", "key"])
register(m.Address, slug="addresses", title_field="text", search_fields=["text"], export_fields=["text", "country_id"])
register(m.Involvement, slug="involvements", title_field="note", search_fields=["note"],
         export_fields=["incident_id", "role", "note"])
