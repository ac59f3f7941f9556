"""Demo incidents: about 20,000 seizures over three years in the eight member states, along the region's routes.

- The northern route: Afghan opiates through Tajikistan, Uzbekistan, Turkmenistan and Kyrgyzstan to Kazakhstan
  and the Russian Federation.
- The Balkan route: opiates and methamphetamine through Iran towards Türkiye and Europe.
- The southern route: through Pakistan and Iran to the sea, towards the Gulf and East Africa.
- Methamphetamine rising since 2019, cannabis resin from Afghanistan and Pakistan, cannabis herb in Kazakhstan
  and Kyrgyzstan, and precursors (acetic anhydride, ephedrine) flowing towards Afghanistan.

Persons, phones and vehicles are named and numbered as each country writes them (names in the country's script
and in Latin), and some of the same people and phones appear in two or more countries under different
spellings, which is what cross-border matching (issue 4) must find. Everything is generated from a fixed seed,
written with bulk inserts, and marked with the reference prefix "DEMO-" so that it is loaded once.
"""

import random
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from anyascii import anyascii
from django.db import transaction

DEMO_PREFIX = "DEMO-"
SEED = 20261128
END = date(2026, 11, 27)
START = date(2023, 12, 1)

# Share of incidents by seizing country (Iran and Pakistan seize most in the region).
COUNTRY_WEIGHTS = {"IR": 30, "PK": 15, "AF": 15, "TJ": 10, "UZ": 8, "KZ": 8, "KG": 7, "TM": 7}
SEIZING_KINDS = ("police", "drug_control", "customs", "border_guard")


@dataclass(frozen=True)
class Route:
    name: str
    producing: str
    departure: str
    transits: tuple[str, ...]
    destination: str
    seized_in: tuple[str, ...]
    substances: tuple[tuple[str, int], ...]  # (substance code, weight)
    modes: tuple[str, ...]


ROUTES = [
    Route("northern", "AF", "AF", ("TJ", "KG", "KZ"), "RU", ("AF", "TJ", "KG", "KZ"),
          (("heroin", 50), ("opium", 20), ("cannabis_resin", 25), ("methamphetamine", 5)), ("road", "rail")),
    Route("northern-uz", "AF", "AF", ("UZ", "KZ"), "RU", ("AF", "UZ", "KZ"),
          (("heroin", 45), ("opium", 20), ("cannabis_resin", 25), ("methamphetamine", 10)), ("road", "rail")),
    Route("northern-tm", "AF", "AF", ("TM", "UZ", "KZ"), "RU", ("AF", "TM", "UZ", "KZ"),
          (("heroin", 50), ("opium", 30), ("cannabis_resin", 20)), ("road", "rail")),
    Route("balkan", "AF", "AF", ("IR", "TR"), "DE", ("AF", "IR"),
          (("opium", 45), ("heroin", 25), ("morphine", 5), ("methamphetamine", 20), ("cannabis_resin", 5)),
          ("road", "road", "pedestrian", "animal")),
    Route("southern", "AF", "PK", ("IR",), "AE", ("PK", "IR"),
          (("heroin", 35), ("cannabis_resin", 30), ("methamphetamine", 25), ("opium", 10)), ("road", "sea", "air")),
    Route("southern-sea", "AF", "PK", (), "TZ", ("PK",),
          (("heroin", 50), ("methamphetamine", 35), ("cannabis_resin", 15)), ("sea",)),
    Route("precursors", "CN", "CN", ("KZ", "UZ"), "AF", ("KZ", "UZ", "TJ", "AF"),
          (("acetic_anhydride", 70), ("ephedrine", 15), ("pseudoephedrine", 15)), ("road", "rail")),
    Route("precursors-south", "IN", "IN", ("PK",), "AF", ("PK", "IR", "AF"),
          (("acetic_anhydride", 60), ("ephedrine", 40)), ("road", "sea")),
    Route("pharma", "IN", "IN", ("PK",), "IR", ("PK", "IR", "AF", "TJ", "UZ"),
          (("tramadol", 80), ("captagon", 20)), ("post", "road", "air")),
    Route("domestic-cannabis", "KZ", "KZ", (), "KZ", ("KZ", "KG"),
          (("cannabis_herb", 85), ("cannabis_resin", 15)), ("road", "rail")),
    Route("domestic", "AF", "AF", (), "AF", ("AF", "IR", "PK", "TJ", "UZ", "KG", "KZ", "TM"),
          (("heroin", 30), ("opium", 25), ("cannabis_resin", 25), ("methamphetamine", 20)), ("road", "pedestrian")),
]

