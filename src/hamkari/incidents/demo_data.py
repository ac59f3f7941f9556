"""Demo incidents: about 20,000 seizures over three years in the eight member states, along the region's routes.

- The northern route: Afghan opiates through Tajikistan, Uzbekistan, Turkmenistan and Kyrgyzstan to Kazakhstan
  and the Russian Federation.
- The Balkan route: opiates and methamphetamine through Iran towards Türkiye and Europe.
- The southern route: through Pakistan and Iran to the sea, towards the Gulf and East Africa.
- Methamphetamine rising since 2019, cannabis resin from Afghanistan and Pakistan, cannabis herb in Kazakhstan
  and Kyrgyzstan, and precursors (acetic anhydride, ephedrine) flowing towards Afghanistan.

Persons, phones and vehicles are named and numbered as each country writes them (names in the country's script
and in Latin, with the father's name where the country records it), and some of the same people and phones appear
in two or more countries under different spellings, which is what cross-border matching (issue 4) must find.
Names are drawn with realistic (Zipf-like) frequencies from about 80 men's, 30 women's and 100 family names, so
namesakes occur as they do in real files, but mostly differ by father's name or birth date. Everything is generated from a fixed seed,
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
# Given names, most common first: each table's order is its frequency rank (see ZIPF_GIVEN), so Muhammad and
# Ahmad are common and Zakaria or Hamida rare, as in the region's registers. Written by the project from the
# region's naming usage: Dari/Farsi/Urdu in Arabic script with their usual Latin forms, and the Central Asian forms.
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
    ("حسین", "Hossein", "Hussain", "Ҳусейн", "Husayn", "Хусейн", "Hüseýin"),
    ("محمود", "Mahmood", "Mehmood", "Маҳмуд", "Mahmud", "Махмуд", "Mahmyt"),
    ("ابراهیم", "Ebrahim", "Ibrahim", "Иброҳим", "Ibrohim", "Ибрагим", "Ybraýym"),
    ("مراد", "Murad", "Murad", "Мурод", "Murod", "Мурат", "Myrat"),
    ("اسماعیل", "Esmail", "Ismail", "Исмоил", "Ismoil", "Исмаил", "Ysmaýyl"),
    ("قاسم", "Qasim", "Qasim", "Қосим", "Qosim", "Касым", "Gasym"),
    ("موسی", "Musa", "Musa", "Мусо", "Muso", "Муса", "Musa"),
    ("انور", "Anwar", "Anwar", "Анвар", "Anvar", "Анвар", "Enwer"),
    ("داوود", "Dawood", "Dawood", "Довуд", "Dovud", "Давуд", "Dawut"),
    ("سلیمان", "Suleiman", "Sulaiman", "Сулаймон", "Sulaymon", "Сулейман", "Süleýman"),
    ("بشیر", "Bashir", "Bashir", "Башир", "Bashir", "Башир", "Beşir"),
    ("تیمور", "Timur", "Taimur", "Темур", "Temur", "Тимур", "Timur"),
    ("منصور", "Mansour", "Mansoor", "Мансур", "Mansur", "Мансур", "Mansur"),
    ("یعقوب", "Yaqub", "Yaqoob", "Яъқуб", "Yoqub", "Якуб", "Ýakup"),
    ("نادر", "Nader", "Nadir", "Нодир", "Nodir", "Надир", "Nadyr"),
    ("ناصر", "Naser", "Nasir", "Носир", "Nosir", "Насыр", "Nasyr"),
    ("امین", "Amin", "Amin", "Амин", "Amin", "Амин", "Emin"),
    ("خورشید", "Khurshid", "Khursheed", "Хуршед", "Xurshid", "Хуршид", "Hurşit"),
    ("عیسی", "Isa", "Isa", "Исо", "Iso", "Иса", "Isa"),
    ("مجید", "Majid", "Majeed", "Маҷид", "Majid", "Мажит", "Mejit"),
    ("جعفر", "Jafar", "Jafar", "Ҷаъфар", "Jafar", "Джафар", "Japar"),
    ("ظاهر", "Zaher", "Zahir", "Зоҳир", "Zohir", "Захир", "Zahyr"),
    ("بلال", "Bilal", "Bilal", "Билол", "Bilol", "Билал", "Bilal"),
    ("نبی", "Nabi", "Nabi", "Набӣ", "Nabi", "Наби", "Nebi"),
    ("غفور", "Ghafur", "Ghafoor", "Ғафур", "G'afur", "Гафур", "Gapur"),
    ("فاروق", "Farooq", "Farooq", "Форуқ", "Foruq", "Фарук", "Faruk"),
    ("شکور", "Shakur", "Shakoor", "Шукур", "Shukur", "Шукур", "Şükür"),
    ("طاهر", "Taher", "Tahir", "Тоҳир", "Tohir", "Тахир", "Tahyr"),
    ("صابر", "Saber", "Sabir", "Собир", "Sobir", "Сабыр", "Sabyr"),
    ("حبیب", "Habib", "Habib", "Ҳабиб", "Habib", "Хабиб", "Habyp"),
    ("عباس", "Abbas", "Abbas", "Аббос", "Abbos", "Аббас", "Abbas"),
    ("رشید", "Rashid", "Rasheed", "Рашид", "Rashid", "Рашид", "Raşit"),
    ("عبدالرحمن", "Abdulrahman", "Abdulrehman", "Абдураҳмон", "Abdurahmon", "Абдурахман", "Abdyrahman"),
    ("نصرالله", "Nasrullah", "Nasrullah", "Насрулло", "Nasrulla", "Насрулла", "Nasrulla"),
    ("شاهرخ", "Shahrokh", "Shahrukh", "Шоҳрух", "Shohruh", "Шахрух", "Şahruh"),
    ("اسکندر", "Eskandar", "Sikandar", "Искандар", "Iskandar", "Искандер", "Isgender"),
    ("ولی", "Wali", "Wali", "Валӣ", "Vali", "Вали", "Weli"),
    ("امیر", "Amir", "Amir", "Амир", "Amir", "Амир", "Emir"),
    ("بابر", "Babur", "Babar", "Бобур", "Bobur", "Бабур", "Babur"),
    ("عارف", "Aref", "Arif", "Ориф", "Orif", "Ариф", "Arif"),
    ("عادل", "Adel", "Adil", "Одил", "Odil", "Адиль", "Adyl"),
    ("کمال", "Kamal", "Kamal", "Камол", "Kamol", "Камал", "Kemal"),
    ("جلال", "Jalal", "Jalal", "Ҷалол", "Jalol", "Жалал", "Jelal"),
    ("صالح", "Saleh", "Saleh", "Солеҳ", "Solih", "Салих", "Salyh"),
    ("عظیم", "Azim", "Azeem", "Азим", "Azim", "Азим", "Azym"),
    ("مختار", "Mokhtar", "Mukhtar", "Мухтор", "Muxtor", "Мухтар", "Muhtar"),
    ("لطیف", "Latif", "Latif", "Латиф", "Latif", "Латиф", "Latyp"),
    ("سرور", "Sarwar", "Sarwar", "Сарвар", "Sarvar", "Сарвар", "Serwer"),
    ("هارون", "Haroon", "Haroon", "Ҳорун", "Horun", "Харун", "Harun"),
    ("الیاس", "Elyas", "Ilyas", "Илёс", "Ilyos", "Ильяс", "Ilýas"),
    ("ادریس", "Idris", "Idrees", "Идрис", "Idris", "Идрис", "Idris"),
    ("یحیی", "Yahya", "Yahya", "Яҳё", "Yahyo", "Яхья", "Ýahýa"),
    ("همایون", "Homayoun", "Humayun", "Ҳумоюн", "Humoyun", "Хумаюн", "Humaýun"),
    ("زکریا", "Zakaria", "Zakariya", "Закариё", "Zakariyo", "Закария", "Zekeriýa"),
    ("جمعه", "Juma", "Juma", "Ҷума", "Juma", "Джума", "Juma"),
    ("قربان", "Qurban", "Qurban", "Қурбон", "Qurbon", "Курбан", "Gurban"),
    ("رمضان", "Ramazan", "Ramzan", "Рамазон", "Ramazon", "Рамазан", "Ramazan"),
    ("رجب", "Rajab", "Rajab", "Раҷаб", "Rajab", "Раджаб", "Rejep"),
    ("صادق", "Sadiq", "Sadiq", "Содиқ", "Sodiq", "Садык", "Sadyk"),
    ("خلیل", "Khalil", "Khalil", "Халил", "Xalil", "Халил", "Halyl"),
    ("اسلام", "Islam", "Islam", "Ислом", "Islom", "Ислам", "Yslam"),
    ("قادر", "Qader", "Qadir", "Қодир", "Qodir", "Кадыр", "Gadyr"),
    ("هاشم", "Hashem", "Hashim", "Ҳошим", "Hoshim", "Хашим", "Haşym"),
    ("عثمان", "Osman", "Usman", "Усмон", "Usmon", "Усман", "Osman"),
    ("دولت", "Dawlat", "Daulat", "Давлат", "Davlat", "Давлет", "Döwlet"),
]
# Women's given names, the same layout, most common first. A woman's name is GIVEN_FEMALE[given % len(...)], so
# any index into GIVEN still gives a name (callers that predate this table keep working).
GIVEN_FEMALE = [
    ("فاطمه", "Fatima", "Fatima", "Фотима", "Fotima", "Фатима", "Patma"),
    ("مریم", "Maryam", "Maryam", "Марям", "Maryam", "Марьям", "Merýem"),
    ("زینب", "Zainab", "Zainab", "Зайнаб", "Zaynab", "Зейнеп", "Zeýnep"),
    ("خدیجه", "Khadija", "Khadija", "Хадича", "Xadicha", "Хадижа", "Hatyja"),
    ("گلنار", "Gulnar", "Gulnar", "Гулнор", "Gulnor", "Гульнара", "Gülnar"),
    ("زهرا", "Zahra", "Zahra", "Зуҳро", "Zuhro", "Зухра", "Zöhre"),
    ("مدینه", "Madina", "Madina", "Мадина", "Madina", "Мадина", "Medine"),
    ("شیرین", "Shirin", "Shireen", "Ширин", "Shirin", "Ширин", "Şirin"),
    ("نرگس", "Narges", "Nargis", "Наргис", "Nargiza", "Наргиза", "Nergiz"),
    ("لیلا", "Laila", "Laila", "Лайло", "Laylo", "Лейла", "Leýla"),
    ("نیلوفر", "Nilufar", "Nilofar", "Нилуфар", "Nilufar", "Нилуфар", "Nilufar"),
    ("دلبر", "Dilbar", "Dilbar", "Дилбар", "Dilbar", "Дильбар", "Dilber"),
    ("حلیمه", "Halima", "Haleema", "Ҳалима", "Halima", "Халима", "Halyma"),
    ("گلچهره", "Gulchehra", "Gulchehra", "Гулчеҳра", "Gulchehra", "Гульчехра", "Gülçehre"),
    ("گلشن", "Gulshan", "Gulshan", "Гулшан", "Gulshan", "Гульшан", "Gülşen"),
    ("جمیله", "Jamila", "Jameela", "Ҷамила", "Jamila", "Жамиля", "Jemile"),
    ("عزیزه", "Aziza", "Aziza", "Азиза", "Aziza", "Азиза", "Aziza"),
    ("کریمه", "Karima", "Kareema", "Карима", "Karima", "Карима", "Kerime"),
    ("منیره", "Munira", "Munira", "Мунира", "Munira", "Мунира", "Munira"),
    ("ثریا", "Soraya", "Suraya", "Сурайё", "Surayyo", "Сурайя", "Süreýýa"),
    ("گلبهار", "Gulbahar", "Gulbahar", "Гулбаҳор", "Gulbahor", "Гульбахор", "Gülbahar"),
    ("زلیخا", "Zulaikha", "Zulekha", "Зулайхо", "Zulayho", "Зулейха", "Züleýha"),
    ("کلثوم", "Kulsum", "Kulsoom", "Гулсум", "Gulsum", "Гульсум", "Gülsüm"),
    ("گوهر", "Gawhar", "Gohar", "Гавҳар", "Gavhar", "Гаухар", "Göwher"),
    ("مرجان", "Marjan", "Marjan", "Марҷона", "Marjona", "Маржан", "Merjen"),
    ("صنم", "Sanam", "Sanam", "Санам", "Sanam", "Санам", "Senem"),
    ("بهار", "Bahar", "Bahar", "Баҳор", "Bahor", "Бахор", "Bahar"),
    ("حمیده", "Hamida", "Hameeda", "Ҳамида", "Hamida", "Хамида", "Hamida"),
]
# Family names: (Arabic-script root, Central Asian Latin root, Tajik Cyrillic root, Russian-style Cyrillic root,
# Afghan/Iranian Latin form, Pakistani Latin form), most common first. Afghans and Iranians add -i (ی), Central
# Asians -ov/-ev or -zoda (see `_surname`).
FAMILY = [
    ("رحیم", "Rahim", "Раҳим", "Рахим", "Rahimi", "Rahim"), ("کریم", "Karim", "Карим", "Карим", "Karimi", "Karim"),
    ("یوسف", "Yusuf", "Юсуф", "Юсуп", "Yousufi", "Yousaf"), ("نظر", "Nazar", "Назар", "Назар", "Nazari", "Nazar"),
    ("حیدر", "Haydar", "Ҳайдар", "Хайдар", "Haidari", "Haider"),
    ("شریف", "Sharif", "Шариф", "Шарип", "Sharifi", "Sharif"), ("عزیز", "Aziz", "Азиз", "Азиз", "Azizi", "Aziz"),
    ("صفر", "Safar", "Сафар", "Сафар", "Safari", "Safar"), ("قادر", "Qodir", "Қодир", "Кадыр", "Qaderi", "Qadir"),
    ("حکیم", "Hakim", "Ҳаким", "Хаким", "Hakimi", "Hakeem"), ("رسول", "Rasul", "Расул", "Расул", "Rasuli", "Rasool"),
    ("میرزا", "Mirzo", "Мирзо", "Мирза", "Mirzaei", "Mirza"), ("نور", "Nur", "Нур", "Нур", "Noori", "Noor"),
    ("سلطان", "Sulton", "Султон", "Султан", "Sultani", "Sultan"),
    ("عثمان", "Usmon", "Усмон", "Усман", "Osmani", "Usman"), ("احمد", "Ahmad", "Аҳмад", "Ахмед", "Ahmadi", "Ahmed"),
    ("محمود", "Mahmud", "Маҳмуд", "Махмуд", "Mahmoodi", "Mehmood"),
    ("رحمان", "Rahmon", "Раҳмон", "Рахман", "Rahmani", "Rehman"),
    ("حسین", "Husayn", "Ҳусейн", "Хусаин", "Hosseini", "Hussain"),
    ("قربان", "Qurbon", "Қурбон", "Курбан", "Qorbani", "Qurban"),
    ("مراد", "Murod", "Мурод", "Мурат", "Moradi", "Murad"),
    ("ابراهیم", "Ibrohim", "Иброҳим", "Ибрагим", "Ebrahimi", "Ibrahim"),
    ("اسماعیل", "Ismoil", "Исмоил", "Исмаил", "Esmaili", "Ismail"), ("علی", "Ali", "Алӣ", "Али", "Alizada", "Ali"),
    ("حمید", "Hamid", "Ҳамид", "Хамид", "Hamidi", "Hameed"), ("قاسم", "Qosim", "Қосим", "Касым", "Qasemi", "Qasim"),
    ("سلیمان", "Sulaymon", "Сулаймон", "Сулейман", "Soleimani", "Sulaiman"),
    ("یعقوب", "Yoqub", "Яъқуб", "Якуб", "Yaqubi", "Yaqoob"), ("داوود", "Dovud", "Довуд", "Давуд", "Dawoodi", "Dawood"),
    ("نادر", "Nodir", "Нодир", "Надир", "Naderi", "Nadir"), ("ناصر", "Nosir", "Носир", "Насыр", "Naseri", "Nasir"),
    ("منصور", "Mansur", "Мансур", "Мансур", "Mansouri", "Mansoor"),
    ("انور", "Anvar", "Анвар", "Анвар", "Anwari", "Anwar"), ("جعفر", "Jafar", "Ҷаъфар", "Джафар", "Jafari", "Jafar"),
    ("ظاهر", "Zohir", "Зоҳир", "Захир", "Zaheri", "Zahir"), ("بشیر", "Bashir", "Башир", "Башир", "Bashiri", "Bashir"),
    ("امین", "Amin", "Амин", "Амин", "Amini", "Amin"),
    ("خورشید", "Xurshid", "Хуршед", "Хуршид", "Khurshidi", "Khursheed"),
    ("شفیق", "Shafiq", "Шафиқ", "Шафик", "Shafiqi", "Shafiq"), ("رفیق", "Rafiq", "Рафиқ", "Рафик", "Rafiqi", "Rafiq"),
    ("طاهر", "Tohir", "Тоҳир", "Тахир", "Taheri", "Tahir"), ("صابر", "Sobir", "Собир", "Сабыр", "Saberi", "Sabir"),
    ("غفور", "G'afur", "Ғафур", "Гафур", "Ghafoori", "Ghafoor"), ("اسد", "Asad", "Асад", "Асад", "Asadi", "Asad"),
    ("فاروق", "Foruq", "Форуқ", "Фарук", "Farooqi", "Farooq"), ("اکرم", "Akram", "Акрам", "Акрам", "Akrami", "Akram"),
    ("عباس", "Abbos", "Аббос", "Аббас", "Abbasi", "Abbas"), ("صالح", "Solih", "Солеҳ", "Салих", "Salehi", "Saleh"),
    ("رشید", "Rashid", "Рашид", "Рашид", "Rashidi", "Rasheed"), ("عظیم", "Azim", "Азим", "Азим", "Azimi", "Azeem"),
    ("فرید", "Farid", "Фарид", "Фарид", "Faridi", "Fareed"),
    ("مختار", "Muxtor", "Мухтор", "Мухтар", "Mokhtari", "Mukhtar"),
    ("کمال", "Kamol", "Камол", "Камал", "Kamali", "Kamal"), ("جلال", "Jalol", "Ҷалол", "Жалал", "Jalali", "Jalal"),
    ("عادل", "Odil", "Одил", "Адил", "Adeli", "Adil"), ("عارف", "Orif", "Ориф", "Ариф", "Arefi", "Arif"),
    ("نجیب", "Najib", "Наҷиб", "Наджиб", "Najibi", "Najeeb"), ("حبیب", "Habib", "Ҳабиб", "Хабиб", "Habibi", "Habib"),
    ("لطیف", "Latif", "Латиф", "Латиф", "Latifi", "Latif"), ("امیر", "Amir", "Амир", "Амир", "Amiri", "Amir"),
    ("سرور", "Sarvar", "Сарвар", "Сарвар", "Sarwari", "Sarwar"),
    ("تیمور", "Temur", "Темур", "Тимур", "Timuri", "Taimur"),
    ("اسکندر", "Iskandar", "Искандар", "Искандер", "Eskandari", "Sikandar"),
    ("ادریس", "Idris", "Идрис", "Идрис", "Idrisi", "Idrees"), ("هارون", "Horun", "Ҳорун", "Харун", "Harooni", "Haroon"),
    ("ملک", "Malik", "Малик", "Малик", "Maleki", "Malik"), ("عمر", "Umar", "Умар", "Умар", "Omari", "Umar"),
    ("سبحان", "Subhon", "Субҳон", "Субхан", "Sobhani", "Subhan"), ("نعیم", "Naim", "Наим", "Наим", "Naimi", "Naeem"),
    ("سلیم", "Salim", "Салим", "Салим", "Salimi", "Saleem"), ("کاظم", "Kozim", "Козим", "Казым", "Kazemi", "Kazim"),
    ("هاشم", "Hoshim", "Ҳошим", "Хашим", "Hashemi", "Hashim"), ("قیوم", "Qayum", "Қаюм", "Каюм", "Qayyumi", "Qayyum"),
    ("صدیق", "Siddiq", "Сиддиқ", "Сиддик", "Sediqi", "Siddique"),
    ("نوروز", "Navruz", "Наврӯз", "Наурыз", "Nowruzi", "Nauroz"), ("ظفر", "Zafar", "Зафар", "Зафар", "Zafari", "Zafar"),
    ("رجب", "Rajab", "Раҷаб", "Раджаб", "Rajabi", "Rajab"),
    ("رمضان", "Ramazon", "Рамазон", "Рамазан", "Ramazani", "Ramzan"),
    ("خلیل", "Xalil", "Халил", "Халил", "Khalili", "Khalil"), ("جلیل", "Jalil", "Ҷалил", "Жалил", "Jalili", "Jaleel"),
    ("شکور", "Shukur", "Шукур", "Шукур", "Shakouri", "Shakoor"), ("سعید", "Said", "Саид", "Саид", "Saeedi", "Saeed"),
    ("بهادر", "Bahodir", "Баҳодур", "Бахадыр", "Bahaduri", "Bahadur"),
    ("اسلام", "Islom", "Ислом", "Ислам", "Eslami", "Islam"),
    ("مقصود", "Maqsud", "Мақсуд", "Максуд", "Maqsudi", "Maqsood"),
    ("مسعود", "Masud", "Масъуд", "Масуд", "Masoudi", "Masood"), ("زمان", "Zamon", "Замон", "Заман", "Zamani", "Zaman"),
    ("عالم", "Olim", "Олим", "Алим", "Alemi", "Alam"), ("حلیم", "Halim", "Ҳалим", "Халим", "Halimi", "Haleem"),
    ("کبیر", "Kabir", "Кабир", "Кабир", "Kabiri", "Kabir"), ("وحید", "Vohid", "Воҳид", "Вахид", "Wahidi", "Waheed"),
    ("حافظ", "Hofiz", "Ҳофиз", "Хафиз", "Hafezi", "Hafeez"), ("شاکر", "Shokir", "Шокир", "Шакир", "Shakeri", "Shakir"),
    ("قهار", "Qahhor", "Қаҳҳор", "Каххар", "Qahari", "Qahar"),
    ("جبار", "Jabbor", "Ҷаббор", "Джаббар", "Jabbari", "Jabbar"),
    ("غلام", "G'ulom", "Ғулом", "Гулям", "Ghulami", "Ghulam"),
    ("ستار", "Sattor", "Саттор", "Саттар", "Sattari", "Sattar"),
    ("غفار", "G'offor", "Ғаффор", "Гаффар", "Ghaffari", "Ghaffar"),
    ("صمد", "Samad", "Самад", "Самат", "Samadi", "Samad"), ("اکبر", "Akbar", "Акбар", "Акбар", "Akbari", "Akbar"),
    ("صادق", "Sodiq", "Содиқ", "Садык", "Sadeghi", "Sadiq"), ("نصیر", "Nasir", "Насир", "Насир", "Nasiri", "Naseer"),
    ("فاضل", "Fozil", "Фозил", "Фазыл", "Fazeli", "Fazil"), ("عاشور", "Ashur", "Ашур", "Ашур", "Ashouri", "Ashur"),
    ("دولت", "Davlat", "Давлат", "Давлет", "Dowlati", "Daulat"),
    ("فتاح", "Fattoh", "Фаттоҳ", "Фаттах", "Fattahi", "Fattah"),
    ("رزاق", "Razzoq", "Раззоқ", "Раззак", "Razzaqi", "Razzaq"),
    ("وهاب", "Vahhob", "Ваҳҳоб", "Ваххаб", "Wahabi", "Wahab"),
]

# Frequency: names follow a Zipf-like law over each table's order (rank r drawn with weight 1 / r**s), so the
# heads of the region's registers (Muhammad, Ahmad; Rahimi, Karimov) recur as they do in real case files while
# most names stay rare. The exponents keep namesakes realistic rather than drowning the real cross-border persons.
GIVEN_EXPONENT = 0.8
FAMILY_EXPONENT = 0.7


def zipf_weights(n: int, exponent: float) -> list[float]:
    """Cumulative Zipf weights for ranks 1..n, ready for random.choices(cum_weights=...)."""
    total, out = 0.0, []
    for rank in range(1, n + 1):
        total += 1 / rank**exponent
        out.append(total)
    return out


_GIVEN_CUM = zipf_weights(len(GIVEN), GIVEN_EXPONENT)
_FEMALE_CUM = zipf_weights(len(GIVEN_FEMALE), GIVEN_EXPONENT)
_FAMILY_CUM = zipf_weights(len(FAMILY), FAMILY_EXPONENT)


def pick_given(rng: random.Random, female: bool = False) -> int:
    cum = _FEMALE_CUM if female else _GIVEN_CUM
    return rng.choices(range(len(cum)), cum_weights=cum)[0]


def pick_family(rng: random.Random) -> int:
    return rng.choices(range(len(FAMILY)), cum_weights=_FAMILY_CUM)[0]


# Where the father's name goes: Afghan, Iranian and Pakistani records have a separate "father's name" (son of X)
# field; Tajik, Kazakh and Kyrgyz records write a Russian-style patronymic in the name, Uzbek and Turkmen records
# "X o'g'li" / "X ogly". The share of records that carry it at all (officers often leave it out).
FATHER_IN_FIELD = frozenset({"AF", "IR", "PK"})
FATHER_RECORDED = {"AF": 0.85, "PK": 0.85, "IR": 0.7, "TJ": 0.7, "UZ": 0.75, "TM": 0.7, "KZ": 0.6, "KG": 0.6}
_CYRILLIC_VOWELS = "аеёиоуыэюяӣӯ"
UZ_SON_OF = "o'g'li"  # with a plain apostrophe, as most records type it (not the official ʻ)


def _given(given: int, female: bool) -> tuple[str, ...]:
    return GIVEN_FEMALE[given % len(GIVEN_FEMALE)] if female else GIVEN[given]


def _cyrillic_surname(root: str, female: bool) -> str:
    """Rahimov, Mirzoev, Aliev: -ov after a consonant, -ev after a vowel (Tajik ӣ is written и before it)."""
    if root[-1] in _CYRILLIC_VOWELS:
        return root[:-1] + ("и" if root[-1] == "ӣ" else root[-1]) + ("ева" if female else "ев")
    return root + ("ова" if female else "ов")


def _latin_surname(root: str, female: bool) -> str:
    """Uzbek Latin: Rahimov, Mirzoyev, Aliyev."""
    if root[-1] in "aeiou":
        return root + ("yeva" if female else "yev")
    return root + ("ova" if female else "ov")


def _turkmen(cyrillic: str) -> str:
    """A Russian-style Cyrillic surname as Turkmen Latin writes it: Rahimow, Jalalow, Mirzaýew, Aliýew."""
    text = anyascii(cyrillic)
    for a, b in (("Dzh", "J"), ("Zh", "J"), ("zh", "j"), ("Kh", "H"), ("kh", "h"), ("Sh", "Ş"), ("sh", "ş"),
                 ("Ch", "Ç"), ("ch", "ç"), ("ya", "ýa"), ("yu", "ýu")):
        text = text.replace(a, b)
    for a, b in (("ova", "owa"), ("ov", "ow"), ("eva", "ewa"), ("ev", "ew")):
        if text.endswith(a):
            text = text[: -len(a)] + b
            break
    for vowel in "aeiouy":  # Mirzaew -> Mirzaýew
        text = text.replace(vowel + "ew", vowel + "ýew")
    return text


def _patronymic(cyrillic_given: str, female: bool) -> str:
    """Karimovich, Abdulloevich, Alievich (Karimovna...): the Russian-style patronymic of a Cyrillic given name."""
    stem = cyrillic_given
    if stem[-1] in "ьй":
        stem, suffix = stem[:-1], "ев"
    elif stem[-1] in _CYRILLIC_VOWELS:
        stem, suffix = stem[:-1] + ("и" if stem[-1] == "ӣ" else stem[-1]), "ев"
    else:
        suffix = "ов"
    return stem + suffix + ("на" if female else "ич")


def spell_father(country: str, father: int | None) -> str:
    """The separate father's-name field as the country fills it ("" where the father is written in the name)."""
    if father is None or country not in FATHER_IN_FIELD:
        return ""
    return GIVEN[father][0]


