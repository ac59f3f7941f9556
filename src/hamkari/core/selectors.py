"""What each user's home page shows: the work waiting for them, built from real data, per role."""

from dataclasses import dataclass, field
from datetime import timedelta

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from hamkari.core.templatetags.hamkari import num

from hamkari.tenancy.roles import Perm


@dataclass
class Item:
    text: str
    url: str = ""


@dataclass
class Section:
    title: str
    items: list[Item] = field(default_factory=list)
    empty: str = ""


def home_sections(user) -> list[Section]:
    from hamkari.sharing import selectors as sharing_selectors
    from hamkari.tenancy import selectors as tenancy_selectors

    sections: list[Section] = []
    if user.agency_id is None:
        sections.append(Section(_("Your account"), empty=_(
            "Your account does not belong to an agency yet, so you cannot see any records. "
            "Ask an administrator to attach it to your agency.")))
        return sections

    if user.can(Perm.RECORD_CREATE):
        sections.append(_reporting_section(user))

    if user.can(Perm.RECORD_READ_PERSONAL) or user.can(Perm.RECORD_READ_SHARED):
        since = timezone.now() - timedelta(days=30)
        items = []
        for spec, total, recent in sharing_selectors.record_counts(user, since=since):
            text = _("%(label)s: %(total)s visible to you, %(recent)s new in the last 30 days") % {
                "label": spec.label, "total": num(total), "recent": num(recent)}
            items.append(Item(text, spec.list_url()))
        sections.append(Section(_("Records shared with you"), items, empty=_(
            "No records are shared with you yet. Records reported by your agency, shared regionally or "
            "shared with your country through a sharing group will appear here.")))

    if user.can(Perm.HIT_VIEW):
        sections.append(_hits_section(user))

    if user.can(Perm.USERS_MANAGE_AGENCY) and not user.can(Perm.AGENCIES_MANAGE):
        items = [Item(t, u) for t, u in tenancy_selectors.agency_todo(user.agency)]
        sections.append(Section(_("Your agency's users"), items, empty=_(
            "Every user of your agency has a second factor. Add colleagues from the agency page.")))

    if user.can(Perm.AUDIT_VIEW_COUNTRY):
        items = [
            Item(ngettext("%(user)s (%(agency)s, %(country)s) viewed %(count)s record of your country",
                          "%(user)s (%(agency)s, %(country)s) viewed %(count)s records of your country",
                          row["count"]) % row,
                 reverse("sharing:audit"))
            for row in sharing_selectors.foreign_viewers(user, since=timezone.now() - timedelta(days=7))
        ]
        sections.append(Section(_("Who looked at your country's records this week"), items, empty=_(
            "Nobody from another country or body looked at your country's records this week.")))

    if user.can(Perm.SHARING_MANAGE_GROUPS):
        groups = sharing_selectors.groups_managed_by(user.agency)
        items = [Item(g.name, reverse("sharing:group-detail", args=[g.uuid])) for g in groups[:5]]
        sections.append(Section(_("Your sharing groups"), items, empty=_(
            "Your agency has no sharing group. Create one to share restricted records with chosen "
            "countries and agencies.")))

    if user.can(Perm.AGENCIES_MANAGE):
        items = [Item(t, u) for t, u in tenancy_selectors.platform_todo()]
        sections.append(Section(_("Agencies that need attention"), items, empty=_(
            "Every active agency has a focal point and every member state has an agency.")))

    if user.can(Perm.AGENCIES_MANAGE):
        from hamkari.matching.models import CappedKey

        capped = CappedKey.objects.count()
        if capped:
            items = [Item(ngettext("%(count)s matching key is held by so many records that it no longer finds "
                                   "candidates (hamkari match status lists it)",
                                   "%(count)s matching keys are held by so many records that they no longer find "
                                   "candidates (hamkari match status lists them)", capped) % {"count": num(capped)})]
            sections.append(Section(_("Matching"), items))

    if user.can(Perm.STATS_AGGREGATE) and not user.can(Perm.RECORD_READ_PERSONAL):
        items = [Item(t) for t in tenancy_selectors.participation_summary()]
        sections.append(Section(_("Participation across the region"), items))

    if not user.is_demo and not sharing_selectors.has_second_factor(user):
        sections.insert(0, Section(_("Protect your account"), [
            Item(_("Set up your second factor"), reverse("accounts:otp-setup"))]))
    return sections


def _reporting_section(user) -> Section:
    """A reporting officer's to-dos: report, resume drafts, follow imports that are running or need attention."""
    from hamkari.incidents.models import ImportBatch, ImportStatus, IncidentDraft

    items = [Item(_("Report an incident"), reverse("incidents:new")),
             Item(_("Import a file (Hamkari template or UNODC IDS)"), reverse("incidents:import"))]
    drafts = IncidentDraft.objects.filter(author=user).count()
    if drafts:
        items.append(Item(ngettext("%(count)s draft report waiting to be finished",
                                   "%(count)s draft reports waiting to be finished", drafts)
                          % {"count": num(drafts)}, reverse("incidents:drafts")))
    week = timezone.now() - timedelta(days=7)
    for batch in ImportBatch.objects.filter(agency_id=user.agency_id, created_by=user, created_at__gte=week).exclude(
            status=ImportStatus.DONE, rows_rejected=0)[:3]:
        items.append(Item(_("Import of %(file)s: %(status)s, %(rejected)s rows need attention") % {
            "file": batch.filename, "status": batch.get_status_display(), "rejected": num(batch.rows_rejected)},
            reverse("incidents:import-detail", args=[batch.pk])))
    return Section(_("Reporting"), items)


def _hits_section(user) -> Section:
    """Possible matches with other countries' records, and disclosure requests waiting for a decision."""
    from hamkari.matching import selectors as matching_selectors
    from hamkari.matching.models import Band

    counts = matching_selectors.hit_counts(user)
    items = []
    labels = dict(Band.choices)
    for band, _label in Band.choices:
        if counts.get(band):
            items.append(Item(ngettext("%(count)s open hit, %(band)s score",
                                       "%(count)s open hits, %(band)s score", counts[band])
                              % {"count": num(counts[band]), "band": str(labels[band]).lower()},
                              reverse("matching:hit-list") + f"?band={band}"))
    waiting = matching_selectors.disclosures_to_decide(user).count()
    if waiting:
        items.append(Item(ngettext("%(count)s disclosure request waits for your decision",
                                   "%(count)s disclosure requests wait for your decision", waiting)
                          % {"count": num(waiting)}, reverse("matching:disclosure-list")))
    return Section(_("Hits with other countries"), items, empty=_(
        "No open hit. When a person, phone, vehicle, document, account or organization of yours is also known "
        "in another country, it appears here."))