# Typical sizes: (median amount, unit, spread); amounts are drawn from a log-normal distribution.
SIZES = {
    "heroin": (1.5, "kg", 1.4), "opium": (12.0, "kg", 1.3), "morphine": (4.0, "kg", 1.2),
    "cannabis_resin": (15.0, "kg", 1.5), "cannabis_herb": (3.0, "kg", 1.6), "methamphetamine": (2.0, "kg", 1.5),
    "acetic_anhydride": (400.0, "l", 1.1), "ephedrine": (25.0, "kg", 1.2), "pseudoephedrine": (10.0, "kg", 1.2),
    "tramadol": (20000.0, "tablet", 1.3), "captagon": (30000.0, "tablet", 1.2),
}
CONCEALMENTS = {
    "road": ("vehicle", "cargo", "luggage", "body"), "rail": ("cargo", "luggage", "vehicle"),
    "air": ("luggage", "body", "cargo"), "sea": ("cargo", "vehicle"), "post": ("parcel",),
    "pedestrian": ("body", "luggage"), "animal": ("cargo", "luggage"),
}
CONCEALMENT_DETAIL = {
    "vehicle": ("fuel tank", "spare wheel", "door panels", "roof lining", "false floor"),
    "cargo": ("among dried fruit", "in cement bags", "in rolls of fabric", "among onions", "in machine parts"),
    "luggage": ("false bottom of a suitcase", "wrapped in clothes"), "body": ("swallowed capsules", "taped to body"),
    "parcel": ("inside books", "in toy packaging"),
}


# --- names, as each country writes them ---------------------------------------------------------------------
# Given names: Dari/Farsi/Urdu in Arabic script with their usual Latin forms, and the Central Asian forms.
GIVEN = [
    # key: (Arabic script, AF/IR Latin, PK Latin, Tajik Cyrillic, Uzbek Latin, Russian-style Cyrillic, Turkmen Latin)
    ("محمد", "Mohammad", "Muhammad", "Муҳаммад", "Muhammad", "Мухаммед", "Muhammet"),
    ("احمد", "Ahmad", "Ahmed", "Аҳмад", "Ahmad", "Ахмат", "Ahmet"),
    ("عبدالله", "Abdullah", "Abdullah", "Абдулло", "Abdulla", "Абдулла", "Abdylla"),
    ("رحیم", "Rahim", "Rahim", "Раҳим", "Rahim", "Рахим", "Rahym"),
    ("کریم", "Karim", "Karim", "Карим", "Karim", "Карим", "Kerim"),
    ("جمشید", "Jamshid", "Jamshed", "Ҷамшед", "Jamshid", "Жамшид", "Jemşit"),
    ("فرهاد", "Farhad", "Farhad", "Фарҳод", "Farhod", "Фархад", "Farhat"),
    ("رستم", "Rostam", "Rustam", "Рустам", "Rustam", "Рустем", "Rustam"),
    ("نورالله", "Nurullah", "Noorullah", "Нурулло", "Nurulla", "Нурулла", "Nurulla"),
    ("علی", "Ali", "Ali", "Алӣ", "Ali", "Али", "Ali"),
    ("حسن", "Hassan", "Hassan", "Ҳасан", "Hasan", "Хасан", "Hasan"),
    ("یوسف", "Yousuf", "Yousaf", "Юсуф", "Yusuf", "Юсуп", "Ýusup"),
    ("بختیار", "Bakhtiar", "Bakhtiar", "Бахтиёр", "Baxtiyor", "Бахтияр", "Bahtyýar"),
    ("شریف", "Sharif", "Sharif", "Шариф", "Sharif", "Шариф", "Şerip"),
    ("عزیز", "Aziz", "Aziz", "Азиз", "Aziz", "Азиз", "Aziz"),
    ("صفر", "Safar", "Safar", "Сафар", "Safar", "Сафар", "Sapar"),
    ("نظر", "Nazar", "Nazar", "Назар", "Nazar", "Назар", "Nazar"),
    ("عمر", "Omar", "Umar", "Умар", "Umar", "Умар", "Umar"),
]
# Family names: (Arabic-script root, Central Asian Latin root, Tajik Cyrillic root, Russian-style Cyrillic root,
# Afghan/Iranian Latin form, Pakistani Latin form). Afghans and Iranians add -i (ی), Central Asians -ov/-zoda.
FAMILY = [
    ("رحیم", "Rahim", "Раҳим", "Рахим", "Rahimi", "Rahim"), ("کریم", "Karim", "Карим", "Карим", "Karimi", "Karim"),
    ("یوسف", "Yusuf", "Юсуф", "Юсуп", "Yousufi", "Yousaf"), ("نظر", "Nazar", "Назар", "Назар", "Nazari", "Nazar"),
    ("حیدر", "Haydar", "Ҳайдар", "Хайдар", "Haidari", "Haider"), ("شریف", "Sharif", "Шариф", "Шарип", "Sharifi", "Sharif"),
    ("عزیز", "Aziz", "Азиз", "Азиз", "Azizi", "Aziz"), ("صفر", "Safar", "Сафар", "Сафар", "Safari", "Safar"),
    ("قادر", "Qodir", "Қодир", "Кадыр", "Qaderi", "Qadir"), ("حکیم", "Hakim", "Ҳаким", "Хаким", "Hakimi", "Hakeem"),
    ("رسول", "Rasul", "Расул", "Расул", "Rasuli", "Rasool"), ("میرزا", "Mirzo", "Мирзо", "Мирза", "Mirzaei", "Mirza"),
    ("نور", "Nur", "Нур", "Нур", "Noori", "Noor"), ("سلطان", "Sulton", "Султон", "Султан", "Sultani", "Sultan"),
    ("عثمان", "Usmon", "Усмон", "Усман", "Osmani", "Usman"),
]