def spell_person(country: str, given: int, family: int, female: bool = False, *,
                 father: int | None = None) -> tuple[str, str]:
    """(name as the country writes it, its Latin form) for one person of the demo.

    `given` indexes GIVEN (GIVEN_FEMALE for a woman); `father` (an index into GIVEN), when given, is written into
    the name where the country writes it there (a patronymic, o'g'li, ogly); see `spell_father` for the others."""
    g = _given(given, female)
    ar, lat, tj, ru, af_latin, pk_latin = FAMILY[family]
    f = GIVEN[father] if father is not None and country not in FATHER_IN_FIELD else None
    if country in ("AF", "IR"):
        # Rahimi is رحیمی; a root ending in a vowel takes -yi (Mirzaei, میرزایی) or -zada (Alizada, علیزاده).
        written = ar + ("زاده" if ar.endswith("ی") else "یی" if ar[-1] in "او" else "ی")
        return f"{g[0]} {written}", f"{g[1]} {af_latin}"
    if country == "PK":
        return f"{g[0]} {ar}", f"{g[2]} {pk_latin}"
    if country == "TJ":
        if family % 3 == 0:
            surname, lsurname = f"{tj}зода", f"{lat}zoda"
        else:
            surname, lsurname = _cyrillic_surname(tj, female), _latin_surname(lat, female)
        written = f"{g[3]} {surname}" + (f" {_patronymic(f[3], female)}" if f else "")
        return written, f"{anyascii(g[3])} {lsurname}" + (f" {anyascii(_patronymic(f[3], female))}" if f else "")
    if country == "UZ":
        written = f"{g[4]} {_latin_surname(lat, female)}"
        if f:
            written += f" {f[4]} {'qizi' if female else UZ_SON_OF}"
        return written, written
    if country == "TM":
        written = f"{g[6]} {_turkmen(_cyrillic_surname(ru, female))}"
        if f:
            written += f" {f[6]} {'gyzy' if female else 'ogly'}"
        return written, anyascii(written)
    # KZ, KG: Russian-style Cyrillic
    cyr = f"{g[5]} {_cyrillic_surname(ru, female)}" + (f" {_patronymic(f[5], female)}" if f else "")
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
    father: int = 0  # index into GIVEN: the same father in every country's record of this person


