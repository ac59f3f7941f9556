"""The demo directory: the main counter-narcotics, border, customs, financial-intelligence, health and legal
bodies of the eight member states, and the international bodies. Names in the national language and script
where known (Russian where it is an official language and the state-language form is uncertain)."""

from dataclasses import dataclass

from hamkari.tenancy.models import AgencyKind as K
from hamkari.tenancy.roles import Role


@dataclass(frozen=True)
class DemoAgency:
    code: str
    country: str | None
    name: str
    acronym: str
    kind: str
    local_name: str = ""
    main: bool = False  # the main drug agency: reporters, analysts, trainers and the focal point work here


AGENCIES: list[DemoAgency] = [
    # Afghanistan (Dari)
    DemoAgency("AF-CNPA", "AF", "Counter Narcotics Police of Afghanistan", "CNPA", K.POLICE,
               "پولیس مبارزه با مواد مخدر افغانستان", main=True),
    DemoAgency("AF-ABP", "AF", "Afghan Border Police", "ABP", K.BORDER_GUARD, "پولیس سرحدی افغانستان"),
    DemoAgency("AF-ACD", "AF", "Afghanistan Customs Department", "ACD", K.CUSTOMS, "ریاست عمومی گمرکات افغانستان"),
    DemoAgency("AF-FINTRACA", "AF", "Financial Transactions and Reports Analysis Center of Afghanistan",
               "FinTRACA", K.FIU, "مرکز تحلیل معاملات و راپور های مالی افغانستان"),
    DemoAgency("AF-MOPH", "AF", "Ministry of Public Health", "MoPH", K.HEALTH_MINISTRY, "وزارت صحت عامه"),
    DemoAgency("AF-AGO", "AF", "Attorney General's Office", "AGO", K.CENTRAL_AUTHORITY, "لوی سارنوالی"),
    # Iran (Farsi)
    DemoAgency("IR-DCHQ", "IR", "Drug Control Headquarters", "DCHQ", K.DRUG_CONTROL, "ستاد مبارزه با مواد مخدر",
               main=True),
    DemoAgency("IR-ANP", "IR", "Anti-Narcotics Police of the I.R. of Iran (FARAJA)", "ANP", K.POLICE,
               "پلیس مبارزه با مواد مخدر فراجا"),
    DemoAgency("IR-IRICA", "IR", "Iran Customs Administration", "IRICA", K.CUSTOMS, "گمرک جمهوری اسلامی ایران"),
    DemoAgency("IR-MOHME", "IR", "Ministry of Health and Medical Education", "MOHME", K.HEALTH_MINISTRY,
               "وزارت بهداشت، درمان و آموزش پزشکی"),
    DemoAgency("IR-PGO", "IR", "Prosecutor General's Office", "", K.CENTRAL_AUTHORITY, "دادستانی کل کشور"),
    # Kazakhstan (Russian, an official language)
    DemoAgency("KZ-MIA-DCDT", "KZ", "Department for Combating Drug Trafficking of the Ministry of Internal Affairs",
               "", K.POLICE, "Департамент по противодействию наркопреступности МВД Республики Казахстан",
               main=True),
    DemoAgency("KZ-BS-NSC", "KZ", "Border Service of the National Security Committee", "", K.BORDER_GUARD,
               "Пограничная служба Комитета национальной безопасности Республики Казахстан"),
    DemoAgency("KZ-SRC", "KZ", "State Revenue Committee (customs)", "SRC", K.CUSTOMS,
               "Комитет государственных доходов Министерства финансов Республики Казахстан"),
    DemoAgency("KZ-AFM", "KZ", "Financial Monitoring Agency", "AFM", K.FIU,
               "Агентство Республики Казахстан по финансовому мониторингу"),
    DemoAgency("KZ-MOH", "KZ", "Ministry of Health", "", K.HEALTH_MINISTRY,
               "Министерство здравоохранения Республики Казахстан"),
    DemoAgency("KZ-GPO", "KZ", "Prosecutor General's Office", "", K.CENTRAL_AUTHORITY,
               "Генеральная прокуратура Республики Казахстан"),
    # Kyrgyzstan (Russian, an official language)
    DemoAgency("KG-SBNON", "KG", "Service for Combating Illicit Drug Trafficking of the Ministry of Internal Affairs",
               "SBNON", K.POLICE, "Служба по борьбе с незаконным оборотом наркотиков МВД Кыргызской Республики",
               main=True),
    DemoAgency("KG-SCS", "KG", "State Customs Service", "", K.CUSTOMS,
               "Государственная таможенная служба Кыргызской Республики"),
    DemoAgency("KG-SFIS", "KG", "State Financial Intelligence Service", "", K.FIU,
               "Государственная служба финансовой разведки Кыргызской Республики"),
    DemoAgency("KG-MOH", "KG", "Ministry of Health", "", K.HEALTH_MINISTRY,
               "Министерство здравоохранения Кыргызской Республики"),
    DemoAgency("KG-GPO", "KG", "Prosecutor General's Office", "", K.CENTRAL_AUTHORITY,
               "Генеральная прокуратура Кыргызской Республики"),
    # Pakistan (Urdu)
    DemoAgency("PK-ANF", "PK", "Anti-Narcotics Force", "ANF", K.DRUG_CONTROL, "انسداد منشیات فورس", main=True),
    DemoAgency("PK-CUSTOMS", "PK", "Pakistan Customs", "", K.CUSTOMS, "پاکستان کسٹمز"),
    DemoAgency("PK-FC", "PK", "Frontier Corps", "FC", K.BORDER_GUARD, "فرنٹیئر کور"),
    DemoAgency("PK-FMU", "PK", "Financial Monitoring Unit", "FMU", K.FIU),
    DemoAgency("PK-NHSRC", "PK", "Ministry of National Health Services, Regulations and Coordination", "NHSR&C",
               K.HEALTH_MINISTRY, "وزارت قومی صحت"),
    # Pakistan's central authority for mutual legal assistance is the Ministry of Interior.
    DemoAgency("PK-MOI", "PK", "Ministry of Interior", "MoI", K.CENTRAL_AUTHORITY, "وزارت داخلہ"),
    # Tajikistan (Tajik)
    DemoAgency("TJ-DCA", "TJ", "Drug Control Agency under the President of the Republic of Tajikistan", "DCA",
               K.DRUG_CONTROL, "Агентии назорати маводи нашъаовар назди Президенти Ҷумҳурии Тоҷикистон", main=True),
    DemoAgency("TJ-CS", "TJ", "Customs Service under the Government of the Republic of Tajikistan", "", K.CUSTOMS,
               "Хадамоти гумруки назди Ҳукумати Ҷумҳурии Тоҷикистон"),
    DemoAgency("TJ-BT", "TJ", "Border Troops of the State Committee for National Security", "", K.BORDER_GUARD,
               "Қӯшунҳои сарҳадии Кумитаи давлатии амнияти миллӣ"),
    DemoAgency("TJ-FMD", "TJ", "Financial Monitoring Department of the National Bank of Tajikistan", "", K.FIU,
               "Департаменти мониторинги молиявии назди Бонки миллии Тоҷикистон"),
    DemoAgency("TJ-MOH", "TJ", "Ministry of Health and Social Protection of Population", "", K.HEALTH_MINISTRY,
               "Вазорати тандурустӣ ва ҳифзи иҷтимоии аҳолии Ҷумҳурии Тоҷикистон"),
    DemoAgency("TJ-GPO", "TJ", "Prosecutor General's Office", "", K.CENTRAL_AUTHORITY,
               "Прокуратураи генералии Ҷумҳурии Тоҷикистон"),
    # Turkmenistan (Turkmen)
    DemoAgency("TM-MIA", "TM", "Ministry of Internal Affairs", "MIA", K.POLICE,
               "Türkmenistanyň Içeri işler ministrligi", main=True),
    DemoAgency("TM-SCS", "TM", "State Customs Service", "", K.CUSTOMS, "Türkmenistanyň Döwlet gümrük gullugy"),
    DemoAgency("TM-SBS", "TM", "State Border Service", "", K.BORDER_GUARD, "Türkmenistanyň Döwlet serhet gullugy"),
    DemoAgency("TM-FMS", "TM", "Financial Monitoring Service", "", K.FIU, "Maliýe gözegçilik gullugy"),
    DemoAgency("TM-MOH", "TM", "Ministry of Health and Medical Industry", "", K.HEALTH_MINISTRY,
               "Türkmenistanyň Saglygy goraýyş we derman senagaty ministrligi"),
    DemoAgency("TM-GPO", "TM", "Prosecutor General's Office", "", K.CENTRAL_AUTHORITY,
               "Türkmenistanyň Baş prokuraturasy"),
    # Uzbekistan (Uzbek)
    DemoAgency("UZ-NCDC", "UZ", "National Information-Analytical Centre on Drug Control", "NCDC", K.DRUG_CONTROL,
               "Giyohvandlik vositalari nazorati boʻyicha milliy axborot-tahliliy markaz", main=True),
    DemoAgency("UZ-MIA", "UZ", "Ministry of Internal Affairs", "MIA", K.POLICE,
               "Oʻzbekiston Respublikasi Ichki ishlar vazirligi"),
    DemoAgency("UZ-SCC", "UZ", "State Customs Committee", "SCC", K.CUSTOMS,
               "Oʻzbekiston Respublikasi Davlat bojxona qoʻmitasi"),
    DemoAgency("UZ-DCEC", "UZ", "Department for Combating Economic Crimes (FIU)", "DCEC", K.FIU,
               "Iqtisodiy jinoyatlarga qarshi kurashish departamenti"),
    DemoAgency("UZ-MOH", "UZ", "Ministry of Health", "", K.HEALTH_MINISTRY,
               "Oʻzbekiston Respublikasi Sogʻliqni saqlash vazirligi"),
    DemoAgency("UZ-GPO", "UZ", "Prosecutor General's Office", "", K.CENTRAL_AUTHORITY,
               "Oʻzbekiston Respublikasi Bosh prokuraturasi"),
    # International and regional bodies
    DemoAgency("UNODC", None, "United Nations Office on Drugs and Crime", "UNODC", K.INTERNATIONAL),
    DemoAgency("CARICC", None, "Central Asian Regional Information and Coordination Centre", "CARICC",
               K.INTERNATIONAL, "Центрально-Азиатский региональный информационный координационный центр"),
    DemoAgency("JPC", None, "Joint Planning Cell of the Triangular Initiative", "JPC", K.INTERNATIONAL),
]