def spell_person(country: str, given: int, family: int, female: bool = False) -> tuple[str, str]:
    """(name as the country writes it, its Latin form) for one person of the demo."""
    g = GIVEN[given]
    ar, lat, tj, ru, af_latin, pk_latin = FAMILY[family]
    if country in ("AF", "IR"):
        return f"{g[0]} {ar}ی", f"{g[1]} {af_latin}"
    if country == "PK":
        return f"{g[0]} {ar}", f"{g[2]} {pk_latin}"
    if country == "TJ":
        suffix, lsuffix = ("ова", "ova") if female else ("ов", "ov")
        if family % 3 == 0:
            suffix, lsuffix = "зода", "zoda"
        return f"{g[3]} {tj}{suffix}", f"{anyascii(g[3])} {lat}{lsuffix}"
    if country == "UZ":
        lsuffix = "ova" if female else "ov"
        return f"{g[4]} {lat}{lsuffix}", f"{g[4]} {lat}{lsuffix}"
    if country == "TM":
        root = anyascii(ru).replace("kh", "h").replace("Kh", "H")
        written = f"{g[6]} {root}{'owa' if female else 'ow'}"
        return written, anyascii(written)
    # KZ, KG: Russian-style Cyrillic
    suffix = "ова" if female else "ов"
    cyr = f"{g[5]} {ru}{suffix}"
    return cyr, anyascii(cyr)


PHONE_FORMATS = {  # (country code, national prefix patterns)
    "AF": ("+93", ("70", "72", "77", "78", "79")), "IR": ("+98", ("912", "915", "917", "935", "901")),
    "PK": ("+92", ("300", "312", "333", "345")), "TJ": ("+992", ("90", "92", "93", "98")),
    "UZ": ("+998", ("90", "91", "93", "97")), "KZ": ("+7", ("701", "705", "747", "777")),
    "KG": ("+996", ("555", "700", "770")), "TM": ("+993", ("61", "62", "65")),
}


def make_phone_number(rng: random.Random, country: str) -> str:
    cc, prefixes = PHONE_FORMATS[country]
    prefix = rng.choice(prefixes)
    national_len = {"+93": 9, "+98": 10, "+92": 10, "+992": 9, "+998": 9, "+7": 10, "+996": 9, "+993": 8}[cc]
    rest = "".join(rng.choice("0123456789") for _ in range(national_len - len(prefix)))
    return cc + prefix + rest


def write_phone(rng: random.Random, e164: str, country: str) -> str:
    """How an officer might type the number: international, with 00, or national with a trunk 0."""
    cc = PHONE_FORMATS[country][0]
    national = e164[len(cc):]
    style = rng.randrange(3)
    if style == 0:
        return f"{cc} {national[:3]} {national[3:6]} {national[6:]}"
    if style == 1:
        return "00" + e164[1:]
    if cc == "+7":
        return "8" + national
    return "0" + national


