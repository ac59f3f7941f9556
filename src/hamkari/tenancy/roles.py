"""Roles and what each may do: the one table that the code enforces and README shows.

Pure Python: no Django import, so the table can be read, printed and tested alone.
`ROLE_PERMISSIONS` is the source of truth; README's role table is generated from it and a test
checks that the two agree.
"""

from enum import StrEnum


class Role(StrEnum):
    REPORTER = "reporter"
    ANALYST = "analyst"
    FOCAL_POINT = "focal_point"
    LEGAL_OFFICER = "legal_officer"
    HEALTH_OFFICER = "health_officer"
    TRAINER = "trainer"
    REGIONAL_ANALYST = "regional_analyst"
    PROGRAMME_OFFICER = "programme_officer"
    ADMINISTRATOR = "administrator"


class Perm(StrEnum):
    # Records (seizures, incidents, entities and everything shareable)
    RECORD_CREATE = "record.create"  # report records for one's own agency
    RECORD_EDIT_OWN_AGENCY = "record.edit_own_agency"  # change records one's agency owns
    RECORD_READ_PERSONAL = "record.read_personal"  # read national/restricted records with personal data
    RECORD_READ_SHARED = "record.read_shared"  # read regional and public records and coordination records
    RECORD_EXPORT = "record.export"  # download records one may see
    # Sharing
    SHARING_SET_HANDLING = "sharing.set_handling"  # change handling code and grading of own agency's records
    SHARING_MANAGE_GROUPS = "sharing.manage_groups"  # create and edit sharing groups of one's agency
    # Matching and disclosure (used from issue 4 on)
    HIT_VIEW = "hit.view"
    DISCLOSURE_REQUEST = "disclosure.request"
    DISCLOSURE_DECIDE = "disclosure.decide"  # approve or decline what leaves the country
    # Cooperation
    LEGAL_MANAGE = "legal.manage"  # mutual legal assistance, extradition, asset recovery
    HEALTH_REPORT = "health.report"  # treatment and prevention indicators
    TRAINING_MANAGE = "training.manage"
    STATS_AGGREGATE = "stats.aggregate"  # dashboards and aggregates over what one may see
    # Accounts and audit
    AUDIT_VIEW_COUNTRY = "audit.view_country"  # who, from which country, looked at one's country's records
    AUDIT_VIEW_ALL = "audit.view_all"
    USERS_MANAGE_AGENCY = "users.manage_agency"  # add, change and deactivate one's own agency's users
    AGENCIES_MANAGE = "agencies.manage"  # add and change agencies of any country


PERM_DESCRIPTIONS: dict[Perm, str] = {
    Perm.RECORD_CREATE: "Report records for their own agency",
    Perm.RECORD_EDIT_OWN_AGENCY: "Change records their agency owns",
    Perm.RECORD_READ_PERSONAL: "Read national and restricted records that hold personal data (within the sharing rules)",
    Perm.RECORD_READ_SHARED: "Read regional and public records, and coordination records (within the sharing rules)",
    Perm.RECORD_EXPORT: "Export the records they may see",
    Perm.SHARING_SET_HANDLING: "Set handling code and grading of their agency's records",
    Perm.SHARING_MANAGE_GROUPS: "Create and change their agency's sharing groups",
    Perm.HIT_VIEW: "See hits (hit/no-hit) on their country's entities",
    Perm.DISCLOSURE_REQUEST: "Request disclosure of another country's matching record",
    Perm.DISCLOSURE_DECIDE: "Approve or decline disclosure of their country's records",
    Perm.LEGAL_MANAGE: "Draft and track legal cooperation requests",
    Perm.HEALTH_REPORT: "Report treatment and prevention data",
    Perm.TRAINING_MANAGE: "Run trainings and record participants",
    Perm.STATS_AGGREGATE: "See dashboards and aggregates over what they may see",
    Perm.AUDIT_VIEW_COUNTRY: "See who, from which country, looked at their country's records",
    Perm.AUDIT_VIEW_ALL: "See the whole audit trail and its verification",
    Perm.USERS_MANAGE_AGENCY: "Add, change and deactivate users of their own agency",
    Perm.AGENCIES_MANAGE: "Add and change agencies",
}

