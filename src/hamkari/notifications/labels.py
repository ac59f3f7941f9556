"""The text of a notification, written when it is read, in the reader's language, from its kind and params.

Other apps add their kinds to TEXTS (a kind this table does not know shows a neutral line rather than
nothing). Params hold only references, counts and codes (see models.Notification)."""

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from hamkari.tenancy.countries import country_name


def _place(params, country_key, agency_key) -> str:
    country = params.get(country_key) or ""
    agency = params.get(agency_key) or ""
    return f"{country_name(country)}, {agency}" if country else agency


def _hit_new(p):
    count = int(p.get("count", 1))
    refs = p.get("references") or []
    if count == 1 and refs:
        return _("New possible match %(reference)s with another country's record") % {"reference": refs[0]}
    return ngettext("%(count)d new possible match with another country's records",
                    "%(count)d new possible matches with other countries' records", count) % {"count": count}


def _disclosure_requested(p):
    return _("%(requester)s asks you to disclose the record behind hit %(reference)s") % {
        "requester": _place(p, "requester_country", "requester_agency"), "reference": p.get("reference", "")}


def _disclosure_approved(p):
    return _("%(owner)s approved your disclosure request on hit %(reference)s") % {
        "owner": _place(p, "owner_country", "owner_agency"), "reference": p.get("reference", "")}


def _disclosure_declined(p):
    return _("%(owner)s declined your disclosure request on hit %(reference)s") % {
        "owner": _place(p, "owner_country", "owner_agency"), "reference": p.get("reference", "")}


TEXTS = {
    "hit.new": _hit_new,
    "disclosure.requested": _disclosure_requested,
    "disclosure.approved": _disclosure_approved,
    "disclosure.declined": _disclosure_declined,
}


def text_of(notification) -> str:
    write = TEXTS.get(notification.kind)
    try:
        return write(notification.params or {}) if write else _("Something needs your attention")
    except (TypeError, ValueError, KeyError):
        return _("Something needs your attention")