def make_plate(rng: random.Random, country: str) -> str:
    d = lambda n: "".join(rng.choice("0123456789") for _ in range(n))  # noqa: E731
    lat = lambda n: "".join(rng.choice("ABCEHKMOPTXY") for _ in range(n))  # noqa: E731
    if country == "KZ":
        return f"{d(3)} {lat(3)} {rng.choice(['01', '02', '05', '13'])}"
    if country == "UZ":
        return f"{rng.choice(['01', '10', '30', '40'])} {lat(1)} {d(3)} {lat(2)}"
    if country == "TJ":
        return f"{d(4)} {lat(2)} {rng.choice(['01', '02', '03'])}"
    if country == "KG":
        return f"{rng.choice(['01', '02', '03'])} {d(3)} {lat(3)}"
    if country == "TM":
        return f"{lat(2)} {d(4)}"
    if country == "PK":
        return f"{rng.choice(['LEA', 'KHI', 'PSH', 'QTA'])}-{d(4)}"
    persian = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")
    if country == "IR":
        return f"{d(2)} {rng.choice('بجدسصطقلمنوهی')} {d(3)} {d(2)}".translate(persian)
    return f"{rng.choice(['کابل', 'هرات', 'بلخ', 'کندهار'])} {d(5)}".translate(persian)


VEHICLES = (("Kamaz", "65115"), ("Toyota", "Corolla"), ("Toyota", "Hilux"), ("Daewoo", "Nexia"), ("Lada", "Priora"),
            ("Mercedes-Benz", "Actros"), ("MAN", "TGX"), ("Chevrolet", "Cobalt"), ("Hyundai", "Porter"))


@dataclass
class Network:
    """One cross-border trafficker: the same person (and phone) known in several countries."""

    given: int
    family: int
    birth: date
    nationality: str
    countries: tuple[str, ...]
    phone: str


def _networks(rng: random.Random, n: int = 150) -> list[Network]:
    out = []
    for _ in range(n):
        home = rng.choice(["AF", "AF", "TJ", "UZ", "PK", "IR", "KG", "TM", "KZ"])
        others = [c for c in COUNTRY_WEIGHTS if c != home]
        countries = (home, *rng.sample(others, rng.choice([1, 1, 2])))
        out.append(Network(rng.randrange(len(GIVEN)), rng.randrange(len(FAMILY)),
                           date(rng.randint(1965, 2000), rng.randint(1, 12), rng.randint(1, 28)), home, countries,
                           make_phone_number(rng, home)))
    return out


def _lognormal(rng: random.Random, median: float, spread: float) -> Decimal:
    value = median * rng.lognormvariate(0, spread)
    return Decimal(str(round(value, 3 if value < 10 else 1 if value < 1000 else 0)))


def _date(rng: random.Random, substance: str) -> date:
    days = (END - START).days
    # Methamphetamine keeps rising: later dates are likelier (a linear ramp).
    if substance == "methamphetamine":
        offset = int(days * max(rng.random(), rng.random()))
    else:
        offset = rng.randrange(days)
    return START + timedelta(days=offset)


def demo_incidents_exist() -> bool:
    from hamkari.incidents.models import Incident

    return Incident.objects.filter(national_reference__startswith=DEMO_PREFIX).exists()


def load_demo_incidents(count: int = 20_000, *, progress=None) -> int:
    """Create `count` demo incidents (once). Returns how many were created; 0 when they are already there."""
    if demo_incidents_exist():
        return 0
    with transaction.atomic():
        return _Builder(count, progress).run()