def _networks(rng: random.Random, n: int = 150) -> list[Network]:
    out = []
    for _ in range(n):
        home = rng.choice(["AF", "AF", "TJ", "UZ", "PK", "IR", "KG", "TM", "KZ"])
        others = [c for c in COUNTRY_WEIGHTS if c != home]
        countries = (home, *rng.sample(others, rng.choice([1, 1, 2])))
        out.append(Network(pick_given(rng), pick_family(rng),
                           date(rng.randint(1965, 2000), rng.randint(1, 12), rng.randint(1, 28)), home, countries,
                           make_phone_number(rng, home), pick_given(rng)))
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
                father, female = network.father, False
                if rng.random() < 0.3:  # another country often knows only the year of birth
                    birth, precision = date(birth.year, 1, 1), "year"
                else:
                    precision = "day"
            else:
                female = rng.random() < 0.08
                given, family, father = pick_given(rng, female), pick_family(rng), pick_given(rng)
                birth = date(rng.randint(1960, 2004), rng.randint(1, 12), rng.randint(1, 28))
                precision = rng.choice(["day", "day", "year"])
                if precision == "year":
                    birth = date(birth.year, 1, 1)
                nationality = country if rng.random() < 0.8 else rng.choice(list(COUNTRY_WEIGHTS))
            if rng.random() >= FATHER_RECORDED[country]:
                father = None
            written, latin = spell_person(country, given, family, female, father=father)
            person = Person(name=written, script=keys.detect_script(written), birth_date=birth,
                            father_name=spell_father(country, father),
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