_P = Perm
ROLE_PERMISSIONS: dict[Role, frozenset[Perm]] = {
    Role.REPORTER: frozenset(
        {_P.RECORD_CREATE, _P.RECORD_EDIT_OWN_AGENCY, _P.RECORD_READ_PERSONAL, _P.RECORD_READ_SHARED,
         _P.HIT_VIEW}
    ),
    Role.ANALYST: frozenset(
        {_P.RECORD_CREATE, _P.RECORD_EDIT_OWN_AGENCY, _P.RECORD_READ_PERSONAL, _P.RECORD_READ_SHARED,
         _P.RECORD_EXPORT, _P.HIT_VIEW, _P.DISCLOSURE_REQUEST, _P.STATS_AGGREGATE}
    ),
    Role.FOCAL_POINT: frozenset(
        {_P.RECORD_CREATE, _P.RECORD_EDIT_OWN_AGENCY, _P.RECORD_READ_PERSONAL, _P.RECORD_READ_SHARED,
         _P.RECORD_EXPORT, _P.SHARING_SET_HANDLING, _P.SHARING_MANAGE_GROUPS, _P.HIT_VIEW,
         _P.DISCLOSURE_REQUEST, _P.DISCLOSURE_DECIDE, _P.STATS_AGGREGATE, _P.AUDIT_VIEW_COUNTRY,
         _P.USERS_MANAGE_AGENCY}
    ),
    Role.LEGAL_OFFICER: frozenset({_P.RECORD_READ_PERSONAL, _P.RECORD_READ_SHARED, _P.LEGAL_MANAGE}),
    Role.HEALTH_OFFICER: frozenset({_P.RECORD_READ_SHARED, _P.HEALTH_REPORT, _P.STATS_AGGREGATE}),
    Role.TRAINER: frozenset({_P.RECORD_READ_SHARED, _P.TRAINING_MANAGE}),
    Role.REGIONAL_ANALYST: frozenset(
        {_P.RECORD_READ_PERSONAL, _P.RECORD_READ_SHARED, _P.RECORD_EXPORT, _P.HIT_VIEW,
         _P.DISCLOSURE_REQUEST, _P.STATS_AGGREGATE}
    ),
    Role.PROGRAMME_OFFICER: frozenset({_P.RECORD_READ_SHARED, _P.STATS_AGGREGATE, _P.TRAINING_MANAGE}),
    Role.ADMINISTRATOR: frozenset({_P.AGENCIES_MANAGE, _P.AUDIT_VIEW_ALL, _P.USERS_MANAGE_AGENCY}),
}

ROLE_DESCRIPTIONS: dict[Role, str] = {
    Role.REPORTER: "Reporting officer (police, drug control, customs, border guard, FIU)",
    Role.ANALYST: "National analyst",
    Role.FOCAL_POINT: "National focal point: approves what leaves the country, manages the agency's users",
    Role.LEGAL_OFFICER: "Central authority or prosecutor",
    Role.HEALTH_OFFICER: "Ministry of health officer",
    Role.TRAINER: "Trainer",
    Role.REGIONAL_ANALYST: "Analyst at a regional centre or UNODC",
    Role.PROGRAMME_OFFICER: "Programme officer: aggregates and coordination, never personal data",
    Role.ADMINISTRATOR: "Platform administrator: manages agencies",
}


def permissions_for(roles) -> frozenset[Perm]:
    perms: set[Perm] = set()
    for role in roles:
        perms |= ROLE_PERMISSIONS[Role(role)]
    return frozenset(perms)


def role_table_markdown() -> str:
    """The README table: one row per permission, one column per role."""
    roles = list(Role)
    header = "| may | " + " | ".join(r.value for r in roles) + " |"
    rule = "|---|" + "---|" * len(roles)
    rows = [header, rule]
    for perm in Perm:
        marks = ["✓" if perm in ROLE_PERMISSIONS[r] else "" for r in roles]
        rows.append(f"| {PERM_DESCRIPTIONS[perm]} (`{perm.value}`) | " + " | ".join(marks) + " |")
    return "\n".join(rows)