class _Builder:
    def __init__(self, count, progress):
        from hamkari.places.models import Place
        from hamkari.tenancy.models import Agency

        self.count = count
        self.progress = progress
        self.rng = random.Random(SEED)
        self.agencies = {}
        for agency in Agency.objects.filter(country__in=list(COUNTRY_WEIGHTS), kind__in=SEIZING_KINDS,
                                            is_active=True).order_by("code"):
            self.agencies.setdefault(agency.country_id, []).append(agency)
        self.settlements, self.crossings = {}, {}
        for place in Place.objects.filter(country__in=list(COUNTRY_WEIGHTS)).only(
                "id", "kind", "country_id", "name", "admin1_name", "latitude", "longitude", "population"):
            if place.kind == "crossing":
                self.crossings.setdefault(place.country_id, []).append(place)
            elif place.kind == "settlement":
                self.settlements.setdefault(place.country_id, []).append(place)
        for places in self.settlements.values():
            places.sort(key=lambda p: -p.population)
        self.networks = _networks(self.rng)
        self.routes_by_country = {c: [r for r in ROUTES if c in r.seized_in] for c in COUNTRY_WEIGHTS}

    def run(self) -> int:
        from hamkari.entities import keys
        from hamkari.entities.models import Involvement, Person, PersonName, Phone, Vehicle
        from hamkari.incidents.models import Incident, RouteTransit, Seizure
        from hamkari.incidents.services import follow_incident
        from hamkari.incidents.vocab.derive import seizure_derived

        rng = self.rng
        countries = list(COUNTRY_WEIGHTS)
        weights = [COUNTRY_WEIGHTS[c] for c in countries]
        created = 0
        phones_seen: dict[tuple[int, str], Phone] = {}
        self.vehicle_keys: set[tuple[int, str]] = set()
        for chunk_start in range(0, self.count, 2000):
            incidents, seizures, transits, persons, names, phones, vehicles, links = [], [], [], [], [], [], [], []
            for i in range(chunk_start, min(self.count, chunk_start + 2000)):
                country = rng.choices(countries, weights)[0]
                if country not in self.agencies:
                    continue
                agency = rng.choice(self.agencies[country])
                route = rng.choice(self.routes_by_country[country])
                substance = rng.choices([s for s, _ in route.substances], [w for _, w in route.substances])[0]
                occurred = _date(rng, substance)
                mode = rng.choice(route.modes)
                handling = rng.choices(["regional", "national", "public"], [60, 30, 10])[0]
                incident = Incident(
                    owner_agency=agency, owner_country_id=country, handling=handling,
                    reliability=rng.choice("ABBCX"), accuracy=rng.choice("1223"),
                    national_reference=f"{DEMO_PREFIX}{country}-{occurred.year}-{i:05d}",
                    occurred_on=occurred, date_precision="day", country_id=country,
                    crime_area="precursors" if route.name.startswith("precursors") else "drugs",
                    producing_country_id=route.producing, departure_country_id=route.departure,
                    destination_country_id=route.destination, transport_mode=mode,
                    source_type="seizure_report", verification=rng.choice(["verified", "unverified", "verified"]),
                    persons_arrested=rng.choice([0, 1, 1, 1, 2, 2, 3, 4]),
                )
                self._place(incident, country, mode)
                concealment = rng.choice(CONCEALMENTS[mode])
                incident.concealment = concealment
                incident.concealment_detail = rng.choice(CONCEALMENT_DETAIL.get(concealment, ("",)))
                incident.conveyance = {"road": rng.choice(["truck", "car", "bus", "minivan"]),
                                       "rail": "freight train", "air": "passenger flight", "sea": "dhow",
                                       "post": "courier parcel"}.get(mode, "")
                incident.narrative = (f"{incident.get_transport_mode_display()} · {route.name} route · "
                                      f"{incident.concealment_detail}").strip(" ·")
                incidents.append(incident)
                n_lines = rng.choices([1, 2, 3], [80, 17, 3])[0]
                subs = [substance] + rng.sample([s for s, _ in route.substances if s != substance],
                                                min(n_lines - 1, len(route.substances) - 1))
                for pos, code in enumerate(subs):
                    median, unit, spread = SIZES[code]
                    amount = _lognormal(rng, median, spread)
                    derived = seizure_derived(code, amount, unit)
                    seizures.append(Seizure(incident=incident, position=pos, substance=code, amount=amount, unit=unit,
                                            drug_name_as_reported=code.replace("_", " "),
                                            purity=Decimal(rng.randint(20, 85)) if code == "heroin" and rng.random() < .3
                                            else None, **derived))
                for pos, transit in enumerate(route.transits):
                    transits.append(RouteTransit(incident=incident, position=pos, country_id=transit))
                self._people(incident, agency, country, mode, persons, names, phones, vehicles, links, phones_seen,
                             keys)
            for obj in incidents:
                obj.import_key = None
            Incident.objects.bulk_create(incidents, batch_size=500)
            for seizure in seizures:
                follow_incident(seizure, seizure.incident)
                seizure.incident_id = seizure.incident.pk
            Seizure.objects.bulk_create(seizures, batch_size=500)
            for transit in transits:
                transit.incident_id = transit.incident.pk
            RouteTransit.objects.bulk_create(transits, batch_size=500)
            Person.objects.bulk_create(persons, batch_size=500)
            for name in names:
                name.person_id = name.person.pk
            PersonName.objects.bulk_create(names, batch_size=500)
            Phone.objects.bulk_create(phones, batch_size=500)
            Vehicle.objects.bulk_create(vehicles, batch_size=500)
            involvements = []
            for incident, role, field, entity in links:
                inv = Involvement(incident_id=incident.pk, role=role, **{f"{field}_id": entity.pk})
                follow_incident(inv, incident)
                involvements.append(inv)
            Involvement.objects.bulk_create(involvements, batch_size=500)
            created += len(incidents)
            if self.progress:
                self.progress(created, self.count)
        return created

    def _place(self, incident, country, mode):
        rng = self.rng
        crossings = self.crossings.get(country, [])
        settlements = self.settlements.get(country, [])
        if crossings and mode in ("road", "rail", "pedestrian", "animal") and rng.random() < 0.45:
            place = rng.choice(crossings)
            incident.border_crossing = place
            incident.location_type = "border_crossing"
            precision = "exact"
        elif settlements:
            # Big towns are likelier, but small ones appear too.
            place = settlements[min(int(rng.expovariate(1 / 25)), len(settlements) - 1)]
            incident.location_type = {"air": "airport", "sea": "seaport", "post": "postal",
                                      "rail": "rail"}.get(mode, rng.choice(["road", "road", "inland"]))
            precision = "settlement"
        else:
            incident.geo_precision = "country"
            return
        incident.place = place
        incident.place_name = place.name
        incident.admin1 = place.admin1_name
        incident.latitude = round(place.latitude + rng.uniform(-0.02, 0.02), 5)
        incident.longitude = round(place.longitude + rng.uniform(-0.02, 0.02), 5)
        incident.geo_precision = precision

    def _people(self, incident, agency, country, mode, persons, names, phones, vehicles, links, phones_seen, keys):
        from hamkari.entities.models import Person, PersonName, Phone, Vehicle

        rng = self.rng
        share = dict(owner_agency=agency, owner_country_id=country, handling=incident.handling,
                     reliability=incident.reliability, accuracy=incident.accuracy)
        if rng.random() < 0.45:
            network = None
            candidates = [n for n in self.networks if country in n.countries]
            if candidates and rng.random() < 0.12:
                network = rng.choice(candidates)
            if network:
                given, family, birth, nationality = network.given, network.family, network.birth, network.nationality
                if rng.random() < 0.3:  # another country often knows only the year of birth
                    birth, precision = date(birth.year, 1, 1), "year"
                else:
                    precision = "day"
            else:
                given, family = rng.randrange(len(GIVEN)), rng.randrange(len(FAMILY))
                birth = date(rng.randint(1960, 2004), rng.randint(1, 12), rng.randint(1, 28))
                precision = rng.choice(["day", "day", "year"])
                if precision == "year":
                    birth = date(birth.year, 1, 1)
                nationality = country if rng.random() < 0.8 else rng.choice(list(COUNTRY_WEIGHTS))
            female = network is None and rng.random() < 0.08
            written, latin = spell_person(country, given, family, female)
            person = Person(name=written, script=keys.detect_script(written), birth_date=birth,
                            birth_date_precision=precision, nationality_id=nationality,
                            gender="f" if female else "m", **share)
            persons.append(person)
            if latin != written:
                names.append(PersonName(person=person, name=latin, kind="translit",
                                        script=keys.detect_script(latin), generated=False))
            links.append((incident, rng.choice(["suspect", "courier", "courier", "driver"]), "person", person))
            e164 = network.phone if network else (make_phone_number(rng, country) if rng.random() < 0.6 else None)
            if e164:
                try:
                    e164 = keys.phone(e164)
                except keys.InvalidIdentifier:
                    e164 = None
            if e164:
                key = keys.phone_key(e164)
                phone = phones_seen.get((agency.pk, key))
                if phone is None:
                    phone_country = next((c for c, (cc, _) in PHONE_FORMATS.items() if e164.startswith(cc)), country)
                    phone = Phone(number=write_phone(rng, e164, phone_country), e164=e164, key=key, **share)
                    phones_seen[(agency.pk, key)] = phone
                    phones.append(phone)
                links.append((incident, "phone_used", "phone", phone))
        if mode == "road" and rng.random() < 0.35:
            plate = make_plate(rng, country)
            make, model = rng.choice(VEHICLES)
            vehicle = Vehicle(plate=plate, registration_country_id=country, make=make, model=model,
                              key=keys.plate_key(plate, country), **share)
            if (agency.pk, vehicle.key) not in self.vehicle_keys:
                self.vehicle_keys.add((agency.pk, vehicle.key))
                vehicles.append(vehicle)
                links.append((incident, "vehicle_used", "vehicle", vehicle))