# Roles each member country gets one demo user for, and the kind of agency they sit in.
NATIONAL_ROLES: dict[Role, str | None] = {
    Role.REPORTER: None,  # None: the main drug agency
    Role.ANALYST: None,
    Role.FOCAL_POINT: None,
    Role.TRAINER: None,
    Role.LEGAL_OFFICER: K.CENTRAL_AUTHORITY,
    Role.HEALTH_OFFICER: K.HEALTH_MINISTRY,
}

# (username, agency code, role) at the international bodies.
INTERNATIONAL_USERS: list[tuple[str, str, Role]] = [
    ("unodc.regional_analyst", "UNODC", Role.REGIONAL_ANALYST),
    ("unodc.programme_officer", "UNODC", Role.PROGRAMME_OFFICER),
    ("unodc.trainer", "UNODC", Role.TRAINER),
    ("caricc.regional_analyst", "CARICC", Role.REGIONAL_ANALYST),
    ("caricc.programme_officer", "CARICC", Role.PROGRAMME_OFFICER),
    ("jpc.regional_analyst", "JPC", Role.REGIONAL_ANALYST),
    ("jpc.programme_officer", "JPC", Role.PROGRAMME_OFFICER),
    ("admin", "UNODC", Role.ADMINISTRATOR),
]


def demo_users() -> list[tuple[str, str, Role]]:
    """(username, agency code, role) for every demo account."""
    users = []
    by_country: dict[str, dict] = {}
    for a in AGENCIES:
        if a.country:
            slot = by_country.setdefault(a.country, {})
            if a.main:
                slot[None] = a.code
            slot.setdefault(a.kind, a.code)
    for country, slots in by_country.items():
        for role, kind in NATIONAL_ROLES.items():
            users.append((f"{country.lower()}.{role.value}", slots[kind], role))
    return users + INTERNATIONAL_USERS
