"""Entities join the shareable registry: generic list, detail, export, API and the test matrix."""

from hamkari.entities import models as m
from hamkari.sharing.registry import register

register(m.Person, slug="persons", title_field="name", search_fields=["name", "father_name", "birth_place"],
         export_fields=["name", "father_name", "birth_date", "birth_date_precision", "birth_place",
                        "nationality_id", "gender"],
         detail_url_names=["entities:person-detail"],
         api_detail_paths=["/api/v1/entities/person/{pk}"], api_list_paths=["/api/v1/entities/person"])
register(m.Organization, slug="organizations", title_field="name", search_fields=["name", "registration_number"],
         export_fields=["name", "country_id", "registration_number"],
         detail_url_names=["entities:organization-detail"],
         api_detail_paths=["/api/v1/entities/organization/{pk}"], api_list_paths=["/api/v1/entities/organization"])
register(m.Vehicle, slug="vehicles", title_field="plate", search_fields=["plate", "vin", "key"],
         export_fields=["plate", "registration_country_id", "vin", "make", "model", "key"],
         detail_url_names=["entities:vehicle-detail"],
         api_detail_paths=["/api/v1/entities/vehicle/{pk}"], api_list_paths=["/api/v1/entities/vehicle"])
register(m.Phone, slug="phones", title_field="number", search_fields=["number", "e164", "imei"],
         export_fields=["number", "e164", "imei", "key"],
         detail_url_names=["entities:phone-detail"],
         api_detail_paths=["/api/v1/entities/phone/{pk}"], api_list_paths=["/api/v1/entities/phone"])
register(m.IdentityDocument, slug="documents", title_field="number", search_fields=["number", "key"],
         export_fields=["kind", "number", "issuing_country_id", "key"],
         detail_url_names=["entities:document-detail"],
         api_detail_paths=["/api/v1/entities/document/{pk}"], api_list_paths=["/api/v1/entities/document"])
register(m.BankAccount, slug="accounts", title_field="iban", search_fields=["iban", "account_number", "bank_name"],
         export_fields=["iban", "account_number", "bank_name", "country_id", "key"],
         detail_url_names=["entities:account-detail"],
         api_detail_paths=["/api/v1/entities/account/{pk}"], api_list_paths=["/api/v1/entities/account"])
register(m.Address, slug="addresses", title_field="text", search_fields=["text"], export_fields=["text", "country_id"],
         detail_url_names=["entities:address-detail"],
         api_detail_paths=["/api/v1/entities/address/{pk}"], api_list_paths=["/api/v1/entities/address"])
register(m.Involvement, slug="involvements", title_field="note", search_fields=["note"],
         export_fields=["incident_id", "role", "note"])
